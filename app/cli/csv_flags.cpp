#include "app/cli/csv_flags.hpp"

#include <iostream>

#include "app/cli/cli_common.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace rnnwb::cli {

void add_csv_flags(CLI::App* c, CsvFlags& f) {
  c->add_option("--ignore-columns", f.ignore_columns,
                "CSV columns to leave out, comma-separated names or numbers from 1 (e.g. a text column)");
  c->add_option("--decimal", f.decimal,
                "The CSV's decimal mark: auto (the default: a comma in a ; or tab file whose numbers use it), "
                "point or comma (1.234,5 with a point grouping thousands)")
      ->check(CLI::IsMember({"auto", "point", "comma"}));
}

CsvOptions csv_options(const CsvFlags& f, const std::string& time_column, bool for_model) {
  CsvOptions o;
  o.time_column = time_column;
  o.ignore_columns = split_list(f.ignore_columns);
  if (!f.ignore_columns.empty() && o.ignore_columns.empty())
    throw ConfigError("--ignore-columns needs column names or numbers, e.g. --ignore-columns city,notes");
  o.ignore_text_columns = for_model;
  o.decimal = f.decimal == "comma" ? ',' : f.decimal == "point" ? '.' : 0;
  return o;
}

void report_ignored(const CsvTable& table) {
  for (const auto& c : table.ignored)
    std::cerr << "data: column " << quote(c.name) << " left out (" << ignored_reason(c) << ")\n";
}

}  // namespace rnnwb::cli
