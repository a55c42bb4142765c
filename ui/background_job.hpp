#pragma once
// BackgroundJobs: the workbench's one way to run work off the GUI thread. start() runs the work on
// a pool of low-priority threads (QtConcurrent::run) and hands its result to `deliver` on the GUI
// thread (QFutureWatcher), but only while the owner (this object's parent) still exists and only
// for the latest job started here: an older job's result is dropped, so a slow job never replaces
// the result of a newer one. The work must not touch the owner: give it copies or shared pointers
// to immutable data. Destroying it (with its owner) waits for the jobs still running, so that a
// file being written is complete when the window is gone.
#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <type_traits>
#include <utility>

namespace rnnwb::ui {

class BackgroundJobs : public QObject {
 public:
  explicit BackgroundJobs(QObject* owner) : QObject(owner) {
    // Below the GUI thread, so that a long prediction never makes the window stutter.
    pool_.setThreadPriority(QThread::LowPriority);
  }
  ~BackgroundJobs() override { pool_.waitForDone(); }

  // `work()` runs on a pool thread; `deliver(result)` on this object's thread, later, when the
  // job is still the latest one and the owner still exists.
  template <class Work, class Deliver>
  void start(Work work, Deliver deliver) {
    using Result = std::invoke_result_t<Work&>;
    const quint64 id = ++latest_;
    ++running_;
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id, deliver = std::move(deliver)]() mutable {
      watcher->deleteLater();
      --running_;
      if (id != latest_) return;  // superseded (or dropped) while it ran
      deliver(watcher->future().takeResult());
    });
    watcher->setFuture(QtConcurrent::run(&pool_, std::move(work)));
  }

  // True from start() until the job's result was delivered or dropped (latest job or not).
  bool isRunning() const { return running_ > 0; }
  // The results of the jobs running now will not be delivered (what they computed is obsolete).
  void dropResults() { ++latest_; }
  void waitForDone() { pool_.waitForDone(); }

 private:
  QThreadPool pool_;
  quint64 latest_ = 0;
  int running_ = 0;
};

}  // namespace rnnwb::ui
