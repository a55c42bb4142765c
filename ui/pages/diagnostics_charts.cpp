#include "ui/pages/diagnostics_charts.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_axes.hpp"

namespace rnnwb::ui {

namespace {

QValueAxis* add_axis(QChart* chart, Qt::Alignment where, const QString& title) {
  auto* axis = new QValueAxis;
  axis->setTitleText(title);
  chart->addAxis(axis, where);
  return axis;
}

void attach(QChart* chart, QAbstractSeries* s, QValueAxis* x, QValueAxis* y) {
  chart->addSeries(s);
  s->attachAxis(x);
  s->attachAxis(y);
}

QLineSeries* line(const QString& name, const QPen& pen) {
  auto* s = new QLineSeries;
  s->setName(name);
  s->setPen(pen);
  return s;
}

// A filled area between `top` and `bottom` in `colour`.
QAreaSeries* filled(QLineSeries* top, QLineSeries* bottom, const QColor& colour, const QString& name) {
  auto* area = new QAreaSeries(top, bottom);
  area->setName(name);
  QColor fill = colour;
  fill.setAlpha(150);
  area->setColor(fill);
  area->setBorderColor(colour);
  return area;
}

}  // namespace

AcfChart::AcfChart(QWidget* parent) : ChartView(new QChart, parent) {
  bars_ = new QLineSeries;
  zero_ = new QLineSeries;
  const QColor blue(31, 119, 180);
  QPen band(QColor(214, 39, 40), 1.4, Qt::DashLine);
  upper_ = line(tr("95% band"), band);
  lower_ = line(tr("95% band"), band);
  axis_x_ = add_axis(chart(), Qt::AlignBottom, tr("lag (rows)"));
  axis_y_ = add_axis(chart(), Qt::AlignLeft, tr("ACF"));
  attach(chart(), filled(bars_, zero_, blue, tr("residual ACF")), axis_x_, axis_y_);
  attach(chart(), upper_, axis_x_, axis_y_);
  attach(chart(), lower_, axis_x_, axis_y_);
  chart()->legend()->markers(lower_).front()->setVisible(false);
  chart()->legend()->setAlignment(Qt::AlignTop);
  chart()->setTitle(tr("Autocorrelation of the test residuals"));
  setRenderHint(QPainter::Antialiasing);
}

void AcfChart::setAcf(const Autocorrelation& acf) {
  QList<QPointF> bars;
  double most = acf.band;
  const double lags = double(acf.r.size());
  for (std::size_t k = 0; k < acf.r.size(); ++k) {
    const double x = double(k + 1), r = acf.r[k];
    bars << QPointF(x - 0.3, 0) << QPointF(x - 0.3, r) << QPointF(x + 0.3, r) << QPointF(x + 0.3, 0);
    most = std::max(most, std::fabs(r));
  }
  bars_->replace(bars);
  zero_->replace({QPointF(0.5, 0), QPointF(lags + 0.5, 0)});
  upper_->replace({QPointF(0.5, acf.band), QPointF(lags + 0.5, acf.band)});
  lower_->replace({QPointF(0.5, -acf.band), QPointF(lags + 0.5, -acf.band)});
  set_round_ticks(axis_x_, 0, std::max(1.0, lags) + 1, 13, 1.0);
  axis_x_->setLabelFormat("%d");
  // Ticks anchored at 0 every 0.5, 0.2 or 0.1 (at most 9), so that 0 reads "0.0", never "-0.0".
  const double step = most > 0.6   ? 0.5
                      : most > 0.3 ? 0.2
                                   : 0.1,
               top = std::min(1.0, step * std::ceil(most * 1.15 / step));
  axis_y_->setRange(-top, top);
  axis_y_->setTickType(QValueAxis::TicksDynamic);
  axis_y_->setTickAnchor(0.0);
  axis_y_->setTickInterval(step);
  axis_y_->setLabelFormat("%.1f");
}

ResidualHistogramChart::ResidualHistogramChart(QWidget* parent) : ChartView(new QChart, parent) {
  outline_ = new QLineSeries;
  base_ = new QLineSeries;
  normal_ = line(tr("normal curve (same mean and sd)"), QPen(QColor(214, 39, 40), 2.0));
  axis_x_ = add_axis(chart(), Qt::AlignBottom, tr("residual"));
  axis_y_ = add_axis(chart(), Qt::AlignLeft, tr("count"));
  attach(chart(), filled(outline_, base_, QColor(31, 119, 180), tr("residuals")), axis_x_, axis_y_);
  attach(chart(), normal_, axis_x_, axis_y_);
  chart()->legend()->setAlignment(Qt::AlignTop);
  setRenderHint(QPainter::Antialiasing);
}

void ResidualHistogramChart::setHistogram(const ResidualHistogram& h, const QString& target) {
  QList<QPointF> top, curve;
  double most = 0;
  const double lo = h.low, hi = h.low + double(h.counts.size()) * h.width;
  top << QPointF(lo, 0);
  for (std::size_t b = 0; b < h.counts.size(); ++b) {
    const double x0 = lo + double(b) * h.width;
    top << QPointF(x0, double(h.counts[b])) << QPointF(x0 + h.width, double(h.counts[b]));
    most = std::max(most, double(h.counts[b]));
  }
  top << QPointF(hi, 0);
  const double from = std::min(lo, h.mean - 3.5 * h.sd), to = std::max(hi, h.mean + 3.5 * h.sd);
  for (int i = 0; i <= 120 && h.sd > 0; ++i) {
    const double x = from + (to - from) * i / 120.0, y = normal_count(h, x);
    curve << QPointF(x, y);
    most = std::max(most, y);
  }
  outline_->replace(top);
  base_->replace({QPointF(lo, 0), QPointF(hi, 0)});
  normal_->replace(curve);
  set_round_ticks(axis_x_, from, to, 8);
  set_round_ticks(axis_y_, 0, std::ceil(std::max(1.0, most) * 1.1), 6, 1.0);
  axis_y_->setLabelFormat("%d");
  chart()->setTitle(
      tr("Residuals of %1 (%2 bins, %3 rule)").arg(target).arg(h.counts.size()).arg(QString::fromStdString(h.rule)));
}

StepErrorChart::StepErrorChart(QWidget* parent) : ChartView(new QChart, parent) {
  model_ = line(tr("model"), QPen(QColor(214, 39, 40), 2.0));
  persistence_ = line(tr("persistence"), QPen(QColor(90, 90, 90), 1.6, Qt::DashLine));
  seasonal_ = line(tr("seasonal naive"), QPen(QColor(44, 160, 44), 1.6, Qt::DotLine));
  axis_x_ = add_axis(chart(), Qt::AlignBottom, tr("steps ahead"));
  axis_y_ = add_axis(chart(), Qt::AlignLeft, tr("RMSE"));
  for (QLineSeries* s : {model_, persistence_, seasonal_}) {
    attach(chart(), s, axis_x_, axis_y_);
    s->setPointsVisible(true);
  }
  chart()->legend()->setAlignment(Qt::AlignTop);
  setRenderHint(QPainter::Antialiasing);
}

void StepErrorChart::setSteps(const std::vector<StepRmse>& steps, bool closed_loop) {
  QList<QPointF> m, p, s;
  double most = 0;
  for (const auto& e : steps) {
    const double x = e.step;
    if (std::isfinite(e.model)) m << QPointF(x, e.model), most = std::max(most, e.model);
    if (std::isfinite(e.persistence)) p << QPointF(x, e.persistence), most = std::max(most, e.persistence);
    if (std::isfinite(e.seasonal_naive)) s << QPointF(x, e.seasonal_naive), most = std::max(most, e.seasonal_naive);
  }
  model_->replace(m);
  persistence_->replace(p);
  seasonal_->replace(s);
  seasonal_->setVisible(!s.isEmpty());
  chart()->legend()->markers(seasonal_).front()->setVisible(!s.isEmpty());
  set_round_ticks(axis_x_, 1, std::max<double>(2, double(steps.size())), 12, 1.0);
  axis_x_->setLabelFormat("%d");
  set_round_ticks(axis_y_, 0, most > 0 ? most * 1.1 : 1.0, 6);
  chart()->setTitle(closed_loop ? tr("Error by step ahead (closed-loop from every test origin)")
                                : tr("Error by step ahead (the model's direct horizon)"));
}

}  // namespace rnnwb::ui
