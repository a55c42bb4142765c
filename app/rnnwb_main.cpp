// rnnwb: the headless command line over the engine: train, predict, evaluate, inspect, export, bench.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"

int main(int argc, char** argv) {
  using namespace rnnwb::cli;
  install_interrupt_handling();  // before any other thread starts
  CLI::App app{"rnnwb: recurrent neural networks for real-valued time series"};
  app.require_subcommand(1);
  const Command commands[] = {add_train_command(app),   add_predict_command(app), add_evaluate_command(app),
                              add_inspect_command(app), add_export_command(app),  add_bench_command(app),
                              add_samples_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help or the error
    return code == 0 ? kOk : kUsage;
  }
  for (const Command& c : commands)
    if (c.app->parsed()) return run_guarded(c.run);
  return kUsage;
}
