#pragma once
// A multi-seed check: the same settings trained once per seed, the spread of their test error, and
// the run to keep (the lowest validation loss: the test rows must not choose the model). Both the
// command line (`rnnwb train --seeds 1-5`) and the workbench's seed check word what this finds.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rnnwb {

struct SeedOutcome {
  std::uint64_t seed = 0;
  double validation_loss = 0;   // the best epoch's (NaN without validation rows)
  double test_rmse = 0;         // NaN when there are no test rows
  double persistence_rmse = 0;  // on the same test rows (NaN when not known)
};

struct SeedSpread {
  std::vector<SeedOutcome> runs;  // in the order trained
  std::size_t best = 0;           // index of the lowest validation loss (the first seed without validation)
  double min_rmse = 0, median_rmse = 0, max_rmse = 0;
  double spread = 0;  // max / min - 1 of the test RMSE
  std::size_t worse_than_persistence = 0;
  // Plain words: how much the seed decides, and how many seeds lose to persistence.
  std::string verdict;
};

// A run's outcome from its metrics JSON (evaluation.hpp's to_json: "test" and the persistence
// baseline's, or for a sequence dataset the mean baseline's) and its best validation loss.
SeedOutcome seed_outcome(std::uint64_t seed, double validation_loss, const nlohmann::json& metrics);

// The spread of the given runs; throws ConfigError when there are none.
SeedSpread seed_spread(std::vector<SeedOutcome> runs);

// A spread of the test RMSE above this is called the seed deciding (the 5% target).
inline constexpr double kSeedSpreadTolerance = 0.05;

}  // namespace rnnwb
