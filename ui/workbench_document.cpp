#include "ui/workbench_document.hpp"

#include <algorithm>
#include <thread>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/data/column_roles.hpp"
#include "engine/data/data_source.hpp"
#include "engine/data/log_check.hpp"
#include "engine/data/panel.hpp"
#include "engine/io/config_json.hpp"
#include "engine/workflow/evaluation.hpp"
#include "engine/workflow/model_drift.hpp"
#include "engine/workflow/restore.hpp"
#include "ui/background_job.hpp"
#include "ui/pages/gui_wording.hpp"

namespace rnnwb::ui {

namespace {

QStringList to_qt(const std::vector<std::string>& v) {
  QStringList out;
  for (const auto& s : v) out << QString::fromStdString(s);
  return out;
}

std::vector<std::string> to_std(const QStringList& v) {
  std::vector<std::string> out;
  for (const auto& s : v) out.push_back(s.toStdString());
  return out;
}

QString text(const std::string& s) { return QString::fromStdString(s); }

// The input features a pipeline uses: its features, or its targets when none are chosen.
const std::vector<std::string>& used_features(const PipelineConfig& p) {
  return p.features.empty() ? p.targets : p.features;
}

// A series as the document holds it: the table, where it came from and its defaults.
// The series after the missing-value policy on the columns the pipeline uses, or why there is none.
// The choices that still apply after columns came or went: the window, split and transforms stay;
// the targets and features keep the columns still there (`fresh`'s default target when none is).
PipelineConfig kept_for_columns(const PipelineConfig& kept, const PipelineConfig& fresh, const Series& s) {
  PipelineConfig p = kept;
  const auto gone = [&](const std::string& c) { return s.find(c) < 0; };
  std::erase_if(p.targets, gone);
  if (p.targets.empty()) p.targets = fresh.targets;
  std::erase_if(p.features, gone);
  std::erase_if(p.column_transforms, [&](const auto& entry) { return gone(entry.first); });
  return p;
}

// A value <= 0 under log, named by its file line and time label (the pipeline knows rows only).
Message log_problem(const CsvTable& table, const PipelineConfig& pipeline) {
  try {
    check_log_columns(table, log_columns(used_columns(pipeline), [&](const std::string& c) {
                        const auto it = pipeline.column_transforms.find(c);
                        return it != pipeline.column_transforms.end() ? it->second : pipeline.default_transform;
                      }));
  } catch (const DataError& e) {
    return e.message;
  }
  return {};
}

WorkbenchDocument::Prepared prepare_series(const std::optional<CsvTable>& table, const PipelineConfig& pipeline,
                                           MissingPolicy missing) {
  WorkbenchDocument::Prepared p;
  if (!table) {
    p.problem = "Open a CSV file or a sample first (File > Open, File > Samples).";
  } else if (pipeline.targets.empty()) {
    p.problem = "Choose at least one target column to predict.";
  } else {
    try {
      CsvTable copy = *table;
      p.note = text(apply_missing_policy(copy, missing, used_columns(pipeline)));
      p.transform_problem = log_problem(copy, pipeline);
      p.series = std::move(copy.series);
    } catch (const std::exception& e) {
      p.problem = message_of(e);
    }
  }
  p.error = gui_text(p.problem);
  return p;
}

// The pipeline fitted on the training rows of a prepared series, or why it cannot be fitted.
WorkbenchDocument::Fitted fit_series(const WorkbenchDocument::Prepared& p, const PipelineConfig& pipeline) {
  WorkbenchDocument::Fitted f;
  if (!p.series || !p.transform_problem.empty()) {
    f.problem = p.series ? p.transform_problem : p.problem;
    f.error = gui_text(f.problem);
    return f;
  }
  try {
    std::vector<Message> warnings;
    PipelineConfig config = pipeline;
    config.features = used_features(pipeline);
    Pipeline fitted = fit_pipeline(*p.series, config, &warnings);
    split_rows(*p.series, fitted);  // too few rows for the window and split?
    f.pipeline = std::move(fitted);
    f.warnings = gui_words(warnings);
  } catch (const std::exception& e) {
    f.problem = message_of(e);
    f.error = gui_text(f.problem);
  }
  return f;
}

}  // namespace

WorkbenchDocument::WorkbenchDocument(QObject* parent) : QObject(parent), evaluations_(new BackgroundJobs(this)) {
  layers_ = {LayerSpec::lstm(32)};
  fit_.epochs = 100;
  fit_.patience = 15;
  fit_.batch_size = 32;
  fit_.optimizer = OptimizerConfig::defaults(OptimizerKind::Adam, 0.003);
  // One core is left to the workbench itself, so the GUI stays smooth while training saturates the
  // others (on two cores, two training threads starve the GUI thread for tens of milliseconds).
  fit_.threads = int(std::clamp(std::thread::hardware_concurrency(), 2u, 9u)) - 1;
  // Every change the user can make emits one of these; opening and saving clear the flag after.
  for (auto signal : {&WorkbenchDocument::rolesChanged, &WorkbenchDocument::pipelineChanged,
                      &WorkbenchDocument::modelChanged, &WorkbenchDocument::trainedChanged,
                      &WorkbenchDocument::sequenceConfigChanged, &WorkbenchDocument::modelTrained})
    connect(this, signal, this, [this] { setModified(true); });
}

void WorkbenchDocument::setModified(bool modified) {
  if (modified == modified_) return;
  modified_ = modified;
  emit modifiedChanged(modified);
}

void WorkbenchDocument::opened(const QString& missing_data, std::vector<RunRecord> runs) {
  missing_data_ = missing_data;
  // The runs belong to the document: another dataset starts without any, a session brings its own.
  runs_ = std::move(runs);
  training_run_.clear();
  selected_runs_.clear();
  setModified(false);
  emit documentOpened();
  emit runsChanged();
  emit runSelectionChanged();
}

CsvOptions WorkbenchDocument::defaultCsvOptions() {
  CsvOptions o;
  o.ignore_text_columns = true;
  return o;
}

QString WorkbenchDocument::loadCsvFile(const QString& path) {
  try {
    adoptTable(load_data_source_with(path.toStdString(), defaultCsvOptions()), defaultCsvOptions());
    opened();
    return {};
  } catch (const std::exception& e) {
    return text(e.what());
  }
}

QString WorkbenchDocument::loadSample(const QString& name) {
  try {
    adoptTable(load_data_source_with("sample:" + name.toStdString(), defaultCsvOptions()), defaultCsvOptions());
    opened();
    return {};
  } catch (const std::exception& e) {
    return text(e.what());
  }
}

void WorkbenchDocument::adoptTable(LoadedData d, const CsvOptions& csv) {
  const Series& series = d.table.series;
  // The window default follows the rows of one series (the longest), not the whole panel's.
  std::size_t rows = 0;
  for (std::size_t k = 0; k < series.series_count(); ++k) rows = std::max(rows, series.series_rows(k));
  const std::string target = default_target(series, d.default_target);
  suggested_ = text(suggest_series_column(series));
  time_step_ = read_time_axis(series).step;
  suggested_season_ = d.season > 0 ? 0 : suggest_season(time_step_);  // a sample's own season wins
  table_ = std::move(d.table);
  source_ = text(d.source);
  sha256_ = text(d.sha256);
  form_ = d.form;
  csv_ = csv;
  pipeline_ = PipelineConfig{};
  pipeline_.targets = {target};
  pipeline_.window = Index(std::clamp<std::size_t>(rows / 20, 2, 24));
  pipeline_.season = d.season > 0 ? d.season : suggested_season_;
  pipeline_.series_columns = form_.columns;
  missing_ = MissingPolicy::Error;
  discardTrained();
  fit_result_ = {};
  invalidate(false);
  closeSequences();
  emit dataChanged();
  emit rolesChanged();
  emit pipelineChanged();
  emit trainedChanged();
}

QString WorkbenchDocument::setSeriesForm(const SeriesForm& form) { return reload(csv_, form); }

QString WorkbenchDocument::setCsvOptions(const CsvOptions& options) { return reload(options, form_); }

QString WorkbenchDocument::reload(const CsvOptions& csv, const SeriesForm& form) {
  if (!table_) return tr("Open a CSV file or a sample first (File > Open, File > Samples).");
  LoadedData d;
  try {
    d = load_data_source_with(source_.toStdString(), csv, form);
  } catch (const std::exception& e) {
    return gui_words(e);
  }
  // The same numeric columns (long form regrouped): the user's choices stay, only the rows moved.
  // Columns left out or read again (the same series form): the choices stay for the columns still there.
  const bool same_columns = d.table.series.names == table_->series.names;
  const bool same_form = form.column == form_.column && form.columns == form_.columns;
  const PipelineConfig kept = pipeline_;
  const MissingPolicy kept_missing = missing_;
  const QString suggested = suggested_;
  adoptTable(std::move(d), csv);
  if (suggested_.isEmpty()) suggested_ = suggested;  // what the data as one series suggested
  if (same_columns || same_form) {
    pipeline_ = same_columns ? kept : kept_for_columns(kept, pipeline_, table_->series);
    pipeline_.series_columns = form_.columns;
    if (!table_->series.is_panel()) pipeline_.split_by = SplitBy::Time;  // split by series needs series
    missing_ = kept_missing;
    invalidate(false);
    emit rolesChanged();
    emit pipelineChanged();
  }
  return {};
}

QStringList WorkbenchDocument::numericColumns() const { return table_ ? to_qt(table_->series.names) : QStringList(); }

QString WorkbenchDocument::timeColumn() const {
  return table_ ? QString::fromStdString(table_->series.time_name) : QString();
}

QStringList WorkbenchDocument::targets() const { return to_qt(pipeline_.targets); }

QStringList WorkbenchDocument::features() const {
  return to_qt(pipeline_.features.empty() ? pipeline_.targets : pipeline_.features);
}

void WorkbenchDocument::setTargets(const QStringList& targets) {
  pipeline_.targets = to_std(targets);
  invalidate(false);
  emit rolesChanged();
}

void WorkbenchDocument::setFeatures(const QStringList& features) {
  pipeline_.features = to_std(features);
  invalidate(false);
  emit rolesChanged();
}

void WorkbenchDocument::setMissingPolicy(MissingPolicy policy) {
  missing_ = policy;
  invalidate(false);
  emit rolesChanged();
}

void WorkbenchDocument::setWindow(int rows) {
  pipeline_.window = rows;
  invalidate(false);
  emit pipelineChanged();
}

void WorkbenchDocument::setHorizon(int rows) {
  pipeline_.horizon = rows;
  invalidate(false);
  emit pipelineChanged();
}

void WorkbenchDocument::setSplit(const SplitFractions& split) {
  pipeline_.split = split;
  invalidate(false);
  emit pipelineChanged();
}

void WorkbenchDocument::setSeason(int rows) {
  pipeline_.season = rows;
  invalidate(false);
  emit pipelineChanged();
}

void WorkbenchDocument::setSplitBy(SplitBy by) {
  pipeline_.split_by = by;
  invalidate(false);
  emit splitByChanged();
  emit pipelineChanged();
}

void WorkbenchDocument::setScalePer(ScalePer per) {
  pipeline_.scale_per = per;
  invalidate(false);
  emit scalePerChanged();
  emit pipelineChanged();
}

ColumnTransform WorkbenchDocument::columnTransform(const QString& column) const {
  const auto it = pipeline_.column_transforms.find(column.toStdString());
  return it != pipeline_.column_transforms.end() ? it->second : pipeline_.default_transform;
}

void WorkbenchDocument::setColumnTransform(const QString& column, const ColumnTransform& transform) {
  pipeline_.column_transforms[column.toStdString()] = transform;
  invalidate(false);
  emit pipelineChanged();
}

void WorkbenchDocument::invalidate(bool discard_trained) {
  prepared_.reset();
  fitted_.reset();
  if (discard_trained) discardTrained();
}

void WorkbenchDocument::discardTrained() {
  training_run_.clear();  // a late evaluation of the discarded model is dropped too
  trained_.reset();
  evaluation_ = {};
  evaluating_ = false;
  evaluations_->dropResults();
}

WorkbenchDocument::~WorkbenchDocument() { evaluations_->waitForDone(); }

namespace {

// An evaluated model: the model with its metrics per split, published in place of the one evaluated.
struct Evaluated {
  std::shared_ptr<const TrainedModel> model;
  Evaluation evaluation;
  QString error;
};

Evaluated evaluate(const std::shared_ptr<const TrainedModel>& model, const Series& series) {
  Evaluated out;
  try {
    out.evaluation = evaluate_model(*model, series);
    // The published model is never changed: the metrics go into a copy made here, off the GUI
    // thread, which the document then publishes in its place.
    auto evaluated = std::make_shared<TrainedModel>(*model);
    const nlohmann::json metrics = to_json(out.evaluation);  // named: items() must not outlive it
    for (const auto& [key, value] : metrics.items()) evaluated->metrics[key] = value;
    out.model = std::move(evaluated);
  } catch (const std::exception& e) {
    out.error = QString::fromUtf8(e.what());
  }
  return out;
}

}  // namespace

void WorkbenchDocument::evaluateInBackground() {
  if (!trained_ || !prepared().series) return;
  // The job works on the shared model and a copy of the series, so the user may change anything
  // (or train again) meanwhile; a result for a model no longer on show is never delivered.
  evaluating_ = true;
  evaluations_->start([model = trained_, series = *prepared().series] { return evaluate(model, series); },
                      [this](Evaluated done) {
                        evaluating_ = false;
                        if (!done.error.isEmpty()) {
                          emit evaluationFailed("The trained model could not be evaluated: " + done.error);
                          return;
                        }
                        trained_ = std::move(done.model);
                        evaluation_ = std::move(done.evaluation);
                        recordEvaluation();
                        emit evaluationChanged();
                      });
}

const WorkbenchDocument::Prepared& WorkbenchDocument::prepared() const {
  if (!prepared_) prepared_ = prepare_series(table_, pipeline_, missing_);
  return *prepared_;
}

const WorkbenchDocument::Fitted& WorkbenchDocument::fitted() const {
  if (!fitted_) fitted_ = fit_series(prepared(), pipeline_);
  return *fitted_;
}

void WorkbenchDocument::setLayers(const std::vector<LayerSpec>& layers) {
  layers_ = layers;
  emit modelChanged();
}

WorkbenchDocument::StackCheck WorkbenchDocument::checkStack() const {
  StackCheck check;
  // A sequence dataset: F inputs per step, a head of H x k outputs, sequences of T steps.
  const bool seq = sequences_ != nullptr;
  const int outputs = seq ? int(sequences_->horizon() * sequences_->y.features)
                          : int(pipeline_.horizon * Index(std::max<std::size_t>(1, pipeline_.targets.size())));
  const Index inputs = seq ? sequences_->x.features : Index(std::max(1, int(features().size())));
  const Index steps = seq ? sequences_->x.steps : Index(pipeline_.window);
  try {
    check.network = check_network(inputs, layers_, true, outputs);
    check.summary = QString::fromStdString(stack_summary(check.network->layers, check.network->shape, steps));
  } catch (const std::exception& e) {
    check.error = QString::fromStdString(e.what());
  }
  return check;
}

void WorkbenchDocument::setFitConfig(const FitConfig& fit) {
  fit_ = fit;
  emit modelChanged();
}

void WorkbenchDocument::setInitOptions(const InitOptions& init) {
  init_ = init;
  emit modelChanged();
}

TrainRequest WorkbenchDocument::trainRequest() const {
  TrainRequest r;
  r.pipeline = pipeline_;
  r.pipeline.features = to_std(features());
  r.layers = layers_;
  r.init = init_;
  r.fit = fit_;
  r.data_sha256 = sha256_.toStdString();
  r.data_source = source_.toStdString();
  r.time_column = timeColumn().toStdString();
  r.missing = missing_;
  return r;
}

void WorkbenchDocument::setTrainOutcome(TrainOutcome outcome) {
  if (outcome.trained.is_sequence_model()) return setSequenceOutcome(std::move(outcome));
  fit_result_ = outcome.fit;
  discardTrained();
  const bool evaluated = !outcome.evaluation.model.empty();
  evaluation_ = std::move(outcome.evaluation);
  trained_ = std::make_shared<const TrainedModel>(std::move(outcome.trained));
  if (!evaluated && fit_result_.status != FitStatus::Diverged) evaluateInBackground();
  emit trainedChanged();
  emit evaluationChanged();
  emit modelTrained();
}

void WorkbenchDocument::setForecastSteps(int steps) {
  forecast_steps_ = steps;
  emit trainedChanged();
}

QStringList WorkbenchDocument::modelDrift() const {
  if (!trained_ || sequences_) return {};
  QStringList out;
  for (const SettingDrift& d : settings_drift(trainRequest(), *trained_))
    out << tr("%1: %2 now, %3 in the model").arg(text(d.setting), text(d.now), text(d.model));
  return out;
}

void WorkbenchDocument::revertToModelSettings() {
  if (!trained_ || sequences_) return;
  const Session was = session_of(*trained_, missing_);
  const std::vector<std::string> series_columns = pipeline_.series_columns;
  const std::map<std::string, ColumnTransform> others = pipeline_.column_transforms;
  pipeline_ = was.pipeline;
  pipeline_.series_columns = series_columns;
  for (const auto& [column, t] : others) pipeline_.column_transforms.emplace(column, t);  // unused columns keep theirs
  layers_ = was.layers;
  const int threads = fit_.threads;
  fit_ = was.fit;
  fit_.threads = threads;
  init_ = was.init;
  invalidate(false);
  emit rolesChanged();
  emit pipelineChanged();
  emit splitByChanged();
  emit scalePerChanged();
  emit modelChanged();
}

Session WorkbenchDocument::toSession(const nlohmann::json& view) const {
  Session s;
  if (sequences_) {
    s.data_source = sequence_files_.x_path;
    s.data_sha256 = sequences_->x_sha256;
    s.sequences = SequenceSession{sequence_files_, sequences_->x_sha256, sequences_->y_sha256, sequence_config_};
    s.layers = layers_;
    s.init = init_;
    s.fit = fit_;
    if (sequence_outcome_) s.trained = *sequence_outcome_->model;
    s.runs = runs_;
    s.view = view;
    s.view["forecast_steps"] = forecast_steps_;
    return s;
  }
  s.data_source = source_.toStdString();
  s.data_sha256 = sha256_.toStdString();
  s.time_column = timeColumn().toStdString();
  s.series_form = form_;
  s.csv = csv_;
  s.missing_policy = missing_;
  s.pipeline = pipeline_;
  s.layers = layers_;
  s.init = init_;
  s.fit = fit_;
  if (trained_) s.trained = *trained_;
  s.runs = runs_;
  s.view = view;
  s.view["forecast_steps"] = forecast_steps_;
  return s;
}

WorkbenchDocument::SessionPlan WorkbenchDocument::prepareSession(const Session& s, const QString& where) const {
  const std::string session = where.toStdString();
  if (s.sequences) return prepareSequenceSession(s, session);
  const QString source = text(s.data_source);
  SessionPlan plan;
  try {
    LoadedData d = load_data_source_with(source.toStdString(), s.csv, s.series_form);
    plan.csv = s.csv;
    plan.table = std::move(d.table);
    plan.source = text(d.source);
    plan.sha256 = text(d.sha256);
    plan.form = d.form;
  } catch (const std::exception& e) {
    const bool sample = source.startsWith("sample:");
    throw DataError(session + ": its data, " + s.data_source + ", could not be loaded: " + e.what() +
                    (sample ? std::string()
                            : std::string(" (Put the CSV back at that path: a session names its data relative to "
                                          "the session's own folder when it was saved so. Or open the CSV with "
                                          "File > Open CSV and choose the settings again.)")));
  }
  const Series& series = plan.table->series;
  const auto check_column = [&](const std::string& column, const std::string& what) {
    if (series.find(column) >= 0) return;
    std::string columns;
    for (std::size_t i = 0; i < series.names.size() && i < 40; ++i) columns += (i ? ", " : "") + quote(series.names[i]);
    if (series.names.size() > 40) columns += " and " + std::to_string(series.names.size() - 40) + " more";
    throw DataError(session + ": " + what + " " + quote(column) + ", but " + s.data_source +
                    " has no numeric column of that name (its numeric columns: " + columns +
                    "). Is it the right data file? Open the CSV itself (File > Open CSV) to choose the columns again.");
  };
  for (const auto& c : s.pipeline.targets) check_column(c, "the session's target is");
  for (const auto& c : s.pipeline.features) check_column(c, "an input feature of the session is");
  for (const auto& [c, t] : s.pipeline.column_transforms) check_column(c, "a transform (Normalise page) is set for");
  if (s.trained) {
    for (const auto& c : s.trained->pipeline.features) check_column(c, "the session's trained model reads");
    for (const auto& c : s.trained->pipeline.targets) check_column(c, "the session's trained model predicts");
  }
  plan.missing = s.missing_policy;
  plan.forecast_steps = config_json::field_or<int>(s.view, "forecast_steps", forecast_steps_, session);
  if (plan.forecast_steps < 0 || plan.forecast_steps > kMaxForecastSteps)
    throw DataError(session + ": view entry \"forecast_steps\" must be 0 to " + std::to_string(kMaxForecastSteps) +
                    ", got " + std::to_string(plan.forecast_steps));
  if (!s.data_sha256.empty() && s.data_sha256 != plan.sha256.toStdString())
    plan.warning = source +
                   " has changed since the session was saved (its SHA-256 differs): the choices were "
                   "restored, but retrain before trusting the results.";
  plan.pipeline = s.pipeline;
  plan.pipeline.series_columns = plan.form.columns;
  plan.layers = s.layers;
  plan.init = s.init;
  plan.fit = s.fit;
  plan.trained = s.trained;
  plan.runs = s.runs;
  plan.prepared = prepare_series(plan.table, plan.pipeline, plan.missing);
  plan.fitted = fit_series(plan.prepared, plan.pipeline);
  return plan;
}

void WorkbenchDocument::commitSession(SessionPlan plan) {
  if (plan.sequences) return commitSequenceSession(std::move(plan));
  closeSequences();
  table_ = std::move(plan.table);
  suggested_season_ = 0;  // the session's own season
  time_step_ = read_time_axis(table_->series).step;
  source_ = plan.source;
  sha256_ = plan.sha256;
  form_ = plan.form;
  csv_ = plan.csv;
  suggested_ = text(suggest_series_column(table_->series));
  missing_ = plan.missing;
  pipeline_ = std::move(plan.pipeline);
  layers_ = std::move(plan.layers);
  init_ = plan.init;
  fit_ = plan.fit;
  forecast_steps_ = plan.forecast_steps;
  invalidate(true);
  prepared_ = std::move(plan.prepared);
  fitted_ = std::move(plan.fitted);
  fit_result_ = {};
  if (plan.trained) {
    trained_ = std::make_shared<const TrainedModel>(std::move(*plan.trained));
    fit_result_.history = trained_->history;
    fit_result_.best_epoch = trained_->best_epoch;
    fit_result_.epochs_run = int(trained_->history.size());
    fit_result_.best_loss = best_loss(*trained_, nullptr);
    evaluateInBackground();
  }
  emit dataChanged();
  emit rolesChanged();
  emit pipelineChanged();
  emit splitByChanged();
  emit scalePerChanged();
  emit modelChanged();
  emit trainedChanged();
  emit evaluationChanged();
  opened({}, std::move(plan.runs));
}

void WorkbenchDocument::commitSessionWithoutData(const Session& s) {
  closeSequences();
  table_.reset();
  source_ = text(s.data_source);
  sha256_ = text(s.data_sha256);
  form_ = s.series_form;
  csv_ = s.csv;
  suggested_.clear();
  missing_ = s.missing_policy;
  pipeline_ = s.pipeline;
  layers_ = s.layers;
  init_ = s.init;
  fit_ = s.fit;
  invalidate(true);
  fit_result_ = {};
  if (s.trained) {
    trained_ = std::make_shared<const TrainedModel>(*s.trained);
    fit_result_.history = trained_->history;
    fit_result_.best_epoch = trained_->best_epoch;
    fit_result_.epochs_run = int(trained_->history.size());
    fit_result_.best_loss = best_loss(*trained_, nullptr);
  }
  emit dataChanged();
  emit rolesChanged();
  emit pipelineChanged();
  emit modelChanged();
  emit trainedChanged();
  emit evaluationChanged();
  opened(source_, s.runs);
}

QString WorkbenchDocument::refusesOutputAt(const QString& path) const {
  if (source_.isEmpty() || source_.startsWith("sample:") || !same_file(path.toStdString(), source_.toStdString()))
    return {};
  return tr("%1 is the data file that is open: writing there would replace the data. Nothing was written; "
            "choose another name.")
      .arg(path);
}

}  // namespace rnnwb::ui
