#include "engine/workflow/residual_report.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/data/metrics.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/step_errors.hpp"

namespace rnnwb {

namespace {

// Squared errors of the model and the baselines at one step, summed.
struct StepSquares {
  double model = 0, persistence = 0, seasonal = 0;
  std::size_t n = 0, n_persistence = 0, n_seasonal = 0;
  void add(double actual, double model_value, double naive, double seasonal_value) {
    if (!std::isfinite(actual) || !std::isfinite(model_value)) return;
    model += (actual - model_value) * (actual - model_value), ++n;
    if (std::isfinite(naive)) persistence += (actual - naive) * (actual - naive), ++n_persistence;
    if (std::isfinite(seasonal_value)) seasonal += (actual - seasonal_value) * (actual - seasonal_value), ++n_seasonal;
  }
  StepRmse rmse(int step) const {
    auto root = [](double sum, std::size_t count) { return count ? std::sqrt(sum / double(count)) : NAN; };
    return {step, root(model, n), root(persistence, n_persistence), root(seasonal, n_seasonal), n};
  }
};

// The series of target row j (its window's last row).
std::size_t series_of_target(const Series& s, std::size_t j) { return s.series_of_row(j == 0 ? 0 : j - 1); }

// Each series' one-step residuals of target c, cut where rows are not consecutive.
std::vector<std::vector<double>> residual_runs(const Series& s, const std::vector<std::size_t>& rows,
                                               const Tensor3<double>& actual, const Tensor3<double>& predicted, int c) {
  std::vector<std::vector<double>> runs;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i == 0 || rows[i] != rows[i - 1] + 1 || series_of_target(s, rows[i]) != series_of_target(s, rows[i - 1]))
      runs.emplace_back();
    runs.back().push_back(actual(Index(i), 0, c) - predicted(Index(i), 0, c));
  }
  return runs;
}

TargetResiduals target_residuals(const Series& s, const Pipeline& p, const std::vector<std::size_t>& rows,
                                 const Tensor3<double>& actual, const Tensor3<double>& predicted, int c, int max_lag) {
  TargetResiduals t;
  t.target = p.targets[std::size_t(c)];
  const std::vector<std::vector<double>> runs = residual_runs(s, rows, actual, predicted, c);
  std::vector<double> all;
  for (const auto& run : runs) all.insert(all.end(), run.begin(), run.end());
  t.histogram = residual_histogram(all);
  t.acf = autocorrelation(runs, max_lag > 0 ? max_lag : default_acf_lags(p.season, t.histogram.n));
  t.ljung_box = ljung_box(t.acf);
  t.verdict = residual_verdict(t.acf, t.ljung_box, p.season, int(p.window));
  return t;
}

std::vector<LargeError> all_errors(const Series& s, const Pipeline& p, const std::vector<std::size_t>& rows,
                                   const Tensor3<double>& actual, const Tensor3<double>& predicted) {
  std::vector<LargeError> out;
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (Index k = 0; k < p.horizon; ++k)
      for (std::size_t c = 0; c < p.targets.size(); ++c) {
        const std::size_t row = rows[i] + std::size_t(k);
        LargeError e{row,
                     row < s.time_labels.size() ? s.time_labels[row] : std::string(),
                     s.series_id(series_of_target(s, rows[i])),
                     p.targets[c],
                     int(k + 1),
                     actual(Index(i), k, Index(c)),
                     predicted(Index(i), k, Index(c))};
        out.push_back(std::move(e));
      }
  return out;
}

// Test rows of the shortest series that has any.
std::size_t shortest_test_run(const Series& s, const std::vector<std::size_t>& rows) {
  std::size_t best = rows.size(), run = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    run = (i > 0 && series_of_target(s, rows[i]) == series_of_target(s, rows[i - 1])) ? run + 1 : 1;
    if (i + 1 == rows.size() || series_of_target(s, rows[i + 1]) != series_of_target(s, rows[i]))
      best = std::min(best, run);
  }
  return best;
}

// The value `back` rows before row r of series column x, NaN before the series begins.
double value_before(const std::vector<double>& x, std::size_t r, std::size_t back, std::size_t begin) {
  return r >= begin + back ? x[r - back] : NAN;
}

