// Conformal calibration at the end of training (workflow/calibration): coverage on synthetic data
// with known noise, the closed-loop fan of a random walk, no test row in the calibration, the
// intervals in the model file, the evaluation and the prediction CSV.
#include "engine/workflow/calibration.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/safetensors.hpp"
#include "engine/workflow/evaluation.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/prediction_csv.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;

// x_t = phi x_{t-1} + N(0, 1) (phi = 1: a random walk).
Series ar1(std::size_t n, double phi, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  Series s;
  s.names = {"x"};
  s.columns.resize(1);
  double x = 0;
  for (std::size_t i = 0; i < n; ++i) s.columns[0].push_back(x = phi * x + noise(rng));
  return s;
}

TrainRequest tiny_request(SplitFractions split, int diff = 0) {
  TrainRequest r;
  r.pipeline.targets = {"x"};
  r.pipeline.window = 4;
  r.pipeline.split = split;
  r.pipeline.default_transform.diff_lag = diff;
  r.layers = {LayerSpec::gru(4)};
  r.fit.epochs = 10;
  r.fit.optimizer.lr = 0.01;  // a fitted model: its errors near the iid noise, so the binomial bounds below apply
  r.fit.threads = 1;
  r.fit.seed = 3;
  r.fit.interval_levels = {0.8, 0.95};
  r.data_source = "ar1.csv";
  return r;
}

TEST(Calibration, ConformalCoverageOnATestSetOf1000RowsIsTheNominalOne) {
  // AR(1) with unit noise: 1800 validation rows calibrate, 1000 test rows check.
  const Series s = ar1(4000, 0.6, 11);
  const TrainOutcome out = train_model(s, tiny_request({0.3, 0.45, 0.25}));
  const PredictionIntervals& pi = out.trained.intervals;
  ASSERT_EQ(pi.levels.size(), 2u);
  EXPECT_EQ(pi.method, "conformal");
  EXPECT_EQ(pi.source, "validation");
  EXPECT_EQ(pi.direct_counts[0][0], split_rows(s, out.trained.pipeline).validation.size());
  ASSERT_EQ(out.evaluation.intervals.size(), 2u);
  const IntervalCoverage& c80 = out.evaluation.intervals[0];
  const IntervalCoverage& c95 = out.evaluation.intervals[1];
  EXPECT_EQ(c95.count, 1000u);
  // Binomial sampling error with 1000 test rows: sd 0.0069 at 0.95, 0.0126 at 0.8.
  EXPECT_NEAR(c95.empirical, 0.95, 0.02);
  EXPECT_NEAR(c80.empirical, 0.8, 0.04);
  // Unit Gaussian noise: no band can be narrower than the noise's own (2 x 1.2816, 2 x 1.96).
  EXPECT_GT(c80.mean_width, 2 * 1.2816 * 0.9);
  EXPECT_GT(c95.mean_width, 2 * 1.96 * 0.9);
  EXPECT_GT(c95.mean_width, c80.mean_width);
  // The metrics JSON carries the same figures.
  const nlohmann::json j = out.trained.metrics.at("intervals");
  EXPECT_EQ(j.at("levels").at("95").at("count"), 1000);
  EXPECT_DOUBLE_EQ(j.at("levels").at("80").at("empirical").get<double>(), c80.empirical);
}

