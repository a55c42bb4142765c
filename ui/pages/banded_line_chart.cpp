#include "ui/pages/banded_line_chart.hpp"

#include <QChart>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_axes.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/charts/time_ticks_axis.hpp"
#include "ui/pages/split_bands.hpp"

namespace rnnwb::ui {

BandedLineChart::BandedLineChart(const QString& view_name, const std::vector<LineStyle>& lines, bool bands_in_legend,
                                 QWidget* parent)
    : QWidget(parent) {
  chart_ = new QChart;
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  x_axis_ = new QValueAxis;
  y_axis_ = new QValueAxis;
  chart_->addAxis(x_axis_, Qt::AlignBottom);
  chart_->addAxis(y_axis_, Qt::AlignLeft);
  bands_ = std::make_unique<SplitBands>(chart_, bands_in_legend);  // behind the lines
  for (const LineStyle& style : lines) {
    auto* series = new QLineSeries;
    series->setObjectName(style.object_name);
    series->setPen(style.pen);
    chart_->addSeries(series);
    lines_.push_back({series, {}});
  }
  for (QAbstractSeries* s : chart_->series()) {
    s->attachAxis(x_axis_);
    s->attachAxis(y_axis_);
  }
  time_ = new TimeTicksAxis(chart_, x_axis_, view_name + "TimeAxis");
  view_ = new ChartView(chart_);
  view_->setObjectName(view_name);
  view_->setMinimumSize(320, 220);
  connect(view_, &ChartView::viewChanged, this, &BandedLineChart::roundTicks);
  connect(view_, &ChartView::viewChanged, this, &BandedLineChart::refreshBands);
  connect(chart_, &QChart::plotAreaChanged, this, &BandedLineChart::refreshBands);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_);
}

BandedLineChart::~BandedLineChart() = default;

void BandedLineChart::setTitles(const QString& title, const QString& x_title, const QString& y_title) {
  chart_->setTitle(title);
  x_axis_->setTitleText(x_title);
  y_axis_->setTitleText(y_title);
}

void BandedLineChart::setLine(int i, const QString& name, std::vector<double> xs, std::vector<double> ys) {
  Line& line = lines_[std::size_t(i)];
  line.series->setName(name);
  line.y_range.clear();
  const auto finite = [](double y) { return std::isfinite(y); };
  if (std::any_of(ys.begin(), ys.end(), finite)) {
    double lo = INFINITY, hi = -INFINITY;
    for (double y : ys)
      if (finite(y)) lo = std::min(lo, y), hi = std::max(hi, y);
    line.y_range = {lo, hi};
  }
  view_->setDecimated(line.series, std::move(xs), std::move(ys));
}

void BandedLineChart::fit(const SplitBounds& bounds, std::size_t x_end) {
  bounds_ = bounds;
  x_end_ = x_end;
  chart_->zoomReset();
  applyAxes();
  bands_->set(bounds, y_axis_->min(), y_axis_->max());
  view_->redecimate();
  refreshBands();
}

void BandedLineChart::applyAxes() {
  std::vector<double> all;  // the axis fits the finite extremes of every line
  for (const Line& line : lines_) all.insert(all.end(), line.y_range.begin(), line.y_range.end());
  set_row_axis(x_axis_, std::max<std::size_t>(x_end_, 1));
  set_value_axis(y_axis_, all);
}

void BandedLineChart::roundTicks() {
  if (!chart_->isZoomed()) return applyAxes();  // a reset: the whole range's ticks again
  set_round_ticks(x_axis_, x_axis_->min(), x_axis_->max(), 8, 1.0);
  set_round_ticks(y_axis_, y_axis_->min(), y_axis_->max(), 6);
  const double step = y_axis_->tickInterval();  // labels as precise as the step
  y_axis_->setLabelFormat(step >= 1.0 ? "%.0f" : step >= 0.1 ? "%.1f" : step >= 0.01 ? "%.2f" : "%.3g");
}

void BandedLineChart::setTimeSeries(const Series* s, std::size_t k, std::size_t future) {
  time_->setSeries(s, k, future);
}

void BandedLineChart::clear() {
  for (Line& line : lines_) {
    line.y_range.clear();
    view_->setDecimated(line.series, {}, {});
  }
  time_->setSeries(nullptr);
  fit({}, 1);
}

void BandedLineChart::refreshBands() { bands_->setHeight(y_axis_->min(), y_axis_->max()); }

}  // namespace rnnwb::ui