// Closed-loop error by step from every test origin: step s compares the forecast with row j + s - 1
// while that row is inside the origin's series.
void closed_loop_step_errors(ResidualReport& r, const TrainedModel& m, const Series& s,
                             const std::vector<std::size_t>& rows, int threads) {
  const Pipeline& p = m.pipeline;
  const Tensor3<double> f = closed_loop_from_rows(m, s, rows, r.steps, threads);
  const std::size_t season = std::size_t(std::max(0, p.season));
  for (std::size_t c = 0; c < p.targets.size(); ++c) {
    const std::vector<double>& x = column_values(s, p.targets[c]);
    std::vector<StepSquares> sums(std::size_t(r.steps));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::size_t g = series_of_target(s, rows[i]), begin = s.series_begin(g), end = s.series_end(g);
      for (std::size_t k = 0; k < sums.size() && rows[i] + k < end; ++k) {
        const std::size_t row = rows[i] + k;
        const double seasonal = season > 0 ? value_before(x, row, season * (k / season + 1), begin) : NAN;
        sums[k].add(x[row], f(Index(i), Index(k), Index(c)), value_before(x, rows[i], 1, begin), seasonal);
      }
    }
    r.step_errors.emplace_back();
    for (std::size_t k = 0; k < sums.size(); ++k) r.step_errors.back().push_back(sums[k].rmse(int(k + 1)));
  }
}

// The model's own horizon steps (direct multi-step), beside the baselines at the same steps.
void direct_step_errors(ResidualReport& r, const Series& s, const Pipeline& p, const std::vector<std::size_t>& rows,
                        const Tensor3<double>& actual, const Tensor3<double>& predicted) {
  const Tensor3<double> naive = persistence_forecast(s, p, rows);
  const Tensor3<double> seasonal = p.season > 0 ? seasonal_naive_forecast(s, p, rows, p.season) : Tensor3<double>();
  r.steps = int(p.horizon);
  for (std::size_t c = 0; c < p.targets.size(); ++c) {
    r.step_errors.emplace_back();
    for (Index k = 0; k < p.horizon; ++k) {
      StepSquares sum;
      for (Index i = 0; i < Index(rows.size()); ++i)
        sum.add(actual(i, k, Index(c)), predicted(i, k, Index(c)), naive(i, k, Index(c)),
                p.season > 0 ? seasonal(i, k, Index(c)) : NAN);
      r.step_errors.back().push_back(sum.rmse(int(k + 1)));
    }
  }
}

}  // namespace

Tensor3<double> closed_loop_from_rows(const TrainedModel& m, const Series& series,
                                      const std::vector<std::size_t>& origins, int steps, int threads) {
  check_forecast_rows(steps);
  const Pipeline& p = m.pipeline;
  if (!inputs_not_predicted(p).empty())
    throw ConfigError(
        "a closed-loop forecast feeds predictions back as inputs, so every input feature must be a target");
  std::vector<std::size_t> source(p.features.size());  // the target feeding each feature
  for (std::size_t f = 0; f < p.features.size(); ++f)
    source[f] = std::size_t(std::find(p.targets.begin(), p.targets.end(), p.features[f]) - p.targets.begin());
  Tensor3<double> window = raw_windows(series, p, origins);
  const WindowTransforms per_window = window_transforms(series, p, origins);
  const Index n = Index(origins.size()), width = Index(p.features.size());
  Tensor3<double> out(n, steps, Index(p.targets.size()));
  for (Index done = 0; done < steps;) {
    const Tensor3<double> y = predict_windows(m, window, threads, per_window);
    for (Index k = 0; k < p.horizon && done < steps; ++k, ++done)
      for (Index i = 0; i < n; ++i) {
        for (Index c = 0; c < Index(p.targets.size()); ++c) out(i, done, c) = y(i, k, c);
        double* w = &window(i, 0, 0);  // shift the window one row and append the prediction
        std::copy(w + width, w + p.window * width, w);
        for (std::size_t f = 0; f < p.features.size(); ++f)
          window(i, p.window - 1, Index(f)) = y(i, k, Index(source[f]));
      }
  }
  return out;
}

