#pragma once
// The sample series embedded in the programs (resources/samples), usable as `sample:NAME`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rnnwb {

struct SampleInfo {
  std::string name;         // e.g. "sunspots"
  std::string description;  // one line for menus and --help
  std::string time_column, default_target;
  int season = 0;
  std::string series_column;  // many-series samples (long form): the column naming each row's series
};

const std::vector<SampleInfo>& sample_list();
// The CSV text of a sample, or nullopt for an unknown name.
std::optional<std::string_view> sample_csv(std::string_view name);

}  // namespace rnnwb
