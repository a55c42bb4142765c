#pragma once
// PredictionJob: the Predict page's heavy work, the one-step predictions of every row with a full
// window and the closed-loop forecast beyond the end, done by the engine on copies of the model and
// the series so it can run off the GUI thread (a million rows take seconds). horizon_errors
// breaks the test error down by horizon step from those predictions.
#include <QString>
#include <memory>
#include <utility>
#include <vector>

#include "engine/io/trained_model.hpp"

namespace rnnwb::ui {

struct PredictionJob {
  explicit PredictionJob(TrainedModel m) : model(std::move(m)) {}

  // Input.
  TrainedModel model;
  std::shared_ptr<const Series> series;
  Index forecast_steps = 0;
  bool one_step = true;  // false: only the forecast (the predictions are already known)
  quint64 generation = 0;

  // Output: target rows j = window .. rows - 1 and their predictions (rows, horizon, targets) in
  // original units, or why there are none; the forecast [step][target], or why there is none.
  std::vector<std::size_t> rows;
  Tensor3<double> predicted;
  QString error;
  std::vector<std::vector<double>> forecast;
  QString forecast_error;

  void run();  // on any thread
};

// Why a closed-loop forecast is impossible with this pipeline; empty when it is possible.
QString forecast_blocked_reason(const Pipeline& pipeline);

// The error of target `target` on the test rows at each horizon step, beside persistence.
struct StepError {
  double model_rmse = 0, persistence_rmse = 0;
  std::size_t count = 0;
};
// `rows` / `predicted` as a PredictionJob left them. Throws the engine's errors.
std::vector<StepError> horizon_errors(const Series& series, const Pipeline& pipeline,
                                      const std::vector<std::size_t>& rows, const Tensor3<double>& predicted,
                                      int target);

}  // namespace rnnwb::ui
