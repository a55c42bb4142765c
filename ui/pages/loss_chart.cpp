#include "ui/pages/loss_chart.hpp"

#include <QChart>
#include <QCheckBox>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/charts/chart_axes.hpp"
#include "ui/charts/chart_view.hpp"

namespace rnnwb::ui {

namespace {

QLineSeries* line(const QString& name, const QColor& color, qreal width) {
  auto* s = new QLineSeries;
  s->setName(name);
  s->setObjectName(name);
  QPen pen(color);
  pen.setWidthF(width);
  s->setPen(pen);
  return s;
}

}  // namespace

LossChart::LossChart(QWidget* parent) : QWidget(parent) {
  auto* chart = new QChart;
  chart->setTitle(tr("Loss"));
  chart->legend()->setAlignment(Qt::AlignBottom);
  // The faint batch curve goes in first so the epoch curves draw over it.
  batches_ = line("batch loss", QColor(120, 150, 210, 110), 1.0);
  train_ = line("training loss", QColor(31, 119, 180), 2.2);
  validation_ = line("validation loss", QColor(255, 127, 14), 2.2);
  train_->setPointsVisible(true);
  validation_->setPointsVisible(true);
  best_ = new QScatterSeries;
  best_->setName("best epoch");
  best_->setObjectName("best epoch");
  best_->setMarkerShape(QScatterSeries::MarkerShapeCircle);
  best_->setMarkerSize(13);
  best_->setColor(QColor(44, 160, 44));
  best_->setBorderColor(Qt::white);
  for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{batches_, train_, validation_, best_})
    chart->addSeries(s);

  x_axis_ = new QValueAxis(this);
  x_axis_->setTitleText(tr("epoch"));
  x_axis_->setLabelFormat("%g");
  y_linear_ = new QValueAxis(this);
  y_linear_->setLabelFormat("%.4g");
  y_log_ = new QLogValueAxis(this);
  y_log_->setBase(10);
  y_log_->setMinorTickCount(8);
  y_log_->setLabelFormat("%.3g");
  for (QAbstractAxis* a : std::initializer_list<QAbstractAxis*>{y_linear_, y_log_}) a->setTitleText(tr("loss"));
  chart->addAxis(x_axis_, Qt::AlignBottom);
  for (QAbstractSeries* s : chart->series()) s->attachAxis(x_axis_);
  y_axis_ = nullptr;

  view_ = new ChartView(chart);
  view_->setObjectName("lossChart");
  view_->setMinimumSize(360, 260);
  connect(view_, &ChartView::viewChanged, this, &LossChart::roundZoomedTicks);

  log_scale_ = new QCheckBox(tr("log scale"));
  log_scale_->setObjectName("logScale");
  log_scale_->setToolTip(
      tr("Draw the loss on a logarithmic axis, to follow the improvement when the loss spans "
         "orders of magnitude. Default: off"));
  connect(log_scale_, &QCheckBox::toggled, this, &LossChart::setLogScale);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(log_scale_);
  layout->addWidget(view_, 1);
  setLogScale(false);
  reset(1, "mse");
}

void LossChart::reset(int epochs, const QString& loss_name) {
  epochs_ = std::max(1, epochs);
  best_epoch_ = 0;
  seen_ = 0;
  train_points_.clear();
  val_points_.clear();
  view_->setDecimated(batches_, {}, {});
  first_epoch_batches_ = later_batches_ = {};
  for (QXYSeries* s : std::initializer_list<QXYSeries*>{train_, validation_, batches_, best_}) s->clear();
  view_->chart()->setTitle(tr("Loss (%1 on the scaled targets)").arg(loss_name.toUpper()));
  view_->chart()->zoomReset();
  updateRanges();
}

void LossChart::addBatchLosses(int epoch, qint64 batch, qint64 batches, const QVector<double>& losses) {
  appendBatchLosses(epoch, batch, batches, losses);
  updateRanges();
  view_->redecimate();  // over the x axis: all epochs of the run, or the user's zoom
}

void LossChart::addProgress(const std::vector<Batches>& batches, const std::vector<EpochStats>& epochs) {
  for (const Batches& b : batches) appendBatchLosses(b.epoch, b.last_batch, b.batches, b.losses);
  for (const EpochStats& e : epochs) appendEpoch(e);
  if (!epochs.empty()) {
    train_->replace(train_points_);
    validation_->replace(val_points_);
  }
  updateRanges();
  view_->redecimate();
}

