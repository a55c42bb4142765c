#pragma once
// Series: a table of real-valued columns over time, as loaded from a CSV file. Values are kept in
// double and in the file's units; a missing cell is NaN until a missing-value policy is applied.
//
// A panel (many series of the same columns) is held as one table whose rows are grouped by series:
// series s owns rows series_starts[s] .. series_starts[s+1]-1, in their time order. Without series
// ids the whole table is one series.
#include <algorithm>
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

  // Panel: the column that named the series (long form), or "series" for columns taken as series
  // (wide form); ids in order of first appearance; the first row of each series, then rows().
  std::string series_name;
  std::vector<std::string> series_ids;
  std::vector<std::size_t> series_starts;

  std::size_t rows() const { return columns.empty() ? time_labels.size() : columns.front().size(); }
  // Index of a numeric column by name, or -1.
  int find(std::string_view name) const {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return int(i);
    return -1;
  }

  bool is_panel() const { return !series_ids.empty(); }
  std::size_t series_count() const { return is_panel() ? series_ids.size() : 1; }
  std::size_t series_begin(std::size_t s) const { return is_panel() ? series_starts[s] : 0; }
  std::size_t series_end(std::size_t s) const { return is_panel() ? series_starts[s + 1] : rows(); }
  std::size_t series_rows(std::size_t s) const { return series_end(s) - series_begin(s); }
  // The id of series s ("" for a table that is one series).
  std::string series_id(std::size_t s) const { return is_panel() ? series_ids[s] : std::string(); }
  // The series a row belongs to.
  std::size_t series_of_row(std::size_t row) const {
    if (!is_panel()) return 0;
    return std::size_t(std::upper_bound(series_starts.begin(), series_starts.end(), row) - series_starts.begin()) - 1;
  }
  // Index of a series by id, or -1.
  long find_series(std::string_view id) const {
    for (std::size_t s = 0; s < series_ids.size(); ++s)
      if (series_ids[s] == id) return long(s);
    return -1;
  }
};

}  // namespace rnnwb
