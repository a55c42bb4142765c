#pragma once
// Sets the number of threads Eigen's matrix products may use for the lifetime of the scope.
#include <Eigen/Core>

#include <algorithm>

namespace rnnwb {

class ThreadScope {
 public:
  explicit ThreadScope(int threads) : previous_(Eigen::nbThreads()) { Eigen::setNbThreads(threads > 0 ? threads : 1); }
  ~ThreadScope() { Eigen::setNbThreads(previous_); }
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;

 private:
  int previous_;
};

// How many parts a batch of `rows` sequences is split into when `threads` threads each take one
// (data parallelism: training steps, prediction): none smaller than kMinRowsPerPart, where the
// per-thread products become too thin to pay for a thread.
inline constexpr long kMinRowsPerPart = 8;
inline int batch_parts(int threads, long rows) {
  return int(std::max<long>(1, std::min<long>(threads, rows / kMinRowsPerPart)));
}

}  // namespace rnnwb
