// Padding overhead (not run by ctest): training and inference time on N sequences of T steps
// padded to 50% (lengths uniform in 1..T, padding after or before the valid steps), against the
// same sequences with their padding run as real steps (the cost of a padded tensor read
// naively: every sequence T steps), and against the ideal (the same number of valid steps as
// sequences all of the mean length, no padding). Prints one JSON line with the ratios.
//   padding_overhead [--sequences N] [--steps T] [--units H] [--epochs E]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <string>

#include "engine/core/rng.hpp"
#include "engine/train/trainer.hpp"

namespace {

using rnnwb::Index;

double seconds(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Timing {
  double train_s, predict_s;
};

Timing run(const rnnwb::Dataset<float>& data, int units, int epochs) {
  rnnwb::Model<float> model(data.x.features, {rnnwb::LayerSpec::lstm(units), rnnwb::LayerSpec::dense(1)});
  rnnwb::FitConfig config;
  config.epochs = epochs;
  config.batch_size = 32;
  Timing t{};
  t.train_s = seconds([&] { rnnwb::fit(model, data, nullptr, config); });
  t.predict_s = seconds([&] { model.predict(data.x, 256, 1); });
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  Index n = 2048, steps = 50;
  int units = 64, epochs = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    const long v = std::strtol(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--sequences")) n = v;
    if (!std::strcmp(argv[i], "--steps")) steps = v;
    if (!std::strcmp(argv[i], "--units")) units = int(v);
    if (!std::strcmp(argv[i], "--epochs")) epochs = int(v);
  }
  const Index features = 3;
  rnnwb::Rng rng(1);
  rnnwb::Dataset<float> padded{rnnwb::Tensor3<float>(n, steps, features), rnnwb::Tensor3<float>(n, 1, 1)};
  rnnwb::Dataset<float> naive = padded;
  Index valid = 0;
  for (Index b = 0; b < n; ++b) {
    const Index len = 1 + Index(rng.uniform() * double(steps - 1) + 0.5), first = b % 2 ? steps - len : 0;
    valid += len;
    for (Index t = 0; t < steps; ++t)
      for (Index f = 0; f < features; ++f) {
        const bool in = t >= first && t < first + len;
        const float v = float(rng.normal());
        padded.x(b, t, f) = in ? v : std::numeric_limits<float>::quiet_NaN();
        naive.x(b, t, f) = in ? v : 0.0f;  // padding read as real (zero) steps
      }
    padded.y(b, 0, 0) = naive.y(b, 0, 0) = float(rng.normal());
  }
  const Index mean_length = std::max<Index>(1, Index(std::lround(double(valid) / double(n))));
  rnnwb::Dataset<float> ideal{rnnwb::Tensor3<float>(n, mean_length, features), padded.y};
  for (float& v : ideal.x.data) v = float(rng.normal());
  const Timing p = run(padded, units, epochs), z = run(naive, units, epochs), i = run(ideal, units, epochs);
  std::printf(
      "{\"sequences\": %lld, \"steps\": %lld, \"padding_fraction\": %.3f, \"units\": %d, \"epochs\": %d, "
      "\"train_s\": {\"packed\": %.3f, \"padding_as_steps\": %.3f, \"no_padding_mean_length\": %.3f}, "
      "\"predict_s\": {\"packed\": %.4f, \"padding_as_steps\": %.4f, \"no_padding_mean_length\": %.4f}, "
      "\"train_overhead_vs_no_padding\": %.3f, \"train_speedup_vs_padding_as_steps\": %.3f, "
      "\"predict_overhead_vs_no_padding\": %.3f}\n",
      static_cast<long long>(n), static_cast<long long>(steps), 1.0 - double(valid) / double(n * steps), units, epochs,
      p.train_s, z.train_s, i.train_s, p.predict_s, z.predict_s, i.predict_s, p.train_s / i.train_s,
      z.train_s / p.train_s, p.predict_s / i.predict_s);
}
