#pragma once
// Colours for comparing runs: one distinct hue per run (Tableau 10, then around again), and a
// ramp for a metric (viridis: dark purple for the lowest value, yellow for the highest).
#include <QColor>
#include <algorithm>
#include <cmath>

namespace rnnwb::ui {

inline QColor run_colour(int i) {
  static const QColor palette[] = {{31, 119, 180}, {255, 127, 14},  {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
                                   {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
  return palette[std::size_t(std::max(0, i)) % std::size(palette)];
}

// t in [0, 1]; NaN gives grey.
inline QColor metric_colour(double t) {
  if (std::isnan(t)) return QColor(170, 170, 170);
  static const QColor stops[] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  const double x = std::clamp(t, 0.0, 1.0) * (std::size(stops) - 1);
  const std::size_t k = std::min<std::size_t>(std::size_t(x), std::size(stops) - 2);
  const double f = x - double(k);
  const QColor &a = stops[k], &b = stops[k + 1];
  return QColor(int(std::lround(a.red() + f * (b.red() - a.red()))),
                int(std::lround(a.green() + f * (b.green() - a.green()))),
                int(std::lround(a.blue() + f * (b.blue() - a.blue()))));
}

}  // namespace rnnwb::ui
