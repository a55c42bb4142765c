// The residual report of a trained model: its residuals, ACF and largest errors recomputed here
// by hand from the model's predictions, the closed-loop error by step against forecast_closed_loop
// and hand-made baselines, the direct fallback against horizon_errors, and many series.
#include "engine/workflow/residual_report.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/data/csv_loader.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/step_errors.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb {
namespace {

Series noisy_wave(std::size_t n) {
  Series s;
  s.names = {"a", "b"};
  s.columns.resize(2);
  s.time_name = "t";
  for (std::size_t i = 0; i < n; ++i) {
    s.columns[0].push_back(10 + std::sin(0.3 * double(i)) + 0.1 * std::sin(7.7 * double(i * i)));
    s.columns[1].push_back(5 + std::cos(0.2 * double(i)));
    s.time_labels.push_back("t" + std::to_string(i));
  }
  return s;
}

TrainRequest tiny_request(std::vector<std::string> features = {}) {
  TrainRequest r;
  r.pipeline.targets = {"a"};
  r.pipeline.features = std::move(features);
  r.pipeline.window = 6;
  r.pipeline.horizon = 2;
  r.pipeline.season = 0;
  r.layers = {LayerSpec::gru(4)};
  r.fit.epochs = 3;
  r.fit.threads = 1;
  r.fit.seed = 5;
  return r;
}

// The lag-k autocorrelation of each run's values, pooled as documented, by hand.
double pooled_acf(const std::vector<std::vector<double>>& runs, std::size_t k) {
  double sum = 0, n = 0, c0 = 0, ck = 0;
  for (const auto& r : runs)
    for (double v : r) sum += v, n += 1;
  const double mean = sum / n;
  for (const auto& r : runs)
    for (std::size_t t = 0; t < r.size(); ++t) {
      c0 += (r[t] - mean) * (r[t] - mean);
      if (t >= k) ck += (r[t] - mean) * (r[t - k] - mean);
    }
  return ck / c0;
}

}  // namespace

TEST(ResidualReport, OneSeriesClosedLoop) {
  const Series s = noisy_wave(200);
  const TrainedModel m = train_model(s, tiny_request()).trained;
  const std::vector<std::size_t> test = split_rows(s, m.pipeline).test;
  const ResidualReport r = residual_report(m, s, {0, 0, 10, 1});
  ASSERT_EQ(r.targets.size(), 1u);
  EXPECT_EQ(r.test_rows, test.size());
  const Tensor3<double> y = predict_rows(m, s, test, 1);
  std::vector<double> e;
  for (std::size_t i = 0; i < test.size(); ++i) e.push_back(s.columns[0][test[i]] - y(Index(i), 0, 0));
  const Autocorrelation& acf = r.targets[0].acf;
  EXPECT_EQ(acf.n, test.size());
  ASSERT_EQ(int(acf.r.size()), std::min(24, int(test.size()) - 1));
  for (std::size_t k : {1u, 2u, 7u}) EXPECT_NEAR(acf.r[k - 1], pooled_acf({e}, k), 1e-12);
  EXPECT_FALSE(r.targets[0].verdict.text.empty());
  // Largest error: the largest |actual - predicted| over both horizon steps, with its time label.
  double worst = 0;
  for (std::size_t i = 0; i < test.size(); ++i)
    for (Index k = 0; k < 2; ++k)
      if (test[i] + std::size_t(k) < s.rows())
        worst = std::max(worst, std::fabs(s.columns[0][test[i] + std::size_t(k)] - y(Index(i), k, 0)));
  ASSERT_EQ(r.largest.size(), 10u);
  EXPECT_DOUBLE_EQ(std::fabs(r.largest[0].error()), worst);
  EXPECT_EQ(r.largest[0].time_label, "t" + std::to_string(r.largest[0].row));
  // Closed loop: min(24, test rows / 2) steps; step 1 is the one-step prediction.
  EXPECT_EQ(r.step_method, "closed_loop");
  ASSERT_EQ(r.steps, int(std::min<std::size_t>(24, test.size() / 2)));
  double sq1 = 0, sq_naive3 = 0;
  std::size_t n3 = 0;
  for (std::size_t i = 0; i < test.size(); ++i) {
    sq1 += e[i] * e[i];
    if (test[i] + 2 < s.rows()) sq_naive3 += std::pow(s.columns[0][test[i] + 2] - s.columns[0][test[i] - 1], 2), ++n3;
  }
  const std::vector<StepRmse>& steps = r.step_errors.at(0);
  EXPECT_NEAR(steps[0].model, std::sqrt(sq1 / double(test.size())), 1e-9);
  EXPECT_NEAR(steps[2].persistence, std::sqrt(sq_naive3 / double(n3)), 1e-12);
  EXPECT_EQ(steps[2].count, n3);
  EXPECT_TRUE(std::isnan(steps[0].seasonal_naive));  // no season
  // From the end of the series, the batched closed loop is forecast_closed_loop.
  const Tensor3<double> f = closed_loop_from_rows(m, s, {s.rows()}, 5, 1);
  const auto want = forecast_closed_loop(m, s, 5, 1);
  for (Index k = 0; k < 5; ++k) EXPECT_NEAR(f(0, k, 0), want[std::size_t(k)][0], 1e-12);
  const nlohmann::json j = to_json(r);
  EXPECT_EQ(j["error_by_step"]["targets"]["a"].size(), std::size_t(r.steps));
  EXPECT_EQ(j["targets"]["a"]["acf"]["r"].size(), acf.r.size());
}

