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
#include "ui/charts/decimate.hpp"

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
  view_ = new ChartView(chart);
  view_->setObjectName("validationChart");
  view_->setMinimumSize(360, 260);
  connect(view_, &ChartView::viewChanged, this, &ValidationChart::redraw);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_);
  reset({}, {});
}

void ValidationChart::reset(const QString& target, std::vector<double> values) {
  target_ = target;
  values_ = std::move(values);
  rows_.clear();
  actual_y_.clear();
  predicted_y_.clear();
  y_axis_->setTitleText(target_.isEmpty() ? tr("value") : target_);
  view_->chart()->setTitle(tr("Validation rows: predictions appear after the first epoch"));
  view_->chart()->zoomReset();
  redraw();
}

void ValidationChart::setPreview(int epoch, const ValidationPreview& preview) {
  rows_.assign(preview.rows.begin(), preview.rows.end());
  predicted_y_ = preview.predicted;
  actual_y_.clear();
  for (std::size_t row : preview.rows)
    actual_y_.push_back(row < values_.size() ? values_[row] : std::numeric_limits<double>::quiet_NaN());
  view_->chart()->setTitle(rows_.empty() ? tr("No validation rows: set a validation share on the Normalise page")
                                         : tr("Validation rows of %1: actual vs predicted one step ahead, after "
                                              "epoch %2")
                                               .arg(target_)
                                               .arg(epoch));
  redraw();
}

void ValidationChart::redraw() {
  const int columns = std::max(200, int(view_->chart()->plotArea().width()));
  const bool zoomed = view_->chart()->isZoomed();
  const double first = rows_.empty() ? 0.0 : rows_.front(), last = rows_.empty() ? 1.0 : rows_.back();
  const double lo = zoomed ? x_axis_->min() : first, hi = zoomed ? x_axis_->max() : last;
  actual_->replace(decimate_min_max(rows_, actual_y_, lo, hi, columns));
  predicted_->replace(decimate_min_max(rows_, predicted_y_, lo, hi, columns));
  if (zoomed) {  // keep the user's zoom, with round ticks for it
    set_round_ticks(x_axis_, x_axis_->min(), x_axis_->max(), 8);
    set_round_ticks(y_axis_, y_axis_->min(), y_axis_->max(), 6);
    return;
  }
  set_round_ticks(x_axis_, first, std::max(last, first + 1.0), 8, 1.0);
  double y_lo = std::numeric_limits<double>::infinity(), y_hi = -y_lo;
  for (const auto* ys : {&actual_y_, &predicted_y_})
    for (double y : *ys)
      if (std::isfinite(y)) y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y);
  if (!std::isfinite(y_lo)) y_lo = 0, y_hi = 1;
  const double pad = std::max(1e-9, 0.06 * (y_hi - y_lo));
  set_round_ticks(y_axis_, y_lo - pad, y_hi + pad, 6);
}

}  // namespace rnnwb::ui
