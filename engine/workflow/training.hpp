#pragma once
// train_model(): the whole recipe on a series, shared by the CLI and the workbench: fit the
// pipeline on the training rows, cut windows, build the network with a Dense head of
// horizon x targets outputs, train, and evaluate against the baselines.
#include <string>
#include <vector>

#include "engine/data/series.hpp"
#include "engine/nn/stack_shape.hpp"
#include "engine/workflow/evaluation.hpp"
#include "engine/workflow/trained_model.hpp"

namespace rnnwb {

struct TrainRequest {
  PipelineConfig pipeline;
  std::vector<LayerSpec> layers;  // the hidden stack; the Dense head is added when add_head is set
  bool add_head = true;
  InitOptions init;
  FitConfig fit;
  std::string data_sha256, data_source, time_column;
};

struct TrainOutcome {
  TrainedModel trained;
  FitResult fit;
  Evaluation evaluation;
  std::vector<std::string> warnings;  // pipeline warnings in plain words
};

// Recurrent layers of the given units (all but the last return sequences), each followed by
// dropout when rate > 0.
std::vector<LayerSpec> recurrent_stack(LayerKind cell, const std::vector<int>& units, double dropout);

// Throws DataError when the data path is not text a model file can record (not UTF-8, or with
// control characters). prepare_training checks it; a front end may check before loading the data.
void check_data_path_text(const std::string& path);

// The network as it will be trained: the hidden stack plus, with add_head, a Dense head of
// `outputs` values; throws ModelError explaining a stack that cannot produce them from the last step.
Model<float> build_network(Index features, const std::vector<LayerSpec>& hidden, bool add_head, int outputs,
                           const InitOptions& init);
// What build_network checks, without building or initialising anything: the full stack (with the
// head) and its shape; throws the ModelError build_network would.
struct NetworkCheck {
  std::vector<LayerSpec> layers;
  StackShape shape;
};
NetworkCheck check_network(Index features, const std::vector<LayerSpec>& hidden, bool add_head, int outputs);

// The steps of train_model(), for callers that watch the model while it trains (the workbench
// draws validation predictions after each epoch): prepare, fit(prepared.model, ...), finish.
struct PreparedTraining {
  Pipeline pipeline;
  WindowSet windows;  // targets flattened to the head's (N, 1, horizon * targets)
  Model<float> model;
  std::vector<std::string> warnings;
  const Dataset<float>* validation() const { return windows.validation.size() > 0 ? &windows.validation : nullptr; }
};
// Throws DataError / ConfigError / ModelError for unusable input.
PreparedTraining prepare_training(const Series& series, const TrainRequest& request);
// With evaluate = false the outcome's evaluation is left empty for the caller to compute later
// (the workbench does it off the worker so that Stop hands control back at once). The evaluation
// predicts on request.fit.threads threads, as the training did.
TrainOutcome finish_training(const Series& series, const TrainRequest& request, PreparedTraining&& prepared,
                             const FitResult& fit_result, bool evaluate = true);

// prepare_training + fit + finish_training. Throws before any training for unusable input.
TrainOutcome train_model(const Series& series, const TrainRequest& request, TrainingObserver* observer = nullptr,
                         TrainingControl* control = nullptr);

}  // namespace rnnwb
