#include "engine/workflow/training.hpp"

#include <algorithm>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/io/config_json.hpp"
#include "engine/workflow/calibration.hpp"
#include "engine/workflow/checkpoint.hpp"

namespace rnnwb {

std::vector<LayerSpec> recurrent_stack(LayerKind cell, const std::vector<int>& units, double dropout) {
  std::vector<LayerSpec> layers;
  for (std::size_t i = 0; i < units.size(); ++i) {
    layers.push_back({cell, units[i], Activation::Tanh, i + 1 < units.size(), 0.0});
    if (dropout > 0) layers.push_back(LayerSpec::dropout(dropout));
  }
  return layers;
}

namespace {

// Targets (N, horizon, targets) as the head's (N, 1, horizon * targets): the same row-major data.
Tensor3<float> flatten_horizon(Tensor3<float> y) {
  y.features *= y.steps;
  y.steps = 1;
  return y;
}

// Text that a model file stores must be what its loader accepts: checked before training, so no
// training is lost to a name that cannot be saved (a Latin-1 header, a control character).
void check_names(const PipelineConfig& p, const TrainRequest& r) {
  std::vector<std::string> names = p.features;
  names.insert(names.end(), p.targets.begin(), p.targets.end());
  for (const std::string& n : names)
    if (const std::string problem = name_problem(n, "the column name"); !problem.empty()) throw DataError(problem);
  if (const std::string problem = name_problem(r.time_column, "the time column's name"); !problem.empty())
    throw DataError(problem);
  check_data_path_text(r.data_source);
}

// The loader's own checks on what will be saved, before training: a model that trains must load.
void check_loadable(const Pipeline& p, const Model<float>& model, const TrainRequest& r) {
  using json = nlohmann::json;
  const std::string where = "these settings";
  // (fit_pipeline has held the window, horizon, season and features to the same limits already.)
  const json meta = {{"split", {p.split.train, p.split.validation, p.split.test}},
                     {"data", {{"sha256", r.data_sha256}}}};
  try {
    config_json::to_split(meta, "split", where);
    config_json::to_sha256(meta["data"], where);
    config_json::to_layers(config_json::from_layers(model.layers()), where);
    FitConfig fit;
    InitOptions init;
    config_json::to_fit(config_json::from_fit(r.fit, r.init), fit, init, where);
  } catch (const FileError& e) {
    throw ConfigError(Message(e.message) << "; a model file with them could not be opened again, so training "
                                            "does not start");
  }
}

}  // namespace

void check_data_path_text(const std::string& path) {
  if (const std::string problem =
          name_problem(path, "the data path", "rename the file (the model file records its path as UTF-8 text)");
      !problem.empty())
    throw DataError(problem);
}

NetworkCheck check_network(Index features, const std::vector<LayerSpec>& hidden, bool add_head, int outputs) {
  NetworkCheck check{hidden, {}};
  if (add_head) check.layers.push_back(LayerSpec::dense(outputs));
  check.shape = describe_stack(features, check.layers);
  check_fits_in_memory(check.shape.parameters, sizeof(float));
  if (check.shape.output_sequence() || check.shape.output_features() != outputs)
    throw ModelError("the last layer must output horizon x targets = " + std::to_string(outputs) +
                     " values from the last step (a Dense(" + std::to_string(outputs) +
                     ") head after a recurrent layer with return_sequences=false)");
  return check;
}

Model<float> build_network(Index features, const std::vector<LayerSpec>& hidden, bool add_head, int outputs,
                           const InitOptions& init) {
  return Model<float>(features, check_network(features, hidden, add_head, outputs).layers, init);
}

PreparedTraining prepare_training(const Series& series, const TrainRequest& request) {
  if (request.fit.loss.kind == LossKind::CrossEntropy)
    throw ConfigError(
        "the cross-entropy loss is for class labels, which a series forecast does not have: choose mse, mae or "
        "huber (classification is for sequence datasets with integer labels)");
  check_names(request.pipeline, request);
  std::vector<Message> warnings;
  Pipeline pipeline = fit_pipeline(series, request.pipeline, &warnings);
  WindowSet windows = make_windows(series, pipeline);
  for (Dataset<float>* d : {&windows.train, &windows.validation, &windows.test})
    d->y = flatten_horizon(std::move(d->y));

  const int outputs = int(pipeline.horizon * Index(pipeline.targets.size()));
  Model<float> model =
      build_network(Index(pipeline.features.size()), request.layers, request.add_head, outputs, request.init);
  check_loadable(pipeline, model, request);
  return {std::move(pipeline), std::move(windows), std::move(model), std::move(warnings)};
}

TrainOutcome finish_training(const Series& series, const TrainRequest& request, PreparedTraining&& prepared,
                             const FitResult& fit_result, bool evaluate) {
  TrainOutcome out{TrainedModel{std::move(prepared.model),
                                std::move(prepared.pipeline),
                                request.fit,
                                request.init.scheme,
                                request.init.seed,
                                fit_result.history,
                                fit_result.best_epoch,
                                fit_result.status,
                                {},
                                request.data_sha256,
                                request.data_source,
                                series.rows(),
                                request.time_column,
                                std::nullopt,
                                {},
                                {},
                                request.missing},
                   fit_result,
                   {},
                   std::move(prepared.warnings),
                   nullptr};
  // Before the evaluation, which reports their coverage; a stopped training hands control back at
  // once (the workbench's Stop), uncalibrated.
  if (fit_result.status != FitStatus::Diverged && fit_result.status != FitStatus::Cancelled)
    out.trained.intervals = calibrate_intervals(out.trained, series, request.fit.interval_levels, request.fit.threads);
  if (evaluate && fit_result.status != FitStatus::Diverged) {
    out.evaluation = evaluate_model(out.trained, series, request.fit.threads);  // the run's threads
    out.trained.metrics = to_json(out.evaluation);
  } else {
    out.trained.metrics = nlohmann::json::object();  // filled when an evaluation arrives
  }
  out.trained.metrics["epochs_run"] = fit_result.epochs_run;
  out.trained.metrics["best_epoch"] = fit_result.best_epoch;
  return out;
}

std::vector<std::string> used_columns(const PipelineConfig& p) {
  std::vector<std::string> used = p.features.empty() ? p.targets : p.features;
  for (const auto& t : p.targets)
    if (std::find(used.begin(), used.end(), t) == used.end()) used.push_back(t);
  return used;
}

std::string apply_missing_policy(CsvTable& table, const TrainRequest& request) {
  return apply_missing_policy(table, request.missing, used_columns(request.pipeline));
}

WatchedFit fit_watched(Model<float>& model, const Dataset<float>& train, const Dataset<float>* validation,
                       const FitConfig& config, const TrainingRun& run, TrainingObserver* observer,
                       const std::function<TrainedModel()>& described, const nlohmann::json& context) {
  std::shared_ptr<Checkpointer> checkpointer;
  if (!run.checkpoint.path.empty()) {
    CheckpointOptions options = run.checkpoint;
    for (const auto& [key, value] : context.items()) options.context[key] = value;
    checkpointer = std::make_shared<Checkpointer>(std::move(options), described(), observer);
    if (run.on_checkpoint_error) checkpointer->set_error_handler(run.on_checkpoint_error);
  }
  // Unless the caller keeps it, the recovery file only survives a crash: removed however fit() ends.
  struct RemoveWhenDone {
    const std::shared_ptr<Checkpointer>& checkpointer;
    const TrainingRun& run;
    ~RemoveWhenDone() {
      if (!run.caller_removes_checkpoint && checkpointer && !(run.keep_checkpoint && run.keep_checkpoint()))
        (void)checkpointer->remove();
    }
  } remove_when_done{checkpointer, run};
  const FitResult result =
      fit(model, train, validation, config, checkpointer ? checkpointer.get() : observer, run.control);
  if (!run.caller_removes_checkpoint && checkpointer && !(run.keep_checkpoint && run.keep_checkpoint()))
    (void)checkpointer->remove();  // before the outcome
  if (run.after_fit) run.after_fit(result, checkpointer.get());
  return {result, run.caller_removes_checkpoint ? checkpointer : nullptr};
}

TrainOutcome train_model(const Series& series, const TrainRequest& request, const TrainingRun& run) {
  PreparedTraining prepared = prepare_training(series, request);
  TrainingObserver* observer = run.observe ? run.observe(prepared) : nullptr;
  const WatchedFit watched = fit_watched(prepared.model, prepared.windows.train, prepared.validation(), request.fit,
                                         run, observer, [&] { return checkpoint_model(series, request, prepared); },
                                         {{"missing", to_string(request.missing)}});
  TrainOutcome out = finish_training(series, request, std::move(prepared), watched.result, run.evaluate);
  out.checkpointer = watched.checkpointer;
  return out;
}

}  // namespace rnnwb
