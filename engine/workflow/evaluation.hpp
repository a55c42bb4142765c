#pragma once
// Evaluation of a trained model on a series: metrics per split in original units, beside the
// persistence and seasonal-naive baselines on the same rows.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/core/threads.hpp"
#include "engine/data/class_metrics.hpp"
#include "engine/data/intervals.hpp"
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
  // A sequence classifier: class metrics per split instead of `model` (which stays empty), beside
  // the majority-class baseline (class_baselines["majority"]).
  std::map<Split, ClassMetrics> classes;
  std::map<std::string, std::map<Split, ClassMetrics>> class_baselines;
  std::vector<std::string> class_names;
  // The model's prediction intervals on the test rows (pooled over series): one per stored level,
  // empty for a model without intervals. interval_method names where the widths came from.
  std::vector<IntervalCoverage> intervals;
  std::string interval_method;
  bool is_classification() const { return !classes.empty(); }
};

// `threads`: for the model's predictions (prediction.hpp).
Evaluation evaluate_model(const TrainedModel& m, const Series& series, int threads = all_threads());

nlohmann::json to_json(const Metrics& m);
// {"train": {...}, "validation": {...}, "test": {...}, "baselines": {"persistence": {"test": {...}}, ...}}
// and, for many series, "series": {"<id>": {the same}} and "series_skipped": [...]; for sequence
// datasets, "targets": {"<name>": {the same}} (baselines {"mean": ...}); for a sequence classifier,
// each split the class metrics (class_metrics.hpp) and "baselines": {"majority": {"test": {...}}}.
// With intervals: "intervals": {"method": "conformal", "split": "test", "levels": {"80": {"nominal":
// 0.8, "empirical": 0.79, "mean_width": 23.4, "count": 43, "empirical_by_step": [...]}, ...}}
// (mean_width null for an unbounded band).
nlohmann::json to_json(const Evaluation& e);
// The "intervals" object of to_json for coverage figures found by `method`.
nlohmann::json intervals_json(const std::vector<IntervalCoverage>& coverage, const std::string& method);

}  // namespace rnnwb