TEST(Calibration, RandomWalkFanWidensAndUsesOnlyValidationRows) {
  const Series s = ar1(600, 1.0, 5);
  const TrainOutcome out = train_model(s, tiny_request({0.5, 0.3, 0.2}, 1));
  const PredictionIntervals& pi = out.trained.intervals;
  const std::vector<std::size_t> validation = split_rows(s, out.trained.pipeline).validation;
  const std::size_t v = validation.size();  // horizon 1: every validation row is an origin
  ASSERT_FALSE(pi.closed_loop_counts.empty());
  // Origin o reaches step k (0-based) only while o + k is a validation row: v - k residuals, and
  // the fan stops where fewer than 10 remain, or at 100 steps.
  const std::size_t kept = std::min<std::size_t>(v - kMinFanResiduals + 1, std::size_t(kMaxFanSteps));
  ASSERT_EQ(pi.closed_loop_counts.size(), kept);
  for (std::size_t k = 0; k < kept; ++k) EXPECT_EQ(pi.closed_loop_counts[k], v - k) << k;
  // The first step ahead is the one-step prediction.
  EXPECT_DOUBLE_EQ(pi.levels[0].closed_loop[0][0], pi.levels[0].direct[0][0]);
  // A random walk's k-step error grows like sqrt(k): the fan widens on average.
  const auto& fan = pi.levels[0].closed_loop;
  auto mean_of = [&](std::size_t a, std::size_t b) {
    double sum = 0;
    for (std::size_t k = a; k < b; ++k) sum += fan[k][0];
    return sum / double(b - a);
  };
  EXPECT_LT(mean_of(0, 5), mean_of(10, 20));
  EXPECT_LT(mean_of(10, 20), mean_of(40, 60));
  EXPECT_GT(mean_of(40, 60), 2.0 * mean_of(0, 5));  // sqrt(50) ~ 7 times in theory

  // No test row reaches the calibration: change every test value and the widths stay.
  Series changed = s;
  const std::size_t test_start = split_rows(s, out.trained.pipeline).test.front();
  for (std::size_t i = test_start; i < changed.rows(); ++i) changed.columns[0][i] += 1000;
  const PredictionIntervals again = calibrate_intervals(out.trained, changed, {0.8, 0.95}, 1);
  EXPECT_EQ(again.levels[0].closed_loop, pi.levels[0].closed_loop);
  EXPECT_EQ(again.levels[1].direct, pi.levels[1].direct);
}

TEST(Calibration, ForecastFromTheEndIsTheClosedLoopForecast) {
  const Series s = ar1(200, 0.6, 2);
  TrainRequest r = tiny_request({0.6, 0.2, 0.2});
  r.pipeline.horizon = 2;
  const TrainOutcome out = train_model(s, r);
  const auto expected = forecast_closed_loop(out.trained, s, 5, 1);
  const Tensor3<double> got = forecast_from_origins(out.trained, s, {s.rows()}, 5, 1);
  for (Index k = 0; k < 5; ++k) EXPECT_DOUBLE_EQ(got(0, k, 0), expected[std::size_t(k)][0]) << k;
}

TEST(Calibration, NoLevelsNoIntervalsAndTheEvaluationSaysNothing) {
  const Series s = ar1(200, 0.6, 2);
  TrainRequest r = tiny_request({0.6, 0.2, 0.2});
  r.fit.interval_levels = {};
  const TrainOutcome out = train_model(s, r);
  EXPECT_TRUE(out.trained.intervals.empty());
  EXPECT_TRUE(out.evaluation.intervals.empty());
  EXPECT_FALSE(out.trained.metrics.contains("intervals"));
}

fs::path temp_file(const std::string& name) {
  return fs::temp_directory_path() / ("rnnwb_calibration_" + std::to_string(getpid()) + "_" + name);
}

