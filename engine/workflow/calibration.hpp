#pragma once
// Split-conformal calibration at the end of training: the model's absolute errors on the
// validation rows give the half widths of its prediction intervals (engine/data/intervals.hpp).
//  - direct[step][target]: from the one-step-ahead (teacher-forced) predictions of every
//    validation row, pooled over all series of a panel (per-series scaling or not: the widths
//    are in original units, so a panel of very different scales gets one pooled width).
//  - closed_loop[step][target] (the fan), for a model whose inputs are all targets: from every
//    validation origin (at most kMaxFanOrigins, evenly spread) a closed-loop forecast that reads
//    only rows before the origin, compared with the validation values at each step ahead (never a
//    test row). A step is kept while at least kMinFanResiduals residuals reach it, up to
//    kMaxFanSteps; a forecast step beyond the last kept one has no band (none is invented).
#include <vector>

#include "engine/core/threads.hpp"
#include "engine/io/trained_model.hpp"

namespace rnnwb {

inline constexpr std::size_t kMinFanResiduals = 10;
inline constexpr Index kMaxFanSteps = 100;
inline constexpr std::size_t kMaxFanOrigins = 2000;

// The intervals of `m` at `levels` from the validation rows of `series`; empty when there are no
// levels or no validation rows.
PredictionIntervals calibrate_intervals(const TrainedModel& m, const Series& series, const std::vector<double>& levels,
                                        int threads = all_threads());

// Closed-loop forecasts (N, steps, targets) from each origin row (a target row with a full window
// before it in its series): each reads only rows before its origin, then its own predictions.
// Every input must be a target (ConfigError otherwise, as forecast_closed_loop).
Tensor3<double> forecast_from_origins(const TrainedModel& m, const Series& series,
                                      const std::vector<std::size_t>& origins, Index steps,
                                      int threads = all_threads());

}  // namespace rnnwb
