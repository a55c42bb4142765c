#include "ui/pages/split_bands.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QLegendMarker>

#include "ui/pages/band_series.hpp"

namespace rnnwb::ui {

SplitBands::SplitBands(QChart* chart, bool in_legend) : chart_(chart), in_legend_(in_legend) {
  train_ = add_band(chart, QObject::tr("train"), QColor(31, 119, 180, 45));
  validation_ = add_band(chart, QObject::tr("validation"), QColor(255, 127, 14, 55));
  test_ = add_band(chart, QObject::tr("test"), QColor(44, 160, 44, 50));
  train_->setObjectName("trainBand");
  validation_->setObjectName("validationBand");
  test_->setObjectName("testBand");
}

void SplitBands::set(const SplitBounds& bounds, double y0, double y1) {
  bounds_ = bounds;
  auto rows = [](std::size_t n) { return n == 1 ? QObject::tr("1 row") : QObject::tr("%1 rows").arg(n); };
  train_->setName(QObject::tr("train (%1)").arg(rows(bounds.train_end)));
  validation_->setName(QObject::tr("validation (%1)").arg(rows(bounds.validation_end - bounds.train_end)));
  test_->setName(QObject::tr("test (%1)").arg(rows(bounds.rows - bounds.validation_end)));
  setHeight(y0, y1);
}

void SplitBands::setHeight(double y0, double y1) {
  auto x_of = [](std::size_t row) { return double(row) - 0.5; };
  set_band(train_, x_of(0), x_of(bounds_.train_end), y0, y1);
  set_band(validation_, x_of(bounds_.train_end), x_of(bounds_.validation_end), y0, y1);
  set_band(test_, x_of(bounds_.validation_end), x_of(bounds_.rows), y0, y1);
  if (!in_legend_)  // markers come back when a series is renamed, so hide them each time
    for (QAreaSeries* band : {train_, validation_, test_})
      for (QLegendMarker* m : chart_->legend()->markers(band)) m->setVisible(false);
}

}  // namespace rnnwb::ui
