#include "ui/workbench_document.hpp"

#include <algorithm>
#include <thread>

#include "engine/core/error.hpp"
#include "engine/data/samples.hpp"
#include "engine/io/atomic_write.hpp"
#include "engine/io/sha256.hpp"
#include "engine/workflow/evaluation.hpp"

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

}  // namespace

WorkbenchDocument::WorkbenchDocument(QObject* parent) : QObject(parent) {
  layers_ = {LayerSpec::lstm(32)};
  fit_.epochs = 100;
  fit_.patience = 15;
  fit_.batch_size = 32;
  fit_.optimizer = OptimizerConfig::defaults(OptimizerKind::Adam, 0.003);
  // One core is left to the workbench itself, so the GUI stays smooth while training saturates the
  // others (on two cores, two training threads starve the GUI thread for tens of milliseconds).
  fit_.threads = int(std::clamp(std::thread::hardware_concurrency(), 2u, 9u)) - 1;
}

QString WorkbenchDocument::loadCsvFile(const QString& path) {
  try {
    const std::string bytes = read_file(path.toStdString(), std::size_t(4) << 30);
    CsvTable table = parse_csv(bytes, {}, path.toStdString());
    return adoptTable(std::move(table), path, QString::fromStdString(sha256_hex(bytes)), {}, 0);
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
}

QString WorkbenchDocument::loadSample(const QString& name) {
  const auto csv = sample_csv(name.toStdString());
  if (!csv) return "There is no sample named " + name + ".";
  for (const SampleInfo& s : sample_list()) {
    if (s.name != name.toStdString()) continue;
    try {
      CsvOptions options;
      options.time_column = s.time_column;
      CsvTable table = parse_csv(*csv, options, "sample:" + s.name);
      return adoptTable(std::move(table), "sample:" + name, QString::fromStdString(sha256_hex(*csv)),
                        QString::fromStdString(s.default_target), s.season);
    } catch (const std::exception& e) {
      return QString::fromStdString(e.what());
    }
  }
  return "There is no sample named " + name + ".";
}

QString WorkbenchDocument::adoptTable(CsvTable table, const QString& source, const QString& sha256,
                                      const QString& default_target, int season) {
  if (table.series.names.empty()) return source + " has no numeric column to predict.";
  const std::size_t rows = table.series.rows();
  table_ = std::move(table);
  source_ = source;
  sha256_ = sha256;
  const std::string target =
      !default_target.isEmpty() && table_->series.find(default_target.toStdString()) >= 0 ? default_target.toStdString()
                                                                                         : table_->series.names.front();
  pipeline_ = PipelineConfig{};
  pipeline_.targets = {target};
  pipeline_.window = Index(std::clamp<std::size_t>(rows / 20, 2, 24));
  pipeline_.season = season;
  missing_ = MissingPolicy::Error;
  discardTrained();
  fit_result_ = {};
  invalidate(false);
  emit dataChanged();
  emit rolesChanged();
  emit pipelineChanged();
  emit trainedChanged();
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
  trained_.reset();
  evaluation_ = {};
  evaluating_ = false;
  ++trained_generation_;
}

WorkbenchDocument::~WorkbenchDocument() {
  for (QThread* t : evaluation_threads_) t->wait();
}

void WorkbenchDocument::evaluateInBackground() {
  if (!trained_ || !prepared().series) return;
  // The thread works on copies, so the user may change anything (or train again) meanwhile;
  // the generation tells whether its result still belongs to the model on show.
  struct Job {
    TrainedModel model;
    Series series;
    Evaluation evaluation;
    QString error;
  };
  auto job = std::make_shared<Job>(Job{*trained_, *prepared().series, {}, {}});
  const quint64 generation = trained_generation_;
  evaluating_ = true;
  QThread* thread = QThread::create([job] {
    try {
      job->evaluation = evaluate_model(job->model, job->series);
    } catch (const std::exception& e) {
      job->error = QString::fromUtf8(e.what());
    }
  });
  evaluation_threads_.push_back(thread);
  connect(thread, &QThread::finished, this, [this, thread, job, generation] {
    std::erase(evaluation_threads_, thread);
    thread->deleteLater();
    if (generation != trained_generation_ || !trained_) return;
    evaluating_ = false;
    if (!job->error.isEmpty()) {
      emit evaluationFailed("The trained model could not be evaluated: " + job->error);
      return;
    }
    evaluation_ = std::move(job->evaluation);
    const nlohmann::json metrics = to_json(evaluation_);  // named: items() must not outlive it
    for (const auto& [key, value] : metrics.items()) trained_->metrics[key] = value;
    emit evaluationChanged();
  });
  thread->start();
}

const WorkbenchDocument::Prepared& WorkbenchDocument::prepared() const {
  if (prepared_) return *prepared_;
  Prepared p;
  if (!table_) {
    p.error = "Open a CSV file or a sample first (File > Open, File > Samples).";
  } else if (pipeline_.targets.empty()) {
    p.error = "Choose at least one target column to predict.";
  } else {
    std::vector<std::string> used = to_std(features());
    for (const auto& t : pipeline_.targets)
      if (std::find(used.begin(), used.end(), t) == used.end()) used.push_back(t);
    try {
      CsvTable copy = *table_;
      p.note = QString::fromStdString(apply_missing_policy(copy, missing_, used));
      p.series = std::move(copy.series);
    } catch (const std::exception& e) {
      p.error = QString::fromStdString(e.what());
    }
  }
  prepared_ = std::move(p);
  return *prepared_;
}

const WorkbenchDocument::Fitted& WorkbenchDocument::fitted() const {
  if (fitted_) return *fitted_;
  Fitted f;
  const Prepared& p = prepared();
  if (!p.series) {
    f.error = p.error;
  } else {
    try {
      std::vector<std::string> warnings;
      PipelineConfig config = pipeline_;
      config.features = to_std(features());
      Pipeline pipeline = fit_pipeline(*p.series, config, &warnings);
      split_rows(*p.series, pipeline);  // too few rows for the window and split?
      f.pipeline = std::move(pipeline);
      f.warnings = to_qt(warnings);
    } catch (const std::exception& e) {
      f.error = QString::fromStdString(e.what());
    }
  }
  fitted_ = std::move(f);
  return *fitted_;
}

void WorkbenchDocument::setLayers(const std::vector<LayerSpec>& layers) {
  layers_ = layers;
  emit modelChanged();
}

WorkbenchDocument::StackCheck WorkbenchDocument::checkStack() const {
  StackCheck check;
  const int outputs = int(pipeline_.horizon * Index(std::max<std::size_t>(1, pipeline_.targets.size())));
  try {
    check.model = build_network(Index(std::max(1, int(features().size()))), layers_, true, outputs, init_);
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
  return r;
}

void WorkbenchDocument::setTrainOutcome(TrainOutcome outcome) {
  fit_result_ = outcome.fit;
  discardTrained();
  const bool evaluated = !outcome.evaluation.model.empty();
  evaluation_ = std::move(outcome.evaluation);
  trained_ = std::make_unique<TrainedModel>(std::move(outcome.trained));
  if (!evaluated && fit_result_.status != FitStatus::Diverged) evaluateInBackground();
  emit trainedChanged();
  emit evaluationChanged();
}

void WorkbenchDocument::setForecastSteps(int steps) {
  forecast_steps_ = steps;
  emit trainedChanged();
}

Session WorkbenchDocument::toSession(const nlohmann::json& view) const {
  Session s;
  s.data_source = source_.toStdString();
  s.data_sha256 = sha256_.toStdString();
  s.time_column = timeColumn().toStdString();
  s.missing_policy = to_string(missing_);
  s.pipeline = pipeline_;
  s.layers = layers_;
  s.init = init_;
  s.fit = fit_;
  if (trained_) s.trained = *trained_;
  s.view = view;
  s.view["forecast_steps"] = forecast_steps_;
  return s;
}

QString WorkbenchDocument::applySession(const Session& s) {
  const QString source = QString::fromStdString(s.data_source);
  const QString error = source.startsWith("sample:") ? loadSample(source.mid(7)) : loadCsvFile(source);
  if (!error.isEmpty()) return "The session's data could not be loaded: " + error;
  QString warning;
  if (!s.data_sha256.empty() && s.data_sha256 != sha256_.toStdString())
    warning = source + " has changed since the session was saved (its SHA-256 differs): the choices were restored, "
                       "but retrain before trusting the results.";
  try {
    missing_ = parse_missing_policy(s.missing_policy);
  } catch (const std::exception&) {
    missing_ = MissingPolicy::Error;
  }
  pipeline_ = s.pipeline;
  layers_ = s.layers;
  init_ = s.init;
  fit_ = s.fit;
  forecast_steps_ = s.view.value("forecast_steps", forecast_steps_);
  invalidate(true);
  fit_result_ = {};
  if (s.trained) {
    trained_ = std::make_unique<TrainedModel>(*s.trained);
    fit_result_.history = trained_->history;
    fit_result_.best_epoch = trained_->best_epoch;
    fit_result_.epochs_run = int(trained_->history.size());
    evaluateInBackground();
  }
  emit rolesChanged();
  emit pipelineChanged();
  emit modelChanged();
  emit trainedChanged();
  emit evaluationChanged();
  return warning;
}

}  // namespace rnnwb::ui