TEST(IntervalsInModelFile, RoundTripAndAreShownByThePredictionCsv) {
  const Series s = ar1(300, 0.6, 4);
  TrainRequest r = tiny_request({0.6, 0.2, 0.2});
  r.pipeline.horizon = 2;
  r.fit.interval_levels = {0.5, 0.8, 0.99};  // 0.99 from ~55 residuals: unbounded
  const TrainOutcome out = train_model(s, r);
  const fs::path path = temp_file("model.safetensors");
  save_model(path.string(), out.trained);
  const TrainedModel back = load_model(path.string());
  fs::remove(path);
  const PredictionIntervals& a = out.trained.intervals;
  const PredictionIntervals& b = back.intervals;
  ASSERT_EQ(b.levels.size(), 3u);
  EXPECT_TRUE(std::isinf(a.levels[2].direct[0][0]));
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(b.levels[i].coverage, a.levels[i].coverage);
    EXPECT_EQ(b.levels[i].direct, a.levels[i].direct);
    EXPECT_EQ(b.levels[i].closed_loop, a.levels[i].closed_loop);
  }
  EXPECT_EQ(b.direct_counts, a.direct_counts);
  EXPECT_EQ(b.closed_loop_counts, a.closed_loop_counts);
  EXPECT_EQ(b.source, "validation");

  // The CSV: predicted -/+ the stored width per level and step; the forecast uses the fan.
  CsvTable table;
  table.series = s;
  const PredictionCsv csv = prediction_csv(back, table, "ar1", MissingPolicy::Error, 3, 1);
  std::istringstream lines(csv.text);
  std::string header, first;
  std::getline(lines, header);
  std::getline(lines, first);
  EXPECT_EQ(header,
            "row,split,x,x_predicted,x_predicted_h2,x_lower_50,x_upper_50,x_lower_80,x_upper_80,x_lower_99,x_upper_99,"
            "x_lower_50_h2,x_upper_50_h2,x_lower_80_h2,x_upper_80_h2,x_lower_99_h2,x_upper_99_h2");
  std::vector<double> v;
  std::stringstream cells(first);
  std::string cell;
  while (std::getline(cells, cell, ',')) v.push_back(cell == "train" ? 0 : std::stod(cell));
  ASSERT_EQ(v.size(), 17u);
  const double w80 = a.levels[1].direct[0][0], w80_h2 = a.levels[1].direct[1][0];
  EXPECT_NEAR(v[5], v[3] - a.levels[0].direct[0][0], 1e-6 * (1 + std::abs(v[3])));
  EXPECT_NEAR(v[8], v[3] + w80, 1e-6 * (1 + std::abs(v[3])));
  EXPECT_NEAR(v[13], v[4] - w80_h2, 1e-6 * (1 + std::abs(v[4])));
  EXPECT_TRUE(std::isinf(v[9]) && v[9] < 0);
  // The last three rows are the forecast: the fan's widths in the first step's columns.
  std::string row, last;
  std::vector<std::string> rows;
  while (std::getline(lines, row)) rows.push_back(row);
  ASSERT_GE(rows.size(), 3u);
  const std::string forecast_row = rows[rows.size() - 3];
  EXPECT_NE(forecast_row.find(",forecast,"), std::string::npos);
  const auto fc = forecast_closed_loop(back, s, 3, 1);
  std::stringstream fcells(forecast_row);
  std::vector<std::string> f;
  while (std::getline(fcells, cell, ',')) f.push_back(cell);
  ASSERT_GE(f.size(), 9u);
  EXPECT_NEAR(std::stod(f[8]), fc[0][0] + a.levels[1].closed_loop[0][0], 1e-6 * (1 + std::abs(fc[0][0])));
  EXPECT_TRUE(f.size() < 12 || f[11].empty());  // no h2 band on a forecast row
}

TEST(IntervalsInModelFile, SelectingALevelTheModelDoesNotHoldListsThoseItDoes) {
  PredictionIntervals pi;
  pi.levels = {{0.8, {{1.0}}, {}}, {0.95, {{2.0}}, {}}};
  EXPECT_EQ(select_levels(pi, {0.95}).levels.at(0).direct[0][0], 2.0);
  try {
    select_levels(pi, {0.9});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("0.8,0.95"), std::string::npos) << e.what();
  }
  EXPECT_THROW(select_levels({}, {0.9}), ConfigError);
}

// Damaged interval metadata fails with a FileError that names the problem; a file without it loads.
TEST(IntervalsInModelFile, DamagedEntriesAreRefused) {
  const Series s = ar1(200, 0.6, 4);
  const TrainOutcome out = train_model(s, tiny_request({0.6, 0.2, 0.2}));
  const fs::path path = temp_file("damaged.safetensors");
  save_model(path.string(), out.trained);
  SafeTensorsFile file = read_safetensors(path.string());
  fs::remove(path);
  const nlohmann::json meta = nlohmann::json::parse(file.metadata.at("rnnwb"));
  ASSERT_TRUE(meta.contains("intervals"));
  auto loads = [&](const nlohmann::json& m) { return model_from_parts(m, file.tensors, "m.safetensors"); };
  nlohmann::json old = meta;
  old.erase("intervals");
  EXPECT_TRUE(loads(old).intervals.empty());
  auto refused = [&](const std::function<void(nlohmann::json&)>& damage, const std::string& words) {
    nlohmann::json m = meta;
    damage(m["intervals"]);
    try {
      loads(m);
      ADD_FAILURE() << words;
    } catch (const FileError& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  refused([](nlohmann::json& j) { j["levels"][0]["coverage"] = 1.5; }, "between 0 and 1");
  refused([](nlohmann::json& j) { j["levels"][0]["direct"].push_back({1.0}); }, "direct");
  refused([](nlohmann::json& j) { j["levels"][0]["direct"][0][0] = -1; }, "width >= 0");
  refused([](nlohmann::json& j) { j["levels"][1]["closed_loop"].erase(0); }, "closed_loop");
  refused([](nlohmann::json& j) { j["direct_counts"] = nlohmann::json::array(); }, "direct_counts");
  refused([](nlohmann::json& j) { j = 3; }, "not a JSON object");
}

}  // namespace
}  // namespace rnnwb
