// WorkbenchDocument's runs: the record of every training, and which are selected for comparison.
#include <algorithm>

#include "engine/core/error.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

const RunRecord* WorkbenchDocument::findRun(const QString& id) const {
  return const_cast<WorkbenchDocument*>(this)->findRunToChange(id);
}

QString WorkbenchDocument::addRun(RunRecord run) {
  std::vector<std::string> taken;
  for (const RunRecord& r : runs_) taken.push_back(r.id);
  if (run.id.empty() || std::find(taken.begin(), taken.end(), run.id) != taken.end())
    run.id = new_run_id(settings_key(run.settings), taken);
  const QString id = QString::fromStdString(run.id);
  runs_.push_back(std::move(run));
  setModified(true);
  emit runsChanged();
  return id;
}

QString WorkbenchDocument::addTrainingRun(RunRecord run) {
  // The run's model is the document's current one (set just before): share it rather than keep a
  // second copy of the weights. A diverged run kept none.
  const bool is_current = run.model && hasModel();
  if (is_current) run.model = trained_ ? trained_ : sequence_outcome_->model;
  const QString id = addRun(std::move(run));
  training_run_ = is_current ? id : QString();
  // The outcome may have come evaluated already.
  if (is_current && (trained_ ? !evaluation_.model.empty() : sequence_outcome_->evaluated)) recordEvaluation();
  return id;
}

void WorkbenchDocument::recordEvaluation() {
  if (training_run_.isEmpty() || !hasModel()) return;
  RunRecord* r = findRunToChange(training_run_);
  training_run_.clear();
  if (!r) return;
  r->model = trained_ ? trained_ : sequence_outcome_->model;
  r->metrics = r->model->metrics;
  runChanged();
}

RunRecord* WorkbenchDocument::findRunToChange(const QString& id) {
  const std::string key = id.toStdString();
  const auto it = std::find_if(runs_.begin(), runs_.end(), [&](const RunRecord& r) { return r.id == key; });
  return it == runs_.end() ? nullptr : &*it;
}

void WorkbenchDocument::runChanged() {
  setModified(true);
  emit runsChanged();
}

bool WorkbenchDocument::renameRun(const QString& id, const QString& name) {
  RunRecord* r = findRunToChange(id);
  if (!r || r->name == name.trimmed().toStdString()) return r != nullptr;
  r->name = name.trimmed().toStdString();
  runChanged();
  return true;
}

bool WorkbenchDocument::annotateRun(const QString& id, const QString& note) {
  RunRecord* r = findRunToChange(id);
  if (!r || r->note == note.toStdString()) return r != nullptr;
  r->note = note.toStdString();
  runChanged();
  return true;
}

int WorkbenchDocument::removeRuns(const QStringList& ids) {
  const auto before = runs_.size();
  std::erase_if(runs_, [&](const RunRecord& r) { return ids.contains(QString::fromStdString(r.id)); });
  const int removed = int(before - runs_.size());
  if (removed == 0) return 0;
  if (ids.contains(training_run_)) training_run_.clear();
  QStringList selected = selected_runs_;
  for (const QString& id : ids) selected.removeAll(id);
  runChanged();
  setSelectedRunIds(selected);
  return removed;
}

void WorkbenchDocument::setSelectedRunIds(const QStringList& ids) {
  if (ids == selected_runs_) return;
  selected_runs_ = ids;
  emit runSelectionChanged();
}

Session WorkbenchDocument::currentSettings() const {
  Session s = toSession(nlohmann::json::object());
  s.trained.reset();
  s.runs.clear();
  s.view = nlohmann::json::object();
  return s;
}

bool WorkbenchDocument::runUsesOpenData(const RunRecord& run) const {
  if (run.settings.sequences.has_value() != hasSequences()) return false;
  const std::string sha = run.settings.sequences ? run.settings.sequences->x_sha256 : run.settings.data_sha256;
  return run.settings.data_source == source_.toStdString() && (sha.empty() || sha == sha256_.toStdString());
}

WorkbenchDocument::SessionPlan WorkbenchDocument::prepareRunRestore(const QString& id) const {
  const RunRecord* run = findRun(id);
  if (!run) throw DataError("there is no run " + id.toStdString() + " in this session");
  if (!run->model)
    throw DataError("the run " + run->label() + " kept no weights (" + to_string(run->end) +
                    "): there is no model to restore; train it again with its settings instead");
  Session s = run->settings;
  s.trained = *run->model;
  s.view = nlohmann::json{{"forecast_steps", forecast_steps_}};
  SessionPlan plan = prepareSession(s, tr("the run %1").arg(QString::fromStdString(run->label())));
  plan.runs = runs_;
  return plan;
}

void WorkbenchDocument::commitRunRestore(SessionPlan plan) {
  const QStringList selected = selected_runs_;
  commitSession(std::move(plan));
  setSelectedRunIds(selected);
  setModified(true);  // the current model and settings are no longer the saved ones
}

}  // namespace rnnwb::ui
