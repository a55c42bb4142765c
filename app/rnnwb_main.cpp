// rnnwb: the headless command line over the engine: train, predict, evaluate, inspect, export, bench,
// and the experiments: sweep, replay, runs; and backtest.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "engine/core/cpu_check.hpp"
#include "engine/core/text.hpp"

int main(int argc, char** argv) {
  rnnwb::require_cpu_features();  // a clear message, not an illegal instruction, on an older CPU
  using namespace rnnwb::cli;
  install_interrupt_handling();  // before any other thread starts
  CLI::App app{"rnnwb: recurrent neural networks for real-valued time series"};
  app.require_subcommand(1);
  const Command commands[] = {add_train_command(app),   add_predict_command(app), add_evaluate_command(app),
                              add_inspect_command(app), add_export_command(app),  add_bench_command(app),
                              add_samples_command(app), add_sweep_command(app),   add_replay_command(app),
                              add_runs_command(app),    add_backtest_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help and its kin
    // One clear line, like every other rnnwb error.
    std::cerr << "rnnwb: usage error: " << rnnwb::terminal_safe(e.what())
              << " (rnnwb --help lists the commands; rnnwb COMMAND --help "
              << "their flags)\n";
    return kUsage;
  }
  for (const Command& c : commands)
    if (c.app->parsed()) return run_guarded(c.run);
  return kUsage;
}
