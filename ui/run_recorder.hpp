#pragma once
// RunRecorder: turns one training started from the Train page into a RunRecord. It takes the
// settings when the training starts (what was trained, even if the pages change meanwhile), keeps
// the per-batch curve from the batch losses the page already receives (decimated), and times the
// run; the outcome makes the record (the engine's run_record_of). A training it did not begin (a
// sweep's, which records its own runs) is not recorded.
#include <QVector>
#include <chrono>
#include <string>

#include "engine/io/run_record.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb::ui {

class RunRecorder {
 public:
  void begin(Session settings);
  bool active() const { return active_; }
  // `losses` are the batches of `epoch` that end at `batch` (1-based), as TrainingController sends them.
  void addBatchLosses(int epoch, qint64 batch, qint64 batches, const QVector<double>& losses);
  // The record of the training that ended with `outcome` (id empty); the recorder is idle after.
  RunRecord finish(const TrainOutcome& outcome);
  void cancel() { active_ = false; }  // the training failed before it could train

 private:
  bool active_ = false;
  Session settings_;
  std::string started_at_;
  std::chrono::steady_clock::time_point start_;
  BatchDecimator batches_;
};

}  // namespace rnnwb::ui
