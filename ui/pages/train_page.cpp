#include "ui/pages/train_page.hpp"

#include <QChart>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "engine/experiments/run_execution.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/model_drift_banner.hpp"
#include "ui/pages/gui_wording.hpp"
#include "ui/pages/loss_chart.hpp"
#include "ui/pages/validation_chart.hpp"
#include "ui/sweep_controller.hpp"
#include "ui/sweep_dialog.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

constexpr int kProgressSteps = 10000;  // the bar's range: fine enough for any run length

QString duration(qint64 ms) {
  const qint64 s = std::max<qint64>(0, ms / 1000);
  if (s >= 3600)
    return QString("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'));
  return QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

QString sentence(QString text) {
  text = text.trimmed();
  if (!text.isEmpty()) text[0] = text[0].toUpper();
  if (!text.isEmpty() && !text.endsWith('.')) text += '.';
  return text;
}

}  // namespace

TrainPage::TrainPage(WorkbenchDocument* doc, TrainingController* controller, QWidget* parent)
    : QWidget(parent), doc_(doc), controller_(controller), sweeps_(new SweepController(this)) {
  start_ = new QPushButton(tr("Start"));
  start_->setObjectName("startButton");
  pause_ = new QPushButton(tr("Pause"));
  pause_->setObjectName("pauseButton");
  stop_ = new QPushButton(tr("Stop"));
  stop_->setObjectName("stopButton");
  sweep_ = new QPushButton(tr("Sweep…"));
  sweep_->setObjectName("sweepButton");
  stop_after_run_ = new QPushButton(tr("Stop after this run"));
  stop_after_run_->setObjectName("stopAfterRunButton");
  stop_after_run_->setToolTip(tr("Let the current run of the sweep finish, then end the sweep"));
  stop_after_run_->hide();  // shown while a sweep runs
  connect(sweep_, &QPushButton::clicked, this, &TrainPage::openSweepDialog);
  connect(stop_after_run_, &QPushButton::clicked, this, &TrainPage::stopSweepAfterRun);
  start_->setDefault(true);
  connect(start_, &QPushButton::clicked, this, &TrainPage::startTraining);
  connect(pause_, &QPushButton::clicked, this, &TrainPage::togglePause);
  connect(stop_, &QPushButton::clicked, this, &TrainPage::stopTraining);

  status_ = new QLabel(tr("Ready: press Start (F5) to train the model of the Model page."));
  status_->setObjectName("trainStatus");
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  blocked_ = new QLabel;
  blocked_->setObjectName("startBlockedLabel");
  blocked_->setWordWrap(true);
  blocked_->setStyleSheet("color: #b00020;");
  warnings_ = new QLabel;
  warnings_->setObjectName("trainWarnings");
  warnings_->setWordWrap(true);
  warnings_->setTextFormat(Qt::RichText);
  warnings_->setStyleSheet("background: #fff4ce; border: 1px solid #e3c35a; padding: 6px; color: #4d3b00;");
  warnings_->hide();
  seed_spread_ = new QLabel;
  seed_spread_->setObjectName("seedSpreadLabel");
  seed_spread_->setWordWrap(true);
  seed_spread_->setTextFormat(Qt::RichText);
  seed_spread_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  seed_spread_->hide();  // shown after a seed check

  progress_ = new QProgressBar;
  progress_->setObjectName("progressBar");
  progress_->setRange(0, kProgressSteps);
  progress_->setValue(0);
  progress_->hide();  // shown while a training runs and after one ran here
  progress_->setToolTip(tr("Share of all batches of all epochs done"));
  progress_label_ = new QLabel(tr("No training yet"));
  progress_label_->setObjectName("progressLabel");
  progress_label_->setMinimumWidth(420);

  loss_chart_ = new LossChart;
  validation_chart_ = new ValidationChart;

  auto* buttons = new QHBoxLayout;
  for (QPushButton* b : {start_, sweep_, pause_, stop_, stop_after_run_}) buttons->addWidget(b);
  buttons->addSpacing(12);
  buttons->addWidget(status_, 1);
  auto* progress = new QHBoxLayout;
  progress->addWidget(progress_, 1);
  progress->addWidget(progress_label_);
  auto* charts = new QSplitter(Qt::Horizontal);
  charts->addWidget(loss_chart_);
  charts->addWidget(validation_chart_);
  charts->setChildrenCollapsible(false);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new ModelDriftBanner(
      doc_, tr("The Predict and Export pages keep using the trained model, with the settings it was trained with.")));
  layout->addLayout(buttons);
  layout->addLayout(progress);
  layout->addWidget(charts, 1);
  // Warnings go last: appearing, they shrink the charts instead of moving the controls under the mouse.
  layout->addWidget(blocked_);
  layout->addWidget(warnings_);
  layout->addWidget(seed_spread_);

  connect(controller_, &TrainingController::prepared, this, &TrainPage::onPrepared);
  connect(controller_, &TrainingController::batchLosses, this, &TrainPage::onBatchLosses);
  connect(controller_, &TrainingController::epochEnded, this, &TrainPage::onEpochEnded);
  connect(controller_, &TrainingController::finished, this, &TrainPage::onFinished);
  connect(controller_, &TrainingController::failed, this, &TrainPage::onFailed);
  connect(controller_, &TrainingController::stateChanged, this, &TrainPage::onStateChanged);
  connect(sweeps_, &SweepController::runStarted, this, &TrainPage::onSweepRunStarted);
  connect(sweeps_, &SweepController::progress, this, &TrainPage::onSweepProgress);
  connect(sweeps_, &SweepController::runFinished, this, &TrainPage::onSweepRunFinished);
  connect(sweeps_, &SweepController::finished, this, &TrainPage::onSweepFinished);
  connect(sweeps_, &SweepController::stateChanged, this, &TrainPage::refreshControls);
  for (auto signal : {&WorkbenchDocument::dataChanged, &WorkbenchDocument::rolesChanged,
                      &WorkbenchDocument::pipelineChanged, &WorkbenchDocument::modelChanged,
                      &WorkbenchDocument::sequencesChanged, &WorkbenchDocument::sequenceConfigChanged})
    connect(doc_, signal, this, [this] {
      refreshControls();
      refreshIdleNotes();
    });
  connect(doc_, &WorkbenchDocument::documentOpened, this, &TrainPage::showDocumentTraining);
  refreshControls();
  refreshIdleNotes();
}

