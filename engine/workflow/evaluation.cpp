#include "engine/workflow/evaluation.hpp"

#include <algorithm>
#include <unordered_set>

#include "engine/workflow/prediction.hpp"

namespace rnnwb {

namespace {

// Rows [first, last) of a (N, H, T) tensor.
Tensor3<double> slice(const Tensor3<double>& t, std::size_t first, std::size_t last) {
  Tensor3<double> out(Index(last - first), t.steps, t.features);
  const std::size_t per = std::size_t(t.steps * t.features);
  std::copy(t.data.begin() + long(first * per), t.data.begin() + long(last * per), out.data.begin());
  return out;
}

// What one split's windows are evaluated on: actual values, the model's and the baselines' forecasts.
struct SplitForecasts {
  std::vector<std::size_t> rows;
  Tensor3<double> actual;
  std::map<std::string, Tensor3<double>> forecasts;  // "model", "persistence", "seasonal_naive"
  std::vector<double> scales;                        // per window and target
};

void add_metrics(Evaluation& e, Split split, const SplitForecasts& f, std::size_t first, std::size_t last) {
  const Tensor3<double> actual = slice(f.actual, first, last);
  const std::vector<double> scales(f.scales.begin() + long(first * std::size_t(f.actual.features)),
                                   f.scales.begin() + long(last * std::size_t(f.actual.features)));
  for (const auto& [name, forecast] : f.forecasts) {
    const Metrics m = compute_metrics_scaled(actual, slice(forecast, first, last), scales);
    if (name == "model")
      e.model[split] = m;
    else
      e.baselines[name][split] = m;
  }
}

}  // namespace

nlohmann::json intervals_json(const std::vector<IntervalCoverage>& coverage, const std::string& method) {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  nlohmann::json levels = nlohmann::json::object();
  for (const IntervalCoverage& c : coverage)
    levels[level_label(c.nominal)] = {{"nominal", c.nominal},
                                      {"empirical", c.empirical},
                                      {"mean_width", num(c.mean_width)},
                                      {"count", c.count},
                                      {"empirical_by_step", c.empirical_by_step}};
  return {{"method", method}, {"split", "test"}, {"levels", levels}};
}

Evaluation evaluate_model(const TrainedModel& m, const Series& series, int threads) {
  const Pipeline& p = m.pipeline;
  const SplitRows rows = split_rows(series, p);
  const std::vector<std::vector<double>> scales = mase_scales_per_series(series, p);
  Evaluation e;
  e.series_skipped = rows.skipped;
  const std::unordered_set<std::string> skipped(rows.skipped.begin(),
                                                rows.skipped.end());  // 10,000 series: no scan each
  if (series.is_panel())
    for (std::size_t g = 0; g < series.series_count(); ++g)
      if (!skipped.count(series.series_ids[g])) {
        e.series_ids.push_back(series.series_ids[g]);
        e.series.emplace_back();
      }
  const std::pair<Split, const std::vector<std::size_t>*> splits[] = {
      {Split::Train, &rows.train}, {Split::Validation, &rows.validation}, {Split::Test, &rows.test}};
  for (const auto& [name, r] : splits) {
    if (r->empty()) continue;
    SplitForecasts f{*r, actual_values(series, p, *r), {}, window_mase_scales(series, scales, *r)};
    f.forecasts["model"] = predict_rows(m, series, *r, threads);
    f.forecasts["persistence"] = persistence_forecast(series, p, *r);
    if (p.season > 0) f.forecasts["seasonal_naive"] = seasonal_naive_forecast(series, p, *r, p.season);
    add_metrics(e, name, f, 0, r->size());
    if (name == Split::Test)
      for (const IntervalLevel& level : m.intervals.levels)
        e.intervals.push_back(interval_coverage(f.actual, f.forecasts["model"], level));
    // Each series' windows are consecutive in the rows.
    std::size_t k = 0;
    for (std::size_t first = 0; series.is_panel() && first < r->size();) {
      const std::size_t g = series.series_of_row((*r)[first] - 1);
      std::size_t last = first;
      while (last < r->size() && series.series_of_row((*r)[last] - 1) == g) ++last;
      while (k < e.series_ids.size() && e.series_ids[k] != series.series_ids[g]) ++k;
      if (k < e.series.size()) add_metrics(e.series[k], name, f, first, last);
      first = last;
    }
  }
  if (!e.intervals.empty()) e.interval_method = m.intervals.method;
  return e;
}

nlohmann::json to_json(const Metrics& m) {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  return {{"mse", num(m.mse)},   {"rmse", num(m.rmse)},   {"mae", num(m.mae)},
          {"mape", num(m.mape)}, {"smape", num(m.smape)}, {"r2", num(m.r2)},
          {"mase", num(m.mase)}, {"count", m.count},      {"mape_zeros_skipped", m.mape_skipped}};
}

nlohmann::json to_json(const Evaluation& e) {
  nlohmann::json j = nlohmann::json::object();
  if (e.is_classification()) {
    for (const auto& [split, m] : e.classes) j[to_string(split)] = to_json(m, e.class_names);
    j["baselines"] = nlohmann::json::object();
    for (const auto& [name, splits] : e.class_baselines)
      for (const auto& [split, m] : splits) j["baselines"][name][to_string(split)] = to_json(m, e.class_names);
    return j;
  }
  for (const auto& [split, m] : e.model) j[to_string(split)] = to_json(m);
  j["baselines"] = nlohmann::json::object();
  for (const auto& [name, splits] : e.baselines)
    for (const auto& [split, m] : splits) j["baselines"][name][to_string(split)] = to_json(m);
  if (!e.series_ids.empty() || !e.series_skipped.empty()) {
    j["series"] = nlohmann::json::object();
    for (std::size_t k = 0; k < e.series_ids.size() && k < e.series.size(); ++k)
      j["series"][e.series_ids[k]] = to_json(e.series[k]);
    j["series_skipped"] = e.series_skipped;
  }
  if (!e.intervals.empty()) j["intervals"] = intervals_json(e.intervals, e.interval_method);
  if (!e.target_names.empty()) {
    j["targets"] = nlohmann::json::object();
    for (std::size_t k = 0; k < e.target_names.size() && k < e.targets.size(); ++k)
      j["targets"][e.target_names[k]] = to_json(e.targets[k]);
  }
  return j;
}

}  // namespace rnnwb
