#pragma once
// Where each run sits on one column of the run table, for the Runs page's charts: a number column
// by its values, a text column (cell kind, optimizer) by the index of its text among the column's
// distinct texts in sorted order. No Qt.
#include <cstddef>
#include <string>
#include <vector>

#include "engine/experiments/run_table.hpp"

namespace rnnwb::ui {

struct AxisValues {
  std::vector<double> values;           // one per row asked for; NaN where the run has no value
  std::vector<std::string> categories;  // a text column's distinct texts (values index them)
  double lo = 0, hi = 0;                // the finite values' extremes (0, 0 when none)
  // v mapped to [0, 1] over [lo, hi] (0.5 when every value is the same); NaN stays NaN.
  double normalised(double v) const;
  bool numeric() const { return categories.empty(); }
};

AxisValues axis_values(const RunTable& table, int column, const std::vector<std::size_t>& rows);

// The setting columns that differ between the runs, in table order.
std::vector<int> differing_setting_columns(const RunTable& table);
// The metric columns, in table order.
std::vector<int> metric_columns(const RunTable& table);

}  // namespace rnnwb::ui
