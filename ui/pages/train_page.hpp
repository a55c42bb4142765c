#pragma once
// TrainPage: start, pause / resume and stop a training run on the worker thread, and watch it:
// the loss per epoch and per batch, progress with elapsed time and ETA, the validation
// predictions after each epoch, and a status line for the outcome. Start is disabled, with the
// reason shown, while the data or the layer stack cannot be trained. No dialog opens here but the
// sweep dialog (Sweep…), whose runs the page queues on its SweepController and watches the same
// way: run k of N and its point, its loss curve live, each finished run added to the document.
#include <QElapsedTimer>
#include <QWidget>
#include <memory>
#include <vector>

#include "engine/io/run_record.hpp"
#include "engine/workflow/seed_spread.hpp"
#include "ui/run_recorder.hpp"
#include "ui/training_controller.hpp"

class QLabel;
class QProgressBar;
class QPushButton;

namespace rnnwb::ui {

class SweepController;
struct SweepPlan;
struct SweepProgress;
class WorkbenchDocument;
class LossChart;
class ValidationChart;

// What Start, Pause / Resume and Stop may do now, from the controller's state and the reason
// Start is blocked: the one answer that the page's buttons and the window's toolbar and Train menu
// all show.
// During a sweep Stop stops it now (the current run is recorded as stopped).
struct TrainControls {
  bool start = false, pause = false, stop = false, sweep = false;
  QString pause_text, start_tip, pause_tip, stop_tip, sweep_tip;
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
  SweepController* sweepController() const { return sweeps_; }
  // Queues the plan's runs on the sweep worker (false, with the reason in the status, when Start
  // would be refused or something already runs).
  bool startSweep(const SweepPlan& plan);
  // The multi-seed check: the current settings trained once per seed ("1-5", "1,4,9") as a sweep
  // over the seed, then the spread of their test RMSE shown under the charts (and every run on the
  // Runs page). False, with the reason in the status, for a bad list or when Start would be refused.
  bool startSeedCheck(const QString& seeds);

 signals:
  void controlsChanged();  // controls() may have changed

 public slots:
  void startTraining();      // F5; resumes a paused training
  void togglePause();        // F6
  void stopTraining();       // Shift+F5: keeps the best weights; stops a sweep now
  void openSweepDialog();    // Sweep…: the dialog, then startSweep on OK
  void stopSweepAfterRun();  // the current run of the sweep finishes, no other starts
  void openSeedCheck();      // Check the seed spread…: asks for the seeds, then startSeedCheck

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
  bool busy() const;                       // a training or a sweep runs
  // The sweep's face of the page (ui/pages/train_page_sweep.cpp).
  TrainControls sweepControls() const;
  void onSweepRunStarted(int index, int total, const QString& point, int epochs, const QString& loss);
  void onSweepProgress(const SweepProgress& progress);
  void onSweepRunFinished(const std::shared_ptr<const RunRecord>& record);
  void onSweepFinished(int runs, int total, bool stopped);
  void showSweepProgress(int epoch, qint64 batch, qint64 batches);
  void showSeedSpread();  // after a seed check (ui/pages/train_page_seeds.cpp)

  WorkbenchDocument* doc_;
  TrainingController* controller_;
  SweepController* sweeps_;
  QPushButton *start_, *pause_, *stop_, *sweep_, *stop_after_run_;
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
  // The sweep being watched: run k of N and its point.
  int sweep_run_ = 0, sweep_total_ = 0, sweep_failed_ = 0;
  QString sweep_point_, sweep_best_;
  double sweep_best_loss_ = 0;
  // A seed check in progress (a sweep over the seed) and what its runs gave.
  bool seed_check_ = false;
  std::vector<SeedOutcome> seed_runs_;
  QLabel* seed_spread_;
  RunRecorder recorder_;  // every training started here becomes one of the document's runs
};

}  // namespace rnnwb::ui
