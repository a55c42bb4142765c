#pragma once
// Predictions in original units: from windows, for rows of a series (one step ahead, teacher
// forced), and closed-loop forecasts beyond the end that feed predictions back as inputs.
// `threads`: how many threads the model's predict() may use (all cores unless the caller says;
// a training run passes its FitConfig::threads).
#include <vector>

#include "engine/core/threads.hpp"
#include "engine/io/trained_model.hpp"

namespace rnnwb {

// Original-unit windows (N, window, features) -> original-unit predictions (N, horizon, targets).
// `per_window`: each window's series transforms, for a per-series model (window_transforms()).
Tensor3<double> predict_windows(const TrainedModel& m, const Tensor3<double>& raw_windows, int threads = all_threads(),
                                const WindowTransforms& per_window = {});

// Predictions for target rows j of the series (each from rows j-window .. j-1).
Tensor3<double> predict_rows(const TrainedModel& m, const Series& series, const std::vector<std::size_t>& rows,
                             int threads = all_threads());

// `steps` values per target beyond the last row of the series: [step][target]. Every input
// feature must be a target (its future comes from the model). Throws ConfigError otherwise.
// Throws ConfigError unless 0 <= rows <= limits::kMaxForecastRows (the CLI and the workbench).
void check_forecast_rows(long long rows);
// With many series, `series_index` chooses the series whose end the forecast starts from.
std::vector<std::vector<double>> forecast_closed_loop(const TrainedModel& m, const Series& series, Index steps,
                                                      int threads = all_threads(), std::size_t series_index = 0);

}  // namespace rnnwb
