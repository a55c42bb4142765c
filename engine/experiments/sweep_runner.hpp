#pragma once
// Runs a sweep's configurations into a runs folder, several at once: each a run from its settings
// alone (execute_run), appended as it finishes. A configuration that cannot train (ConfigError,
// DataError, ModelError) becomes a failed record with its message, and the sweep goes on. A stop
// ends the runs under way at once (they are not recorded) and starts no more; finished runs stay.
#include <functional>
#include <string>
#include <vector>

#include "engine/experiments/median_pruner.hpp"
#include "engine/experiments/runs_folder.hpp"
#include "engine/experiments/sweep_space.hpp"
#include "engine/train/training_control.hpp"

namespace rnnwb {

// One configuration of a sweep: its point and the settings there (settings_at).
struct SweepJob {
  SweepPoint point;
  Session settings;
};

// What identifies a sweep: the SHA-256 (first 16 hex digits) of its base settings and how its
// points are drawn (the axes' texts, and the count and seed of a random search). The same
// arguments give the same key, so a resumed sweep finds its runs.
std::string sweep_key(const Session& base, const std::vector<std::string>& axes, std::size_t random_count,
                      std::uint64_t search_seed);

struct SweepOptions {
  int jobs = 1;                           // configurations at once
  std::string key;                        // recorded as each run's `sweep`
  MedianPruner* pruner = nullptr;         // median pruning when set; every finished run is added to it
  const TrainingControl* stop = nullptr;  // a stop ends the sweep (may be null)
  // Called for each run recorded, one call at a time, in the order they finish.
  std::function<void(const RunRecord&, const SweepJob&)> finished;
};

// Runs every job (in order, `jobs` at a time) and appends each to the folder. Returns how many were
// recorded (fewer than jobs.size() only when stopped).
std::size_t run_sweep(const RunsFolder& folder, const std::vector<SweepJob>& jobs, const SweepOptions& options);

}  // namespace rnnwb
