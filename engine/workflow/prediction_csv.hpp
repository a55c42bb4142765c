#pragma once
// The predictions CSV, shared by `rnnwb predict --data` and the workbench's Export page: one row
// per series row with a full window (time label, split, actual and predicted value of each
// target), then the closed-loop forecast rows.
#include <string>
#include <vector>

#include "engine/core/threads.hpp"
#include "engine/data/csv_loader.hpp"
#include "engine/io/trained_model.hpp"

namespace rnnwb {

struct PredictionCsv {
  std::string text;          // the whole file
  std::string missing_note;  // what the missing-value policy did (empty when nothing was missing)
  // Many series: the ids left out because the model cannot predict them (a per-series model never
  // saw them, or they are shorter than the window), for a front end to warn about.
  std::vector<std::string> series_left_out;
};

// Applies the missing-value policy to the model's columns of `table` (so `table` changes);
// `source` names the data in errors. Throws DataError when a column the model needs is absent or
// the series is shorter than the window, ConfigError when a forecast is impossible. `threads`: for
// the model's predictions (prediction.hpp).
// Many series: a `series` column comes first, each series' rows follow in turn, and each series is
// forecast beyond its own end; `only_series` (an id) keeps one series (DataError for an unknown id,
// or one the model cannot predict). Without it, series the model cannot predict are left out.
PredictionCsv prediction_csv(const TrainedModel& m, CsvTable& table, const std::string& source, MissingPolicy missing,
                             Index forecast_steps, int threads = all_threads(), const std::string& only_series = {});

// Labels for rows beyond the end: the labels' time step continued in their format (years, 1959Q1,
// dates; engine/data/time_axis.hpp next_time_labels), "+1", "+2", ... for text labels.
std::vector<std::string> future_labels(const std::vector<std::string>& labels, std::size_t count);

}  // namespace rnnwb
