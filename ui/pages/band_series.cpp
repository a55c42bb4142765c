#include "ui/pages/band_series.hpp"

#include <QChart>
#include <QLineSeries>
#include <QPen>

namespace rnnwb::ui {

QAreaSeries* add_band(QChart* chart, const QString& name, const QColor& fill, const QColor& border) {
  auto* upper = new QLineSeries;
  auto* lower = new QLineSeries;
  auto* band = new QAreaSeries(upper, lower);
  upper->setParent(band);
  lower->setParent(band);
  band->setName(name);
  band->setBrush(fill);
  QPen pen(border);
  pen.setWidthF(border.alpha() ? 1.5 : 0.0);
  band->setPen(pen);
  chart->addSeries(band);
  return band;
}

void set_band(QAreaSeries* band, double x0, double x1, double y0, double y1) {
  band->upperSeries()->replace(QList<QPointF>{{x0, y1}, {x1, y1}});
  band->lowerSeries()->replace(QList<QPointF>{{x0, y0}, {x1, y0}});
}

double band_left(const QAreaSeries* band) {
  const auto points = band->upperSeries()->points();
  return points.isEmpty() ? 0.0 : points.front().x();
}

double band_right(const QAreaSeries* band) {
  const auto points = band->upperSeries()->points();
  return points.isEmpty() ? 0.0 : points.back().x();
}

}  // namespace rnnwb::ui
