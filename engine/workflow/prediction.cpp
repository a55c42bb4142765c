#include "engine/workflow/prediction.hpp"

#include <algorithm>

#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"

namespace rnnwb {

void check_forecast_rows(long long rows) {
  if (rows < 0 || rows > limits::kMaxForecastRows)
    throw ConfigError("a closed-loop forecast of " + std::to_string(rows) + " rows: choose 0 to " +
                      std::to_string(limits::kMaxForecastRows) + " rows (errors compound with every step, so " +
                      "a longer one says little)");
}

Tensor3<double> predict_windows(const TrainedModel& m, const Tensor3<double>& raw, int threads,
                                const WindowTransforms& per_window) {
  const Pipeline& p = m.pipeline;
  const Tensor3<float> out = m.model.predict(encode_inputs(p, raw, per_window), 256, threads);
  // The head outputs horizon x targets values on the last step: (N, 1, H*T) is (N, H, T) row-major.
  if (out.steps != 1 || out.features != p.horizon * Index(p.targets.size()))
    throw ShapeError("the model outputs " + std::to_string(out.features) + " values per window but the pipeline " +
                     "expects horizon x targets = " + std::to_string(p.horizon * Index(p.targets.size())));
  Tensor3<float> shaped(out.batch, p.horizon, Index(p.targets.size()));
  shaped.data = out.data;
  return decode_outputs(p, shaped, raw, per_window);
}

Tensor3<double> predict_rows(const TrainedModel& m, const Series& series, const std::vector<std::size_t>& rows,
                             int threads) {
  return predict_windows(m, raw_windows(series, m.pipeline, rows), threads,
                         window_transforms(series, m.pipeline, rows));
}

std::vector<std::vector<double>> forecast_closed_loop(const TrainedModel& m, const Series& series, Index steps,
                                                      int threads, std::size_t series_index) {
  check_forecast_rows(steps);
  const Pipeline& p = m.pipeline;
  std::vector<int> source(p.features.size());  // target index feeding each feature
  for (std::size_t f = 0; f < p.features.size(); ++f) {
    const auto it = std::find(p.targets.begin(), p.targets.end(), p.features[f]);
    if (it == p.targets.end())
      throw ConfigError("a closed-loop forecast feeds predictions back as inputs, so every input feature must be a " +
                        std::string("target; \"") + p.features[f] + "\" is not");
    source[f] = int(it - p.targets.begin());
  }
  if (series_index >= series.series_count()) throw ConfigError("internal: no such series to forecast");
  const std::size_t end = series.series_end(series_index);
  if (series.series_rows(series_index) < std::size_t(p.window))
    throw DataError(
        (series.is_panel() ? "series " + quote(series.series_ids[series_index]) : std::string("the series")) +
        " has fewer rows than the window (" + std::to_string(p.window) + ")");
  // The last window of the series, extended with each prediction.
  Tensor3<double> window = raw_windows(series, p, {end});
  const WindowTransforms per_window = window_transforms(series, p, {end});
  std::vector<std::vector<double>> forecast;
  while (Index(forecast.size()) < steps) {
    const Tensor3<double> y = predict_windows(m, window, threads, per_window);
    for (Index k = 0; k < p.horizon && Index(forecast.size()) < steps; ++k) {
      std::vector<double> row(p.targets.size());
      for (std::size_t c = 0; c < p.targets.size(); ++c) row[c] = y(0, k, Index(c));
      forecast.push_back(row);
      // Shift the window one row and append the prediction.
      std::copy(window.data.begin() + long(window.features), window.data.end(), window.data.begin());
      for (std::size_t f = 0; f < p.features.size(); ++f)
        window(0, p.window - 1, Index(f)) = row[std::size_t(source[f])];
    }
  }
  return forecast;
}

}  // namespace rnnwb
