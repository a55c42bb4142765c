// PredictPage's overlays: the test predictions of the runs selected on the Runs page, drawn over the
// truth beside the current model's. Only runs trained on the data open now (the same SHA-256) with
// a model are drawn, at most four; each one's one-step predictions are computed off the GUI thread
// on the series the page shows (PredictionJob), and a note names every selected run left out.
#include <QLabel>
#include <QLineSeries>
#include <algorithm>

#include "ui/background_job.hpp"
#include "ui/column_names.hpp"
#include "ui/pages/banded_line_chart.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/pages/prediction_job.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

constexpr int kFirstOverlayLine = 3;  // after actual, predicted and forecast (predict_page.cpp)
constexpr std::size_t kMaxOverlays = 4;

QString why_no_model(RunEnd end) {
  switch (end) {
    case RunEnd::Failed:
      return QObject::tr("it could not train, so it has no model");
    case RunEnd::Diverged:
      return QObject::tr("it diverged, so it has no model");
    default:
      return QObject::tr("its model was not kept");
  }
}

}  // namespace

void PredictPage::requestOverlays(bool redraw) {
  overlays_left_out_.clear();
  std::vector<Overlay> wanted;
  for (const QString& id : doc_->selectedRunIds()) {
    const RunRecord* run = doc_->findRun(id);
    if (!run || doc_->hasSequences()) continue;  // deleted since; a sequence dataset has its own view
    const QString label = QString::fromStdString(run->label());
    const std::string sha = run->model ? run->model->data_sha256 : run->settings.data_sha256;
    if (run->settings.sequences)
      overlays_left_out_ << tr("%1 was trained on a sequence dataset").arg(label);
    else if (!run->model)
      overlays_left_out_ << tr("%1: %2").arg(label, why_no_model(run->end));
    else if (QString::fromStdString(sha) != doc_->dataSha256())
      overlays_left_out_
          << tr("%1 was trained on other data (%2)").arg(label, QString::fromStdString(run->settings.data_source));
    else if (wanted.size() == kMaxOverlays)
      overlays_left_out_ << tr("%1: at most four runs are drawn at once").arg(label);
    else
      wanted.push_back({label, run->model, {}, {}, {}, {}});
  }
  if (wanted.empty() || !have_predictions_ || !series_) {
    overlay_jobs_->dropResults();
    overlays_.clear();
    if (wanted.empty() && redraw) showResults();  // else the page's own predictions call again when they arrive
    return;
  }
  overlay_jobs_->start(
      [wanted = std::move(wanted), series = series_]() mutable {
        for (Overlay& o : wanted) {
          PredictionJob job(o.model);
          job.series = series;
          job.run();
          o.series = series;
          o.rows = std::move(job.rows);
          o.predicted = std::move(job.predicted);
          o.error = job.error;
        }
        return wanted;
      },
      [this](std::vector<Overlay> done) {
        overlays_ = std::move(done);
        showResults();
      });
  if (redraw) showResults();  // the note says they are being computed
}

void PredictPage::setOverlayLines(std::size_t begin, std::size_t end, const QString& target) {
  QStringList notes = overlays_left_out_;
  std::size_t slot = 0;
  for (const Overlay& o : overlays_) {
    if (o.series != series_) continue;  // computed on an older series: the new ones are on their way
    const std::vector<std::string>& targets = o.model->pipeline.targets;
    const auto it = std::find(targets.begin(), targets.end(), target.toStdString());
    if (!o.error.isEmpty()) {
      notes << tr("%1: %2").arg(o.label, o.error);
      continue;
    }
    if (it == targets.end()) {
      notes << tr("%1 does not predict %2").arg(o.label, elided_name(target));
      continue;
    }
    const Index c = Index(it - targets.begin());
    std::vector<double> xs, ys;
    for (std::size_t i = 0; i < o.rows.size(); ++i)
      if (o.rows[i] >= begin && o.rows[i] < end) {
        xs.push_back(double(o.rows[i] - begin));
        ys.push_back(o.predicted(Index(i), 0, c));
      }
    const int line = kFirstOverlayLine + int(slot++);
    prediction_chart_->setLine(line, tr("run %1").arg(elided_name(o.label)), std::move(xs), std::move(ys));
    prediction_chart_->line(line)->setVisible(true);
  }
  for (; slot < kMaxOverlays; ++slot) {
    prediction_chart_->setLine(kFirstOverlayLine + int(slot), {}, {}, {});
    prediction_chart_->line(kFirstOverlayLine + int(slot))->setVisible(false);
  }
  QString note;
  if (overlay_jobs_->isRunning()) note = tr("Computing the predictions of the selected runs…");
  if (!notes.isEmpty())
    note += (note.isEmpty() ? QString() : " ") + tr("Selected runs not drawn: %1.").arg(notes.join("; "));
  overlay_note_->setText(note);
  overlay_note_->setVisible(!note.isEmpty());
}

}  // namespace rnnwb::ui
