#pragma once
// train_model(): the whole recipe on a series, shared by the CLI and the workbench's training
// worker: fit the pipeline on the training rows, cut windows, build the network with a Dense head
// of horizon x targets outputs, train (with crash-recovery checkpoints when asked), and evaluate
// against the baselines.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/data/csv_loader.hpp"
#include "engine/data/series.hpp"
#include "engine/io/trained_model.hpp"
#include "engine/nn/stack_shape.hpp"
#include "engine/workflow/evaluation.hpp"

namespace rnnwb {

struct TrainRequest {
  PipelineConfig pipeline;
  std::vector<LayerSpec> layers;  // the hidden stack; the Dense head is added when add_head is set
  bool add_head = true;
  InitOptions init;
  FitConfig fit;
  std::string data_sha256, data_source, time_column;
  MissingPolicy missing = MissingPolicy::Error;  // what the series went through (apply_missing_policy)
};

// The columns a pipeline reads: its features (its targets when it names none), then any target
// that is not a feature. The missing-value policy applies to these.
std::vector<std::string> used_columns(const PipelineConfig& pipeline);
// apply_missing_policy(table, request.missing, used_columns(request.pipeline)): what it did, in
// plain words (empty when nothing was missing). Throws DataError as apply_missing_policy does.
std::string apply_missing_policy(CsvTable& table, const TrainRequest& request);

class Checkpointer;
inline constexpr double kDefaultCheckpointSeconds = 10.0;
struct CheckpointOptions {
  std::string path;
  double every_seconds = kDefaultCheckpointSeconds;   // 0 = after every epoch
  nlohmann::json context = nlohmann::json::object();  // stored as recovery.context
};

struct TrainOutcome {
  TrainedModel trained;
  FitResult fit;
  Evaluation evaluation;
  std::vector<Message> warnings;  // pipeline warnings, with hints for each front end to word
  // With TrainingRun::caller_removes_checkpoint, the Checkpointer that wrote the recovery file (null
  // without checkpoints): the caller removes the file once its own result is safe.
  std::shared_ptr<Checkpointer> checkpointer;
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
  std::vector<Message> warnings;
  const Dataset<float>* validation() const { return windows.validation.size() > 0 ? &windows.validation : nullptr; }
};
// Throws DataError / ConfigError / ModelError for unusable input.
PreparedTraining prepare_training(const Series& series, const TrainRequest& request);
// With evaluate = false the outcome's evaluation is left empty for the caller to compute later
// (the workbench does it off the worker so that Stop hands control back at once). The evaluation
// predicts on request.fit.threads threads, as the training did.
TrainOutcome finish_training(const Series& series, const TrainRequest& request, PreparedTraining&& prepared,
                             const FitResult& fit_result, bool evaluate = true);

// How train_model runs: who watches, who can stop it, crash recovery, evaluation.
struct TrainingRun {
  // Called once the training is prepared (its warnings, windows and network are known), before
  // fit(): returns the observer of fit() (may be null). The PreparedTraining lives until fit() ends.
  std::function<TrainingObserver*(PreparedTraining&)> observe;
  TrainingControl* control = nullptr;
  // Crash recovery: checkpoints to checkpoint.path (none when empty), with the request's missing-value
  // policy recorded in the context as "missing". Write errors go to on_checkpoint_error (training
  // goes on). The file is removed when fit() returns or throws, unless caller_removes_checkpoint:
  // then a throw leaves it, and TrainOutcome::checkpointer hands it to the caller.
  CheckpointOptions checkpoint;
  std::function<void(const std::string&)> on_checkpoint_error;
  bool caller_removes_checkpoint = false;
  // Asked when fit() ends: true keeps the recovery file where it would be removed (the workbench
  // quit during training, so that its next start offers the model). Called on the training thread.
  std::function<bool()> keep_checkpoint;
  // Called when fit() returns, before the outcome is finished (and evaluated); may throw to give up
  // (a signal arrived). The Checkpointer is null without checkpoints.
  std::function<void(const FitResult&, const Checkpointer*)> after_fit;
  bool evaluate = true;  // as finish_training's
};

// prepare_training + fit (watched by a Checkpointer when asked) + finish_training. Throws before
// any training for unusable input.
TrainOutcome train_model(const Series& series, const TrainRequest& request, const TrainingRun& run = {});

// The part of train_model that any kind of dataset shares (sequence_training.hpp uses it too):
// fit() watched by `observer`, behind a Checkpointer when the run asks for checkpoints (it saves
// `described` with the best weights so far, its context extended by `context`), the recovery file
// removed as TrainingRun says, then run.after_fit.
struct WatchedFit {
  FitResult result;
  std::shared_ptr<Checkpointer> checkpointer;  // null without checkpoints
};
WatchedFit fit_watched(Model<float>& model, const Dataset<float>& train, const Dataset<float>* validation,
                       const FitConfig& config, const TrainingRun& run, TrainingObserver* observer,
                       const std::function<TrainedModel()>& described,
                       const nlohmann::json& context = nlohmann::json::object());

}  // namespace rnnwb
