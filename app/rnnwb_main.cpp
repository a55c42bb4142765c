// rnnwb: the headless command line over the engine.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "engine/bench/benchmark.hpp"

int main(int argc, char** argv) {
  CLI::App app{"rnnwb: recurrent neural networks for real-valued time series"};
  app.require_subcommand(1);

  rnnwb::BenchOptions bench;
  CLI::App* bench_cmd = app.add_subcommand(
      "bench", "Training and inference throughput on a synthetic workload (same flags and JSON keys as "
               "shared/bench/torch_reference.py)");
  bench_cmd->add_option("--cell", bench.cell, "Recurrent cell")->check(CLI::IsMember({"lstm", "gru", "rnn"}));
  bench_cmd->add_option("--sequences", bench.sequences, "Number of sequences")->check(CLI::PositiveNumber);
  bench_cmd->add_option("--steps", bench.steps, "Time steps per sequence")->check(CLI::PositiveNumber);
  bench_cmd->add_option("--features", bench.features, "Features per step")->check(CLI::PositiveNumber);
  bench_cmd->add_option("--units", bench.units, "Units per recurrent layer")->check(CLI::PositiveNumber);
  bench_cmd->add_option("--layers", bench.layers, "Stacked recurrent layers")->check(CLI::PositiveNumber);
  bench_cmd->add_option("--batch-size", bench.batch_size, "Mini-batch size")->check(CLI::PositiveNumber);
  bench_cmd->add_option("--epochs", bench.epochs, "Timed epochs")->check(CLI::PositiveNumber);
  bench_cmd->add_option("--threads", bench.threads, "Threads")->check(CLI::PositiveNumber);
  bench_cmd->callback([&] { std::cout << rnnwb::bench_json(bench, rnnwb::run_benchmark(bench)) << std::endl; });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::cerr << "rnnwb: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
