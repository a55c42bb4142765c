#pragma once
// PredictionJob: the Predict page's heavy work, the one-step predictions of every row with a full
// window and the closed-loop forecast beyond the end, done by the engine on the shared (immutable)
// model and series so it can run off the GUI thread (a million rows take seconds). The engine's
// horizon_errors (engine/workflow/step_errors.hpp) breaks the test error down by horizon step.
#include <QString>
#include <memory>
#include <utility>
#include <vector>

#include "engine/io/trained_model.hpp"
#include "engine/workflow/step_errors.hpp"

namespace rnnwb::ui {

struct PredictionJob {
  explicit PredictionJob(std::shared_ptr<const TrainedModel> m) : model(std::move(m)) {}

  // Input.
  std::shared_ptr<const TrainedModel> model;
  std::shared_ptr<const Series> series;
  Index forecast_steps = 0;
  std::size_t forecast_series = 0;  // many series: the series whose end the forecast starts from
  bool one_step = true;             // false: only the forecast (the predictions are already known)
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

// Why a closed-loop forecast is impossible with this pipeline (engine's inputs_not_predicted), in
// GUI words; empty when it is possible.
QString forecast_blocked_reason(const Pipeline& pipeline);

}  // namespace rnnwb::ui
