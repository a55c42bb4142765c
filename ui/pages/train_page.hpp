#pragma once
// TrainPage: start, pause / resume and stop a training run on the worker thread, and watch it:
// the loss per epoch and per batch, progress with elapsed time and ETA, the validation
// predictions after each epoch, and a status line for the outcome. Start is disabled, with the
// reason shown, while the data or the layer stack cannot be trained. No dialog ever opens here.
#include <QElapsedTimer>
#include <QWidget>
#include <memory>
#include <vector>

#include "ui/run_recorder.hpp"
#include "ui/training_controller.hpp"

class QLabel;
class QProgressBar;
class QPushButton;

namespace rnnwb::ui {

class WorkbenchDocument;
class LossChart;
class ValidationChart;

// What Start, Pause / Resume and Stop may do now, from the controller's state and the reason
// Start is blocked: the one answer that the page's buttons and the window's toolbar and Train menu
// all show.
struct TrainControls {
  bool start = false, pause = false, stop = false;
  QString pause_text, start_tip, pause_tip, stop_tip;
};

class TrainPage : public QWidget {
  Q_OBJECT
 public:
  TrainPage(WorkbenchDocument* doc, TrainingController* controller, QWidget* parent = nullptr);

  LossChart* lossChart() const { return loss_chart_; }
  ValidationChart* validationChart() const { return validation_chart_; }

  // Shows a training restored from a recovery file (its loss history, best epoch and outcome) as
  // if it had just stopped.
  void showRestoredTraining(const FitResult& fit);
  // Shows the document's own training: none (empty charts, "No training yet") after a dataset is
  // opened, or a session's loss history and best epoch. Called whenever another document opens.
  void showDocumentTraining();
  TrainControls controls() const;

 signals:
  void controlsChanged();  // controls() may have changed

 public slots:
  void startTraining();  // F5; resumes a paused training
  void togglePause();    // F6
  void stopTraining();   // Shift+F5: keeps the best weights

 private:
  QString startBlockedReason() const;  // empty when Start may run
  void refreshControls();
  void refreshIdleNotes();
  void setStatus(const QString& text, bool error = false);
  QString pausedText() const;
  void showProgress(int epoch, qint64 batch, qint64 batches);
  qint64 activeMs() const;  // time spent training, pauses excluded

  void onPrepared(const QStringList& warnings, int epochs, qint64 batches_per_epoch);
  void onBatchLosses(int epoch, qint64 batch, qint64 batches, const QVector<double>& losses);
  void onEpochEnded(const EpochStats& stats, const ValidationPreview& preview);
  void onFinished(const std::shared_ptr<TrainOutcome>& outcome);
  void onFailed(const QString& message);
  void onStateChanged();
  void showHistory(const FitResult& fit);  // the charts of a training that is over

  WorkbenchDocument* doc_;
  TrainingController* controller_;
  QPushButton *start_, *pause_, *stop_;
  QLabel *status_, *blocked_, *warnings_, *progress_label_;
  QProgressBar* progress_;
  LossChart* loss_chart_;
  ValidationChart* validation_chart_;

  // The run being watched.
  int epochs_ = 0, epoch_ = 0;
  qint64 batches_per_epoch_ = 0;
  double lr_ = 0;
  bool was_paused_ = false;
  QString target_;
  std::vector<double> target_values_;
  QElapsedTimer clock_, pause_clock_;
  qint64 paused_ms_ = 0;
  RunRecorder recorder_;  // every training started here becomes one of the document's runs
};

}  // namespace rnnwb::ui
