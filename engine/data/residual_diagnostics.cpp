#include "engine/data/residual_diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace rnnwb {

namespace {

// Each run cut at its non-finite values into finite pieces.
std::vector<std::vector<double>> finite_runs(const std::vector<std::vector<double>>& runs) {
  std::vector<std::vector<double>> out;
  for (const auto& run : runs) {
    out.emplace_back();
    for (double v : run)
      if (std::isfinite(v))
        out.back().push_back(v);
      else if (!out.back().empty())
        out.emplace_back();
    if (out.back().empty()) out.pop_back();
  }
  return out;
}

// Linear-interpolation quantile (numpy's default) of sorted values.
double sorted_quantile(const std::vector<double>& sorted, double q) {
  const double at = q * double(sorted.size() - 1);
  const std::size_t i = std::size_t(std::floor(at));
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (at - double(i)) * (sorted[i + 1] - sorted[i]);
}

// "0.41", "0.003", "< 0.001": a p-value as a reader wants it.
std::string p_text(double p) {
  if (p < 0.001) return "p < 0.001";
  char buf[32];
  std::snprintf(buf, sizeof buf, p < 0.01 ? "p = %.3f" : "p = %.2f", p);
  return buf;
}

std::string lags_text(const std::vector<int>& lags) {
  std::vector<std::string> words;
  for (int k : lags) words.push_back(std::to_string(k));
  return (lags.size() == 1 ? "lag " : "lags ") + join_values(words, ", ", " and ");
}

// What to try for structure at `lags`: a seasonal lag asks for seasonal differencing; residuals
// that wander (a strong lag-1 autocorrelation) for differencing; a lag the window does not reach
// for a longer window; a lone peak beyond lag 2 without a season for that season; a lag inside the
// window for a model that learns more.
Message structure_advice(const Autocorrelation& acf, const std::vector<int>& lags, int season, int window) {
  const int longest = *std::max_element(lags.begin(), lags.end());
  const bool seasonal = season > 1 && std::any_of(lags.begin(), lags.end(), [&](int k) { return k % season == 0; });
  const bool has_lag1 = lags.front() == 1;
  Message m(": try ");
  if (seasonal && window > 0 && longest >= window)
    return m << "a longer " << Hint::name(Setting::Window) << " (at least " << std::to_string(longest + 1)
             << ") or seasonal differencing" << Hint::where(Setting::Diff, {std::to_string(season)});
  if (seasonal) return m << "seasonal differencing" << Hint::where(Setting::Diff, {std::to_string(season)});
  if (has_lag1 && acf.r.front() > 0.5)
    return m << "differencing" << Hint::where(Setting::Diff, {"1"})
             << " or more epochs: the residuals wander, the model lags behind the level";
  if (window > 0 && longest >= window)
    return m << "a longer " << Hint::name(Setting::Window) << " (at least " << std::to_string(longest + 1) << ")";
  if (season <= 1 && !has_lag1 && longest > 2)
    return m << "a season of " << std::to_string(longest) << Hint::where(Setting::Season, {std::to_string(longest)})
             << " or a longer " << Hint::name(Setting::Window);
  return m << "more units or more epochs: the window holds these rows but the model does not use them yet";
}

}  // namespace

int default_acf_lags(int season, std::size_t n) {
  const long want = season > 1 ? 2L * season : 24L;
  return int(std::max(1L, std::min(want, long(n) - 1)));
}

Autocorrelation autocorrelation(const std::vector<std::vector<double>>& runs_in, int max_lag) {
  const std::vector<std::vector<double>> runs = finite_runs(runs_in);
  Autocorrelation a;
  double sum = 0;
  for (const auto& run : runs)
    for (double v : run) sum += v, ++a.n;
  if (a.n < 2) return a;
  const double mean = sum / double(a.n);
  double c0 = 0;
  for (const auto& run : runs)
    for (double v : run) c0 += (v - mean) * (v - mean);
  a.band = 1.96 / std::sqrt(double(a.n));
  const int lags = std::min(max_lag, int(a.n) - 1);
  for (int k = 1; k <= lags; ++k) {
    double ck = 0;
    for (const auto& run : runs)
      for (std::size_t t = std::size_t(k); t < run.size(); ++t)
        ck += (run[t] - mean) * (run[t - std::size_t(k)] - mean);
    a.r.push_back(c0 > 0 ? ck / c0 : 0.0);
  }
  return a;
}

double regularized_gamma_q(double a, double x) {
  if (!(a > 0) || !(x >= 0)) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return 1;
  const double log_front = -x + a * std::log(x) - std::lgamma(a);
  const double eps = 1e-16;
  if (x < a + 1) {  // P(a, x) by its series; Q = 1 - P
    double ap = a, term = 1 / a, sum = term;
    for (int i = 0; i < 100000 && std::fabs(term) > std::fabs(sum) * eps; ++i) {
      ap += 1;
      term *= x / ap;
      sum += term;
    }
    return std::max(0.0, 1 - sum * std::exp(log_front));
  }
  const double tiny = 1e-300;  // modified Lentz
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 100000; ++i) {
    const double an = -double(i) * (double(i) - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double step = d * c;
    h *= step;
    if (std::fabs(step - 1) < eps) break;
  }
  return std::exp(log_front) * h;
}

