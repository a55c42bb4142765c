#include "ui/pages/histogram_chart.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_axes.hpp"

namespace rnnwb::ui {

Histogram make_histogram(const std::vector<double>& values, int bins) {
  std::vector<double> v;
  for (double x : values)
    if (std::isfinite(x)) v.push_back(x);
  Histogram h;
  if (v.empty()) {
    h.counts = {0};
    return h;
  }
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  if (bins <= 0) bins = std::clamp(int(std::ceil(std::sqrt(double(v.size())))), 5, 30);
  if (*hi - *lo <= 0.0) {
    h.lo = *lo - 0.5;
    h.counts = {int(v.size())};
    return h;
  }
  h.lo = *lo;
  h.width = (*hi - *lo) / bins;
  h.counts.assign(std::size_t(bins), 0);
  for (double x : v) ++h.counts[std::size_t(std::clamp(int((x - h.lo) / h.width), 0, bins - 1))];
  return h;
}

HistogramChart::HistogramChart(QWidget* parent) : ChartView(new QChart, parent) {
  outline_ = new QLineSeries;
  base_ = new QLineSeries;
  area_ = new QAreaSeries(outline_, base_);
  area_->setName(tr("sequences"));
  area_->setColor(QColor(31, 119, 180, 120));
  area_->setBorderColor(QColor(31, 119, 180));
  chart()->addSeries(area_);
  axis_x_ = new QValueAxis;
  axis_y_ = new QValueAxis;
  axis_y_->setTitleText(tr("count"));
  axis_y_->setLabelFormat("%d");
  chart()->addAxis(axis_x_, Qt::AlignBottom);
  chart()->addAxis(axis_y_, Qt::AlignLeft);
  area_->attachAxis(axis_x_);
  area_->attachAxis(axis_y_);
  chart()->legend()->hide();
  setRenderHint(QPainter::Antialiasing);
}

void HistogramChart::setValues(const std::vector<double>& values, const QString& what) {
  histogram_ = make_histogram(values);
  QList<QPointF> top, bottom;
  int most = 0;
  for (std::size_t b = 0; b < histogram_.counts.size(); ++b) {
    const double x0 = histogram_.lo + double(b) * histogram_.width, x1 = x0 + histogram_.width;
    const int c = histogram_.counts[b];
    top << QPointF(x0, c) << QPointF(x1, c);
    most = std::max(most, c);
  }
  const double x_lo = histogram_.lo, x_hi = histogram_.lo + double(histogram_.counts.size()) * histogram_.width;
  top.prepend(QPointF(x_lo, 0));
  top.append(QPointF(x_hi, 0));
  bottom << QPointF(x_lo, 0) << QPointF(x_hi, 0);
  outline_->replace(top);
  base_->replace(bottom);
  axis_x_->setTitleText(what);
  set_round_ticks(axis_x_, x_lo, x_hi, 8);
  // Headroom above the tallest bin, so its top edge is never on the frame.
  set_round_ticks(axis_y_, 0, std::ceil(std::max(1, most) * 1.1), 6, 1.0);
  chart()->setTitle(tr("Distribution of %1").arg(what));
}

}  // namespace rnnwb::ui
