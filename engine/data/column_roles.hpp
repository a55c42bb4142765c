#pragma once
// Column roles a user expects without choosing them: which numeric columns are a calendar field
// or an index (year, quarter, a 0..n-1 counter) rather than a quantity to predict, and so which
// column is the default target. Both front ends use these, so a CSV opens with the same target in
// the workbench and in `rnnwb train`.
#include <cstddef>
#include <string>

#include "engine/data/series.hpp"

namespace rnnwb {

// Whether numeric column `column` of `s` is a calendar field or an index: named like one (year,
// quarter, month, week, day, hour, minute, second; index, id, t, time, step...) with values that
// fit the name (whole numbers in the field's range; an index increasing), or a counter whatever
// its name (0..n-1 or 1..n by steps of 1, in each series of a panel).
bool is_calendar_or_index_column(const Series& s, std::size_t column);

// The default target: `declared` when it is a numeric column of `s` (a sample's own), else the
// first numeric column that is not calendar- or index-like, else the first numeric column; empty
// when `s` has none.
std::string default_target(const Series& s, const std::string& declared = {});

}  // namespace rnnwb
