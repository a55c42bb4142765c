#pragma once
// train_sequence_model(): train_model's recipe on a sequence dataset (engine/data/sequences.hpp),
// shared by the CLI and the workbench: split by sequence, fit the scalers on the training
// sequences, build the network with a Dense head of horizon x targets outputs (build_network),
// train with fit() as train_model does (observer, control, checkpoints: fit_watched), and evaluate
// against the mean baseline (sequence_evaluation.hpp).
#include <functional>
#include <vector>

#include "engine/data/sequences.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb {

struct SequenceTrainRequest {
  SequenceConfig data;            // task, split, scalers
  std::vector<LayerSpec> layers;  // the hidden stack; the Dense head is added when add_head is set
  bool add_head = true;
  InitOptions init;
  FitConfig fit;
};

struct PreparedSequenceTraining {
  SequenceSplit split;
  SequenceSets sets;  // encoded inputs, targets flattened to the head's (n, 1, horizon * targets)
  Model<float> model;
  SequenceModelInfo info;  // what the model file records
  std::vector<Message> warnings;
  const Dataset<float>* validation() const { return sets.validation.size() > 0 ? &sets.validation : nullptr; }
};

// Throws DataError / ConfigError / ModelError for unusable input (ConfigError for a task this
// build does not train).
PreparedSequenceTraining prepare_sequence_training(const SequenceDataset& d, const SequenceTrainRequest& request);
// The TrainedModel as training leaves it (its metrics empty): also what a checkpoint describes.
TrainedModel sequence_trained_model(const SequenceTrainRequest& request, const PreparedSequenceTraining& prepared,
                                    const FitResult& fit_result);
// With evaluate = false the evaluation is left for the caller (as finish_training).
TrainOutcome finish_sequence_training(const SequenceDataset& d, const SequenceTrainRequest& request,
                                      PreparedSequenceTraining&& prepared, const FitResult& fit_result,
                                      bool evaluate = true);

// prepare + fit (watched as `run` says; run.observe_sequences, when set, gives the observer) +
// finish. run.observe (for series) is not called.
struct SequenceTrainingRun {
  TrainingRun run;  // control, checkpoints, after_fit, evaluate
  std::function<TrainingObserver*(PreparedSequenceTraining&)> observe;
};
TrainOutcome train_sequence_model(const SequenceDataset& d, const SequenceTrainRequest& request,
                                  const SequenceTrainingRun& run = {});

}  // namespace rnnwb
