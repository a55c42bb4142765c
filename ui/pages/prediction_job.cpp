#include "ui/pages/prediction_job.hpp"

#include <QObject>
#include <QStringList>
#include <algorithm>

#include "engine/data/metrics.hpp"
#include "engine/workflow/prediction.hpp"
#include "ui/pages/gui_wording.hpp"

namespace rnnwb::ui {

void PredictionJob::run() {
  // TODO(issue 12): predict_rows and forecast_closed_loop take a TrainedModel& because
  // Model::predict is not const yet; until it is, they run on this job's own copy (made here, off
  // the GUI thread). Then pass *model and drop the copy.
  TrainedModel model = *this->model;
  if (one_step) {
    try {
      rows = window_rows(*series, model.pipeline, false);
      if (!rows.empty() && rows.back() >= series->rows()) rows.pop_back();  // j = rows is the forecast's first step
      if (!rows.empty()) predicted = predict_rows(model, *series, rows);
    } catch (const std::exception& e) {
      rows.clear();
      predicted = {};
      error = in_gui_words(QString::fromUtf8(e.what()));
    }
  }
  if (forecast_steps > 0 && forecast_blocked_reason(model.pipeline).isEmpty()) {
    try {
      forecast = forecast_closed_loop(model, *series, forecast_steps);
    } catch (const std::exception& e) {
      forecast.clear();
      forecast_error = in_gui_words(QString::fromUtf8(e.what()));
    }
  }
}

QString forecast_blocked_reason(const Pipeline& p) {
  QStringList inputs_only;
  for (const auto& f : p.features)
    if (std::find(p.targets.begin(), p.targets.end(), f) == p.targets.end()) inputs_only << QString::fromStdString(f);
  if (inputs_only.isEmpty()) return {};
  return QObject::tr(
             "No forecast beyond the end: the model reads %1, which it does not predict, so the values it "
             "would need after the last row are unknown. To forecast, make every input feature a target "
             "(Data page) and retrain.")
      .arg(inputs_only.join(", "));
}

std::vector<StepError> horizon_errors(const Series& series, const Pipeline& p, const std::vector<std::size_t>& rows,
                                      const Tensor3<double>& predicted, int target) {
  const std::vector<std::size_t> test = split_rows(series, p).test;
  const Tensor3<double> actual = actual_values(series, p, test);
  const Tensor3<double> persistence = persistence_forecast(series, p, test);
  const std::vector<double> scale = {mase_scales(series, p)[std::size_t(target)]};
  // Position of each test row among the predicted rows (both ascending).
  std::vector<Index> at;
  for (std::size_t j : test) {
    const auto it = std::lower_bound(rows.begin(), rows.end(), j);
    if (it == rows.end() || *it != j) return {};  // not predicted: nothing to break down
    at.push_back(Index(it - rows.begin()));
  }
  const Index n = Index(test.size()), c = target;
  std::vector<StepError> out;
  for (Index k = 0; k < p.horizon; ++k) {
    Tensor3<double> a(n, 1, 1), model(n, 1, 1), naive(n, 1, 1);
    for (Index i = 0; i < n; ++i) {
      a(i, 0, 0) = actual(i, k, c);
      model(i, 0, 0) = predicted(at[std::size_t(i)], k, c);
      naive(i, 0, 0) = persistence(i, k, c);
    }
    StepError e;
    e.model_rmse = compute_metrics(a, model, scale).rmse;
    e.persistence_rmse = compute_metrics(a, naive, scale).rmse;
    e.count = std::size_t(n);
    out.push_back(e);
  }
  return out;
}

}  // namespace rnnwb::ui
