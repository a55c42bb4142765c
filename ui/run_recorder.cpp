#include "ui/run_recorder.hpp"

#include "engine/experiments/run_execution.hpp"

namespace rnnwb::ui {

void RunRecorder::begin(Session settings) {
  settings_ = std::move(settings);
  started_at_ = utc_now_iso();
  start_ = std::chrono::steady_clock::now();
  batches_ = BatchDecimator{};
  active_ = true;
}

void RunRecorder::addBatchLosses(int epoch, qint64 batch, qint64 batches, const QVector<double>& losses) {
  if (!active_) return;
  const qint64 first = batch - qint64(losses.size()) + 1;
  for (qsizetype i = 0; i < losses.size(); ++i)
    batches_.add(BatchStats{epoch, Index(first + i), Index(batches), losses[i]});
}

RunRecord RunRecorder::finish(const TrainOutcome& outcome) {
  active_ = false;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  RunRecord r = run_record_of(settings_, outcome, started_at_, seconds, batches_.take());
  if (r.settings.data_sha256.empty()) r.settings.data_sha256 = outcome.trained.data_sha256;
  return r;
}

}  // namespace rnnwb::ui
