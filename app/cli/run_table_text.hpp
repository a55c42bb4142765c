#pragma once
// The engine's run table (engine/experiments/run_table.hpp) as aligned text for the terminal:
// the best run marked "*", the columns that tell runs apart (settings that differ, metrics).
#include <string>
#include <vector>

#include "engine/experiments/run_table.hpp"

namespace rnnwb::cli {

// The rows given, in that order: id, name (when any run has one), end, the settings that differ,
// the main metrics (best validation loss, epochs, two test metrics, the baselines, seconds).
// Every setting and metric with `all_settings`.
std::string run_table_text(const RunTable& table, const std::vector<std::size_t>& rows, bool all_settings = false);

// The column named `name` (ConfigError naming the columns there are when none).
int run_table_column(const RunTable& table, const std::string& name, const std::string& flag);

}  // namespace rnnwb::cli
