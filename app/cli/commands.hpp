#pragma once
// The rnnwb subcommands; each registers its flags on the root app and returns what to run.
#include "cli_common.hpp"

namespace rnnwb::cli {

Command add_train_command(CLI::App& root);
Command add_predict_command(CLI::App& root);
Command add_evaluate_command(CLI::App& root);
Command add_inspect_command(CLI::App& root);
Command add_export_command(CLI::App& root);
Command add_bench_command(CLI::App& root);
Command add_samples_command(CLI::App& root);
Command add_sweep_command(CLI::App& root);
Command add_replay_command(CLI::App& root);
Command add_runs_command(CLI::App& root);
Command add_backtest_command(CLI::App& root);

}  // namespace rnnwb::cli
