#pragma once
// The throughput benchmark behind `rnnwb bench`: the same workload, flags and JSON keys as
// shared/bench/torch_reference.py, so the two run side by side and compare as a ratio.
#include <string>

namespace rnnwb {

struct BenchOptions {
  std::string cell = "lstm";  // lstm, gru, rnn
  long sequences = 4096, steps = 50, features = 3, units = 64, layers = 1, batch_size = 32, epochs = 2;
  int threads = 2;
  std::string onnx_path;  // when set, the trained network is also written there as ONNX (network only)
};

struct BenchResult {
  double train_seq_per_s = 0, infer_seq_per_s = 0, train_gflops = 0, infer_gflops = 0;
};

BenchResult run_benchmark(const BenchOptions& options);
// One JSON line with the reference script's keys.
std::string bench_json(const BenchOptions& options, const BenchResult& result);

}  // namespace rnnwb
