#pragma once
// Min/max decimation: a long series drawn at a chart's pixel width keeps, per pixel column, the
// first, smallest and largest points of the visible range, so a million points draw as a few
// thousand and every spike stays visible.
#include <QList>
#include <QPointF>
#include <vector>

namespace rnnwb::ui {

// xs ascending. Points with x in [x_min, x_max] (plus one neighbour on each side, so lines reach
// the edges) reduced to at most about 4 * columns points.
QList<QPointF> decimate_min_max(const std::vector<double>& xs, const std::vector<double>& ys, double x_min,
                                double x_max, int columns);

}  // namespace rnnwb::ui
