#pragma once
// Session files: everything the workbench shows, so that reopening restores it: the data source
// and its SHA-256, column roles, missing-value policy, per-column transforms, window, horizon,
// split, the layer stack, the hyperparameters, and the trained model with its loss history.
// The file is a safetensors file: the trained weights (when there are any) as tensors with the
// model file's "rnnwb" metadata, plus a "rnnwb_session" metadata entry holding the rest as JSON.
#include <optional>
#include <string>
#include <vector>

#include "engine/workflow/training.hpp"

namespace rnnwb {

inline constexpr int kSessionFormatVersion = 1;

struct Session {
  std::string data_source;  // a CSV path or sample:NAME
  std::string data_sha256;  // of the CSV bytes when the session was saved
  std::string time_column;
  std::string missing_policy = "error";
  PipelineConfig pipeline;        // targets, features, transforms, window, horizon, split, season
  std::vector<LayerSpec> layers;  // the hidden stack; the Dense head is added at training time
  InitOptions init;
  FitConfig fit;
  std::optional<TrainedModel> trained;
  nlohmann::json view = nlohmann::json::object();  // the GUI's own state (page, toggles)
};

void save_session(const std::string& path, const Session& session);
// Throws FileError saying what is wrong with the file.
Session load_session(const std::string& path);
Session parse_session(std::string_view bytes, const std::string& source);

}  // namespace rnnwb
