#include "engine/workflow/sequence_training.hpp"

#include "engine/core/error.hpp"
#include "engine/io/config_json.hpp"
#include "engine/workflow/checkpoint.hpp"
#include "engine/workflow/sequence_evaluation.hpp"

namespace rnnwb {

namespace {

// The loader's own checks on what will be saved, before training: a model that trains must load.
void check_loadable(const SequenceTrainRequest& r, const Model<float>& model) {
  using json = nlohmann::json;
  const std::string where = "these settings";
  try {
    config_json::to_split(json{{"split", {r.data.split.train, r.data.split.validation, r.data.split.test}}}, "split",
                          where);
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

PreparedSequenceTraining prepare_sequence_training(const SequenceDataset& d, const SequenceTrainRequest& r) {
  const bool classify = r.data.task == SequenceTask::Classification;
  if (!classify && r.fit.loss.kind == LossKind::CrossEntropy)
    throw ConfigError(
        "the cross-entropy loss needs class targets: train a classifier (task classification, integer labels in "
        "Y), or choose a regression loss (mse, mae, huber)");
  if (!classify && (!r.data.class_weights.empty() || !r.data.class_names.empty()))
    throw ConfigError("class weights and class names are for a classifier (task classification), not for regression");
  if (d.spans.size() != std::size_t(d.size())) throw ConfigError("internal: the sequence dataset was not checked");
  PreparedSequenceTraining p{
      split_sequences(std::size_t(d.size()), r.data.split, r.data.shuffle_split, r.data.split_seed),
      {},
      Model<float>(1, {LayerSpec::dense(1)}),
      {},
      {},
      r.fit};
  SequenceConfig config = r.data;
  if (classify) {
    p.info.classes = find_sequence_classes(d, p.split.train, r.data.class_names);
    config.target_scaler = Scaler::None;  // the labels themselves are cross-entropy's targets
    p.fit.loss = {LossKind::CrossEntropy, r.fit.loss.delta,
                  r.data.class_weights.empty() ? std::vector<double>{}
                                               : parse_class_weights(r.data.class_weights, p.info.classes)};
  }
  SequenceScaling scaling = fit_sequence_scaling(d, p.split.train, config, &p.warnings);
  p.sets = make_sequence_sets(d, p.split, scaling);
  const int outputs = classify ? int(p.info.classes.count) : int(d.horizon() * d.y.features);
  p.model = build_network(d.x.features, r.layers, r.add_head, outputs, r.init);
  SequenceTrainRequest effective = r;
  effective.fit = p.fit;
  check_loadable(effective, p.model);
  SequenceModelInfo& info = p.info;
  info.task = r.data.task;
  info.features = d.features;
  info.targets = d.targets;
  info.horizon = d.horizon();
  info.y_has_horizon = d.y_has_horizon;
  info.scaling = std::move(scaling);
  info.target_means = target_means(d.y, p.split.train);
  std::tie(info.min_length, info.max_length) = valid_length_range(d, p.split.train);
  info.steps = d.x.steps;
  info.sequences = std::size_t(d.size());
  info.split = r.data.split;
  info.shuffle_split = r.data.shuffle_split;
  info.split_seed = r.data.split_seed;
  info.x_sha256 = d.x_sha256;
  info.y_sha256 = d.y_sha256;
  info.x_source = d.x_source;
  info.y_source = d.y_source;
  return p;
}

TrainedModel sequence_trained_model(const SequenceTrainRequest& r, const PreparedSequenceTraining& p,
                                    const FitResult& fit_result) {
  return TrainedModel{p.model,
                      sequence_pipeline(p.info),
                      p.fit,
                      r.init.scheme,
                      r.init.seed,
                      fit_result.history,
                      fit_result.best_epoch,
                      fit_result.status,
                      nlohmann::json::object(),
                      p.info.x_sha256,
                      p.info.x_source,
                      p.info.sequences,
                      "",
                      p.info,
                      {},
                      {},
                      MissingPolicy::Error};
}

TrainOutcome finish_sequence_training(const SequenceDataset& d, const SequenceTrainRequest& r,
                                      PreparedSequenceTraining&& p, const FitResult& fit_result, bool evaluate) {
  TrainOutcome out{sequence_trained_model(r, p, fit_result), fit_result, {}, std::move(p.warnings), nullptr};
  if (evaluate && fit_result.status != FitStatus::Diverged) {
    out.evaluation = evaluate_sequences(out.trained, d, p.split, r.fit.threads);  // the run's threads
    out.trained.metrics = to_json(out.evaluation);
  }
  out.trained.metrics["epochs_run"] = fit_result.epochs_run;
  out.trained.metrics["best_epoch"] = fit_result.best_epoch;
  return out;
}

TrainOutcome train_sequence_model(const SequenceDataset& d, const SequenceTrainRequest& r,
                                  const SequenceTrainingRun& run) {
  PreparedSequenceTraining prepared = prepare_sequence_training(d, r);
  TrainingObserver* observer = run.observe ? run.observe(prepared) : nullptr;
  const WatchedFit watched =
      fit_watched(prepared.model, prepared.sets.train, prepared.validation(), prepared.fit, run.run, observer, [&] {
        TrainedModel m = sequence_trained_model(r, prepared, {});
        m.fit_status = FitStatus::InProgress;
        return m;
      });
  TrainOutcome out = finish_sequence_training(d, r, std::move(prepared), watched.result, run.run.evaluate);
  out.checkpointer = watched.checkpointer;
  return out;
}

}  // namespace rnnwb
