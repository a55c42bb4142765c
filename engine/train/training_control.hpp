#pragma once
// TrainingControl: how another thread (the GUI, a signal handler) stops or pauses a running fit().
// fit() checks it between batches, so a stop takes effect within one batch.
#include <atomic>
#include <condition_variable>
#include <mutex>

namespace rnnwb {

class TrainingControl {
 public:
  void request_stop() {
    stop_.store(true);
    std::lock_guard lock(mutex_);
    paused_ = false;
    wake_.notify_all();
  }
  bool stop_requested() const { return stop_.load(); }
  void pause() {
    std::lock_guard lock(mutex_);
    paused_ = true;
  }
  void resume() {
    std::lock_guard lock(mutex_);
    paused_ = false;
    wake_.notify_all();
  }
  bool paused() const {
    std::lock_guard lock(mutex_);
    return paused_;
  }
  // Blocks while paused; returns false if a stop was requested.
  bool wait_while_paused() {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [&] { return !paused_ || stop_.load(); });
    return !stop_.load();
  }

 private:
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool paused_ = false;
};

}  // namespace rnnwb
