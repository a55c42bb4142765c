#pragma once
// TrainedModel: a network together with everything needed to use it on original-unit data
// (the fitted pipeline), how it was trained, and how well it did. This is what a model file holds.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/data/pipeline.hpp"
#include "engine/nn/model.hpp"
#include "engine/train/trainer.hpp"

namespace rnnwb {

struct TrainedModel {
  Model<float> model;
  Pipeline pipeline;
  FitConfig training;
  InitScheme init = InitScheme::Keras;
  std::uint64_t init_seed = 0;
  std::vector<EpochStats> history;
  int best_epoch = 0;
  FitStatus fit_status = FitStatus::Unknown;  // written as to_string(): "completed", "in_progress"...
  nlohmann::json metrics;                     // the --metrics-json object (see evaluation.hpp)
  std::string data_sha256;                    // of the training data file's bytes
  std::string data_source;                    // file name or sample name
  std::size_t data_rows = 0;
  std::string time_column;
};

}  // namespace rnnwb
