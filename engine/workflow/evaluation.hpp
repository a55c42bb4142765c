#pragma once
// Evaluation of a trained model on a series: metrics per split in original units, beside the
// persistence and seasonal-naive baselines on the same rows.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/core/threads.hpp"
#include "engine/data/metrics.hpp"
#include "engine/io/trained_model.hpp"

namespace rnnwb {

struct Evaluation {
  std::map<Split, Metrics> model;                             // split -> metrics
  std::map<std::string, std::map<Split, Metrics>> baselines;  // "persistence" -> split -> metrics
  // Many series: the above pooled over all windows, and here each series' own (in data order).
  std::vector<std::string> series_ids;
  std::vector<Evaluation> series;
  std::vector<std::string> series_skipped;
  // Sequence datasets: each target's own metrics (in the order of target_names).
  std::vector<std::string> target_names;
  std::vector<Evaluation> targets;
};

// `threads`: for the model's predictions (prediction.hpp).
Evaluation evaluate_model(const TrainedModel& m, const Series& series, int threads = all_threads());

nlohmann::json to_json(const Metrics& m);
// {"train": {...}, "validation": {...}, "test": {...}, "baselines": {"persistence": {"test": {...}}, ...}}
// and, for many series, "series": {"<id>": {the same}} and "series_skipped": [...]; for sequence
// datasets, "targets": {"<name>": {the same}} (baselines {"mean": ...}).
nlohmann::json to_json(const Evaluation& e);

}  // namespace rnnwb
