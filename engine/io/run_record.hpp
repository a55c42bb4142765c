#pragma once
// RunRecord: one training run as an experiment keeps it: the full settings it was trained with (a
// Session's settings: data path and SHA-256, every data, normalise, model and training setting,
// seed and thread count), the loss per epoch and per batch (decimated), the metrics per split
// beside the baselines, when it started, how long it took, how it ended, and its weights.
// Sessions keep their runs (session_file.hpp); `rnnwb` keeps them in a runs folder
// (engine/experiments/runs_folder.hpp). The JSON form here is shared by both.
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/enum_names.hpp"
#include "engine/io/session_file.hpp"
#include "engine/io/trained_model.hpp"
#include "engine/train/trainer.hpp"

namespace rnnwb {

inline constexpr int kRunFormatVersion = 1;

// How a run ended: fit()'s statuses, plus pruned (stopped by a sweep's median pruning) and failed
// (it could not train: the error is the record's message).
enum class RunEnd { Completed, EarlyStopped, Stopped, Diverged, Pruned, Failed };
struct ConfigError;
template <>
struct EnumNames<RunEnd> {
  using Error = ConfigError;
  static constexpr const char* what = "run end";
  static constexpr EnumName<RunEnd> names[] = {
      {RunEnd::Completed, "completed"}, {RunEnd::EarlyStopped, "early_stopped"},
      {RunEnd::Stopped, "stopped"},     {RunEnd::Diverged, "diverged"},
      {RunEnd::Pruned, "pruned"},       {RunEnd::Failed, "failed"}};
};
RunEnd run_end_of(FitStatus status);  // Cancelled -> Stopped

// One point of the per-batch loss curve.
struct BatchPoint {
  int epoch;    // 1-based
  Index batch;  // 1-based within the epoch
  double loss;
};

struct RunRecord {
  std::string id;          // unique within its session or folder; letters, digits, '-' and '_' only
  std::string name, note;  // the user's label and annotation (may be empty)
  std::string sweep;       // the sweep that ran it (its key), empty for a run on its own
  Session settings;        // data + pipeline + layers + init + fit; no view, trained model or runs
  std::vector<EpochStats> history;
  std::vector<BatchPoint> batches;                    // decimated to at most kMaxBatchPoints (BatchDecimator)
  int best_epoch = 0;                                 // 0: no epoch finished
  nlohmann::json metrics = nlohmann::json::object();  // evaluation.hpp's to_json: per split, baselines
  std::string started_at;                             // ISO 8601, UTC ("2026-12-02T01:50:00Z")
  double seconds = 0;                                 // wall time of the whole run
  RunEnd end = RunEnd::Completed;
  std::string message;  // fit()'s outcome in words, or the error of a failed run
  // The weights with everything needed to use them (null: not kept, or not loaded yet).
  std::shared_ptr<const TrainedModel> model;

  // The best epoch's validation loss (its training loss without validation data); NaN when no
  // epoch finished. Runs are ranked by it.
  double best_loss() const;
  bool has_validation() const { return !history.empty() && !std::isnan(history.front().val_loss); }
  std::string label() const { return name.empty() ? id : name; }
};

// What identifies a run's settings: the SHA-256 of their JSON (session_settings_json), threads
// included (a replay needs the same count). A sweep resumes by skipping keys it has.
std::string settings_key(const Session& settings);

// Letters, digits, '-' and '_', 1 to 64 characters: safe as a file name on every system.
bool valid_run_id(const std::string& id);
// "YYYYMMDD-HHMMSS-" + the first 8 hex digits of `key` (+ "-N" to make it unique in `taken`).
std::string new_run_id(const std::string& key, const std::vector<std::string>& taken);
std::string utc_now_iso();

// The record as JSON without weights (the model file or the session's tensors hold those), and its
// reader: every field checked, FileError naming `where` and the field when one is wrong.
nlohmann::json run_record_json(const RunRecord& r);
RunRecord parse_run_record(const nlohmann::json& j, const std::string& where);

// Keeps a per-batch loss curve short: every batch until 2 * kMaxBatchPoints, then every second
// point is dropped and the stride doubles, so a long run keeps at most that many evenly spaced points.
inline constexpr std::size_t kMaxBatchPoints = 2000;
class BatchDecimator {
 public:
  void add(const BatchStats& b);
  const std::vector<BatchPoint>& points() const { return points_; }
  std::vector<BatchPoint> take() { return std::move(points_); }

 private:
  std::vector<BatchPoint> points_;
  std::size_t stride_ = 1, seen_ = 0;
};

}  // namespace rnnwb
