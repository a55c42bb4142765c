#pragma once
// Axis ranges for the charts, always on round values (1, 2 or 5 times a power of ten) so labels
// read 0, 20, 40 rather than 0, 23.3, 46.6: a row-index axis, a value axis fitted to the finite
// values, and round ticks over any range.
#include <QValueAxis>
#include <cstddef>
#include <utility>
#include <vector>

namespace rnnwb::ui {

// x in [-0.5, rows - 0.5] (row r is drawn at x = r), ticks every 1, 2 or 5 x 10^k rows from 0.
void set_row_axis(QValueAxis* axis, std::size_t rows);
// A padded range with round bounds around the finite values (0..1 when there are none).
void set_value_axis(QValueAxis* axis, const std::vector<double>& values);
// Shows [min, max] with at most about `max_ticks` ticks, never closer than `min_step`.
void set_round_ticks(QValueAxis* axis, double min, double max, int max_ticks = 8, double min_step = 0.0);
// The end of an axis that grows with the data: the next round number above `seen` (a multiple of
// 1, 2 or 5 x 10^k, about a fifth of `seen`), at least `at_least`, at most `cap` (when > 0).
double growing_axis_max(double seen, double cap, double at_least = 1.0);
// A log-10 axis range on whole decades around [lo, hi] (lo > 0) spanning at least two decades, so
// that the axis (which labels only the powers of ten) always shows three or more labels.
std::pair<double, double> log_decade_range(double lo, double hi);

}  // namespace rnnwb::ui