QString TrainPage::startBlockedReason() const {
  if (!doc_->missingData().isEmpty())
    return tr("The session's data file is missing: locate it (the banner above the pages) to train again.");
  const auto& fitted = doc_->fitted();
  if (doc_->hasSequences()) {
    if (const QString error = doc_->sequencePlan().error; !error.isEmpty())
      return sentence(error) + tr(" Fix it on the Data or Normalise page.");
  } else if (!fitted.error.isEmpty()) {
    const QString why = sentence(fitted.error);
    return why.contains(" page") ? why : why + tr(" Fix it on the Data or Normalise page.");
  }
  const QString stack = doc_->checkStack().error;
  if (!stack.isEmpty())
    return tr("The layer stack cannot be trained: %1. Fix it on the Model page.").arg(stack.trimmed());
  return {};
}

TrainControls TrainPage::controls() const {
  if (sweeps_->isRunning()) return sweepControls();
  const bool running = controller_->isRunning(), paused = controller_->isPaused();
  const QString reason = running ? QString() : startBlockedReason();
  TrainControls c;
  c.start = paused || (!running && reason.isEmpty());
  c.start_tip = paused    ? tr("Resume the paused training (F5)")
                : running ? tr("Training is running: pause (F6) or stop (Shift+F5) it first")
                : reason.isEmpty()
                    ? tr("Start training (F5): the layer stack and settings of the Model page on the data, "
                         "window and split chosen so far")
                    : tr("Start is disabled: %1").arg(reason);
  c.pause = c.stop = running;
  c.pause_text = paused ? tr("Resume") : tr("Pause");
  c.pause_tip = !running ? tr("Pause / resume (F6): available while a training runs")
                : paused ? tr("Resume the training where it paused (F6)")
                         : tr("Pause the training after the current batch (F6); nothing is lost");
  c.stop_tip = running ? tr("Stop the training after the current batch and keep the best epoch's weights "
                            "(Shift+F5)")
                       : tr("Stop (Shift+F5): available while a training runs");
  c.sweep = !running && reason.isEmpty();
  c.sweep_tip = running ? tr("Training is running: stop it first")
                : reason.isEmpty()
                    ? tr("Sweep…: train several settings one after another (values or ranges, a grid or random "
                         "search) and compare the runs on the Runs page")
                    : tr("Sweep is disabled: %1").arg(reason);
  return c;
}

