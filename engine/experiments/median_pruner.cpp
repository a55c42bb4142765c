#include "engine/experiments/median_pruner.hpp"

#include <algorithm>
#include <cmath>

namespace rnnwb {

void MedianPruner::add_history(const std::vector<EpochStats>& history) {
  std::vector<double> losses;
  for (const EpochStats& e : history) losses.push_back(e.val_loss);
  std::lock_guard lock(mutex_);
  losses_.push_back(std::move(losses));
}

double MedianPruner::median_at(int epoch) const {
  std::lock_guard lock(mutex_);
  if (epoch < 1 || losses_.size() < std::size_t(std::max(1, options_.startup_runs))) return NAN;
  std::vector<double> at;
  for (const auto& run : losses_)
    if (std::size_t(epoch) <= run.size() && std::isfinite(run[std::size_t(epoch - 1)]))
      at.push_back(run[std::size_t(epoch - 1)]);
  if (at.empty()) return NAN;
  const std::size_t mid = at.size() / 2;
  std::nth_element(at.begin(), at.begin() + std::ptrdiff_t(mid), at.end());
  if (at.size() % 2 == 1) return at[mid];
  const double upper = at[mid];
  return (*std::max_element(at.begin(), at.begin() + std::ptrdiff_t(mid)) + upper) / 2;
}

bool MedianPruner::should_prune(int epoch, double val_loss) const {
  if (epoch <= options_.warmup_epochs) return false;
  const double median = median_at(epoch);
  if (std::isnan(median)) return false;
  return !std::isfinite(val_loss) || val_loss > median;
}

}  // namespace rnnwb
