#pragma once
// Split-conformal prediction intervals: the absolute residuals of held-out forecasts (the
// validation rows, or the folds of a backtest) give, per target and step ahead, the half width
// that covers a requested share of new errors. With n residuals and coverage 1 - alpha the half
// width is the k-th smallest, k = ceil((n + 1)(1 - alpha)) (the finite-sample correction); with
// too few residuals for that (k > n) it is +infinity: no finite band is honest.
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/tensor.hpp"

namespace rnnwb {

inline constexpr double kUnboundedWidth = std::numeric_limits<double>::infinity();

// One coverage level's half widths, in original units: direct[step][target] for the model's own
// horizon steps (one-step predictions of rows), closed_loop[step][target] for the steps of a
// closed-loop forecast beyond the end (the fan; empty when the model cannot forecast closed-loop).
struct IntervalLevel {
  double coverage = 0;  // nominal, in (0, 1)
  std::vector<std::vector<double>> direct, closed_loop;
};

struct PredictionIntervals {
  std::string method = "conformal";  // how the widths were found
  std::string source;                // "validation" or "backtest": whose residuals
  std::vector<IntervalLevel> levels;
  // How many residuals each width rests on: [step][target], and per closed-loop step.
  std::vector<std::vector<std::size_t>> direct_counts;
  std::vector<std::size_t> closed_loop_counts;
  bool empty() const { return levels.empty(); }
};

inline constexpr const char* kDefaultIntervalLevels = "0.8,0.95";
// "0.8,0.95" -> {0.8, 0.95} (sorted, distinct, each in (0, 1)); "none" or "" -> {}. Throws
// ConfigError saying what is wrong.
std::vector<double> parse_interval_levels(std::string_view text);
// The column-name part of a level: 0.8 -> "80", 0.95 -> "95", 0.975 -> "97.5".
std::string level_label(double coverage);

// The levels of `intervals` at `coverages` (each must be held, to 1e-9; ConfigError listing the
// held ones otherwise); the counts stay.
PredictionIntervals select_levels(const PredictionIntervals& intervals, const std::vector<double>& coverages);

// The conformal half width for `coverage` from absolute residuals (NaNs ignored): the k-th
// smallest, or kUnboundedWidth when there are too few.
double conformal_quantile(std::vector<double> abs_residuals, double coverage);

// Residuals gathered per [step][target] (signed, original units: actual - predicted).
using StepResiduals = std::vector<std::vector<std::vector<double>>>;
// Adds actual - predicted of (N, steps, targets) tensors to `into` (sized on first use).
void add_residuals(StepResiduals& into, const Tensor3<double>& actual, const Tensor3<double>& predicted);
// Half widths for every level from direct residuals and (possibly empty) closed-loop residuals.
PredictionIntervals conformal_intervals(const StepResiduals& direct, const StepResiduals& closed_loop,
                                        const std::vector<double>& levels, const std::string& source);

// How well one level's bands held on other rows: the share of actual values inside
// predicted -/+ half width, and the mean width (2 x half width), pooled and per step.
struct IntervalCoverage {
  double nominal = 0, empirical = 0, mean_width = 0;
  std::size_t count = 0;
  std::vector<double> empirical_by_step;
};
// For (N, steps, targets) actuals and predictions and one level's direct widths.
IntervalCoverage interval_coverage(const Tensor3<double>& actual, const Tensor3<double>& predicted,
                                   const IntervalLevel& level);

}  // namespace rnnwb
