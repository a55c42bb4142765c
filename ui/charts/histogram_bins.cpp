#include "ui/charts/histogram_bins.hpp"

#include <algorithm>
#include <cmath>

namespace rnnwb::ui {

std::size_t HistogramBins::total() const {
  std::size_t n = 0;
  for (const auto& group : counts)
    for (std::size_t c : group) n += c;
  return n;
}

HistogramBins histogram_bins(const std::vector<std::vector<double>>& groups, std::size_t bins) {
  double lo = INFINITY, hi = -INFINITY;
  std::size_t n = 0;
  for (const auto& group : groups)
    for (double v : group)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v), ++n;
  if (n == 0) lo = 0, hi = 0;
  if (!(hi > lo)) lo -= 0.5, hi += 0.5;
  if (bins == 0) bins = std::clamp<std::size_t>(std::size_t(std::ceil(std::sqrt(double(n)))), 5, 40);
  HistogramBins h;
  const double width = (hi - lo) / double(bins);
  for (std::size_t b = 0; b <= bins; ++b) h.edges.push_back(b == bins ? hi : lo + width * double(b));
  h.counts.assign(groups.size(), std::vector<std::size_t>(bins, 0));
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (double v : groups[g])
      if (std::isfinite(v)) ++h.counts[g][std::min(bins - 1, std::size_t((v - lo) / width))];
  return h;
}

}  // namespace rnnwb::ui
