#pragma once
// The predictions CSV: one row per series row with a full window (time label, split, actual and
// predicted value of each target), then the closed-loop forecast rows.
#include <string>

#include "cli_common.hpp"
#include "engine/workflow/trained_model.hpp"

namespace rnnwb::cli {

// Applies the missing-value policy to the model's columns of `data`.
std::string prediction_csv(TrainedModel& m, LoadedData& data, MissingPolicy missing, Index forecast_steps);

// Labels for rows beyond the end: continues integer labels with a constant step (years),
// otherwise "+1", "+2", ...
std::vector<std::string> future_labels(const std::vector<std::string>& labels, std::size_t count);

}  // namespace rnnwb::cli
