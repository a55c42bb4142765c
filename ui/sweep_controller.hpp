#pragma once
// A sweep off the GUI thread: a SweepWorker in its own QThread runs the sweep's points one after
// another with the engine's execute_run (each point's settings from settings_at on the base), and
// reports through queued signals: each run as it starts, its batch and epoch losses (gathered and
// sent at most every 50 ms, so that runs of many fast epochs never flood the GUI thread), and its
// record when it ends (a configuration that cannot train is a record that
// failed, with its message). Stop after this run lets the current run finish; Stop now stops it at
// once (recorded as stopped). With median pruning the worker shares one MedianPruner between runs.
#include <QObject>
#include <QString>
#include <QThread>
#include <QVector>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/experiments/sweep_space.hpp"
#include "engine/io/run_record.hpp"
#include "engine/train/training_control.hpp"

namespace rnnwb::ui {

// A run's progress since the last report: consecutive batch losses per epoch, and the epochs ended.
struct SweepProgress {
  struct Batches {
    int epoch;
    qint64 last_batch, batches;  // losses end with batch last_batch (1-based) of `batches`
    QVector<double> losses;
  };
  QVector<Batches> batches;
  QVector<EpochStats> epochs;
};

struct SweepJob {
  Session base;
  std::vector<SweepPoint> points;
  bool prune = false;
  std::string key;  // RunRecord::sweep of every run
  // Shared with the controller: its stop requests and the running run's control.
  std::atomic<bool> stop_after_run{false}, stop_now{false};
  std::mutex mutex;
  std::shared_ptr<TrainingControl> control;  // the run in progress (guarded by mutex)
};

class SweepWorker : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;
  void run(const std::shared_ptr<SweepJob>& job);  // in the worker thread

 signals:
  void runStarted(int index, int total, QString point, int epochs, QString loss);
  void progress(rnnwb::ui::SweepProgress progress);
  void runFinished(std::shared_ptr<const rnnwb::RunRecord> record);
  void finished(int runs, int total, bool stopped);
};

class SweepController : public QObject {
  Q_OBJECT
 public:
  explicit SweepController(QObject* parent = nullptr);
  ~SweepController() override;  // stops a running sweep and joins the thread

  // False (and nothing happens) while a sweep runs or without points.
  bool start(Session base, std::vector<SweepPoint> points, bool prune);
  void stopAfterThisRun();  // the current run finishes, no other starts
  void stopNow();           // the current run stops within a batch, recorded as stopped
  void stopForQuit();       // stopNow, then waits for the worker (within one batch)
  bool isRunning() const { return running_; }
  bool isStopping() const { return job_ && (job_->stop_after_run || job_->stop_now); }
  int total() const { return job_ ? int(job_->points.size()) : 0; }

 signals:
  void runStarted(int index, int total, QString point, int epochs, QString loss);  // index 1-based
  void progress(rnnwb::ui::SweepProgress progress);
  void runFinished(std::shared_ptr<const rnnwb::RunRecord> record);
  void finished(int runs, int total, bool stopped);
  void stateChanged();  // running or stopping changed

 private:
  QThread thread_;
  SweepWorker* worker_;
  std::shared_ptr<SweepJob> job_;
  bool running_ = false;
};

}  // namespace rnnwb::ui

Q_DECLARE_METATYPE(std::shared_ptr<const rnnwb::RunRecord>)
Q_DECLARE_METATYPE(rnnwb::ui::SweepProgress)
