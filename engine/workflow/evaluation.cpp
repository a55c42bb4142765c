#include "engine/workflow/evaluation.hpp"

#include "engine/workflow/prediction.hpp"

namespace rnnwb {

Evaluation evaluate_model(const TrainedModel& m, const Series& series, int threads) {
  const Pipeline& p = m.pipeline;
  const SplitRows rows = split_rows(series, p);
  const std::vector<double> scales = mase_scales(series, p);
  Evaluation e;
  const std::pair<Split, const std::vector<std::size_t>*> splits[] = {
      {Split::Train, &rows.train}, {Split::Validation, &rows.validation}, {Split::Test, &rows.test}};
  for (const auto& [name, r] : splits) {
    if (r->empty()) continue;
    const Tensor3<double> actual = actual_values(series, p, *r);
    e.model[name] = compute_metrics(actual, predict_rows(m, series, *r, threads), scales);
    e.baselines["persistence"][name] = compute_metrics(actual, persistence_forecast(series, p, *r), scales);
    if (p.season > 0)
      e.baselines["seasonal_naive"][name] =
          compute_metrics(actual, seasonal_naive_forecast(series, p, *r, p.season), scales);
  }
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
  for (const auto& [split, m] : e.model) j[to_string(split)] = to_json(m);
  j["baselines"] = nlohmann::json::object();
  for (const auto& [name, splits] : e.baselines)
    for (const auto& [split, m] : splits) j["baselines"][name][to_string(split)] = to_json(m);
  return j;
}

}  // namespace rnnwb
