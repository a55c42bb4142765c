#include "ui/pages/prediction_job.hpp"

#include <QObject>
#include <QStringList>

#include "engine/workflow/prediction.hpp"
#include "engine/workflow/step_errors.hpp"
#include "ui/pages/gui_wording.hpp"

namespace rnnwb::ui {

void PredictionJob::run() {
  const TrainedModel& model = *this->model;  // shared and immutable: no copy for a prediction
  if (one_step) {
    try {
      rows = window_rows(*series, model.pipeline, false);
      // j = the end of a series is its forecast's first step (with many series, the next series'
      // first row): only rows inside the series whose last rows the window reads are predicted.
      std::erase_if(rows, [&](std::size_t j) {
        return j == 0 || j >= series->rows() || series->series_of_row(j - 1) != series->series_of_row(j);
      });
      if (!rows.empty()) predicted = predict_rows(model, *series, rows);
    } catch (const std::exception& e) {
      rows.clear();
      predicted = {};
      error = gui_words(e);
    }
  }
  if (forecast_steps > 0 && forecast_blocked_reason(model.pipeline).isEmpty()) {
    try {
      forecast = forecast_closed_loop(model, *series, forecast_steps, all_threads(), forecast_series);
    } catch (const std::exception& e) {
      forecast.clear();
      forecast_error = gui_words(e);
    }
  }
}

QString forecast_blocked_reason(const Pipeline& p) {
  QStringList inputs_only;
  for (const auto& f : inputs_not_predicted(p)) inputs_only << QString::fromStdString(f);
  if (inputs_only.isEmpty()) return {};
  return QObject::tr(
             "No forecast beyond the end: the model reads %1, which it does not predict, so the values it "
             "would need after the last row are unknown. To forecast, make every input feature a target "
             "(Data page) and retrain.")
      .arg(inputs_only.join(", "));
}

}  // namespace rnnwb::ui
