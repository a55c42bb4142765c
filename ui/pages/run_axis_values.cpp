#include "ui/pages/run_axis_values.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace rnnwb::ui {

double AxisValues::normalised(double v) const {
  if (std::isnan(v)) return v;
  return hi > lo ? (v - lo) / (hi - lo) : 0.5;
}

AxisValues axis_values(const RunTable& table, int column, const std::vector<std::size_t>& rows) {
  AxisValues a;
  if (column < 0 || std::size_t(column) >= table.columns.size()) return a;
  const auto cell = [&](std::size_t r) -> const RunCell& { return table.rows[r][std::size_t(column)]; };
  // A column is numeric when every non-empty cell is a number.
  bool numeric = true;
  std::set<std::string> texts;
  for (std::size_t r : rows) {
    if (cell(r).text.empty()) continue;
    texts.insert(cell(r).text);
    if (std::isnan(cell(r).value)) numeric = false;
  }
  if (!numeric) a.categories.assign(texts.begin(), texts.end());
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t r : rows) {
    double v = std::numeric_limits<double>::quiet_NaN();
    if (numeric) {
      v = cell(r).value;
    } else if (!cell(r).text.empty()) {
      v = double(std::lower_bound(a.categories.begin(), a.categories.end(), cell(r).text) - a.categories.begin());
    }
    a.values.push_back(v);
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (std::isfinite(lo)) a.lo = lo, a.hi = hi;
  if (!numeric) a.lo = 0, a.hi = double(std::max<std::size_t>(1, a.categories.size()) - 1);
  return a;
}

std::vector<int> differing_setting_columns(const RunTable& table) {
  std::vector<int> out;
  for (std::size_t c = 0; c < table.columns.size(); ++c)
    if (table.columns[c].kind == RunColumnKind::Setting && table.columns[c].differs) out.push_back(int(c));
  return out;
}

std::vector<int> metric_columns(const RunTable& table) {
  std::vector<int> out;
  for (std::size_t c = 0; c < table.columns.size(); ++c)
    if (table.columns[c].kind == RunColumnKind::Metric) out.push_back(int(c));
  return out;
}

}  // namespace rnnwb::ui
