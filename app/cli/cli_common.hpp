#pragma once
// What the rnnwb subcommands share: exit codes, turning exceptions into one clear line on
// stderr, parsing flags, refusing outputs over inputs, and printing metric tables.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "engine/data/data_source.hpp"
#include "engine/workflow/evaluation.hpp"

namespace rnnwb::cli {

// kReplayDiffers: `rnnwb replay` trained again and the loss history was not bit-identical.
enum ExitCode { kOk = 0, kUsage = 2, kData = 3, kDiverged = 4, kModelFile = 5, kReplayDiffers = 6, kInternal = 1 };

struct Command {
  CLI::App* app;
  std::function<int()> run;
};

// Runs a command, mapping the engine's exceptions to exit codes with one line on stderr.
int run_guarded(const std::function<int()>& command);

// "a,b,c" -> {"a","b","c"}
std::vector<std::string> split_list(const std::string& text);
// "64,32" -> {64, 32}: each item a whole number in [lo, hi], the whole item (no "4abc");
// ConfigError naming `flag` otherwise.
std::vector<int> int_list(const std::string& text, const std::string& flag, int lo, int hi);

// A CLI11 check: a whole number in [lo, hi], said in those words (CLI11's own range checks print
// the type's whole range, 300 digits for a double).
CLI::Validator whole_number_in(long long lo, long long hi);
// A number in [lo, hi] (finite).
CLI::Validator number_in(double lo, double hi);

// An output path must not be an input path (or another output) of the same command: compared as
// files (device and inode, through links) where they exist, else as resolved paths. Each pair is
// {flag, path}; an empty path is not given. Throws ConfigError (exit 2) naming both flags.
using FlagPath = std::pair<std::string, std::string>;
void refuse_output_over_input(const std::vector<FlagPath>& outputs, const std::vector<FlagPath>& inputs);

// A table of the model's metrics beside the baselines, one row per split; with many series, then
// series_summary(); with several targets of a sequence dataset, then each target's own table.
std::string metrics_table(const Evaluation& e);
// One plain-words line per interval level: "80% band: 79.1% of test values inside, mean width 23.4".
std::string interval_lines(const std::vector<IntervalCoverage>& coverage, const std::string& method);
// Many series: on how many the model beats persistence, and the worst ten by RMSE ratio.
std::string series_summary(const Evaluation& e);

void write_text(const std::string& path, const std::string& text);

}  // namespace rnnwb::cli
