#pragma once
// Axis ranges for the pages' series charts: a row-index axis with round tick steps, and a value
// axis with round bounds that fits the finite values.
#include <QValueAxis>
#include <cstddef>
#include <vector>

namespace rnnwb::ui {

// x in [-0.5, rows - 0.5] (row r is drawn at x = r), ticks every 1, 2 or 5 x 10^k rows from 0.
void set_row_axis(QValueAxis* axis, std::size_t rows);
// A padded range with round bounds around the finite values (0..1 when there are none).
void set_value_axis(QValueAxis* axis, const std::vector<double>& values);

}  // namespace rnnwb::ui
