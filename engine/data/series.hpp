#pragma once
// Series: a table of real-valued columns over time, as loaded from a CSV file. Values are kept in
// double and in the file's units; a missing cell is NaN until a missing-value policy is applied.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rnnwb {

struct Series {
  std::vector<std::string> names;            // numeric columns, in file order
  std::vector<std::vector<double>> columns;  // columns[c][row]
  std::string time_name;                     // the time column's name; empty when there is none
  std::vector<std::string> time_labels;      // one per row when there is a time column, else empty

  std::size_t rows() const { return columns.empty() ? time_labels.size() : columns.front().size(); }
  // Index of a numeric column by name, or -1.
  int find(std::string_view name) const {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return int(i);
    return -1;
  }
};

}  // namespace rnnwb
