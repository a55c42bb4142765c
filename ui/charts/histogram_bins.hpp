#pragma once
// Equal-width histogram bins over the finite values of several groups at once (the splits), so
// their counts stack on the same edges. No Qt.
#include <cstddef>
#include <vector>

namespace rnnwb::ui {

struct HistogramBins {
  std::vector<double> edges;                     // bins + 1 ascending edges
  std::vector<std::vector<std::size_t>> counts;  // [group][bin]
  std::size_t total() const;                     // values counted, every group
};

// `bins` = 0 chooses about sqrt(n) bins, between 5 and 40. The last bin includes its right edge;
// non-finite values are left out. A constant (or no value) gets one unit of width around it.
HistogramBins histogram_bins(const std::vector<std::vector<double>>& groups, std::size_t bins = 0);

}  // namespace rnnwb::ui