TrainControls TrainPage::sweepControls() const {
  TrainControls c;
  c.start_tip = tr("A sweep is running: stop it first (Stop now, or Stop after this run)");
  c.pause_text = tr("Pause");
  c.pause_tip = tr("A sweep cannot pause: stop it after this run, or now");
  c.stop = true;
  c.stop_tip = tr("Stop the sweep now (Shift+F5): the current run is recorded as stopped, the finished runs are kept");
  c.sweep_tip = tr("A sweep is running");
  return c;
}

void TrainPage::refreshControls() {
  const QString reason = busy() ? QString() : startBlockedReason();
  const TrainControls c = controls();
  start_->setEnabled(c.start);
  start_->setToolTip(c.start_tip);
  blocked_->setText(tr("Start is disabled: %1").arg(reason));
  blocked_->setVisible(!reason.isEmpty());
  pause_->setEnabled(c.pause);
  pause_->setText(c.pause_text);
  pause_->setToolTip(c.pause_tip);
  stop_->setEnabled(c.stop);
  stop_->setToolTip(c.stop_tip);
  const bool sweeping = sweeps_->isRunning();
  stop_->setText(sweeping ? tr("Stop now") : tr("Stop"));
  sweep_->setEnabled(c.sweep);
  sweep_->setToolTip(c.sweep_tip);
  stop_after_run_->setVisible(sweeping);
  stop_after_run_->setEnabled(sweeping && !sweeps_->isStopping());
  emit controlsChanged();
}

bool TrainPage::busy() const { return controller_->isRunning() || sweeps_->isRunning(); }

void TrainPage::refreshIdleNotes() {
  if (busy()) return;  // the running training's own warnings stay up
  QStringList notes;
  if (doc_->hasSequences()) {
    for (const QString& w : doc_->sequencePlan().warnings) notes << w.toHtmlEscaped();
  } else if (!doc_->prepared().note.isEmpty())
    notes << capitalised(doc_->prepared().note).toHtmlEscaped();
  if (!doc_->hasSequences())
    for (const QString& w : doc_->fitted().warnings) notes << w.toHtmlEscaped();
  warnings_->setText(notes.isEmpty() ? QString() : "<b>" + tr("Before you train:") + "</b> " + notes.join("<br>"));
  warnings_->setVisible(!notes.isEmpty());
}

void TrainPage::setStatus(const QString& text, bool error) {
  status_->setText(text);
  status_->setStyleSheet(error ? "color: #b00020; font-weight: bold;" : QString());
}

void TrainPage::startTraining() {
  if (controller_->isPaused()) return controller_->resume();  // as Resume: onStateChanged says so
  if (busy()) return;
  const QString reason = startBlockedReason();
  if (!reason.isEmpty()) {
    setStatus(tr("Cannot start: %1").arg(reason), true);
    return;
  }
  if (doc_->hasSequences()) {
    SequenceTrainRequest request = doc_->sequenceTrainRequest();
    target_ = QString::fromStdString(doc_->sequences().targets.front());
    target_values_.clear();
    lr_ = request.fit.optimizer.lr;
    epochs_ = epoch_ = 0;
    loss_chart_->reset(request.fit.epochs, QString::fromStdString(to_string(request.fit.loss.kind)));
    validation_chart_->reset(target_, target_values_);
    validation_chart_->setTimeSeries(nullptr);
    Session settings =
        run_settings(request, doc_->sequenceFiles(), doc_->sequences().x_sha256, doc_->sequences().y_sha256);
    if (!controller_->start(doc_->sharedSequences(), std::move(request))) {
      setStatus(tr("A training is already running."), true);
      return;
    }
    recorder_.begin(std::move(settings));
    setStatus(tr("Preparing the sequences…"));
    return;
  }
  const Series& series = *doc_->prepared().series;
  TrainRequest request = doc_->trainRequest();
  target_ = doc_->targets().value(0);
  const int column = series.find(target_.toStdString());
  target_values_ = column >= 0 ? series.columns[std::size_t(column)] : std::vector<double>{};
  lr_ = request.fit.optimizer.lr;
  epochs_ = epoch_ = 0;
  loss_chart_->reset(request.fit.epochs, QString::fromStdString(to_string(request.fit.loss.kind)));
  validation_chart_->reset(target_, target_values_);
  validation_chart_->setTimeSeries(&series);
  Session settings = run_settings(request, doc_->csvOptions(), doc_->seriesForm());
  if (!controller_->start(series, std::move(request))) {
    setStatus(tr("A training is already running."), true);
    return;
  }
  recorder_.begin(std::move(settings));
  setStatus(tr("Preparing the windows…"));
}