ResidualReport residual_report(const TrainedModel& m, const Series& series, const ResidualReportOptions& o) {
  if (m.is_sequence_model())
    throw ConfigError("residual diagnostics are for models trained on a series; this one was trained on sequences");
  const Pipeline& p = m.pipeline;
  const std::vector<std::size_t> rows = split_rows(series, p).test;
  if (rows.empty())
    throw DataError(Message("the data has no test rows to diagnose: give a test fraction above 0")
                    << Hint::where(Setting::Split));
  ResidualReport r;
  r.test_rows = rows.size();
  r.series = series.series_count();
  const Tensor3<double> actual = actual_values(series, p, rows);
  const Tensor3<double> predicted = predict_rows(m, series, rows, o.threads);
  for (int c = 0; c < int(p.targets.size()); ++c)
    r.targets.push_back(target_residuals(series, p, rows, actual, predicted, c, o.max_lag));
  r.largest = largest_errors(all_errors(series, p, rows, actual, predicted), o.largest);
  std::vector<std::string> unknown = inputs_not_predicted(p);
  for (auto& name : unknown) name = quote(name);
  if (!unknown.empty()) {
    r.step_method = "direct";
    r.step_note << "no closed-loop forecast: it needs the future of " << join_values(unknown, ", ", " and ")
                << ", which the model does not predict; the error by step is the model's own "
                << std::to_string(p.horizon) << "-step horizon";
    direct_step_errors(r, series, p, rows, actual, predicted);
    return r;
  }
  r.steps = o.steps > 0 ? o.steps : int(std::clamp<std::size_t>(shortest_test_run(series, rows) / 2, 1, 24));
  closed_loop_step_errors(r, m, series, rows, o.threads);
  return r;
}

namespace {

nlohmann::json finite_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json target_json(const TargetResiduals& t, const HintWording& word) {
  const ResidualHistogram& h = t.histogram;
  return {
      {"count", h.n},
      {"acf", {{"lags", t.acf.r.size()}, {"r", t.acf.r}, {"band", t.acf.band}}},
      {"ljung_box", {{"q", t.ljung_box.q}, {"p_value", t.ljung_box.p_value}, {"lags", t.ljung_box.lags}}},
      {"verdict",
       {{"structure", t.verdict.structure}, {"lags", t.verdict.lags}, {"text", t.verdict.text.worded(word)}}},
      {"histogram",
       {{"rule", h.rule}, {"low", h.low}, {"width", h.width}, {"counts", h.counts}, {"mean", h.mean}, {"sd", h.sd}}}};
}

}  // namespace

nlohmann::json to_json(const ResidualReport& r, const HintWording& word) {
  nlohmann::json j = {{"residuals", "test rows, one step ahead (actual - predicted)"},
                      {"test_rows", r.test_rows},
                      {"series", r.series}};
  j["targets"] = nlohmann::json::object();
  for (const auto& t : r.targets) j["targets"][t.target] = target_json(t, word);
  j["largest_errors"] = nlohmann::json::array();
  for (const auto& e : r.largest)
    j["largest_errors"].push_back({{"row", e.row},
                                   {"time", e.time_label},
                                   {"series", e.series_id},
                                   {"target", e.target},
                                   {"step", e.step},
                                   {"actual", finite_or_null(e.actual)},
                                   {"predicted", finite_or_null(e.predicted)},
                                   {"error", finite_or_null(e.error())}});
  nlohmann::json steps = {{"method", r.step_method}, {"steps", r.steps}, {"note", r.step_note.worded(word)}};
  steps["targets"] = nlohmann::json::object();
  for (std::size_t c = 0; c < r.step_errors.size() && c < r.targets.size(); ++c)
    for (const auto& e : r.step_errors[c])
      steps["targets"][r.targets[c].target].push_back({{"step", e.step},
                                                       {"model_rmse", finite_or_null(e.model)},
                                                       {"persistence_rmse", finite_or_null(e.persistence)},
                                                       {"seasonal_naive_rmse", finite_or_null(e.seasonal_naive)},
                                                       {"count", e.count}});
  j["error_by_step"] = steps;
  return j;
}

}  // namespace rnnwb
