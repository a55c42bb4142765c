#pragma once
// Many series in one table (a panel): long form, where a column names each row's series, and wide
// form, where several columns are series of the same quantity. Both become a Series whose rows are
// grouped by series (series.hpp), so that every later step works within one series at a time.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/data/csv_loader.hpp"

namespace rnnwb {

// The column that wide-form series become, and the name of their id column.
inline constexpr const char* kWideValueColumn = "value";
inline constexpr const char* kWideSeriesColumn = "series";

// Long form: regroups the table's rows by `labels` (one series id per row), series in order of
// first appearance and each series' rows in file order; row_lines and time labels move with them.
// Then, with a time column, checks that time increases within each series: otherwise a DataError
// names the series and the file line.
void group_rows_by_series(CsvTable& table, const std::vector<std::string>& labels, const std::string& series_column);

// Row ids interned as they are read (the CSV loader's form: no string per row). ids: in order of
// first appearance; of_row: each row's index into ids.
struct SeriesLabels {
  std::vector<std::string> ids;
  std::vector<std::uint32_t> of_row;
  // Appends a row of series `id` (looked up in a hash map unless it is the previous row's series).
  void add(std::string_view id);
  // of_row as it is once the rows are grouped (series 0's rows, then series 1's, ...).
  void set_grouped();

 private:
  struct Hash {  // lookups by string_view, without a string per row
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> index_;
  std::uint32_t last_ = 0;
};
// Where each row goes when the rows are grouped by series (its new row), or empty when they are
// grouped already.
std::vector<std::size_t> grouped_places(const SeriesLabels& labels);
// group_rows_by_series with interned labels.
void group_rows_by_series(CsvTable& table, SeriesLabels&& labels, const std::string& series_column);

// Wide form: the listed numeric columns (or every numeric column for {"all"}) become one series
// each, named by the column, stacked into one column "value" with the id column "series". A series'
// leading and trailing missing cells are outside its span (it starts later or ends sooner) and are
// left out; missing cells inside stay missing for a missing-value policy. Throws DataError for an
// unknown column or a column with no value.
void columns_to_series(CsvTable& table, const std::vector<std::string>& columns);

// The column a front end may suggest as the series column: the one text column the loader keeps
// (as the time column) when its labels repeat, as an id column's do and a time column's do not.
// Empty for a table that is already a panel, or when no such column exists.
std::string suggest_series_column(const Series& series);

// "4 series: DAX (1860 rows), SMI (1860 rows), ..." with at most `shown` ids.
std::string describe_series(const Series& series, std::size_t shown = 5);

}  // namespace rnnwb