void TrainPage::togglePause() {
  if (!controller_->isRunning()) return;
  if (controller_->isPaused())
    controller_->resume();
  else
    controller_->pause();
}

void TrainPage::stopTraining() {
  if (sweeps_->isRunning()) {
    sweeps_->stopNow();
    setStatus(tr("Stopping the sweep now: the current run is recorded as stopped…"));
    return;
  }
  if (!controller_->isRunning()) return;
  controller_->stop();
  setStatus(tr("Stopping after the current batch…"));
}

void TrainPage::onPrepared(const QStringList& warnings, int epochs, qint64 batches_per_epoch) {
  epochs_ = epochs;
  epoch_ = 1;
  batches_per_epoch_ = batches_per_epoch;
  paused_ms_ = 0;
  clock_.start();
  progress_->show();
  if (was_paused_) pause_clock_.start();  // paused before the first batch: only count from here
  progress_->setValue(0);
  QStringList notes;
  for (const QString& w : warnings) notes << w.toHtmlEscaped();
  warnings_->setText(notes.isEmpty() ? QString() : "<b>" + tr("Warnings:") + "</b> " + notes.join("<br>"));
  warnings_->setVisible(!warnings.isEmpty());
  setStatus(controller_->isPaused() ? pausedText() : tr("Training… epoch 1/%1").arg(epochs_));
  showProgress(1, 0, batches_per_epoch);
}

void TrainPage::onBatchLosses(int epoch, qint64 batch, qint64 batches, const QVector<double>& losses) {
  loss_chart_->addBatchLosses(epoch, batch, batches, losses);
  recorder_.addBatchLosses(epoch, batch, batches, losses);
  if (epoch != epoch_ && !controller_->isPaused()) setStatus(tr("Training… epoch %1/%2").arg(epoch).arg(epochs_));
  epoch_ = epoch;
  showProgress(epoch, batch, batches);
}

void TrainPage::onEpochEnded(const EpochStats& stats, const ValidationPreview& preview) {
  loss_chart_->addEpoch(stats);
  validation_chart_->setPreview(stats.epoch, preview);
  lr_ = stats.lr;
  if (stats.epoch < epochs_ && !controller_->isPaused())
    setStatus(tr("Training… epoch %1/%2").arg(stats.epoch + 1).arg(epochs_));
  showProgress(stats.epoch, batches_per_epoch_, batches_per_epoch_);
}

void TrainPage::showProgress(int epoch, qint64 batch, qint64 batches) {
  const double total = double(std::max(1, epochs_)) * double(std::max<qint64>(1, batches));
  const double done = std::clamp((double(epoch - 1) * double(batches) + double(batch)) / total, 0.0, 1.0);
  progress_->setValue(int(std::lround(done * kProgressSteps)));
  const qint64 elapsed = activeMs();
  const QString eta = done > 0.0 ? duration(qint64(double(elapsed) * (1.0 - done) / done)) : tr("…");
  progress_label_->setText(tr("Epoch %1/%2 · batch %3/%4 · elapsed %5 · about %6 left · learning rate %7")
                               .arg(epoch)
                               .arg(epochs_)
                               .arg(batch)
                               .arg(batches)
                               .arg(duration(elapsed), eta)
                               .arg(lr_, 0, 'g', 4));
}

qint64 TrainPage::activeMs() const {
  if (!clock_.isValid()) return 0;
  return clock_.elapsed() - paused_ms_ - (was_paused_ && pause_clock_.isValid() ? pause_clock_.elapsed() : 0);
}

