#include "ui/pages/validation_chart.hpp"

#include <QChart>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/charts/chart_axes.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/charts/time_ticks_axis.hpp"
#include "ui/column_names.hpp"

namespace rnnwb::ui {

ValidationChart::ValidationChart(QWidget* parent) : QWidget(parent) {
  auto* chart = new QChart;
  chart->legend()->setAlignment(Qt::AlignBottom);
  actual_ = new QLineSeries;
  actual_->setName("actual");
  actual_->setObjectName("actual");
  actual_->setPen(QPen(QColor(60, 60, 60), 1.6));
  predicted_ = new QLineSeries;
  predicted_->setName("predicted");
  predicted_->setObjectName("predicted");
  predicted_->setPen(QPen(QColor(214, 39, 40), 2.0));
  chart->addSeries(actual_);
  chart->addSeries(predicted_);
  x_axis_ = new QValueAxis;
  x_axis_->setTitleText(tr("row"));
  x_axis_->setLabelFormat("%.0f");
  y_axis_ = new QValueAxis;
  y_axis_->setLabelFormat("%.4g");
  chart->addAxis(x_axis_, Qt::AlignBottom);
  chart->addAxis(y_axis_, Qt::AlignLeft);
  for (QAbstractSeries* s : chart->series()) {
    s->attachAxis(x_axis_);
    s->attachAxis(y_axis_);
  }
  time_ = new TimeTicksAxis(chart, x_axis_, "validationChartTimeAxis");
  view_ = new ChartView(chart);
  view_->setObjectName("validationChart");
  view_->setMinimumSize(360, 260);
  connect(view_, &ChartView::viewChanged, this, &ValidationChart::fitTicks);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_);
  reset({}, {});
}

void ValidationChart::reset(const QString& target, std::vector<double> values) {
  target_ = target;
  values_ = std::move(values);
  view_->setDecimated(actual_, {}, {});
  view_->setDecimated(predicted_, {}, {});
  first_row_ = 0, last_row_ = 1, y_lo_ = 0, y_hi_ = 1;
  y_axis_->setTitleText(target_.isEmpty() ? tr("value") : elided_name(target_));
  view_->chart()->setTitle(tr("Validation rows: predictions appear after the first epoch"));
  view_->chart()->zoomReset();
  redraw();
}

void ValidationChart::setPreview(int epoch, const ValidationPreview& preview) {
  std::vector<double> rows(preview.rows.begin(), preview.rows.end()), actual;
  for (std::size_t row : preview.rows)
    actual.push_back(row < values_.size() ? values_[row] : std::numeric_limits<double>::quiet_NaN());
  first_row_ = rows.empty() ? 0.0 : rows.front();
  last_row_ = rows.empty() ? 1.0 : rows.back();
  y_lo_ = std::numeric_limits<double>::infinity(), y_hi_ = -y_lo_;
  const auto take = [this](const std::vector<double>& ys) {
    for (double y : ys)
      if (std::isfinite(y)) y_lo_ = std::min(y_lo_, y), y_hi_ = std::max(y_hi_, y);
  };
  take(actual);
  take(preview.predicted);
  if (!std::isfinite(y_lo_)) y_lo_ = 0, y_hi_ = 1;
  view_->chart()->setTitle(rows.empty() ? tr("No validation rows: set a validation share on the Normalise page")
                                        : tr("Validation rows of %1: actual vs predicted one step ahead, after "
                                             "epoch %2")
                                              .arg(elided_name(target_))
                                              .arg(epoch));
  view_->setDecimated(predicted_, rows, preview.predicted);
  view_->setDecimated(actual_, std::move(rows), std::move(actual));
  redraw();
}

void ValidationChart::setTimeSeries(const Series* s) { time_->setSeries(s && !s->is_panel() ? s : nullptr); }

void ValidationChart::redraw() {
  fitTicks();
  view_->redecimate();
}

void ValidationChart::fitTicks() {
  if (view_->chart()->isZoomed()) {  // keep the user's zoom, with round ticks for it
    set_round_ticks(x_axis_, x_axis_->min(), x_axis_->max(), 8);
    set_round_ticks(y_axis_, y_axis_->min(), y_axis_->max(), 6);
    return;
  }
  set_round_ticks(x_axis_, first_row_, std::max(last_row_, first_row_ + 1.0), 8, 1.0);
  const double pad = std::max(1e-9, 0.06 * (y_hi_ - y_lo_));
  set_round_ticks(y_axis_, y_lo_ - pad, y_hi_ + pad, 6);
}

}  // namespace rnnwb::ui
