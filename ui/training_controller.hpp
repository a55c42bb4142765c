#pragma once
// Training off the GUI thread: a TrainingWorker object lives in its own QThread and runs the
// engine's training there; everything it reports reaches the GUI through queued signals, batch
// losses throttled to a few updates a second. The TrainingController (on the GUI thread) starts,
// pauses, resumes and stops it; stop and pause act within one batch.
// With a recovery file set, the worker also writes crash-recovery checkpoints there (the engine's
// Checkpointer, on the worker thread) and removes the file whenever training ends under the
// program's control (finished, stopped, diverged or failed): only a crash or a kill leaves it.
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QVector>
#include <atomic>
#include <functional>
#include <memory>

#include "engine/workflow/checkpoint.hpp"
#include "engine/workflow/sequence_training.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb::ui {

// Predictions for the validation windows after an epoch: the first target, one step ahead, in
// original units, for target rows `rows`.
struct ValidationPreview {
  std::vector<std::size_t> rows;
  std::vector<double> predicted;
};

struct TrainJob {
  Series series;
  TrainRequest request;
  std::shared_ptr<TrainingControl> control;
  CheckpointOptions checkpoint;                      // no checkpoints when the path is empty
  std::shared_ptr<std::atomic<bool>> keep_recovery;  // set: the recovery file outlives the training
  // Set for a sequence dataset: the engine's train_sequence_model runs instead (series unused).
  std::shared_ptr<const SequenceDataset> sequences;
  SequenceTrainRequest sequence_request;
};

class TrainingWorker : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;
  void run(const std::shared_ptr<TrainJob>& job);  // called in the worker thread

 signals:
  void prepared(QStringList warnings, int epochs, qint64 batches_per_epoch);
  void batchLosses(int epoch, qint64 batch, qint64 batches, QVector<double> losses);
  void epochEnded(rnnwb::EpochStats stats, rnnwb::ui::ValidationPreview preview);
  void finished(std::shared_ptr<rnnwb::TrainOutcome> outcome);
  void failed(QString message);
  void checkpointFailed(QString message);  // once per training: the recovery file was not updated
};

class TrainingController : public QObject {
  Q_OBJECT
 public:
  explicit TrainingController(QObject* parent = nullptr);
  ~TrainingController() override;  // stops a running training and joins the thread

  // False (and nothing happens) while a training runs.
  bool start(Series series, TrainRequest request);
  // A sequence dataset (shared, never changed): the same signals, no validation previews (a
  // sequence dataset has no series to draw them on) and no crash-recovery checkpoints.
  bool start(std::shared_ptr<const SequenceDataset> sequences, SequenceTrainRequest request);
  void pause();
  void resume();
  void stop();
  // Quitting during training: stops it, waits for the worker thread to end (within one batch) and
  // keeps the recovery file, so that the next start offers the model. The controller is done then.
  void stopForQuit();
  bool isRunning() const { return running_; }
  bool isPaused() const { return paused_; }

  // Crash recovery for the trainings started from now on: checkpoints to `path` at most every
  // `every_seconds` (0 = after every epoch); an empty path turns it off (the default). `context`
  // is asked at each start for what to store beside the model (recovery.context).
  void setRecoveryFile(const QString& path, double every_seconds = kDefaultCheckpointSeconds,
                       std::function<nlohmann::json()> context = {});
  QString recoveryFile() const { return recovery_path_; }

 signals:
  void prepared(QStringList warnings, int epochs, qint64 batches_per_epoch);
  void batchLosses(int epoch, qint64 batch, qint64 batches, QVector<double> losses);
  void epochEnded(rnnwb::EpochStats stats, rnnwb::ui::ValidationPreview preview);
  void finished(std::shared_ptr<rnnwb::TrainOutcome> outcome);
  void failed(QString message);
  void checkpointFailed(QString message);
  void stateChanged();  // running / paused changed

 private:
  void setRunning(bool running);

  QThread thread_;
  TrainingWorker* worker_;
  std::shared_ptr<TrainingControl> control_;
  std::shared_ptr<std::atomic<bool>> keep_recovery_;
  bool running_ = false, paused_ = false;
  QString recovery_path_;
  double recovery_every_ = kDefaultCheckpointSeconds;
  std::function<nlohmann::json()> recovery_context_;
};

}  // namespace rnnwb::ui

Q_DECLARE_METATYPE(rnnwb::EpochStats)
Q_DECLARE_METATYPE(rnnwb::ui::ValidationPreview)
Q_DECLARE_METATYPE(std::shared_ptr<rnnwb::TrainOutcome>)
