// Monte Carlo dropout (workflow/mc_dropout): passes differ, their mean is near the deterministic
// prediction, a seed reproduces them, the quantile bands and their coverage, and a model without
// dropout is refused.
#include "engine/workflow/mc_dropout.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "engine/core/error.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb {
namespace {

Series noisy_sine(std::size_t n) {
  std::mt19937_64 rng(9);
  std::normal_distribution<double> noise(0.0, 0.2);
  Series s;
  s.names = {"x"};
  s.columns.resize(1);
  for (std::size_t i = 0; i < n; ++i) s.columns[0].push_back(5 + std::sin(0.4 * double(i)) + noise(rng));
  return s;
}

TrainedModel trained(double dropout) {
  TrainRequest r;
  r.pipeline.targets = {"x"};
  r.pipeline.window = 6;
  r.layers = recurrent_stack(LayerKind::GRU, {8}, dropout);
  r.fit.epochs = 4;
  r.fit.threads = 1;
  r.fit.seed = 1;
  r.data_source = "sine.csv";
  return train_model(noisy_sine(300), r).trained;
}

TEST(McDropout, PassesDifferTheirMeanIsThePredictionAndASeedRepeatsThem) {
  const TrainedModel m = trained(0.3);
  const Series s = noisy_sine(300);
  const std::vector<std::size_t> rows = split_rows(s, m.pipeline).test;
  const Tensor3<double> raw = raw_windows(s, m.pipeline, rows);
  ModelWorkspace<float> ws(5);
  const Tensor3<double> a = sampled_prediction(m, raw, {}, ws), b = sampled_prediction(m, raw, {}, ws);
  double differ = 0;
  for (std::size_t i = 0; i < a.data.size(); ++i) differ += std::abs(a.data[i] - b.data[i]);
  EXPECT_GT(differ / double(a.data.size()), 1e-4);

  const SampledBands bands = mc_dropout_bands(m, raw, {}, 200, 7, {0.8, 0.95});
  const Tensor3<double> exact = predict_windows(m, raw, 1);
  // Inverted dropout keeps the expected activations: the mean of 200 passes lies near the
  // deterministic prediction (well inside the band's half width).
  double gap = 0, half = 0;
  for (std::size_t i = 0; i < exact.data.size(); ++i) {
    gap += std::abs(bands.mean.data[i] - exact.data[i]);
    half += (bands.upper[0].data[i] - bands.lower[0].data[i]) / 2;
    EXPECT_LE(bands.lower[1].data[i], bands.lower[0].data[i]);
    EXPECT_GE(bands.upper[1].data[i], bands.upper[0].data[i]);
  }
  EXPECT_GT(half, 0);
  EXPECT_LT(gap, 0.5 * half);
  const SampledBands again = mc_dropout_bands(m, raw, {}, 200, 7, {0.8, 0.95});
  EXPECT_EQ(again.lower[0].data, bands.lower[0].data);
  EXPECT_NE(mc_dropout_bands(m, raw, {}, 200, 8, {0.8}).lower[0].data, bands.lower[0].data);
  const std::vector<IntervalCoverage> c = mc_dropout_coverage(m, s, 50, 7, {0.8});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].count, rows.size());
  EXPECT_GT(c[0].mean_width, 0);
}

TEST(McDropout, BandsAreTheSampledQuantilesAndCoverageCountsInsideValues) {
  // Coverage of known bands: 3 of 4 values inside, widths 2, 2, 4, 4.
  Tensor3<double> actual(4, 1, 1), lower(4, 1, 1), upper(4, 1, 1);
  actual.data = {0, 1, 5, -3};
  lower.data = {-1, 0, 3, -2};
  upper.data = {1, 2, 7, 2};
  const IntervalCoverage c = band_coverage(actual, lower, upper, 0.8);
  EXPECT_DOUBLE_EQ(c.empirical, 0.75);
  EXPECT_DOUBLE_EQ(c.mean_width, 3.0);
}

TEST(McDropout, AModelWithoutDropoutIsRefused) {
  const TrainedModel m = trained(0.0);
  EXPECT_FALSE(has_dropout(m.model));
  EXPECT_THROW(check_mc_dropout(m, 100), ConfigError);
  EXPECT_THROW(check_mc_dropout(trained(0.3), 1), ConfigError);
}

}  // namespace
}  // namespace rnnwb
