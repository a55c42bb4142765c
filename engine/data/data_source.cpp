#include "engine/data/data_source.hpp"

#include <algorithm>
#include <cctype>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/core/text.hpp"
#include "engine/data/panel.hpp"
#include "engine/data/samples.hpp"
#include "engine/data/time_axis.hpp"

namespace rnnwb {

std::string file_time_column(const std::string& name) {
  for (const std::string suffix : {"+quarter", "+month"})
    if (name.size() > suffix.size()) {
      std::string tail = name.substr(name.size() - suffix.size());
      for (char& c : tail) c = char(std::tolower((unsigned char)c));
      if (tail == suffix) return name.substr(0, name.size() - suffix.size());
    }
  return name;
}

LoadedData load_data_source(const std::string& spec, const std::string& time_column, SeriesForm form) {
  CsvOptions options;
  options.time_column = time_column;
  return load_data_source_with(spec, std::move(options), std::move(form));
}

LoadedData load_data_source_with(const std::string& spec, CsvOptions options, SeriesForm form) {
  if (!form.column.empty() && !form.columns.empty())
    throw ConfigError("name the series column (long form) or the columns that are series (wide form), not both");
  options.time_column = file_time_column(options.time_column);
  const std::string time_column = options.time_column;
  LoadedData d;
  d.source = spec;
  std::string text;
  if (spec.rfind("sample:", 0) == 0) {
    const std::string name = spec.substr(7);
    const auto csv = sample_csv(name);
    const auto& list = sample_list();
    const auto info = std::find_if(list.begin(), list.end(), [&](const SampleInfo& s) { return s.name == name; });
    if (!csv || info == list.end()) {
      std::string names;
      for (const auto& s : list) names += (names.empty() ? "" : ", ") + s.name;
      throw DataError("no sample named " + quote(name) + ": the samples are " + names);
    }
    text.assign(csv->begin(), csv->end());
    if (time_column.empty() && !options.no_time_column) options.time_column = info->time_column;
    if (form.empty()) form.column = info->series_column;
    d.default_target = info->default_target;
    d.season = info->season;
  } else {
    try {
      text = read_file(spec, kCsvMaxFileBytes);
    } catch (const FileError& e) {
      throw DataError(e.message);
    }
  }
  options.series_column = form.column;
  d.table = parse_csv(text, options, spec);
  join_year_and_period(d.table.series);  // year + quarter columns: one time axis, 1959Q1
  if (!form.columns.empty()) columns_to_series(d.table, form.columns);
  d.form = form;
  d.sha256 = sha256_hex(text);
  return d;
}

}  // namespace rnnwb
