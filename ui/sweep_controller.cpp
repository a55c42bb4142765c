#include "ui/sweep_controller.hpp"

#include <chrono>

#include "engine/core/error.hpp"
#include "engine/experiments/run_execution.hpp"
#include "ui/pages/gui_wording.hpp"
#include "ui/training_controller.hpp"  // EpochStats' metatype

namespace rnnwb::ui {

namespace {

// Gathers a run's progress on the worker thread and sends it at most every 50 ms (and at the end).
class SweepSignalObserver : public TrainingObserver {
 public:
  explicit SweepSignalObserver(SweepWorker* worker) : worker_(worker) {}
  void on_batch_end(const BatchStats& s) override {
    auto& segments = pending_.batches;
    if (segments.isEmpty() || segments.back().epoch != s.epoch) segments.push_back({s.epoch, 0, 0, {}});
    segments.back().last_batch = qint64(s.batch);
    segments.back().batches = qint64(s.batches);
    segments.back().losses.push_back(s.loss);
    flushIfDue();
  }
  void on_epoch_end(const EpochStats& s) override {
    pending_.epochs.push_back(s);
    flushIfDue();
  }
  void flush() {
    if (pending_.batches.isEmpty() && pending_.epochs.isEmpty()) return;
    emit worker_->progress(pending_);
    pending_ = {};
    last_ = std::chrono::steady_clock::now();
  }

 private:
  void flushIfDue() {
    if (std::chrono::steady_clock::now() - last_ >= std::chrono::milliseconds(50)) flush();
  }
  SweepWorker* worker_;
  SweepProgress pending_;
  std::chrono::steady_clock::time_point last_{};
};

// One point: its settings, the run, its record (never throws: a point that cannot train is a
// failed record, its reason in GUI words).
RunRecord run_point(const SweepJob& job, const SweepPoint& point, const RunHooks& hooks) {
  Session settings = job.base;
  try {
    settings = settings_at(job.base, point);
  } catch (const std::exception& e) {
    return failed_run_record(job.base, utc_now_iso(), 0, gui_words(e).toStdString());
  }
  return execute_run_or_failure(settings, hooks, [](const std::exception& e) { return gui_words(e).toStdString(); });
}

}  // namespace

void SweepWorker::run(const std::shared_ptr<SweepJob>& job) {
  MedianPruner pruner;
  const int total = int(job->points.size());
  int done = 0;
  for (const SweepPoint& point : job->points) {
    auto control = std::make_shared<TrainingControl>();  // per run: pruning stops only its own run
    {
      std::lock_guard lock(job->mutex);
      if (job->stop_now || job->stop_after_run) break;
      job->control = control;
    }
    Session shown = job->base;
    try {
      shown = settings_at(job->base, point);
    } catch (const std::exception&) {
      // run_point records why
    }
    emit runStarted(done + 1, total, QString::fromStdString(point_text(point)), shown.fit.epochs,
                    QString::fromStdString(to_string(shown.fit.loss.kind)));
    SweepSignalObserver observer(this);
    RunRecord record = run_point(*job, point, {&observer, control.get(), job->prune ? &pruner : nullptr});
    observer.flush();
    record.sweep = job->key;
    record.name = point_text(point);
    if (job->prune && record.end != RunEnd::Failed && record.end != RunEnd::Stopped) pruner.add_history(record.history);
    ++done;
    emit runFinished(std::make_shared<const RunRecord>(std::move(record)));
  }
  {
    std::lock_guard lock(job->mutex);
    job->control.reset();
  }
  emit finished(done, total, job->stop_now || done < total);
}

SweepController::SweepController(QObject* parent) : QObject(parent), worker_(new SweepWorker) {
  qRegisterMetaType<rnnwb::EpochStats>();
  qRegisterMetaType<std::shared_ptr<const rnnwb::RunRecord>>();
  qRegisterMetaType<rnnwb::ui::SweepProgress>();
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &SweepWorker::runStarted, this, &SweepController::runStarted);
  connect(worker_, &SweepWorker::progress, this, &SweepController::progress);
  connect(worker_, &SweepWorker::runFinished, this, &SweepController::runFinished);
  connect(worker_, &SweepWorker::finished, this, [this](int runs, int total, bool stopped) {
    running_ = false;
    emit stateChanged();
    emit finished(runs, total, stopped);
  });
  thread_.setObjectName("rnnwb-sweep");
  thread_.start();
}

SweepController::~SweepController() {
  if (job_) {
    job_->stop_now = true;
    std::lock_guard lock(job_->mutex);
    if (job_->control) job_->control->request_stop();
  }
  thread_.quit();
  thread_.wait();
}

bool SweepController::start(Session base, std::vector<SweepPoint> points, bool prune) {
  if (running_ || points.empty()) return false;
  auto job = std::make_shared<SweepJob>();
  job->key = "sweep-" + new_run_id(settings_key(base), {});
  job->base = std::move(base);
  job->points = std::move(points);
  job->prune = prune;
  job_ = job;
  running_ = true;
  emit stateChanged();
  QMetaObject::invokeMethod(
      worker_, [worker = worker_, job] { worker->run(job); }, Qt::QueuedConnection);
  return true;
}

void SweepController::stopAfterThisRun() {
  if (!running_) return;
  job_->stop_after_run = true;
  emit stateChanged();
}

void SweepController::stopNow() {
  if (!running_) return;
  job_->stop_now = true;
  {
    std::lock_guard lock(job_->mutex);
    if (job_->control) job_->control->request_stop();
  }
  emit stateChanged();
}

void SweepController::stopForQuit() {
  if (!running_) return;
  stopNow();
  thread_.quit();  // takes effect once the worker's run() returns
  thread_.wait();
  running_ = false;
  emit stateChanged();
}

}  // namespace rnnwb::ui
