#pragma once
// Walk-forward backtesting (rolling origin): the last K blocks of fold_size rows of the data are
// tested one after another. Fold i trains on the rows before its origin only (the last
// max_train_rows of them with a sliding window), skips `gap` rows, and tests the next block.
// Leakage-free by construction: each fold trains with train_model on a Series that holds only its
// training rows (split (1 - v, v, 0): the last validation fraction v of them early-stops), so every
// fitted statistic (log, differencing, scaler, season, out-of-range checks) comes from them alone.
// Many series share the fold origins by row position within each series.
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/enum_names.hpp"
#include "engine/data/intervals.hpp"
#include "engine/data/metrics.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb {

enum class Refit { Every, Once };
template <>
struct EnumNames<Refit> {
  using Error = ConfigError;
  static constexpr const char* what = "refit";
  static constexpr EnumName<Refit> names[] = {{Refit::Every, "every"}, {Refit::Once, "once"}};
};

struct BacktestConfig {
  int folds = 5;
  // Test rows per fold; 0 = the test split's share of the longest series divided by the folds
  // (floor(rows x test fraction) / folds), at least the horizon.
  std::size_t fold_size = 0;
  Refit refit = Refit::Every;
  std::size_t gap = 0;                                // rows skipped after each origin
  std::size_t max_train_rows = 0;                     // 0 = expanding window (every row before the origin)
  Index closed_loop_steps = 0;                        // 0 = none; needs every input feature to be a target
  int jobs = 1;                                       // folds trained at once (each on max(1, threads / jobs) threads)
  std::vector<double> interval_levels = {0.8, 0.95};  // conformal bands from the folds' residuals
};

// Where the folds fall, in row positions within a series (0 = a series' first row).
struct FoldPlan {
  std::size_t origin = 0, train_begin = 0, test_begin = 0, test_end = 0;
};
struct BacktestPlan {
  std::size_t fold_size = 0, longest = 0, min_train_rows = 0;
  std::vector<FoldPlan> folds;
};
// Throws ConfigError for settings out of range, DataError for too few rows (saying how many each
// fold needs and what to change).
BacktestPlan plan_backtest(const Series& series, const PipelineConfig& pipeline, const BacktestConfig& config);

// One horizon (or closed-loop) step of one target, pooled over folds and series.
struct StepScore {
  double model_rmse = 0, persistence_rmse = 0, seasonal_naive_rmse = 0;  // seasonal: NaN without a season
  std::size_t count = 0;
};
using StepScores = std::vector<std::vector<StepScore>>;  // [target][step]

// Sums of squared errors per [target][step] for the model and the baselines, merged in order.
struct StepSums {
  std::vector<std::vector<double>> model, persistence, seasonal;
  std::vector<std::vector<std::size_t>> count;
  void add(std::size_t target, std::size_t step, double actual, double model_value, double persistence_value,
           double seasonal_value);
  void merge(const StepSums& other);
  StepScores scores() const;
};
struct FoldResult {
  int index = 0;  // 1-based
  FoldPlan plan;
  std::string origin_label;  // the time label of the origin row (of the first series that has it); "" without one
  std::size_t train_rows = 0, rows_tested = 0;  // rows the model trained on (all series), test windows
  Metrics model;
  std::map<std::string, Metrics> baselines;     // "persistence", "seasonal_naive" (with a season)
  std::shared_ptr<const TrainedModel> trained;  // the model that predicted (fold 1's for every fold with refit once)
  FitResult fit;                                // its training (fold 1's with refit once)
  std::vector<Message> warnings;                // the training's, then the test values' out-of-range checks
  std::vector<std::string> skipped_series;      // series too short to train on, or with no test rows here
  Tensor3<double> actual, predicted;            // (rows_tested, horizon, targets): the residuals
  StepResiduals closed_loop_residuals;          // [step][target], closed-loop forecasts from the origin
  StepSums step_sums, closed_loop_sums;         // this fold's squared errors by step
};

struct BacktestResult {
  BacktestConfig config;
  BacktestPlan plan;
  std::vector<FoldResult> folds;  // the finished ones, in fold order
  std::vector<int> unfinished;    // folds stopped or never started (1-based)
  bool stopped = false;
  // Mean and population standard deviation over the finished folds: "model", "persistence",
  // "seasonal_naive" -> the metrics' fields (count: the values compared in all folds).
  std::map<std::string, Metrics> mean, spread;
  StepScores by_step, closed_loop_by_step;        // pooled over folds and series
  PredictionIntervals intervals;                  // from every fold's residuals (source "backtest")
  std::vector<IntervalCoverage> honest_coverage;  // per level: fold i's bands from folds < i, checked on fold i
  std::vector<int> coverage_folds;                // the folds those were checked on
};

// Progress for a front end; called from the folds' threads one at a time.
struct BacktestProgress {
  enum class Kind { FoldStarted, Epoch, FoldFinished } kind = Kind::FoldStarted;
  int fold = 0, folds = 0;             // 1-based fold, how many
  EpochStats epoch{};                  // Kind::Epoch
  const FoldResult* result = nullptr;  // Kind::FoldFinished (null when the fold was stopped)
};
struct BacktestRun {
  std::function<void(const BacktestProgress&)> progress;
  TrainingControl* control = nullptr;  // a stop ends the unfinished folds
};

// Runs the backtest; throws before any training for unusable input.
BacktestResult run_backtest(const Series& series, const TrainRequest& request, const BacktestConfig& config,
                            const BacktestRun& run = {});

// Each fold's fitted statistics: {"transforms": {column: {log, diff_lag, scaler, offset, scale}},
// "season": m} and, with per-series scaling, "series_transforms": {id: {...}}.
nlohmann::json fitted_statistics(const Pipeline& p);
nlohmann::json to_json(const BacktestResult& r);

// --- helpers the backtest's files share ---

// A Series with the rows [begin, end) (positions within each series, clamped) of every series;
// series left with no rows are dropped. source[k]: the index in `series` of the cut's series k.
struct SeriesCut {
  Series series;
  std::vector<std::size_t> source;
};
SeriesCut cut_series(const Series& series,
                     const std::function<std::pair<std::size_t, std::size_t>(std::size_t)>& range);

// Out-of-range checks of the fold's test rows against the model's training rows (plain words).
std::vector<Message> test_range_warnings(const Series& training, const Series& full, const Pipeline& p,
                                         const std::vector<std::size_t>& test_rows);

}  // namespace rnnwb
