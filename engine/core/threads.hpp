#pragma once
// Sets the number of threads Eigen's matrix products may use for the lifetime of the scope.
#include <Eigen/Core>

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

}  // namespace rnnwb
