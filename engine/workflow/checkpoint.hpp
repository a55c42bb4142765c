#pragma once
// Crash-recovery checkpoints. A Checkpointer watches fit() (it is a TrainingObserver) and, at most
// every N seconds and only after an epoch brought something new, writes a recovery file: an
// ordinary model file (save_model's format, so load_model, `rnnwb predict` and `rnnwb inspect` read
// it) holding the BEST weights so far and the loss history so far, with fit_status "in_progress"
// and one more metadata entry that marks it as a recovery file:
//   "recovery": {"status": "in_progress", "written_at": "2026-01-02T03:04:05Z", "epochs_done": 7,
//                "best_epoch": 5, "best_loss": 0.123, "monitored": "validation", "context": {...}}
// Files without that entry are finished models. The write happens on the training thread through
// write_file_atomically (temporary file, fsync, rename), so a kill -9 at any moment leaves either
// the previous checkpoint or the new one. When training ends under the program's control the
// caller removes the file (remove()): only a crash or a kill leaves it behind.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/workflow/training.hpp"

namespace rnnwb {

struct RecoveryInfo {
  std::string status = "in_progress";
  std::string written_at;  // ISO 8601, UTC
  int epochs_done = 0;
  int best_epoch = 0;
  double best_loss = 0;                               // NaN when unknown
  std::string monitored;                              // "validation" or "training": which loss best_loss is
  nlohmann::json context = nlohmann::json::object();  // what the writer added (CheckpointOptions)
};

// CheckpointOptions and kDefaultCheckpointSeconds are in training.hpp (train_model takes them).

class Checkpointer : public TrainingObserver {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // `model` describes what is being trained: its layers, fitted pipeline, training settings and
  // data; its weights, history and best epoch are replaced at each write. Events are passed on to
  // `next` (a progress printer, the workbench's observer), which may be null. `clock` is for tests.
  Checkpointer(CheckpointOptions options, TrainedModel model, TrainingObserver* next = nullptr, Clock clock = {});

  void on_batch_end(const BatchStats& s) override;
  void on_epoch_end(const EpochStats& s) override;
  void on_best_weights(const BestWeights& w) override;

  // A failed write never stops training: the previous checkpoint stays, the error is kept here and
  // passed to the handler (called on the training thread).
  void set_error_handler(std::function<void(const std::string&)> handler) { on_error_ = std::move(handler); }
  const std::string& last_error() const { return last_error_; }
  int writes() const { return writes_; }
  int failures() const { return failures_; }
  const std::string& path() const { return options_.path; }

  // Deletes the recovery file (training ended under the program's control), if this Checkpointer
  // wrote it and it is still the file written. Returns an error text, empty on success or when
  // there was nothing to remove.
  std::string remove() const;

 private:
  void write(const BestWeights& w);

  CheckpointOptions options_;
  TrainedModel model_;
  TrainingObserver* next_;
  Clock clock_;
  std::vector<EpochStats> history_;
  bool monitors_validation_ = false;
  std::optional<std::chrono::steady_clock::time_point> last_attempt_;
  int writes_ = 0, failures_ = 0;
  std::optional<std::pair<unsigned long, unsigned long>> written_;  // device and inode of our last write
  std::string last_error_;
  std::function<void(const std::string&)> on_error_;
};

// What a Checkpointer needs from prepare_training (copies of the network and the pipeline).
TrainedModel checkpoint_model(const Series& series, const TrainRequest& request, const PreparedTraining& prepared);

// Throws FileError, in plain words, when `path` cannot take a checkpoint: its folder is missing or
// not writable, or it is a folder; ConfigError when it is an existing file that is not an rnnwb
// recovery file (it would be replaced, then removed). Callers check before training starts.
void check_checkpoint_path(const std::string& path);

// A model file and, when it is a recovery file, its recovery entry. Throws FileError like load_model.
struct LoadedCheckpoint {
  TrainedModel model;
  std::optional<RecoveryInfo> recovery;
};
LoadedCheckpoint load_checkpoint(const std::string& path);

}  // namespace rnnwb
