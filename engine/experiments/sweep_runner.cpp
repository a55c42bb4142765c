#include "engine/experiments/sweep_runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/experiments/run_execution.hpp"

namespace rnnwb {

std::string sweep_key(const Session& base, const std::vector<std::string>& axes, std::size_t random_count,
                      std::uint64_t search_seed) {
  std::string text = session_settings_json(base).dump();
  for (const std::string& a : axes) text += "\n--grid " + a;
  if (random_count > 0) text += "\n--random " + std::to_string(random_count) + " " + std::to_string(search_seed);
  return sha256_hex(text).substr(0, 16);
}

namespace {

// Passes the sweep's stop on to one run's own control (a pruned run stops alone).
class SweepStopWatch : public TrainingObserver {
 public:
  SweepStopWatch(const TrainingControl* sweep, TrainingControl& run) : sweep_(sweep), run_(run) {}
  void on_batch_end(const BatchStats&) override {
    if (sweep_ && sweep_->stop_requested()) run_.request_stop();
  }

 private:
  const TrainingControl* sweep_;
  TrainingControl& run_;
};

// One configuration, as a record: trained, or failed with the reason.
RunRecord run_job(const SweepJob& job, const SweepOptions& options) {
  TrainingControl control;
  SweepStopWatch watch(options.stop, control);
  RunHooks hooks;
  hooks.observer = &watch;
  hooks.control = &control;
  hooks.pruner = options.pruner;
  return execute_run_or_failure(job.settings, hooks);
}

}  // namespace

std::size_t run_sweep(const RunsFolder& folder, const std::vector<SweepJob>& jobs, const SweepOptions& options) {
  std::atomic<std::size_t> next{0}, recorded{0};
  std::atomic<bool> failed{false};
  std::mutex report;
  std::exception_ptr error;  // the first error no record can hold (the folder cannot be written)
  auto stopped = [&] { return (options.stop && options.stop->stop_requested()) || failed.load(); };
  auto one = [&](std::size_t i) {
    RunRecord r = run_job(jobs[i], options);
    if (options.stop && options.stop->stop_requested()) return;  // cut short: not a finished run
    r.sweep = options.key;
    std::lock_guard lock(report);
    folder.append(r);
    if (options.pruner && r.end != RunEnd::Failed) options.pruner->add_history(r.history);
    ++recorded;
    if (options.finished) options.finished(r, jobs[i]);
  };
  auto work = [&] {
    for (std::size_t i; !stopped() && (i = next++) < jobs.size();) try {
        one(i);
      } catch (...) {
        std::lock_guard lock(report);
        if (!failed.exchange(true)) error = std::current_exception();
      }
  };
  std::vector<std::thread> threads;
  const int n = std::max(1, std::min<int>(options.jobs, int(jobs.size())));
  for (int t = 1; t < n; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  if (error) std::rethrow_exception(error);
  return recorded;
}

}  // namespace rnnwb
