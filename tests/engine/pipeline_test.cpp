// The data pipeline: splits, window indices, transforms fitted on training rows only and their
// exact inverses, warnings, and metrics against hand-computed values.
#include "engine/data/pipeline.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "app/cli/cli_wording.hpp"
#include "engine/core/error.hpp"
#include "engine/data/metrics.hpp"

namespace rnnwb {
namespace {

// fit_pipeline with its warnings as the command line words them.
Pipeline fit_worded(const Series& s, const PipelineConfig& c, std::vector<std::string>& warnings) {
  std::vector<Message> messages;
  Pipeline p = fit_pipeline(s, c, &messages);
  for (const Message& m : messages) warnings.push_back(cli::cli_words(m));
  return p;
}

Series one_column(std::vector<double> v, const std::string& name = "x") {
  Series s;
  s.names = {name};
  s.columns = {std::move(v)};
  return s;
}

std::vector<double> iota_values(std::size_t n, double start = 0) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = start + double(i);
  return v;
}

PipelineConfig config(Index window, Index horizon = 1, Scaler scaler = Scaler::None) {
  PipelineConfig c;
  c.targets = {"x"};
  c.window = window;
  c.horizon = horizon;
  c.default_transform.scaler = scaler;
  return c;
}

TEST(Split, BoundsAreFloorsOfTheFractions) {
  const SplitBounds b = split_bounds(100, {0.7, 0.15, 0.15});
  EXPECT_EQ(b.train_end, 70u);
  EXPECT_EQ(b.validation_end, 85u);
  const SplitBounds c = split_bounds(10, {0.7, 0.15, 0.15});
  EXPECT_EQ(c.train_end, 7u);
  EXPECT_EQ(c.validation_end, 8u);
  EXPECT_EQ(c.of(6), Split::Train);
  EXPECT_EQ(c.of(7), Split::Validation);
  EXPECT_EQ(c.of(8), Split::Test);
}

TEST(Split, ParsingChecksTheFractions) {
  const SplitFractions f = parse_split("0.8,0.1,0.1");
  EXPECT_DOUBLE_EQ(f.train, 0.8);
  EXPECT_THROW(parse_split("0.8,0.1"), ConfigError);
  EXPECT_THROW(parse_split("0.8,0.3,0.1"), ConfigError);
  EXPECT_THROW(parse_split("a,b,c"), ConfigError);
  EXPECT_THROW(parse_split("0,0.5,0.5"), ConfigError);
}

TEST(Windows, InputIsTheWindowBeforeTheTargetRows) {
  const Series s = one_column(iota_values(20));
  const Pipeline p = fit_pipeline(s, config(3, 2), nullptr);
  const auto rows = window_rows(s, p, true);
  ASSERT_EQ(rows.front(), 3u);
  ASSERT_EQ(rows.back(), 18u);  // targets 18, 19
  const Tensor3<double> raw = raw_windows(s, p, {5});
  EXPECT_EQ(raw.data, (std::vector<double>{2, 3, 4}));
  const Tensor3<float> y = encode_targets(s, p, {5});
  EXPECT_EQ(y.data, (std::vector<float>{5, 6}));
  EXPECT_EQ(window_rows(s, p, false).back(), 20u);  // the window right after the end, for forecasts
}

TEST(Windows, EachSplitHoldsWindowsWhoseTargetsAllLieInIt) {
  const Series s = one_column(iota_values(20));
  const SplitRows r = split_rows(s, fit_pipeline(s, config(3, 2), nullptr));
  // n = 20: train targets < 14, validation < 17. Windows straddling a boundary belong to neither.
  EXPECT_EQ(r.train, (std::vector<std::size_t>{3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  EXPECT_EQ(r.validation, (std::vector<std::size_t>{14, 15}));
  EXPECT_EQ(r.test, (std::vector<std::size_t>{17, 18}));
}

TEST(Windows, TooFewRowsSaysHowManyAreNeeded) {
  const Series s = one_column(iota_values(12));
  try {
    split_rows(s, fit_pipeline(s, config(10), nullptr));
    FAIL();
  } catch (const DataError& e) {
    const std::string msg = cli::cli_words(e);
    EXPECT_NE(msg.find("too few rows: 12 rows with window 10"), std::string::npos) << msg;
    EXPECT_NE(msg.find("shorter --window"), std::string::npos) << msg;
  }
}

TEST(Transforms, StatisticsComeFromTrainingRowsOnly) {
  std::vector<double> v = iota_values(10, 1);  // 1..10; train rows are the first 7: 1..7
  PipelineConfig c = config(2, 1, Scaler::Standard);
  const Pipeline p = fit_pipeline(one_column(v), c, nullptr);
  EXPECT_DOUBLE_EQ(p.transforms.at("x").offset, 4.0);
  EXPECT_DOUBLE_EQ(p.transforms.at("x").scale, 2.0);  // population std of 1..7
  v[9] = 1e6;                                         // a test value does not move the statistics
  const Pipeline q = fit_pipeline(one_column(v), c, nullptr);
  EXPECT_DOUBLE_EQ(q.transforms.at("x").offset, 4.0);
  c.default_transform.scaler = Scaler::MinMax;
  const Pipeline mm = fit_pipeline(one_column(v), c, nullptr);
  EXPECT_DOUBLE_EQ(mm.transforms.at("x").offset, 1.0);
  EXPECT_DOUBLE_EQ(mm.transforms.at("x").scale, 6.0);
}

TEST(Transforms, RobustScalerIsMedianAndIqr) {
  ColumnTransform t;
  t.scaler = Scaler::Robust;
  fit_scaler(t, {100, 1, 3, 2, 4});
  EXPECT_DOUBLE_EQ(t.offset, 3.0);
  EXPECT_DOUBLE_EQ(t.scale, 2.0);  // q75 = 4, q25 = 2
}

TEST(Transforms, AConstantColumnDoesNotDivideByZero) {
  std::vector<std::string> warnings;
  const Pipeline p = fit_worded(one_column(std::vector<double>(30, 5.0)), config(3, 1, Scaler::Standard), warnings);
  EXPECT_EQ(p.transforms.at("x").scale, 1.0);
  ASSERT_FALSE(warnings.empty());
  EXPECT_NE(warnings[0].find("constant"), std::string::npos);
}

TEST(Transforms, LogOfANonPositiveValueNamesTheRow) {
  std::vector<double> v = iota_values(30, 1);
  v[4] = 0;
  PipelineConfig c = config(3);
  c.default_transform.log = true;
  try {
    fit_pipeline(one_column(v), c, nullptr);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("row 5"), std::string::npos) << e.what();
  }
}

// Perfect model outputs (the encoded targets) decode back to the actual values: the inverse of
// log + seasonal differencing + scaling is exact, over a multi-step horizon that needs earlier
// predicted steps to undo the differencing.
TEST(Transforms, DecodingEncodedTargetsGivesBackTheSeries) {
  std::vector<double> v(80);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = 50 + 0.5 * double(i) + 10 * std::sin(double(i) * 0.7);
  for (Scaler scaler : {Scaler::Standard, Scaler::MinMax, Scaler::Robust, Scaler::None}) {
    PipelineConfig c = config(8, 5, scaler);
    c.default_transform.log = true;
    c.default_transform.diff_lag = 3;
    const Series s = one_column(v);
    const Pipeline p = fit_pipeline(s, c, nullptr);
    EXPECT_EQ(p.model_steps(), 5);
    const auto rows = window_rows(s, p, true);
    const Tensor3<double> raw = raw_windows(s, p, rows);
    EXPECT_EQ(encode_inputs(p, raw).steps, 5);
    const Tensor3<double> back = decode_outputs(p, encode_targets(s, p, rows), raw);
    for (std::size_t i = 0; i < rows.size(); ++i)
      for (Index k = 0; k < 5; ++k) ASSERT_NEAR(back(Index(i), k, 0), v[rows[i] + std::size_t(k)], 1e-3) << i;
  }
}

TEST(Transforms, ADifferencedTargetMustBeAFeature) {
  Series s = one_column(iota_values(40));
  s.names.push_back("y");
  s.columns.push_back(iota_values(40, 3));
  PipelineConfig c = config(4);
  c.targets = {"y"};
  c.features = {"x"};
  c.default_transform.diff_lag = 1;
  EXPECT_THROW(fit_pipeline(s, c, nullptr), ConfigError);
  c.features = {"x", "y"};
  EXPECT_NO_THROW(fit_pipeline(s, c, nullptr));
}

TEST(Transforms, ATrendingSeriesIsWarnedAboutWithItsFix) {
  std::vector<double> trend(100);
  for (std::size_t i = 0; i < trend.size(); ++i) trend[i] = double(i) + 3 * std::sin(0.9 * double(i));
  std::vector<std::string> warnings;
  fit_worded(one_column(trend), config(5, 1, Scaler::Standard), warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("--diff 1"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("above the training range"), std::string::npos) << warnings[0];
  warnings.clear();
  PipelineConfig c = config(5, 1, Scaler::Standard);
  c.default_transform.diff_lag = 1;
  fit_worded(one_column(trend), c, warnings);
  EXPECT_TRUE(warnings.empty()) << warnings[0];
}

TEST(Transforms, MissingValuesMustBeHandledFirst) {
  std::vector<double> v = iota_values(30);
  v[3] = NAN;
  EXPECT_THROW(fit_pipeline(one_column(v), config(3), nullptr), DataError);
}

Tensor3<double> column_tensor(std::vector<double> v) {
  Tensor3<double> t(Index(v.size()), 1, 1);
  t.data = std::move(v);
  return t;
}

TEST(Metrics, HandComputedValues) {
  const Metrics m = compute_metrics(column_tensor({1, 2, 4}), column_tensor({2, 2, 2}), {2.0});
  EXPECT_DOUBLE_EQ(m.mse, 5.0 / 3);
  EXPECT_DOUBLE_EQ(m.rmse, std::sqrt(5.0 / 3));
  EXPECT_DOUBLE_EQ(m.mae, 1.0);
  EXPECT_DOUBLE_EQ(m.mape, 50.0);  // (1/1 + 0 + 2/4) / 3
  EXPECT_NEAR(m.smape, 100 * (2.0 / 3 + 0 + 4.0 / 6) / 3, 1e-12);
  EXPECT_NEAR(m.r2, 1 - 5.0 / (14.0 / 3), 1e-12);  // SS_tot about the mean 7/3
  EXPECT_DOUBLE_EQ(m.mase, 0.5);                   // MAE / in-sample naive MAE 2
  const Metrics z = compute_metrics(column_tensor({0, 2}), column_tensor({1, 1}), {1.0});
  EXPECT_EQ(z.mape_skipped, 1u);
  EXPECT_DOUBLE_EQ(z.mape, 50.0);
}

TEST(Metrics, BaselinesUseOnlyKnownValues) {
  const Series s = one_column(iota_values(30, 100));  // x_t = 100 + t
  PipelineConfig c = config(4, 3);
  c.season = 2;
  const Pipeline p = fit_pipeline(s, c, nullptr);
  const Tensor3<double> last = persistence_forecast(s, p, {10});
  EXPECT_EQ(last.data, (std::vector<double>{109, 109, 109}));  // row 9 for rows 10, 11, 12
  const Tensor3<double> seasonal = seasonal_naive_forecast(s, p, {10}, 2);
  EXPECT_EQ(seasonal.data, (std::vector<double>{108, 109, 108}));  // rows 8, 9, then 8 again (2 seasons back)
  EXPECT_EQ(mase_scales(s, p), (std::vector<double>{2.0}));        // |x_t - x_{t-2}| on training rows
}

}  // namespace
}  // namespace rnnwb
