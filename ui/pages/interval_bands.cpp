#include "ui/pages/interval_bands.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/pages/band_series.hpp"

namespace rnnwb::ui {

namespace {

// At most this many points per band: a million rows stay drawable (the band is a smooth fill).
constexpr std::size_t kMaxBandPoints = 4000;

void fill(QAreaSeries* band, const std::vector<double>& xs, const std::vector<double>& ys,
          const std::vector<double>& half, double& lo, double& hi) {
  QList<QPointF> upper, lower;
  const std::size_t stride = std::max<std::size_t>(1, xs.size() / kMaxBandPoints);
  for (std::size_t i = 0; i < xs.size() && i < half.size(); i += stride) {
    if (!std::isfinite(half[i]) || !std::isfinite(ys[i])) continue;  // unbounded or beyond the fan
    upper.append({xs[i], ys[i] + half[i]});
    lower.append({xs[i], ys[i] - half[i]});
    lo = std::min(lo, ys[i] - half[i]);
    hi = std::max(hi, ys[i] + half[i]);
  }
  band->upperSeries()->replace(upper);
  band->lowerSeries()->replace(lower);
  band->setVisible(!upper.isEmpty());
}

}  // namespace

IntervalBands::IntervalBands(QChart* chart, QObject* parent) : QObject(parent), chart_(chart) {
  rows_ = add_band(chart, tr("prediction interval"), QColor(214, 39, 40, 50));
  fan_ = add_band(chart, tr("forecast interval (fan)"), QColor(118, 73, 189, 60));
  rows_->setObjectName("intervalBand");
  fan_->setObjectName("forecastFan");
  for (const Qt::Orientation o : {Qt::Horizontal, Qt::Vertical})
    if (QAbstractAxis* axis = chart->axes(o).value(0)) {  // the chart's value axes, as its lines'
      rows_->attachAxis(axis);
      fan_->attachAxis(axis);
    }
  controls_ = new QWidget;
  auto* row = new QHBoxLayout(controls_);
  row->setContentsMargins(0, 0, 0, 0);
  level_ = new QComboBox;
  level_->setObjectName("intervalLevel");
  level_->setToolTip(tr("The prediction interval drawn: split-conformal, calibrated on the validation rows"));
  auto* label = new QLabel(tr("&Interval:"));
  label->setBuddy(level_);
  coverage_ = new QLabel;
  coverage_->setObjectName("intervalCoverage");
  row->addWidget(label);
  row->addWidget(level_);
  row->addWidget(coverage_);
  row->addStretch(1);  // the chooser as wide as its text, not the page
  connect(level_, &QComboBox::currentIndexChanged, this, &IntervalBands::redraw);
  controls_->hide();
}

void IntervalBands::show(const PredictionIntervals& intervals, const nlohmann::json& metrics, int target,
                         const std::vector<double>& xs, const std::vector<double>& ys,
                         const std::vector<double>& forecast_x, const std::vector<double>& forecast_y) {
  intervals_ = intervals;
  metrics_ = metrics;
  target_ = target;
  xs_ = xs, ys_ = ys, fx_ = forecast_x, fy_ = forecast_y;
  const QSignalBlocker block(level_);
  const QString was = level_->currentText();
  level_->clear();
  for (const IntervalLevel& l : intervals.levels)
    level_->addItem(tr("%1%").arg(QString::fromStdString(level_label(l.coverage))));
  const int again = level_->findText(was);
  level_->setCurrentIndex(again >= 0 ? again : (level_->count() > 0 ? 0 : -1));
  controls_->setVisible(!intervals.empty());
  redraw();
}

void IntervalBands::redraw() {
  const int l = level_->currentIndex();
  if (intervals_.empty() || l < 0 || std::size_t(l) >= intervals_.levels.size()) {
    rows_->setVisible(false);
    fan_->setVisible(false);
    return;
  }
  const IntervalLevel& level = intervals_.levels[std::size_t(l)];
  const std::size_t t = std::size_t(target_);
  double lo = INFINITY, hi = -INFINITY;
  fill(rows_, xs_, ys_, std::vector<double>(xs_.size(), level.direct.front()[t]), lo, hi);
  std::vector<double> fan(fx_.size(), NAN);
  for (std::size_t k = 0; k < fan.size() && k < level.closed_loop.size(); ++k) fan[k] = level.closed_loop[k][t];
  fill(fan_, fx_, fy_, fan, lo, hi);
  // The y axis takes the bands in too (the chart's own fit covers only the lines).
  if (auto* y = qobject_cast<QValueAxis*>(chart_->axes(Qt::Vertical).value(0)); y && lo < hi)
    y->setRange(std::min(y->min(), lo), std::max(y->max(), hi));
  const std::string key = level_label(level.coverage);
  const nlohmann::json c = metrics_.value("intervals", nlohmann::json::object())
                               .value("levels", nlohmann::json::object())
                               .value(key, nlohmann::json::object());
  if (c.contains("empirical") && c["mean_width"].is_number())
    coverage_->setText(tr("test rows: %1% inside (nominal %2%), mean width %3")
                           .arg(100 * c["empirical"].get<double>(), 0, 'f', 1)
                           .arg(QString::fromStdString(key))
                           .arg(c["mean_width"].get<double>(), 0, 'g', 4));
  else
    coverage_->setText(tr("no test coverage yet"));
}

}  // namespace rnnwb::ui