TEST(ResidualReport, InputsNotPredictedFallBackToDirectSteps) {
  const Series s = noisy_wave(160);
  TrainRequest req = tiny_request({"a", "b"});
  req.pipeline.season = 4;
  const TrainedModel m = train_model(s, req).trained;
  const ResidualReport r = residual_report(m, s, {0, 0, 10, 1});
  EXPECT_EQ(r.step_method, "direct");
  EXPECT_NE(r.step_note.neutral().find("the future of \"b\""), std::string::npos) << r.step_note.neutral();
  ASSERT_EQ(r.steps, 2);
  const std::vector<std::size_t> test = split_rows(s, m.pipeline).test;
  const std::vector<StepError> want = horizon_errors(s, m.pipeline, test, predict_rows(m, s, test, 1), 0);
  ASSERT_EQ(want.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_NEAR(r.step_errors[0][k].model, want[k].model_rmse, 1e-9);
    EXPECT_NEAR(r.step_errors[0][k].persistence, want[k].persistence_rmse, 1e-9);
    EXPECT_TRUE(std::isfinite(r.step_errors[0][k].seasonal_naive));
  }
  EXPECT_EQ(r.targets[0].acf.r.size(), 8u);  // 2 * season
  EXPECT_THROW(closed_loop_from_rows(m, s, {s.rows()}, 3, 1), ConfigError);
}

TEST(ResidualReport, ManySeriesPoolRunsWithoutCrossingSeries) {
  std::string text = "id,a\n";
  for (int t = 0; t < 80; ++t) text += "p," + std::to_string(std::sin(0.3 * t) + 0.05 * std::sin(5.1 * t * t)) + "\n";
  for (int t = 0; t < 70; ++t) text += "q," + std::to_string(100 + 10 * std::cos(0.2 * t)) + "\n";
  CsvOptions o;
  o.series_column = "id";
  const CsvTable table = parse_csv(text, o, "panel.csv");
  const Series& s = table.series;
  TrainRequest req = tiny_request();
  req.pipeline.scale_per = ScalePer::Series;
  const TrainedModel m = train_model(s, req).trained;
  const std::vector<std::size_t> test = split_rows(s, m.pipeline).test;
  const ResidualReport r = residual_report(m, s, {3, 4, 5, 1});
  EXPECT_EQ(r.series, 2u);
  const Tensor3<double> y = predict_rows(m, s, test, 1);
  std::vector<std::vector<double>> runs(2);
  for (std::size_t i = 0; i < test.size(); ++i)
    runs[s.series_of_row(test[i] - 1)].push_back(s.columns[0][test[i]] - y(Index(i), 0, 0));
  ASSERT_FALSE(runs[0].empty());
  ASSERT_FALSE(runs[1].empty());
  ASSERT_EQ(r.targets[0].acf.r.size(), 3u);
  for (std::size_t k = 1; k <= 3; ++k) EXPECT_NEAR(r.targets[0].acf.r[k - 1], pooled_acf(runs, k), 1e-12);
  EXPECT_EQ(r.steps, 4);
  EXPECT_EQ(r.largest.size(), 5u);
  EXPECT_FALSE(r.largest[0].series_id.empty());
  // Step 4 from the last test origins would leave their series: fewer forecasts compared.
  EXPECT_LT(r.step_errors[0][3].count, r.step_errors[0][0].count);
}

TEST(ResidualReport, NeedsTestRows) {
  const Series s = noisy_wave(100);
  TrainRequest req = tiny_request();
  req.pipeline.split = {0.8, 0.2, 0.0};
  const TrainedModel m = train_model(s, req).trained;
  EXPECT_THROW(residual_report(m, s), DataError);
}

}  // namespace rnnwb
