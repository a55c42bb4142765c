// Conformal half widths with the finite-sample correction, level parsing, and seed lists.
#include "engine/data/intervals.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "engine/core/error.hpp"
#include "engine/core/seed_list.hpp"

namespace rnnwb {

TEST(Intervals, QuantileIsTheCorrectedOrderStatistic) {
  // 19 residuals 1..19: for 0.9, k = ceil(20 * 0.9) = 18 -> the 18th smallest, 18.
  std::vector<double> r;
  for (int i = 19; i >= 1; --i) r.push_back(i % 2 ? double(i) : -double(i));
  EXPECT_DOUBLE_EQ(conformal_quantile(r, 0.9), 18.0);
  // 0.5: k = ceil(10) = 10.
  EXPECT_DOUBLE_EQ(conformal_quantile(r, 0.5), 10.0);
  // 0.96: k = ceil(19.2) = 20 > 19 residuals: no finite band.
  EXPECT_TRUE(std::isinf(conformal_quantile(r, 0.96)));
  EXPECT_TRUE(std::isinf(conformal_quantile({}, 0.5)));
  r.push_back(NAN);  // ignored
  EXPECT_DOUBLE_EQ(conformal_quantile(r, 0.9), 18.0);
}

TEST(Intervals, CoverageOfGaussianNoiseMatchesTheLevel) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0.0, 2.0);
  Tensor3<double> calib_a(500, 1, 1), calib_p(500, 1, 1), test_a(1000, 1, 1), test_p(1000, 1, 1);
  for (auto& v : calib_a.data) v = noise(rng);
  for (auto& v : test_a.data) v = noise(rng);
  StepResiduals residuals;
  add_residuals(residuals, calib_a, calib_p);
  const PredictionIntervals pi = conformal_intervals(residuals, {}, {0.8, 0.95}, "validation");
  ASSERT_EQ(pi.levels.size(), 2u);
  EXPECT_EQ(pi.direct_counts[0][0], 500u);
  // The half width estimates the normal quantile 1.96 * 2 for 0.95.
  EXPECT_NEAR(pi.levels[1].direct[0][0], 1.959964 * 2, 0.35);
  for (const IntervalLevel& level : pi.levels) {
    const IntervalCoverage c = interval_coverage(test_a, test_p, level);
    EXPECT_EQ(c.count, 1000u);
    EXPECT_NEAR(c.empirical, level.coverage, 0.035) << level.coverage;
    EXPECT_NEAR(c.mean_width, 2 * level.direct[0][0], 1e-9);
  }
}

TEST(Intervals, LevelsParseAndName) {
  EXPECT_EQ(parse_interval_levels("0.95,0.8,0.8"), (std::vector<double>{0.8, 0.95}));
  EXPECT_TRUE(parse_interval_levels("none").empty());
  EXPECT_THROW(parse_interval_levels("80"), ConfigError);
  EXPECT_THROW(parse_interval_levels("0.8,"), ConfigError);
  EXPECT_EQ(level_label(0.8), "80");
  EXPECT_EQ(level_label(0.975), "97.5");
}

TEST(SeedList, RangesAndLists) {
  EXPECT_EQ(parse_seed_list("1-5"), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(parse_seed_list("1-3,7,2"), (std::vector<std::uint64_t>{1, 2, 3, 7}));
  EXPECT_THROW(parse_seed_list("5-1"), ConfigError);
  EXPECT_THROW(parse_seed_list("a"), ConfigError);
  EXPECT_THROW(parse_seed_list("1-1000"), ConfigError);
  EXPECT_THROW(parse_seed_list(""), ConfigError);
}

}  // namespace rnnwb
