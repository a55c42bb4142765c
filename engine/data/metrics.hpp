#pragma once
// Forecast accuracy in original units: MSE, RMSE, MAE, MAPE (zero actuals skipped and counted),
// sMAPE, R2 and MASE, pooled over every horizon step and target of a split; and the two baselines
// every model must beat: persistence (the last known value) and seasonal naive.
#include <string>
#include <vector>

#include "engine/core/tensor.hpp"
#include "engine/data/pipeline.hpp"

namespace rnnwb {

struct Metrics {
  double mse = 0, rmse = 0, mae = 0, mape = 0, smape = 0, r2 = 0, mase = 0;
  std::size_t count = 0;         // values compared
  std::size_t mape_skipped = 0;  // actual values of exactly 0, left out of MAPE
};

// actual and predicted: (N, horizon, targets). mase_scale: per target, the in-sample mean absolute
// error of the naive forecast on the training rows.
Metrics compute_metrics(const Tensor3<double>& actual, const Tensor3<double>& predicted,
                        const std::vector<double>& mase_scale);
// The same with a MASE scale per window and target ((N x targets), window-major): windows of
// many series pooled, each error scaled by its own series' scale.
Metrics compute_metrics_scaled(const Tensor3<double>& actual, const Tensor3<double>& predicted,
                               const std::vector<double>& window_scales);

// Per target: mean |x_t - x_{t-m}| over the training rows (m = season, or 1 without one).
std::vector<double> mase_scales(const Series& series, const Pipeline& pipeline);
// The same for every series of the data ([series][target]), each over its own training rows; a
// series held out whole (split by series) is scaled over all its own rows.
std::vector<std::vector<double>> mase_scales_per_series(const Series& series, const Pipeline& pipeline);
// Per window and target: the scale of each window's series (for compute_metrics_scaled).
std::vector<double> window_mase_scales(const Series& series, const std::vector<std::vector<double>>& per_series,
                                       const std::vector<std::size_t>& rows);

// Actual target values (N, horizon, targets) of the given target rows.
Tensor3<double> actual_values(const Series& series, const Pipeline& pipeline, const std::vector<std::size_t>& rows);
// Baseline forecasts (N, horizon, targets): the last value before each window's target rows,
// or the value one season earlier (seasonal naive, season > 0).
Tensor3<double> persistence_forecast(const Series& series, const Pipeline& pipeline,
                                     const std::vector<std::size_t>& rows);
Tensor3<double> seasonal_naive_forecast(const Series& series, const Pipeline& pipeline,
                                        const std::vector<std::size_t>& rows, int season);

}  // namespace rnnwb
