#pragma once
// Settings drift: which of the settings a training would use now differ from those a trained model
// was trained with (its own recorded config). A front end marks the model out of date when any do,
// and can offer to retrain or to go back to the model's settings (session_of in restore.hpp).
#include <string>
#include <vector>

#include "engine/io/trained_model.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb {

// One setting that differs: its name as a user knows it ("window", "transform of x", "epochs")
// and its value now and in the model, both as plain text.
struct SettingDrift {
  std::string setting;
  std::string now, model;
};

// Compares the would-be request with `m`'s record: the data (SHA-256), targets, input features,
// window, horizon, split, season, split by, scale per, each used column's transform, the hidden
// layers, the initialisation and every training setting but the thread count (which changes
// nothing the model is). Empty when the model is what `now` would train. A sequence model is
// compared on its layers and training settings only (its split and scalers live in its own record).
std::vector<SettingDrift> settings_drift(const TrainRequest& now, const TrainedModel& m);

}  // namespace rnnwb