void TrainPage::onFinished(const std::shared_ptr<TrainOutcome>& outcome) {
  const FitResult& r = outcome->fit;
  loss_chart_->finish(r);
  const QString message = QString::fromStdString(r.message);
  QString summary =
      (r.epochs_run == 1 ? tr("1 epoch in %1") : tr("%1 epochs in %2").arg(r.epochs_run)).arg(duration(activeMs()));
  if (r.best_epoch > 0) summary += tr(" · best epoch %1 (loss %2)").arg(r.best_epoch).arg(r.best_loss, 0, 'g', 4);
  progress_label_->setText(summary);
  switch (r.status) {
    case FitStatus::Completed:
    case FitStatus::EarlyStopped:
      progress_->setValue(kProgressSteps);
      doc_->setTrainOutcome(*outcome);
      setStatus(tr("Done: %1. See the Predict page.").arg(message));
      break;
    case FitStatus::Cancelled:
      doc_->setTrainOutcome(*outcome);  // the engine restored the best epoch's weights
      setStatus(r.best_epoch > 0 ? tr("Stopped: best weights of epoch %1 kept.").arg(r.best_epoch)
                                 : tr("Stopped during epoch 1, before any epoch finished: the weights reached so "
                                      "far are kept, but train longer for a useful model."));
      break;
    case FitStatus::Diverged: {
      QString why = message;
      why.remove(QRegularExpression("^training diverged:\\s*"));
      setStatus(tr("Diverged: %1. The model was not kept.").arg(why), true);
      break;
    }
    case FitStatus::InProgress:  // statuses of model files, never of fit()
    case FitStatus::Interrupted:
    case FitStatus::Unknown:
      break;
  }
  if (recorder_.active()) doc_->addTrainingRun(recorder_.finish(*outcome));  // after setTrainOutcome
}

void TrainPage::showHistory(const FitResult& fit) {
  loss_chart_->reset(std::max(doc_->fitConfig().epochs, fit.epochs_run),
                     QString::fromStdString(to_string(doc_->fitConfig().loss.kind)));
  for (const EpochStats& e : fit.history) loss_chart_->addEpoch(e);
  loss_chart_->finish(fit);
  validation_chart_->reset(doc_->targets().value(0), {});
  validation_chart_->setTimeSeries(nullptr);  // no rows to label
  // The per-epoch previews live only while a training runs; a restored run has its predictions on Predict.
  validation_chart_->view()->chart()->setTitle(
      tr("Validation rows: previews are shown while a training runs; the Predict page shows this model's predictions"));
  progress_->hide();  // a run that is over, not one at 0%
}

void TrainPage::showRestoredTraining(const FitResult& fit) {
  showHistory(fit);
  setStatus(tr("Restored the model of the interrupted training: %1 epochs, best epoch %2 (loss %3). See the "
               "Predict page.")
                .arg(fit.epochs_run)
                .arg(fit.best_epoch)
                .arg(fit.best_loss, 0, 'g', 4));
  progress_label_->setText(tr("%1 epochs (interrupted, restored)").arg(fit.epochs_run));
}

void TrainPage::showDocumentTraining() {
  if (busy()) return;  // opening is refused while a training runs
  refreshControls();   // a session opened without its data blocks Start with its own reason
  const FitResult& fit = doc_->fitResult();
  showHistory(fit);
  if (!doc_->hasModel() || fit.history.empty()) {
    setStatus(tr("Ready: press Start (F5) to train the model of the Model page."));
    progress_label_->setText(tr("No training yet"));
    return;
  }
  QString summary = fit.epochs_run == 1 ? tr("1 epoch") : tr("%1 epochs").arg(fit.epochs_run);
  if (fit.best_epoch > 0) summary += tr(" · best epoch %1 (loss %2)").arg(fit.best_epoch).arg(fit.best_loss, 0, 'g', 4);
  setStatus(doc_->missingData().isEmpty()
                ? tr("The session's trained model: %1. See the Predict page, or press Start (F5) to train again.")
                      .arg(summary)
                : tr("The session's trained model: %1.").arg(summary));
  progress_label_->setText(tr("%1 (from the session)").arg(summary));
}

QString TrainPage::pausedText() const {
  if (epochs_ == 0 || epoch_ == 0) return tr("Paused before the first batch: press Resume (F6) to continue.");
  return tr("Paused in epoch %1/%2: press Resume (F6) to continue.").arg(epoch_).arg(epochs_);
}

void TrainPage::onFailed(const QString& message) {
  recorder_.cancel();  // it could not train: nothing to compare
  setStatus(tr("Training failed: %1").arg(sentence(capitalised(message))), true);
  refreshIdleNotes();
}

void TrainPage::onStateChanged() {
  const bool paused = controller_->isPaused();
  if (paused && !was_paused_) {
    pause_clock_.start();
    setStatus(pausedText());
  } else if (!paused && was_paused_) {
    paused_ms_ += pause_clock_.elapsed();
    if (controller_->isRunning()) setStatus(tr("Training… epoch %1/%2").arg(epoch_).arg(epochs_));
  }
  was_paused_ = paused;
  refreshControls();
}

}  // namespace rnnwb::ui
