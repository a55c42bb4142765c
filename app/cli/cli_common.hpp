#pragma once
// What the rnnwb subcommands share: exit codes, turning exceptions into one clear line on
// stderr, loading data (a CSV path or sample:NAME), and printing metric tables.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "engine/data/csv_loader.hpp"
#include "engine/workflow/evaluation.hpp"

namespace rnnwb::cli {

enum ExitCode { kOk = 0, kUsage = 2, kData = 3, kDiverged = 4, kModelFile = 5, kInternal = 1 };

struct Command {
  CLI::App* app;
  std::function<int()> run;
};

// Runs a command, mapping the engine's exceptions to exit codes with one line on stderr.
int run_guarded(const std::function<int()>& command);

struct LoadedData {
  CsvTable table;
  std::string sha256;  // of the file's bytes
  std::string source;  // the path, or sample:NAME
};
// `spec` is a CSV path or sample:NAME (sunspots, macrodata, elec_equip).
LoadedData load_data(const std::string& spec, const std::string& time_column);

// "a,b,c" -> {"a","b","c"}
std::vector<std::string> split_list(const std::string& text);

// A table of the model's metrics beside the baselines, one row per split.
std::string metrics_table(const Evaluation& e);

void write_text(const std::string& path, const std::string& text);

}  // namespace rnnwb::cli
