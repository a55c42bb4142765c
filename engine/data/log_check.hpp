#pragma once
// The log transform needs values > 0. Checked on the table as loaded, before the pipeline sees
// the values, so that the message can name the file line and the time label of the bad value (the
// pipeline only knows rows counted from 0).
#include <string>
#include <vector>

#include "engine/data/csv_loader.hpp"
#include "engine/data/pipeline.hpp"

namespace rnnwb {

// Where a data row is, for a message: "line 12 (time \"1961Q1\", series \"a\")", or "row 12" when
// the table has no file lines.
std::string row_place(const CsvTable& table, std::size_t row);

// Throws DataError for the first value <= 0 (a missing cell is left to the missing-value policy) in one of `columns`
// (numeric columns of the table; unknown ones are skipped), naming the column, the value, its file line and time label.
void check_log_columns(const CsvTable& table, const std::vector<std::string>& columns);

// The same for every column a trained pipeline takes with log.
void check_log_transforms(const CsvTable& table, const TransformMap& transforms);

// The columns among `columns` that `transform_of` takes with log.
template <class TransformOf>
std::vector<std::string> log_columns(const std::vector<std::string>& columns, TransformOf transform_of) {
  std::vector<std::string> out;
  for (const auto& c : columns)
    if (transform_of(c).log) out.push_back(c);
  return out;
}

}  // namespace rnnwb
