// WorkbenchDocument's sequence datasets (the second kind of data): loading, the split and scalers,
// the training request and the outcome with its background evaluation. Everything here drives the
// engine (engine/data/sequences.hpp, engine/workflow/sequence_*.hpp); nothing is computed twice.
#include <algorithm>

#include "engine/core/error.hpp"
#include "engine/data/sequence_classes.hpp"
#include "engine/io/config_json.hpp"
#include "engine/workflow/restore.hpp"
#include "engine/workflow/sequence_evaluation.hpp"
#include "ui/background_job.hpp"
#include "ui/pages/gui_wording.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

SequenceDataset WorkbenchDocument::loadSequences(const SequenceFiles& files) { return load_sequence_dataset(files); }

QString WorkbenchDocument::loadSequenceFiles(const SequenceFiles& files) {
  try {
    adoptSequences(std::make_shared<const SequenceDataset>(loadSequences(files)), files);
    return {};
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
}

void WorkbenchDocument::adoptSequences(std::shared_ptr<const SequenceDataset> dataset, const SequenceFiles& files) {
  // The series (if any) is closed: its table, roles and pipeline go back to their defaults.
  table_.reset();
  source_ = QString::fromStdString(files.x_path);
  sha256_ = QString::fromStdString(dataset->x_sha256);
  form_ = {};
  suggested_.clear();
  pipeline_ = PipelineConfig{};
  missing_ = MissingPolicy::Error;
  discardTrained();
  fit_result_ = {};
  invalidate(false);
  sequences_ = std::move(dataset);
  sequence_files_ = files;
  sequence_config_ = SequenceConfig{};
  sequence_config_.task = task_of_targets(*sequences_);  // integer labels in Y: a classifier
  sequence_plan_.reset();
  sequence_outcome_.reset();
  emit dataChanged();
  emit rolesChanged();
  emit pipelineChanged();
  emit trainedChanged();
  emit sequencesChanged();
  emit sequenceConfigChanged();
  emit sequenceOutcomeChanged();
  emit modelChanged();  // the stack's input shape changed
  opened();
}

void WorkbenchDocument::closeSequences() {
  if (!sequences_) return;
  sequences_.reset();
  sequence_files_ = {};
  sequence_config_ = SequenceConfig{};
  sequence_plan_.reset();
  sequence_outcome_.reset();
  emit sequencesChanged();
  emit sequenceOutcomeChanged();
}

void WorkbenchDocument::setSequenceConfig(const SequenceConfig& config) {
  sequence_config_ = config;
  sequence_plan_.reset();
  emit sequenceConfigChanged();
}

const WorkbenchDocument::SequencePlan& WorkbenchDocument::sequencePlan() const {
  if (sequence_plan_) return *sequence_plan_;
  SequencePlan plan;
  if (!sequences_) {
    plan.error = tr("Open a sequence dataset first (File > Open sequence dataset).");
  } else {
    try {
      const SequenceConfig& c = sequence_config_;
      plan.split = split_sequences(std::size_t(sequences_->size()), c.split, c.shuffle_split, c.split_seed);
      std::vector<Message> warnings;
      plan.scaling = fit_sequence_scaling(*sequences_, plan.split->train, c, &warnings);
      plan.warnings = gui_words(warnings);
    } catch (const std::exception& e) {
      plan.error = gui_words(e);
    }
  }
  sequence_plan_ = std::move(plan);
  return *sequence_plan_;
}

SequenceTrainRequest WorkbenchDocument::sequenceTrainRequest() const {
  SequenceTrainRequest r;
  r.data = sequence_config_;
  r.layers = layers_;
  r.init = init_;
  r.fit = fit_;
  return r;
}

namespace {

// A sequence model evaluated on its dataset: metrics, the split and every sequence's prediction.
struct SequencesEvaluated {
  std::shared_ptr<const TrainedModel> model;
  Evaluation evaluation;
  SequenceSplit split;
  Tensor3<double> predicted;
  QString error;
};

SequencesEvaluated evaluate_sequences_of(const std::shared_ptr<const TrainedModel>& model,
                                         const std::shared_ptr<const SequenceDataset>& d) {
  SequencesEvaluated out;
  try {
    out.split = model_sequence_split(*model, std::size_t(d->size()));
    out.evaluation = evaluate_sequences(*model, *d, out.split);
    out.predicted = predict_sequences(*model, d->x);
    auto evaluated = std::make_shared<TrainedModel>(*model);  // the published model is never changed
    const nlohmann::json metrics = to_json(out.evaluation);
    for (const auto& [key, value] : metrics.items()) evaluated->metrics[key] = value;
    out.model = std::move(evaluated);
  } catch (const std::exception& e) {
    out.error = QString::fromUtf8(e.what());
  }
  return out;
}

}  // namespace

void WorkbenchDocument::setSequenceOutcome(TrainOutcome outcome) {
  auto o = std::make_shared<SequenceOutcome>();
  o->fit = outcome.fit;
  o->model = std::make_shared<const TrainedModel>(std::move(outcome.trained));
  fit_result_ = outcome.fit;
  sequence_outcome_ = o;
  evaluations_->dropResults();
  if (fit_result_.status != FitStatus::Diverged) evaluateSequencesInBackground();
  emit sequenceOutcomeChanged();
  emit modelTrained();
}

void WorkbenchDocument::evaluateSequencesInBackground() {
  if (!sequence_outcome_ || !sequences_) return;
  evaluating_ = true;
  evaluations_->start([model = sequence_outcome_->model, d = sequences_] { return evaluate_sequences_of(model, d); },
                      [this](SequencesEvaluated done) {
                        evaluating_ = false;
                        if (!done.error.isEmpty()) {
                          emit evaluationFailed(tr("The trained model could not be evaluated: %1").arg(done.error));
                          return;
                        }
                        auto o = std::make_shared<SequenceOutcome>(*sequence_outcome_);
                        o->model = std::move(done.model);
                        o->evaluated = true;
                        o->evaluation = std::move(done.evaluation);
                        o->split = std::move(done.split);
                        o->predicted = std::move(done.predicted);
                        sequence_outcome_ = std::move(o);
                        recordEvaluation();
                        emit sequenceOutcomeChanged();
                      });
}

WorkbenchDocument::SessionPlan WorkbenchDocument::prepareSequenceSession(const Session& s,
                                                                         const std::string& where) const {
  SessionPlan plan;
  const SequenceSession& q = *s.sequences;
  try {
    plan.sequences = std::make_shared<const SequenceDataset>(loadSequences(q.files));
  } catch (const std::exception& e) {
    throw DataError(where + ": its sequence dataset (" + q.files.x_path + (q.files.y_path.empty() ? "" : " and ") +
                    q.files.y_path + ") could not be loaded: " + e.what() +
                    " (Put the files back at that path: a session names them relative to its own folder when it "
                    "was saved so. Or open them with File > Open sequence dataset and choose the settings again.)");
  }
  const SequenceDataset& d = *plan.sequences;
  if (s.trained) {
    if (!s.trained->is_sequence_model())
      throw DataError(where +
                      ": its trained model was trained on a series, not on a sequence dataset; save the "
                      "session again from the workbench");
    if (s.trained->sequences->features != d.features || s.trained->sequences->targets != d.targets)
      throw DataError(where +
                      ": its trained model reads other features or predicts other targets than the "
                      "dataset's names; open the dataset with the names it was trained with");
  }
  plan.forecast_steps = config_json::field_or<int>(s.view, "forecast_steps", forecast_steps_, where);
  if ((!q.x_sha256.empty() && q.x_sha256 != d.x_sha256) || (!q.y_sha256.empty() && q.y_sha256 != d.y_sha256))
    plan.warning = tr("%1 has changed since the session was saved (its SHA-256 differs): the choices were restored, "
                      "but retrain before trusting the results.")
                       .arg(QString::fromStdString(q.x_sha256 != d.x_sha256 ? q.files.x_path : q.files.y_path));
  // The split must cut this dataset (enough sequences for each fraction): checked now, not later.
  try {
    split_sequences(std::size_t(d.size()), q.config.split, q.config.shuffle_split, q.config.split_seed);
  } catch (const std::exception& e) {
    throw DataError(where + ": its split does not fit the dataset: " + e.what());
  }
  plan.sequence_files = q.files;
  plan.sequence_config = q.config;
  plan.layers = s.layers;
  plan.init = s.init;
  plan.fit = s.fit;
  plan.trained = s.trained;
  plan.runs = s.runs;
  return plan;
}

void WorkbenchDocument::commitSequenceSession(SessionPlan plan) {
  adoptSequences(std::move(plan.sequences), plan.sequence_files);
  sequence_config_ = plan.sequence_config;
  sequence_plan_.reset();
  layers_ = std::move(plan.layers);
  init_ = plan.init;
  fit_ = plan.fit;
  forecast_steps_ = plan.forecast_steps;
  if (plan.trained) {
    auto o = std::make_shared<SequenceOutcome>();
    o->model = std::make_shared<const TrainedModel>(std::move(*plan.trained));
    o->fit.history = o->model->history;
    o->fit.best_epoch = o->model->best_epoch;
    o->fit.epochs_run = int(o->model->history.size());
    o->fit.best_loss = best_loss(*o->model, nullptr);
    fit_result_ = o->fit;
    sequence_outcome_ = std::move(o);
    evaluateSequencesInBackground();
  }
  emit sequenceConfigChanged();
  emit modelChanged();
  emit sequenceOutcomeChanged();
  opened({}, std::move(plan.runs));
}

}  // namespace rnnwb::ui
