#pragma once
// The engine's parallelism is all its own, with explicit thread counts: a training run uses its
// FitConfig::threads, a prediction the count its caller passes. Eigen's products never thread
// (the engine is compiled with EIGEN_DONT_PARALLELIZE), so no process-wide thread setting exists
// that one thread could change under another.
#include <algorithm>
#include <thread>

namespace rnnwb {

// How many parts a batch of `rows` sequences is split into when `threads` threads each take one
// (data parallelism: training steps, prediction): none smaller than kMinRowsPerPart, where the
// per-thread products become too thin to pay for a thread.
inline constexpr long kMinRowsPerPart = 8;
inline int batch_parts(int threads, long rows) {
  return int(std::max<long>(1, std::min<long>(threads, rows / kMinRowsPerPart)));
}

// Every core of this machine: what a prediction outside a training run uses unless told otherwise.
// One in a build without OpenMP, where the parts would only run one after another.
inline int all_threads() {
#ifdef _OPENMP
  return int(std::max(1u, std::thread::hardware_concurrency()));
#else
  return 1;
#endif
}

}  // namespace rnnwb
