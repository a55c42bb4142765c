#include "benchmark.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/memory.hpp"
#include "engine/export/onnx_export.hpp"
#include "engine/train/trainer.hpp"

namespace rnnwb {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double forward_flop(const BenchOptions& o) {
  const double gates = gate_count(parse_layer_kind(o.cell));
  double flop = 0, in = double(o.features);
  for (long l = 0; l < o.layers; ++l) {
    flop += 2 * gates * double(o.units) * (in + double(o.units)) * double(o.steps) * double(o.sequences);
    in = double(o.units);
  }
  return flop;
}

}  // namespace

BenchResult run_benchmark(const BenchOptions& o) {
  const LayerKind kind = parse_layer_kind(o.cell);
  if (!is_recurrent(kind)) throw ConfigError("--cell must be lstm, gru or rnn");
  if (o.sequences < 1 || o.steps < 1 || o.features < 1 || o.units < 1 || o.layers < 1 || o.batch_size < 1 ||
      o.epochs < 1 || o.threads < 1)
    throw ConfigError("every benchmark size must be at least 1");
  // The synthetic data, sized in double so that no product of the flags can overflow.
  const double data_bytes = double(o.sequences) * double(o.steps) * double(o.features) * sizeof(float);
  if (const double have = physical_memory_bytes(); have > 0 && data_bytes * 3 > have)
    throw ConfigError("the benchmark's data (--sequences x --steps x --features floats, " +
                      std::to_string(static_cast<long long>(data_bytes / 1048576)) +
                      " MiB, copied for training) does not fit in this machine's memory; use fewer sequences or steps");

  std::vector<LayerSpec> specs;
  for (long l = 0; l < o.layers; ++l) specs.push_back({kind, int(o.units), Activation::Tanh, l + 1 < o.layers, 0.0});
  specs.push_back(LayerSpec::dense(1));
  Model<float> model(o.features, specs, {InitScheme::PyTorch, 0});

  Rng rng(0);
  Dataset<float> data{Tensor3<float>(o.sequences, o.steps, o.features), Tensor3<float>(o.sequences, 1, 1)};
  for (float& v : data.x.data) v = float(rng.uniform());
  for (float& v : data.y.data) v = float(rng.uniform());

  FitConfig fc;
  fc.epochs = 1;
  fc.batch_size = o.batch_size;
  fc.optimizer = OptimizerConfig::defaults(OptimizerKind::Adam, 1e-3);
  fc.threads = o.threads;
  fc.restore_best = false;
  fit(model, data, nullptr, fc);  // warm-up, untimed
  fc.epochs = int(o.epochs);
  auto start = std::chrono::steady_clock::now();
  fit(model, data, nullptr, fc);
  const double train_s = seconds_since(start) / double(o.epochs);

  if (!o.onnx_path.empty()) write_file_atomically(o.onnx_path, onnx_network_bytes(model, o.steps));

  Tensor3<float> first(std::min<long>(256, o.sequences), o.steps, o.features);
  std::copy_n(data.x.data.begin(), first.data.size(), first.data.begin());
  model.predict(first, 256, o.threads);  // warm-up
  start = std::chrono::steady_clock::now();
  model.predict(data.x, 256, o.threads);
  const double infer_s = seconds_since(start);

  const double flop = forward_flop(o);
  return {double(o.sequences) / train_s, double(o.sequences) / infer_s, 3 * flop / train_s / 1e9, flop / infer_s / 1e9};
}

std::string bench_json(const BenchOptions& o, const BenchResult& r) {
  auto round_to = [](double v, int digits) {
    const double s = std::pow(10.0, digits);
    return std::round(v * s) / s;
  };
  nlohmann::ordered_json j = {{"engine", "rnnwb"},
                              {"cell", o.cell},
                              {"sequences", o.sequences},
                              {"steps", o.steps},
                              {"features", o.features},
                              {"units", o.units},
                              {"layers", o.layers},
                              {"batch_size", o.batch_size},
                              {"threads", o.threads},
                              {"train_seq_per_s", round_to(r.train_seq_per_s, 1)},
                              {"infer_seq_per_s", round_to(r.infer_seq_per_s, 1)},
                              {"train_gflops", round_to(r.train_gflops, 2)},
                              {"infer_gflops", round_to(r.infer_gflops, 2)}};
  return j.dump();
}

}  // namespace rnnwb
