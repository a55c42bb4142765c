// Predict latency (not run by ctest): the median wall time of Model::predict for 1, 16 and 256
// windows of 24 steps x 1 feature through LSTM(64) and LSTM(512) with a Dense(1) head, on 1 and
// 2 threads. Prints a Markdown table; compile it against two engines to compare them (it uses
// only predict(), whose call is the same before and after predict became const).
//   predict_latency [--runs-seconds S]   (time spent per cell, default 1)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "engine/core/rng.hpp"
#include "engine/nn/model.hpp"

namespace {

using rnnwb::Index;

struct Timing {
  double median, min;
};

Timing time_ms(rnnwb::Model<float>& model, const rnnwb::Tensor3<float>& x, int threads, double budget_s) {
  std::vector<double> ms;
  const auto begin = std::chrono::steady_clock::now();
  model.predict(x, 256, threads);  // warm-up
  while (ms.size() < 5 ||
         (ms.size() < 1000 &&
          std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count() < budget_s)) {
    const auto start = std::chrono::steady_clock::now();
    const rnnwb::Tensor3<float> y = model.predict(x, 256, threads);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (y.data.empty()) std::abort();
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms.front()};
}

}  // namespace

int main(int argc, char** argv) {
  double budget_s = 1.0;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--runs-seconds") == 0) budget_s = std::atof(argv[i + 1]);
  // The median is the figure; the minimum shows the cost without the machine's other load.
  std::printf("| model | windows | 1 thread median (min) ms | 2 threads median (min) ms |\n|---|---:|---:|---:|\n");
  for (int units : {64, 512}) {
    rnnwb::Model<float> model(1, {rnnwb::LayerSpec::lstm(units), rnnwb::LayerSpec::dense(1)}, {});
    for (Index windows : {Index(1), Index(16), Index(256)}) {
      rnnwb::Rng rng(1);
      rnnwb::Tensor3<float> x(windows, 24, 1);
      for (float& v : x.data) v = float(rng.uniform(-1.0, 1.0));
      const Timing one = time_ms(model, x, 1, budget_s), two = time_ms(model, x, 2, budget_s);
      std::printf("| LSTM(%d) | %ld | %.3f (%.3f) | %.3f (%.3f) |\n", units, long(windows), one.median, one.min,
                  two.median, two.min);
      std::fflush(stdout);
    }
  }
  return 0;
}
