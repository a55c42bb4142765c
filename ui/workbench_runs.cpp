// WorkbenchDocument's runs: the record of every training, and which are selected for comparison.
#include <algorithm>

#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

const RunRecord* WorkbenchDocument::findRun(const QString& id) const {
  const std::string key = id.toStdString();
  const auto it = std::find_if(runs_.begin(), runs_.end(), [&](const RunRecord& r) { return r.id == key; });
  return it == runs_.end() ? nullptr : &*it;
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

}  // namespace rnnwb::ui
