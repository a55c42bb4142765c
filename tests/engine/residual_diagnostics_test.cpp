// Residual diagnostics against independent figures: statsmodels' acf and acorr_ljungbox on committed
// residual vectors (tests/data/ljung_box_fixtures.json, made by make_ljung_box_fixtures.py), the
// chi-square survival function at known values, the histogram rule and the verdict's words.
#include "engine/data/residual_diagnostics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

namespace rnnwb {

namespace {

nlohmann::json ljung_box_fixtures() {
  std::ifstream in(std::string(RNNWB_TEST_DATA_DIR) + "/ljung_box_fixtures.json");
  EXPECT_TRUE(in.good());
  return nlohmann::json::parse(in);
}

void expect_relative(double got, double want, double tol, const std::string& what) {
  EXPECT_LE(std::fabs(got - want), tol * std::max(std::fabs(want), 1e-300)) << what << ": " << got << " vs " << want;
}

}  // namespace

TEST(ResidualDiagnostics, AcfAndLjungBoxMatchStatsmodels) {
  const nlohmann::json fixtures = ljung_box_fixtures();
  ASSERT_GE(fixtures["cases"].size(), 4u);
  for (const auto& c : fixtures["cases"]) {
    const std::string name = c["name"];
    const auto runs = c["runs"].get<std::vector<std::vector<double>>>();
    const int lags = c["lags"];
    const Autocorrelation acf = autocorrelation(runs, lags);
    ASSERT_EQ(acf.r.size(), std::size_t(lags)) << name;
    for (int k = 0; k < lags; ++k)
      EXPECT_NEAR(acf.r[std::size_t(k)], c["acf"][std::size_t(k)].get<double>(), 1e-12) << name << " lag " << k + 1;
    for (int h = 1; h <= lags; ++h) {
      const LjungBox lb = ljung_box(acf, h);
      expect_relative(lb.q, c["q"][std::size_t(h - 1)], 1e-8, name + " Q at " + std::to_string(h));
      expect_relative(lb.p_value, c["p"][std::size_t(h - 1)], 1e-8, name + " p at " + std::to_string(h));
    }
  }
}

TEST(ResidualDiagnostics, FixturesCoverBothVerdicts) {
  const nlohmann::json fixtures = ljung_box_fixtures();  // alive for the loop (a temporary's member is not)
  for (const auto& c : fixtures["cases"]) {
    const Autocorrelation acf = autocorrelation(c["runs"].get<std::vector<std::vector<double>>>(), c["lags"]);
    const ResidualVerdict v = residual_verdict(acf, ljung_box(acf), 12, 6);
    const std::string text = v.text.neutral();
    if (c["name"] == "white_noise") {
      EXPECT_FALSE(v.structure);
      EXPECT_EQ(text.rfind("no structure left that Ljung-Box can see (p = ", 0), 0u) << text;
    }
    if (c["name"] == "seasonal_12") {
      EXPECT_TRUE(v.structure);
      // Lag 12 (the season) stands out, beyond the window of 6: a longer window or seasonal differencing.
      EXPECT_NE(std::find(v.lags.begin(), v.lags.end(), 12), v.lags.end()) << text;
      EXPECT_NE(text.find("the residuals still hold structure at lag"), std::string::npos) << text;
      EXPECT_NE(text.find("try a longer window (at least "), std::string::npos) << text;
      EXPECT_NE(text.find("seasonal differencing"), std::string::npos) << text;
    }
    if (c["name"] == "ar1") {
      EXPECT_TRUE(v.structure);
      ASSERT_FALSE(v.lags.empty());
      EXPECT_EQ(v.lags.front(), 1) << text;
    }
  }
}

TEST(ResidualDiagnostics, ChiSquareSurvivalAtKnownValues) {
  // scipy.stats.chi2.sf(x, k) and closed forms: sf(x, 2) = exp(-x/2).
  expect_relative(chi_square_survival(3.0, 2), std::exp(-1.5), 1e-13, "exp");
  expect_relative(chi_square_survival(40.0, 2), std::exp(-20.0), 1e-12, "exp tail");
  expect_relative(chi_square_survival(3.841458820694124, 1), 0.05, 1e-10, "1.96^2");
  expect_relative(chi_square_survival(36.41502850180731, 24), 0.05, 1e-9, "24 dof 5%");
  expect_relative(chi_square_survival(200.0, 24), 1.0457262607030531e-29, 1e-8, "far tail");
  EXPECT_DOUBLE_EQ(chi_square_survival(0.0, 5), 1.0);
  EXPECT_TRUE(std::isnan(regularized_gamma_q(-1, 2)));
}

TEST(ResidualDiagnostics, PooledRunsNeverPairAcrossSeries) {
  // Two runs [1, -1] and [-1, 1]: pooled mean 0, c0 = 4; lag 1 pairs only within a run: -1 + -1.
  const Autocorrelation a = autocorrelation({{1, -1}, {-1, 1}}, 3);
  ASSERT_EQ(a.r.size(), 3u);
  EXPECT_DOUBLE_EQ(a.r[0], -0.5);
  EXPECT_DOUBLE_EQ(a.r[1], 0.0);  // lag 2 spans no run
  EXPECT_EQ(a.n, 4u);
  EXPECT_DOUBLE_EQ(a.band, 1.96 / 2);
  // A NaN cuts its run: [1, NaN, -1] has no lag-1 pair.
  EXPECT_DOUBLE_EQ(autocorrelation({{1, NAN, -1}}, 1).r[0], 0.0);
}

TEST(ResidualDiagnostics, DefaultLags) {
  EXPECT_EQ(default_acf_lags(12, 500), 24);
  EXPECT_EQ(default_acf_lags(7, 500), 14);
  EXPECT_EQ(default_acf_lags(0, 500), 24);
  EXPECT_EQ(default_acf_lags(12, 10), 9);
  EXPECT_EQ(default_acf_lags(0, 1), 1);
}

TEST(ResidualDiagnostics, HistogramByFreedmanDiaconis) {
  // 0..99: IQR 49.5 (linear interpolation), width 2*49.5/100^(1/3) = 21.33 -> ceil(99/21.33) = 5 bins.
  std::vector<double> v;
  for (int i = 0; i < 100; ++i) v.push_back(i);
  v.push_back(NAN);
  const ResidualHistogram h = residual_histogram(v);
  EXPECT_EQ(h.rule, "freedman-diaconis");
  ASSERT_EQ(h.counts.size(), 5u);
  EXPECT_EQ(h.n, 100u);
  EXPECT_DOUBLE_EQ(h.low, 0.0);
  EXPECT_DOUBLE_EQ(h.width, 99.0 / 5);
  EXPECT_EQ(h.counts[0], 20u);  // 0..19 below 19.8
  EXPECT_EQ(h.counts[4], 20u);  // 80..99 from 79.2, the maximum included (numpy.histogram: 20 each)
  EXPECT_DOUBLE_EQ(h.mean, 49.5);
  EXPECT_NEAR(h.sd, 29.011491975882016, 1e-12);  // numpy std(ddof=1)
  // IQR 0 (mostly ties): sqrt(n) bins.
  std::vector<double> ties(16, 1.0);
  ties.push_back(5);
  const ResidualHistogram s = residual_histogram(ties);
  EXPECT_EQ(s.rule, "sqrt");
  EXPECT_EQ(s.counts.size(), 5u);  // ceil(sqrt(17))
  EXPECT_EQ(s.counts[0], 16u);
  // The normal curve integrates to n over the bins (near enough over +-4 sd).
  double total = 0;
  ResidualHistogram wide = h;
  wide.width = 1;
  for (double x = h.mean - 4 * h.sd; x <= h.mean + 4 * h.sd; x += 1) total += normal_count(wide, x);
  EXPECT_NEAR(total, 100.0, 0.5);
}

TEST(ResidualDiagnostics, LargestErrorsByAbsoluteValue) {
  std::vector<LargeError> e;
  for (int i = 0; i < 15; ++i) e.push_back({std::size_t(i), "", "", "y", 1, 0.0, double((i % 5) - 2) * i});
  e.push_back({99, "", "", "y", 1, NAN, 0.0});
  const std::vector<LargeError> top = largest_errors(e, 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].row, 14u);  // predicted 28
  EXPECT_DOUBLE_EQ(top[0].error(), -28.0);
  EXPECT_EQ(top[1].row, 10u);  // predicted -20
  EXPECT_EQ(top[2].row, 9u);   // predicted 18
}

TEST(ResidualDiagnostics, WanderingResidualsAskForDifferencing) {
  // A random walk's steps as residuals: lag 1 near 1, the model lags behind the level.
  std::vector<double> walk = {0};
  for (int i = 1; i < 200; ++i) walk.push_back(walk.back() + std::sin(double(i) * double(i)));
  const Autocorrelation a = autocorrelation({walk}, 24);
  ASSERT_GT(a.r[0], 0.5);
  const std::string text = residual_verdict(a, ljung_box(a), 0, 30).text.neutral();
  EXPECT_NE(text.find("at lags 1, 2 and 3"), std::string::npos) << text;
  EXPECT_NE(text.find(": try differencing"), std::string::npos) << text;
}

TEST(ResidualDiagnostics, TooFewResidualsSaySo) {
  const Autocorrelation a = autocorrelation({{1, 2, 3}}, 24);
  EXPECT_EQ(a.r.size(), 2u);
  EXPECT_EQ(residual_verdict(a, ljung_box(a), 0, 4).text.neutral().rfind("too few residuals (3)", 0), 0u);
}

}  // namespace rnnwb