double chi_square_survival(double x, double dof) { return x <= 0 ? 1.0 : regularized_gamma_q(dof / 2, x / 2); }

LjungBox ljung_box(const Autocorrelation& acf, int lags) {
  LjungBox lb;
  lb.n = acf.n;
  lb.lags = lags <= 0 ? int(acf.r.size()) : std::min(lags, int(acf.r.size()));
  const double n = double(acf.n);
  for (int k = 1; k <= lb.lags; ++k) lb.q += acf.r[std::size_t(k - 1)] * acf.r[std::size_t(k - 1)] / (n - k);
  lb.q *= n * (n + 2);
  lb.p_value = lb.lags > 0 ? chi_square_survival(lb.q, lb.lags) : 1.0;
  return lb;
}

ResidualVerdict residual_verdict(const Autocorrelation& acf, const LjungBox& lb, int season, int window) {
  ResidualVerdict v;
  if (acf.n < 10 || lb.lags == 0) {
    v.text << "too few residuals (" << std::to_string(acf.n) << ") to test whether they hold structure";
    return v;
  }
  std::vector<int> out;
  for (std::size_t k = 0; k < acf.r.size(); ++k)
    if (std::fabs(acf.r[k]) > acf.band) out.push_back(int(k + 1));
  std::stable_sort(out.begin(), out.end(), [&](int a, int b) {
    return std::fabs(acf.r[std::size_t(a - 1)]) > std::fabs(acf.r[std::size_t(b - 1)]);
  });
  if (out.size() > 3) out.resize(3);
  std::sort(out.begin(), out.end());
  v.lags = out;
  v.structure = lb.p_value < 0.05;
  if (!v.structure) {
    v.text << "no structure left that Ljung-Box can see (" << p_text(lb.p_value) << ")";
    return v;
  }
  if (out.empty()) {
    v.text << "the residuals hold structure spread over many lags, none alone above the band (" << p_text(lb.p_value)
           << "): try a longer " << Hint::name(Setting::Window) << " or more epochs";
    return v;
  }
  v.text << "the residuals still hold structure at " << lags_text(out) << " (Ljung-Box " << p_text(lb.p_value) << ")"
         << structure_advice(acf, out, season, window);
  return v;
}

ResidualHistogram residual_histogram(const std::vector<double>& values) {
  ResidualHistogram h;
  std::vector<double> v;
  for (double x : values)
    if (std::isfinite(x)) v.push_back(x);
  h.n = v.size();
  h.rule = "freedman-diaconis";
  if (v.empty()) return h;
  std::sort(v.begin(), v.end());
  double sum = 0, sq = 0;
  for (double x : v) sum += x;
  h.mean = sum / double(h.n);
  for (double x : v) sq += (x - h.mean) * (x - h.mean);
  h.sd = h.n > 1 ? std::sqrt(sq / double(h.n - 1)) : 0.0;
  const double range = v.back() - v.front();
  const double iqr = sorted_quantile(v, 0.75) - sorted_quantile(v, 0.25);
  std::size_t bins = 1;
  if (range > 0 && iqr > 0) {
    bins = std::size_t(std::ceil(range / (2 * iqr / std::cbrt(double(h.n)))));
  } else if (range > 0) {
    h.rule = "sqrt";
    bins = std::size_t(std::ceil(std::sqrt(double(h.n))));
  }
  bins = std::clamp<std::size_t>(bins, 1, 60);
  h.low = range > 0 ? v.front() : v.front() - 0.5;
  h.width = range > 0 ? range / double(bins) : 1.0;
  h.counts.assign(bins, 0);
  for (double x : v) ++h.counts[std::min(bins - 1, std::size_t((x - h.low) / h.width))];
  return h;
}

double normal_count(const ResidualHistogram& h, double x) {
  if (!(h.sd > 0)) return 0;
  const double z = (x - h.mean) / h.sd;
  return double(h.n) * h.width * std::exp(-0.5 * z * z) / (h.sd * std::sqrt(2 * M_PI));
}

std::vector<LargeError> largest_errors(std::vector<LargeError> errors, std::size_t count) {
  errors.erase(
      std::remove_if(errors.begin(), errors.end(), [](const LargeError& e) { return !std::isfinite(e.error()); }),
      errors.end());
  std::stable_sort(errors.begin(), errors.end(), [](const LargeError& a, const LargeError& b) {
    return std::fabs(a.error()) > std::fabs(b.error());
  });
  if (errors.size() > count) errors.resize(count);
  return errors;
}

}  // namespace rnnwb
