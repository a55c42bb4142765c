#include "interrupt.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>

#include "engine/core/atomic_write.hpp"

namespace rnnwb::cli {

namespace {

std::atomic<int> received{0};
std::mutex control_mutex;
TrainingControl* training = nullptr;

sigset_t interrupt_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

void say(const char* text) { (void)!::write(STDERR_FILENO, text, std::strlen(text)); }

void watch(sigset_t set) {
  while (true) {
    int sig = 0;
    if (::sigwait(&set, &sig) != 0) continue;
    int expected = 0;
    if (received.compare_exchange_strong(expected, sig)) {
      std::lock_guard lock(control_mutex);
      if (training) {
        say("\nrnnwb: stopping after this batch (a second Ctrl-C ends it at once)\n");
        training->request_stop();
      }
      continue;
    }
    remove_temporary_files_in_progress();
    say("\nrnnwb: ended at once by a second signal\n");
    ::_exit(128 + sig);
  }
}

}  // namespace

void install_interrupt_handling() {
  const sigset_t set = interrupt_signals();
  ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread(watch, set).detach();
}

int interrupt_signal() { return received.load(); }

void set_interruptible_training(TrainingControl* control) {
  std::lock_guard lock(control_mutex);
  training = control;
  if (control && received.load() != 0) control->request_stop();
}

void throw_if_interrupted(const std::string& what_was_kept) {
  if (const int sig = received.load())
    throw Interrupted(
        sig, std::string("interrupted by ") + (sig == SIGINT ? "SIGINT (Ctrl-C)" : "SIGTERM") + "; " + what_was_kept);
}

}  // namespace rnnwb::cli
