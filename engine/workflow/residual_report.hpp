#pragma once
// The residual diagnostics of a trained model on a series (rnnwb evaluate --diagnostics, the
// Predict page's diagnostics panel): per target, the test residuals' autocorrelation, Ljung-Box
// test, verdict and histogram; the largest test errors; and the error by step ahead of closed-loop
// forecasts from every test origin beside persistence and seasonal naive at the same steps.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/threads.hpp"
#include "engine/data/residual_diagnostics.hpp"
#include "engine/io/trained_model.hpp"

namespace rnnwb {

// One target's test residuals (actual - predicted, one step ahead, each series' run in time order).
struct TargetResiduals {
  std::string target;
  Autocorrelation acf;
  LjungBox ljung_box;
  ResidualVerdict verdict;
  ResidualHistogram histogram;
};

// RMSE at one step ahead; NaN where a forecast had nothing to compare (no season, no rows).
struct StepRmse {
  int step = 1;
  double model = 0, persistence = 0, seasonal_naive = 0;
  std::size_t count = 0;  // forecasts compared at this step
};

struct ResidualReport {
  std::vector<TargetResiduals> targets;  // in the pipeline's target order
  std::vector<LargeError> largest;       // over every test row, step and target
  std::size_t test_rows = 0, series = 1;
  // Error by step: "closed_loop" (forecasts fed back from each test origin) or "direct" (the
  // model's own horizon steps, when an input feature is not a target); the note says why direct.
  std::string step_method = "closed_loop";
  Message step_note;
  int steps = 0;
  std::vector<std::vector<StepRmse>> step_errors;  // [target][step - 1]
};

struct ResidualReportOptions {
  int max_lag = 0;  // 0: default_acf_lags(season, residuals)
  // Closed-loop steps ahead; 0: min(24, half the test rows of the shortest series), at least 1.
  int steps = 0;
  std::size_t largest = 10;
  int threads = all_threads();
};

// Throws ConfigError for a model trained on sequences, DataError when the data has no test rows.
ResidualReport residual_report(const TrainedModel& m, const Series& series, const ResidualReportOptions& o = {});

// Closed-loop forecasts (origins, steps, targets) in original units from target rows `origins`:
// each starts from the window before its origin and feeds its predictions back, one row per step.
// Every input feature must be a target (inputs_not_predicted empty).
Tensor3<double> closed_loop_from_rows(const TrainedModel& m, const Series& series,
                                      const std::vector<std::size_t>& origins, int steps, int threads);

// Texts worded by `word` (the CLI's flags or neutral names).
nlohmann::json to_json(const ResidualReport& r, const HintWording& word = neutral_wording);

}  // namespace rnnwb
