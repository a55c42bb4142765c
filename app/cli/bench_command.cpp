// rnnwb bench: throughput on the reference workload (same flags and keys as torch_reference.py).
#include <iostream>

#include "benchmark.hpp"
#include "commands.hpp"
#include "engine/core/atomic_write.hpp"
#include "engine/core/limits.hpp"
#include "engine/data/samples.hpp"

namespace rnnwb::cli {

Command add_bench_command(CLI::App& root) {
  auto b = std::make_shared<BenchOptions>();
  CLI::App* c =
      root.add_subcommand("bench",
                          "Training and inference throughput on a synthetic workload (same flags and JSON keys as "
                          "shared/bench/torch_reference.py)");
  c->add_option("--cell", b->cell, "Recurrent cell")->check(CLI::IsMember({"lstm", "gru", "rnn"}));
  c->add_option("--sequences", b->sequences, "Number of sequences")->check(whole_number_in(1, 10000000));
  c->add_option("--steps", b->steps, "Time steps per sequence")->check(whole_number_in(1, limits::kMaxWindow));
  c->add_option("--features", b->features, "Features per step")->check(whole_number_in(1, limits::kMaxFeatures));
  c->add_option("--units", b->units, "Units per recurrent layer")->check(whole_number_in(1, limits::kMaxUnits));
  c->add_option("--layers", b->layers, "Stacked recurrent layers")->check(whole_number_in(1, limits::kMaxLayers - 1));
  c->add_option("--batch-size", b->batch_size, "Mini-batch size")->check(whole_number_in(1, limits::kMaxBatch));
  c->add_option("--epochs", b->epochs, "Timed epochs")->check(whole_number_in(1, 1000000));
  c->add_option("--threads", b->threads, "Threads")->check(whole_number_in(1, limits::kMaxThreads));
  c->add_option("--onnx", b->onnx_path,
                "Also write the trained network as ONNX (x (N, steps, features) -> y (N, 1, 1), no transforms), "
                "to time ONNX Runtime on the same model (tests/bench/compare.sh)");
  return {c, [b] {
            if (!b->onnx_path.empty()) check_writable_path(b->onnx_path, "the ONNX file");
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
