#pragma once
// `rnnwb train --runs DIR`: the run kept in a runs folder. Watches the training beside the
// progress printer (the per-batch curve, decimated), then appends the record and its model.
#include <chrono>
#include <optional>
#include <string>

#include "engine/experiments/runs_folder.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb::cli {

class RunRecorder : public TrainingObserver {
 public:
  // `runs_dir` empty: records nothing (observes for `inner` alone, which may be null). Opens (and
  // creates) the folder now, so a path that cannot be one fails before training.
  RunRecorder(const std::string& runs_dir, TrainingObserver* inner);
  void on_batch_end(const BatchStats& b) override;
  void on_epoch_end(const EpochStats& e) override;
  void on_best_weights(const BestWeights& w) override;

  bool recording() const { return folder_.has_value(); }
  // Appends the finished run with these settings, and says its id and model path on stdout.
  void record(const Session& settings, const TrainOutcome& out);

 private:
  std::optional<RunsFolder> folder_;
  TrainingObserver* inner_;
  BatchDecimator batches_;
  std::string started_at_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace rnnwb::cli
