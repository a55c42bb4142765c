// rnnwb bench: throughput on the reference workload (same flags and keys as torch_reference.py).
#include <iostream>

#include "commands.hpp"
#include "engine/bench/benchmark.hpp"
#include "engine/data/samples.hpp"

namespace rnnwb::cli {

Command add_bench_command(CLI::App& root) {
  auto b = std::make_shared<BenchOptions>();
  CLI::App* c =
      root.add_subcommand("bench",
                          "Training and inference throughput on a synthetic workload (same flags and JSON keys as "
                          "shared/bench/torch_reference.py)");
  c->add_option("--cell", b->cell, "Recurrent cell")->check(CLI::IsMember({"lstm", "gru", "rnn"}));
  c->add_option("--sequences", b->sequences, "Number of sequences")->check(CLI::PositiveNumber);
  c->add_option("--steps", b->steps, "Time steps per sequence")->check(CLI::PositiveNumber);
  c->add_option("--features", b->features, "Features per step")->check(CLI::PositiveNumber);
  c->add_option("--units", b->units, "Units per recurrent layer")->check(CLI::PositiveNumber);
  c->add_option("--layers", b->layers, "Stacked recurrent layers")->check(CLI::PositiveNumber);
  c->add_option("--batch-size", b->batch_size, "Mini-batch size")->check(CLI::PositiveNumber);
  c->add_option("--epochs", b->epochs, "Timed epochs")->check(CLI::PositiveNumber);
  c->add_option("--threads", b->threads, "Threads")->check(CLI::PositiveNumber);
  c->add_option("--onnx", b->onnx_path,
                "Also write the trained network as ONNX (x (N, steps, features) -> y (N, 1, 1), no transforms), "
                "to time ONNX Runtime on the same model (tests/bench/compare.sh)");
  return {c, [b] {
            std::cout << bench_json(*b, run_benchmark(*b)) << std::endl;
            return kOk;
          }};
}

Command add_samples_command(CLI::App& root) {
  CLI::App* c = root.add_subcommand("samples", "List the embedded sample series (use them as --data sample:NAME)");
  return {c, [] {
            for (const SampleInfo& s : sample_list())
              std::cout << "sample:" << s.name << "  " << s.description << " (target " << s.default_target
                        << (s.season ? ", season " + std::to_string(s.season) : "") << ")\n";
            return kOk;
          }};
}

}  // namespace rnnwb::cli
