#include "run_recorder.hpp"

#include <iostream>

#include "engine/core/text.hpp"
#include "engine/experiments/run_execution.hpp"
#include "interrupt.hpp"

namespace rnnwb::cli {

RunRecorder::RunRecorder(const std::string& runs_dir, TrainingObserver* inner)
    : inner_(inner), started_at_(utc_now_iso()), start_(std::chrono::steady_clock::now()) {
  if (!runs_dir.empty()) folder_ = RunsFolder::open(runs_dir, true);
}

void RunRecorder::on_batch_end(const BatchStats& b) {
  if (folder_) batches_.add(b);
  if (inner_) inner_->on_batch_end(b);
}

void RunRecorder::on_epoch_end(const EpochStats& e) {
  if (inner_) inner_->on_epoch_end(e);
}

void RunRecorder::on_best_weights(const BestWeights& w) {
  if (inner_) inner_->on_best_weights(w);
}

void RunRecorder::record(const Session& settings, const TrainOutcome& out) {
  if (!folder_) return;
  throw_if_interrupted("the run was not recorded");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  RunRecord r = run_record_of(settings, out, started_at_, seconds, batches_.take());
  const std::string id = folder_->append(r);
  std::cout << "run " << id << " recorded in " << printable(folder_->dir());
  if (r.model) std::cout << " (model: " << printable(folder_->model_path(id)) << ")";
  std::cout << "\n";
}

}  // namespace rnnwb::cli
