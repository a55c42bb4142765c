#include "ui/charts/decimate.hpp"

#include <algorithm>
#include <cmath>

namespace rnnwb::ui {

QList<QPointF> decimate_min_max(const std::vector<double>& xs, const std::vector<double>& ys, double x_min,
                                double x_max, int columns) {
  QList<QPointF> out;
  const std::size_t n = std::min(xs.size(), ys.size());
  if (n == 0 || columns < 1 || !(x_max >= x_min)) return out;
  std::size_t first = std::size_t(std::lower_bound(xs.begin(), xs.begin() + long(n), x_min) - xs.begin());
  std::size_t last = std::size_t(std::upper_bound(xs.begin(), xs.begin() + long(n), x_max) - xs.begin());
  if (first > 0) --first;
  if (last < n) ++last;
  if (last - first <= std::size_t(4 * columns)) {
    for (std::size_t i = first; i < last; ++i)
      if (std::isfinite(ys[i])) out.append({xs[i], ys[i]});
    return out;
  }
  const double width = (x_max - x_min) / columns;
  std::size_t i = first;
  while (i < last) {
    const double column_end = x_min + (std::floor((xs[i] - x_min) / width) + 1) * width;
    std::size_t lo = i, hi = i, end = i;
    while (end < last && xs[end] < column_end) {
      if (ys[end] < ys[lo] || !std::isfinite(ys[lo])) lo = end;
      if (ys[end] > ys[hi] || !std::isfinite(ys[hi])) hi = end;
      ++end;
    }
    if (end == i) end = i + 1;
    // Keep the extremes in x order so the line does not double back.
    const std::size_t a = std::min(lo, hi), b = std::max(lo, hi);
    if (std::isfinite(ys[i])) out.append({xs[i], ys[i]});
    if (a != i && std::isfinite(ys[a])) out.append({xs[a], ys[a]});
    if (b != a && b != i && std::isfinite(ys[b])) out.append({xs[b], ys[b]});
    i = end;
  }
  return out;
}

}  // namespace rnnwb::ui
