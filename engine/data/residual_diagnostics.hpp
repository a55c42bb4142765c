#pragma once
// Residual diagnostics: does what a model got wrong still hold structure it could have learnt?
// The autocorrelation of the residuals with its 95% band, the Ljung-Box test, a verdict in words,
// a histogram beside the normal curve, and the largest errors. Pure math on residual values; the
// workflow (engine/workflow/residual_report.hpp) finds the residuals of a trained model.
#include <cstddef>
#include <string>
#include <vector>

#include "engine/core/hint.hpp"

namespace rnnwb {

// Lags to look at: 2 * season with a season, else 24; never more than n - 1 (at least 1).
int default_acf_lags(int season, std::size_t n);

struct Autocorrelation {
  std::vector<double> r;  // r[k - 1]: the autocorrelation at lag k = 1 .. max lag
  std::size_t n = 0;      // residuals pooled
  double band = 0;        // 1.96 / sqrt(n): |r_k| above it stands out at the 5% level
};
// The sample autocorrelation (statsmodels' acf, adjusted=False) of residual runs pooled: each run
// is one series' residuals in time order; lag products never cross from one run into the next.
// Pooled estimator: every value demeaned by the pooled mean, r_k = sum over runs of
// sum_t e_t e_{t+k} / sum over all values of e_t^2. One run gives the usual acf. Lags beyond
// n - 1 are left out. Non-finite values are dropped (their run is cut there).
Autocorrelation autocorrelation(const std::vector<std::vector<double>>& runs, int max_lag);

struct LjungBox {
  double q = 0;        // n (n + 2) sum_k r_k^2 / (n - k), k = 1 .. lags
  double p_value = 1;  // chi-square survival at q with `lags` degrees of freedom
  int lags = 0;
  std::size_t n = 0;
};
// Over the first `lags` lags of `acf` (all of them when lags <= 0).
LjungBox ljung_box(const Autocorrelation& acf, int lags = 0);
// P(X > x) for X chi-square with `dof` degrees of freedom.
double chi_square_survival(double x, double dof);
// The regularized upper incomplete gamma function Q(a, x) = Gamma(a, x) / Gamma(a) (a > 0, x >= 0):
// the power series below x = a + 1, Lentz's continued fraction above (Numerical Recipes 6.2).
double regularized_gamma_q(double a, double x);

// The verdict in words, with the lags that stand out (by |r_k|, at most three, ascending).
struct ResidualVerdict {
  bool structure = false;  // Ljung-Box rejects white noise at the 5% level
  std::vector<int> lags;   // the lags whose |r_k| is above the band
  Message text;            // "the residuals still hold structure at lag 12 ...: try a longer <window> ..."
};
// `season` and `window`: the pipeline's, for the advice (0 when unknown).
ResidualVerdict residual_verdict(const Autocorrelation& acf, const LjungBox& lb, int season, int window);

struct ResidualHistogram {
  double low = 0, width = 1;        // bin b covers [low + b width, low + (b + 1) width)
  std::vector<std::size_t> counts;  // the last bin includes the maximum
  double mean = 0, sd = 0;          // of the values (sd with n - 1): the normal curve to overlay
  std::size_t n = 0;
  std::string rule;  // "freedman-diaconis" or "sqrt"
};
// Bins by the Freedman-Diaconis rule (width 2 IQR / n^(1/3), IQR by linear interpolation), or
// sqrt(n) bins when the IQR is 0; between 1 and 60 bins. Non-finite values are left out.
ResidualHistogram residual_histogram(const std::vector<double>& values);
// The normal curve's expected count in a bin of the histogram centred at x.
double normal_count(const ResidualHistogram& h, double x);

struct LargeError {
  std::size_t row = 0;     // the table row of the actual value (0-based)
  std::string time_label;  // empty without a time column
  std::string series_id;   // empty for one series
  std::string target;
  int step = 1;  // horizon step (1 = one step ahead)
  double actual = 0, predicted = 0;
  double error() const { return actual - predicted; }
};
// The `count` errors of largest absolute value, largest first (ties: earlier row first).
std::vector<LargeError> largest_errors(std::vector<LargeError> errors, std::size_t count = 10);

}  // namespace rnnwb
