#pragma once
// Shaded vertical bands on a chart (a range of rows: the training split, a window), drawn as an
// area between two two-point lines so moving one is a single replace() of each line.
#include <QAreaSeries>
#include <QColor>
#include <QString>

namespace rnnwb::ui {

// A band series named `name` filled with `fill` (use a translucent colour), added to `chart`
// without axes; attach the chart's axes to it.
QAreaSeries* add_band(QChart* chart, const QString& name, const QColor& fill, const QColor& border = Qt::transparent);
// Moves the band to x in [x0, x1] and y in [y0, y1].
void set_band(QAreaSeries* band, double x0, double x1, double y0, double y1);
// The band's x extent (x0, x1), as set by set_band.
double band_left(const QAreaSeries* band);
double band_right(const QAreaSeries* band);

}  // namespace rnnwb::ui