void LossChart::appendBatchLosses(int epoch, qint64 batch, qint64 batches, const QVector<double>& losses) {
  // losses[i] belongs to batch (batch - n + 1 + i) of the epoch; x is in epochs from the start.
  const qint64 n = losses.size();
  std::vector<double> xs, ys;
  for (qint64 i = 0; i < n; ++i) {
    const double x = double(epoch - 1) + double(batch - n + 1 + i) / double(std::max<qint64>(1, batches));
    const double y = losses[int(i)];
    xs.push_back(x);
    ys.push_back(y);
    seen_ = std::max(seen_, x);
    if (std::isfinite(y)) {
      auto& range = x > 1.0 ? later_batches_ : first_epoch_batches_;
      range.lo = std::min(range.lo, y);
      range.hi = std::max(range.hi, y);
      if (y > 0) range.lo_positive = std::min(range.lo_positive, y);
    }
  }
  view_->appendDecimated(batches_, xs, ys);
}

void LossChart::addEpoch(const EpochStats& stats) {
  appendEpoch(stats);
  train_->replace(train_points_);
  validation_->replace(val_points_);
  updateRanges();
}

void LossChart::appendEpoch(const EpochStats& stats) {
  train_points_.append({double(stats.epoch), stats.train_loss});
  seen_ = std::max(seen_, double(stats.epoch));
  if (std::isfinite(stats.val_loss)) val_points_.append({double(stats.epoch), stats.val_loss});
  // As the engine does: the best epoch has the lowest validation loss (training loss without one).
  const double monitored = std::isfinite(stats.val_loss) ? stats.val_loss : stats.train_loss;
  if (std::isfinite(monitored) && (best_epoch_ == 0 || monitored < best_loss_)) markBest(stats.epoch, monitored);
}

void LossChart::finish(const FitResult& result) {
  if (result.best_epoch > 0) markBest(result.best_epoch, result.best_loss);
  epochs_ = std::max(1, result.epochs_run);
  seen_ = double(epochs_);
  updateRanges();
  view_->redecimate();  // the x axis ends at the last epoch that ran
}

void LossChart::markBest(int epoch, double loss) {
  best_epoch_ = epoch;
  best_loss_ = loss;
  best_->replace(QList<QPointF>{{double(epoch), loss}});
}

void LossChart::setLogScale(bool on) {
  QChart* chart = view_->chart();
  if (y_axis_) {
    y_axis_->setVisible(false);  // else Qt 6.4 leaves the removed axis's labels drawn under the new one
    for (QAbstractSeries* s : chart->series()) s->detachAxis(y_axis_);
    chart->removeAxis(y_axis_);
    y_axis_->setParent(this);  // removeAxis hands ownership back; keep it for the next switch
  }
  y_axis_ = on ? static_cast<QAbstractAxis*>(y_log_) : y_linear_;
  y_axis_->setVisible(true);
  chart->addAxis(y_axis_, Qt::AlignLeft);
  for (QAbstractSeries* s : chart->series()) s->attachAxis(y_axis_);
  updateRanges();
}

void LossChart::roundZoomedTicks() {
  if (!view_->chart()->isZoomed()) return;
  set_round_ticks(x_axis_, x_axis_->min(), x_axis_->max(), 8);
  if (y_axis_ == y_linear_) set_round_ticks(y_linear_, y_linear_->min(), y_linear_->max(), 6);
}

void LossChart::updateRanges() {
  if (view_->chart()->isZoomed()) return;  // leave the user's zoom alone until they reset it
  set_round_ticks(x_axis_, 0.0, growing_axis_max(seen_, double(epochs_)), 8, 1.0);

  // The epoch curves, and the batch losses after the first epoch (its early spikes would flatten
  // everything else; they are still drawn, just above the top of the axis).
  double lo = std::numeric_limits<double>::infinity(), hi = -lo, lo_positive = lo;
  auto take = [&](double y) {
    if (!std::isfinite(y)) return;
    lo = std::min(lo, y);
    hi = std::max(hi, y);
    if (y > 0) lo_positive = std::min(lo_positive, y);
  };
  for (const auto* points : {&train_points_, &val_points_})
    for (const QPointF& p : *points) take(p.y());
  for (const BatchRange* r : {&later_batches_, train_points_.isEmpty() ? &first_epoch_batches_ : nullptr}) {
    if (!r || r->lo > r->hi) continue;
    take(r->lo);
    take(r->hi);
    if (std::isfinite(r->lo_positive)) take(r->lo_positive);
  }
  if (!std::isfinite(lo)) lo = 0, hi = 1, lo_positive = 0.01;
  if (y_axis_ == y_log_) {
    if (!std::isfinite(lo_positive)) lo_positive = 0.01;
    const auto [first, last] = log_decade_range(lo_positive, std::max(hi, lo_positive));
    y_log_->setRange(first, last);
  } else {
    const double pad = std::max(1e-9, 0.06 * (hi - lo));
    set_round_ticks(y_linear_, std::max(0.0, lo - pad), hi + pad, 6);
  }
}

}  // namespace rnnwb::ui
