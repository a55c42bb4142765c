#pragma once
// Median pruning, as Optuna's MedianPruner: a run whose validation loss at epoch k is worse than
// the median of the earlier runs' validation losses at epoch k is stopped, once enough runs have
// finished (startup) and past the first epochs (warmup). Safe to share between parallel runs.
#include <mutex>
#include <vector>

#include "engine/train/trainer.hpp"

namespace rnnwb {

struct PruneOptions {
  int startup_runs = 3;   // runs that must have finished before any run is pruned
  int warmup_epochs = 1;  // no run is pruned at epochs 1 .. warmup_epochs
};

class MedianPruner {
 public:
  explicit MedianPruner(PruneOptions options = {}) : options_(options) {}
  // A finished run's history (a pruned run's too: it reached its epochs). Any thread.
  void add_history(const std::vector<EpochStats>& history);
  // Whether a run at `epoch` (1-based) with this validation loss should stop. A loss that is not
  // finite is worse than any median. Never prunes when the earlier runs have no validation loss
  // at that epoch.
  bool should_prune(int epoch, double val_loss) const;
  // The median the rule compares against (NaN: none yet), for messages.
  double median_at(int epoch) const;
  const PruneOptions& options() const { return options_; }

 private:
  PruneOptions options_;
  mutable std::mutex mutex_;
  std::vector<std::vector<double>> losses_;  // per finished run: validation loss per epoch
};

}  // namespace rnnwb
