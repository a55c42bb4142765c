// TrainPage's sweep: the Sweep… dialog, the queue on the SweepController, and each run watched as a
// training is (run k of N, its point, its loss curve live); each finished run goes to the document.
#include <QChart>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <cmath>

#include "ui/charts/chart_view.hpp"
#include "ui/pages/loss_chart.hpp"
#include "ui/pages/train_page.hpp"
#include "ui/pages/validation_chart.hpp"
#include "ui/sweep_controller.hpp"
#include "ui/sweep_dialog.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

constexpr int kSweepProgressSteps = 10000;

QString clock_text(qint64 ms) {
  const qint64 s = std::max<qint64>(0, ms / 1000);
  return QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

}  // namespace

void TrainPage::openSweepDialog() {
  if (busy()) return;
  if (const QString reason = startBlockedReason(); !reason.isEmpty()) {
    setStatus(tr("Cannot sweep: %1").arg(reason), true);
    return;
  }
  auto* dialog = new SweepDialog(doc_->currentSettings(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] { startSweep(dialog->plan()); });
  dialog->open();
}

bool TrainPage::startSweep(const SweepPlan& plan) {
  if (busy()) {
    setStatus(tr("A training or a sweep is already running."), true);
    return false;
  }
  if (const QString reason = startBlockedReason(); !reason.isEmpty()) {
    setStatus(tr("Cannot sweep: %1").arg(reason), true);
    return false;
  }
  if (!sweeps_->start(doc_->currentSettings(), plan.points, plan.prune)) {
    setStatus(tr("The sweep has no runs: tick a setting to vary in the sweep dialog."), true);
    return false;
  }
  sweep_run_ = 0;
  sweep_total_ = int(plan.points.size());
  sweep_failed_ = 0;
  sweep_best_.clear();
  progress_->setRange(0, kSweepProgressSteps);
  progress_->setValue(0);
  progress_->show();
  warnings_->hide();
  setStatus(tr("Sweep of %1 runs queued…").arg(sweep_total_));
  return true;
}

void TrainPage::stopSweepAfterRun() {
  if (!sweeps_->isRunning()) return;
  sweeps_->stopAfterThisRun();
  setStatus(tr("The sweep ends after run %1 of %2 (%3).").arg(sweep_run_).arg(sweep_total_).arg(sweep_point_));
}

void TrainPage::onSweepRunStarted(int index, int total, const QString& point, int epochs, const QString& loss) {
  sweep_run_ = index;
  sweep_total_ = total;
  sweep_point_ = point;
  epochs_ = epochs;
  epoch_ = 1;
  batches_per_epoch_ = 0;
  paused_ms_ = 0;
  was_paused_ = false;
  clock_.start();
  loss_chart_->reset(epochs, loss);
  loss_chart_->view()->chart()->setTitle(
      tr("Run %1 of %2 (%3): %4 on the scaled targets").arg(index).arg(total).arg(point, loss.toUpper()));
  validation_chart_->reset(doc_->targets().value(0), {});
  validation_chart_->setTimeSeries(nullptr);
  validation_chart_->view()->chart()->setTitle(
      tr("No validation previews in a sweep: select runs on the Runs page to draw them on Predict"));
  if (!sweeps_->isStopping()) setStatus(tr("Sweep: run %1 of %2 (%3)…").arg(index).arg(total).arg(point));
  showSweepProgress(1, 0, 1);
}

void TrainPage::onSweepProgress(const SweepProgress& progress) {
  std::vector<LossChart::Batches> batches;
  for (const SweepProgress::Batches& b : progress.batches) {
    batches.push_back({b.epoch, b.last_batch, b.batches, b.losses});
    batches_per_epoch_ = b.batches;
    epoch_ = b.epoch;
  }
  loss_chart_->addProgress(batches, {progress.epochs.begin(), progress.epochs.end()});
  const bool epoch_over = !progress.epochs.isEmpty() && progress.epochs.back().epoch >= epoch_;
  if (epoch_over) epoch_ = progress.epochs.back().epoch;
  const qint64 batch =
      progress.batches.isEmpty() || epoch_over ? batches_per_epoch_ : progress.batches.back().last_batch;
  showSweepProgress(epoch_, batch, std::max<qint64>(1, batches_per_epoch_));
}

void TrainPage::showSweepProgress(int epoch, qint64 batch, qint64 batches) {
  const double in_run = std::clamp(
      (double(epoch - 1) + double(batch) / double(std::max<qint64>(1, batches))) / double(std::max(1, epochs_)), 0.0,
      1.0);
  const double done = (double(std::max(0, sweep_run_ - 1)) + in_run) / double(std::max(1, sweep_total_));
  progress_->setValue(int(std::lround(done * kSweepProgressSteps)));
  progress_label_->setText(tr("Run %1 of %2 · %3 · epoch %4/%5 · elapsed %6")
                               .arg(sweep_run_)
                               .arg(sweep_total_)
                               .arg(sweep_point_)
                               .arg(epoch)
                               .arg(epochs_)
                               .arg(clock_text(activeMs())));
}

void TrainPage::onSweepRunFinished(const std::shared_ptr<const RunRecord>& record) {
  if (record->end == RunEnd::Failed) ++sweep_failed_;
  const double loss = record->best_loss();
  if (std::isfinite(loss) && (sweep_best_.isEmpty() || loss < sweep_best_loss_)) {
    sweep_best_ = QString::fromStdString(record->label());
    sweep_best_loss_ = loss;
  }
  if (seed_check_ && record->end != RunEnd::Failed)
    seed_runs_.push_back(seed_outcome(record->settings.fit.seed, record->best_loss(), record->metrics));
  doc_->addRun(*record);  // the Runs page fills in live
}

void TrainPage::onSweepFinished(int runs, int total, bool stopped) {
  progress_->setValue(stopped ? progress_->value() : kSweepProgressSteps);
  QString text =
      stopped ? tr("Sweep stopped after %1 of %2 runs").arg(runs).arg(total) : tr("Sweep done: %1 runs").arg(runs);
  text += tr(", added to the Runs page");
  if (sweep_failed_ > 0) text += tr(" (%1 could not train: see their messages there)").arg(sweep_failed_);
  if (!sweep_best_.isEmpty()) text += tr(". Best: %1 (loss %2)").arg(sweep_best_).arg(sweep_best_loss_, 0, 'g', 4);
  setStatus(text + ".");
  progress_label_->setText(tr("%1 of %2 runs").arg(runs).arg(total));
  if (seed_check_) showSeedSpread();
  refreshControls();
  refreshIdleNotes();
}

}  // namespace rnnwb::ui
