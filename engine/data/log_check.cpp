#include "engine/data/log_check.hpp"

#include <cmath>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace rnnwb {

std::string row_place(const CsvTable& table, std::size_t row) {
  const Series& s = table.series;
  const std::size_t line = table.line_of_row(row);
  std::string out = line > 0 ? "line " + std::to_string(line) : "row " + std::to_string(row + 1);
  std::string more;
  if (row < s.time_labels.size()) more = (s.time_name.empty() ? "time" : s.time_name) + " " + quote(s.time_labels[row]);
  if (s.is_panel() && row < s.rows())
    more += (more.empty() ? "" : ", ") + std::string("series ") + quote(s.series_id(s.series_of_row(row)));
  return more.empty() ? out : out + " (" + more + ")";
}

void check_log_columns(const CsvTable& table, const std::vector<std::string>& columns) {
  const Series& s = table.series;
  for (const auto& name : columns) {
    const int c = s.find(name);
    if (c < 0) continue;
    const std::vector<double>& v = s.columns[std::size_t(c)];
    for (std::size_t r = 0; r < v.size(); ++r) {
      if (v[r] > 0 || std::isnan(v[r])) continue;  // a missing cell is the missing-value policy's
      std::ostringstream value;
      value.precision(6);
      value << v[r];
      throw DataError(table.source + " " + row_place(table, r) + ", column " + quote(name) + ": " + value.str() +
                      ", but the log transform needs values > 0; turn log off for this column");
    }
  }
}

void check_log_transforms(const CsvTable& table, const TransformMap& transforms) {
  std::vector<std::string> columns;
  for (const auto& [name, t] : transforms)
    if (t.log) columns.push_back(name);
  check_log_columns(table, columns);
}

}  // namespace rnnwb
