#pragma once
// TrainedModel: a network together with everything needed to use it on original-unit data
// (the fitted pipeline), how it was trained, and how well it did. This is what a model file holds.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/data/csv_loader.hpp"
#include "engine/data/intervals.hpp"
#include "engine/data/pipeline.hpp"
#include "engine/data/sequences.hpp"
#include "engine/io/provenance.hpp"
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
  // Set for a model trained on a sequence dataset (engine/data/sequences.hpp): its names, scalers
  // and provenance live there. Its pipeline then holds only what the series code paths read
  // around the network: the feature and target names, the horizon, the split, and as window the
  // longest training sequence (for the summary and the self-test); no transforms. Predictions
  // take sequences of any length (workflow/sequence_training.hpp).
  std::optional<SequenceModelInfo> sequences;
  // Conformal half widths per level, step and target (empty when the model was not calibrated).
  PredictionIntervals intervals;
  // Another engine that trained it (the exported PyTorch script); empty for rnnwb's own training.
  TrainedBy trained_by;
  // What the training data's missing cells went through (the series code paths; "missing" in the
  // model file's data block, written when it is not error), so that its settings can be rebuilt.
  MissingPolicy missing = MissingPolicy::Error;

  bool is_sequence_model() const { return sequences.has_value(); }
};

// The pipeline a sequence model carries beside its SequenceModelInfo (see TrainedModel::sequences).
inline Pipeline sequence_pipeline(const SequenceModelInfo& s) {
  Pipeline p;
  p.features = s.features;
  p.targets = s.targets;
  p.horizon = s.horizon;
  p.window = std::max<Index>(1, s.max_length);
  p.split = s.split;
  return p;
}

}  // namespace rnnwb
