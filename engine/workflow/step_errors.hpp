#pragma once
// What the prediction views need beyond the predictions: whether a closed-loop forecast is
// possible, and the test error broken down by horizon step.
#include <string>
#include <vector>

#include "engine/core/tensor.hpp"
#include "engine/data/pipeline.hpp"

namespace rnnwb {

// The input features that are not targets: a closed-loop forecast needs their future values,
// which the model does not predict. Empty when a forecast beyond the end is possible.
std::vector<std::string> inputs_not_predicted(const Pipeline& pipeline);

// The error of one target on the test rows at one horizon step, beside persistence's.
struct StepError {
  double model_rmse = 0, persistence_rmse = 0;
  std::size_t count = 0;
};
// One StepError per horizon step for target `target`, from the one-step predictions (rows,
// horizon, targets) of the target rows `rows` (ascending). Empty when a test row was not
// predicted. Throws the engine's errors.
std::vector<StepError> horizon_errors(const Series& series, const Pipeline& pipeline,
                                      const std::vector<std::size_t>& rows, const Tensor3<double>& predicted,
                                      int target);

}  // namespace rnnwb
