#pragma once
// A data source as both front ends name it: a CSV path or sample:NAME (an embedded series), read
// through the engine's one file reader (a FIFO or a device is refused, never read) and parsed,
// with the SHA-256 of its bytes and, for a sample, its default target and season.
#include <string>
#include <vector>

#include "engine/data/csv_loader.hpp"

namespace rnnwb {

// How the data holds many series: a column naming each row's series (long form), or columns that
// are each a series (wide form, {"all"} for every numeric column); neither: one series.
struct SeriesForm {
  std::string column;
  std::vector<std::string> columns;
  bool empty() const { return column.empty() && columns.empty(); }
};

struct LoadedData {
  CsvTable table;
  std::string sha256;          // of the file's bytes
  std::string source;          // the path, or sample:NAME
  std::string default_target;  // samples only
  int season = 0;              // samples only
  SeriesForm form;             // as applied (a sample's own when none was asked for)
};

// The file's column behind a time column's name: a joined "year+quarter" (or "+month", see
// join_year_and_period) is the file's `year`; any other name is itself.
std::string file_time_column(const std::string& name);

// `time_column` overrides the detected time column (a sample's own when empty); `form` groups the
// rows into series (a many-series sample's own series column when empty). Throws DataError saying
// what is wrong (a missing sample lists the samples; a file error keeps its reason), ConfigError
// for both forms at once.
LoadedData load_data_source(const std::string& spec, const std::string& time_column = {}, SeriesForm form = {});
// The same with every CSV option: the columns to ignore, the decimal mark, the time column (a
// sample's own when empty); options.series_column is taken from `form`.
LoadedData load_data_source_with(const std::string& spec, CsvOptions options, SeriesForm form = {});

}  // namespace rnnwb
