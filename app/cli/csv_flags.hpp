#pragma once
// The CSV reading flags that every command reading a CSV shares: --ignore-columns and --decimal
// (--time-column is each command's own, as its default differs).
#include <CLI/CLI.hpp>
#include <string>

#include "engine/data/csv_loader.hpp"

namespace rnnwb::cli {

struct CsvFlags {
  std::string ignore_columns, decimal = "auto";
};

void add_csv_flags(CLI::App* command, CsvFlags& flags);

// The loader's options: `time_column` (empty: detected), the columns to ignore and the decimal
// mark. `for_model`: the data of a trained model, whose columns are all numbers, so text columns
// are left out rather than refused.
CsvOptions csv_options(const CsvFlags& flags, const std::string& time_column, bool for_model);

// One line on stderr per ignored column, with why ("text found at line 3: \"abc\"").
void report_ignored(const CsvTable& table);

}  // namespace rnnwb::cli
