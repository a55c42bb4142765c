#include "engine/workflow/calibration.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/data/metrics.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/step_errors.hpp"

namespace rnnwb {

namespace {

// Feature f of the model reads target source[f] (a closed-loop forecast feeds it back).
std::vector<int> fed_back_targets(const Pipeline& p) {
  std::vector<int> source(p.features.size());
  for (std::size_t f = 0; f < p.features.size(); ++f) {
    const auto it = std::find(p.targets.begin(), p.targets.end(), p.features[f]);
    if (it == p.targets.end())
      throw ConfigError(
          "a closed-loop forecast feeds predictions back as inputs, so every input feature must be a "
          "target; \"" +
          p.features[f] + "\" is not");
    source[f] = int(it - p.targets.begin());
  }
  return source;
}

// At most `cap` of the rows, evenly spread (all of them when there are fewer).
std::vector<std::size_t> spread(const std::vector<std::size_t>& rows, std::size_t cap) {
  if (rows.size() <= cap) return rows;
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < cap; ++i) out.push_back(rows[i * rows.size() / cap]);
  return out;
}

// The fan's residuals: closed-loop forecasts from validation origins against the validation rows
// of the origin's own series, step by step; trimmed to the steps with enough residuals.
StepResiduals closed_loop_residuals(const TrainedModel& m, const Series& series,
                                    const std::vector<std::size_t>& validation, int threads) {
  const Pipeline& p = m.pipeline;
  const std::vector<SeriesSplit> plan = split_series(series, p);
  const std::vector<std::size_t> origins = spread(validation, kMaxFanOrigins);
  Index longest = 0;  // the most validation rows any origin has ahead of it
  for (std::size_t o : origins)
    longest = std::max(longest, Index(plan[series.series_of_row(o - 1)].bounds.validation_end - o));
  const Index steps = std::min(longest, kMaxFanSteps);
  if (steps <= 0) return {};
  const Tensor3<double> forecast = forecast_from_origins(m, series, origins, steps, threads);
  StepResiduals out(std::size_t(steps), std::vector<std::vector<double>>(p.targets.size()));
  for (std::size_t i = 0; i < origins.size(); ++i) {
    const std::size_t end = plan[series.series_of_row(origins[i] - 1)].bounds.validation_end;
    for (Index s = 0; s < steps && origins[i] + std::size_t(s) < end; ++s)
      for (std::size_t t = 0; t < p.targets.size(); ++t) {
        const double actual = column_values(series, p.targets[t])[origins[i] + std::size_t(s)];
        out[std::size_t(s)][t].push_back(actual - forecast(Index(i), s, Index(t)));
      }
  }
  while (!out.empty() && out.back().front().size() < kMinFanResiduals) out.pop_back();
  return out;
}

}  // namespace

Tensor3<double> forecast_from_origins(const TrainedModel& m, const Series& series,
                                      const std::vector<std::size_t>& origins, Index steps, int threads) {
  const Pipeline& p = m.pipeline;
  const std::vector<int> source = fed_back_targets(p);
  const Index n = Index(origins.size()), targets = Index(p.targets.size()), f = Index(p.features.size());
  Tensor3<double> out(n, steps, targets);
  if (n == 0 || steps <= 0) return out;
  Tensor3<double> window = raw_windows(series, p, origins);
  const WindowTransforms per_window = window_transforms(series, p, origins);
  for (Index done = 0; done < steps;) {
    const Tensor3<double> y = predict_windows(m, window, threads, per_window);
    for (Index k = 0; k < p.horizon && done < steps; ++k, ++done)
      for (Index b = 0; b < n; ++b) {
        for (Index t = 0; t < targets; ++t) out(b, done, t) = y(b, k, t);
        // Shift this origin's window one row and append the prediction.
        double* w = window.data.data() + b * window.steps * f;
        std::copy(w + f, w + window.steps * f, w);
        for (Index c = 0; c < f; ++c) w[(window.steps - 1) * f + c] = y(b, k, source[std::size_t(c)]);
      }
  }
  return out;
}

PredictionIntervals calibrate_intervals(const TrainedModel& m, const Series& series, const std::vector<double>& levels,
                                        int threads) {
  if (levels.empty()) return {};
  const std::vector<std::size_t> validation = split_rows(series, m.pipeline).validation;
  if (validation.empty()) return {};
  StepResiduals direct;
  add_residuals(direct, actual_values(series, m.pipeline, validation), predict_rows(m, series, validation, threads));
  StepResiduals fan;
  if (inputs_not_predicted(m.pipeline).empty()) fan = closed_loop_residuals(m, series, validation, threads);
  return conformal_intervals(direct, fan, levels, "validation");
}

}  // namespace rnnwb
