// The multi-seed check's summary: which run is kept, the spread, and its verdict; and the default
// initialisation (PyTorch's, chosen for small series; Keras' stays an option).
#include "engine/workflow/seed_spread.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/nn/init.hpp"

namespace rnnwb {

TEST(SeedSpread, KeepsTheLowestValidationLossNotTheLowestTestError) {
  // The Keras lottery: seed 5 has the lowest validation loss and the worst test RMSE.
  const SeedSpread s = seed_spread({{1, 0.25, 186.9, 158.6},
                                    {2, 0.36, 127.4, 158.6},
                                    {3, 0.26, 159.6, 158.6},
                                    {4, 0.35, 125.6, 158.6},
                                    {5, 0.21, 223.3, 158.6}});
  EXPECT_EQ(s.best, 4u);
  EXPECT_DOUBLE_EQ(s.min_rmse, 125.6);
  EXPECT_DOUBLE_EQ(s.median_rmse, 159.6);
  EXPECT_DOUBLE_EQ(s.max_rmse, 223.3);
  EXPECT_NEAR(s.spread, 223.3 / 125.6 - 1, 1e-12);
  EXPECT_EQ(s.worse_than_persistence, 3u);
  EXPECT_NE(s.verdict.find("the seed decides"), std::string::npos) << s.verdict;
  EXPECT_NE(s.verdict.find("3 of 5 seeds are worse than persistence"), std::string::npos) << s.verdict;
}

TEST(SeedSpread, TightRunsAndMissingFigures) {
  const SeedSpread tight = seed_spread({{1, NAN, 124.2, NAN}, {2, 0.3, 124.6, NAN}});
  EXPECT_EQ(tight.best, 1u);  // the first run with a validation loss
  EXPECT_DOUBLE_EQ(tight.median_rmse, (124.2 + 124.6) / 2);
  EXPECT_NE(tight.verdict.find("the seed hardly matters"), std::string::npos) << tight.verdict;
  EXPECT_EQ(tight.verdict.find("persistence"), std::string::npos);
  EXPECT_THROW(seed_spread({}), ConfigError);
}

TEST(SeedSpread, OutcomeFromMetricsJson) {
  const nlohmann::json metrics = {{"test", {{"rmse", 12.5}, {"count", 10}}},
                                  {"baselines", {{"persistence", {{"test", {{"rmse", 14.0}, {"count", 10}}}}}}}};
  const SeedOutcome o = seed_outcome(7, 0.5, metrics);
  EXPECT_EQ(o.seed, 7u);
  EXPECT_DOUBLE_EQ(o.test_rmse, 12.5);
  EXPECT_DOUBLE_EQ(o.persistence_rmse, 14.0);
  EXPECT_TRUE(std::isnan(seed_outcome(1, 0.5, nlohmann::json::object()).test_rmse));
}

TEST(SeedSpread, PyTorchInitialisationIsTheDefault) { EXPECT_EQ(InitOptions{}.scheme, InitScheme::PyTorch); }

}  // namespace rnnwb
