#pragma once
// SIGINT (Ctrl-C) and SIGTERM end rnnwb cleanly: training stops at the next batch, no output is
// written after the signal, temporary files are removed, and the exit code is 128 + the signal
// (130, 143). A second signal ends the process at once (still removing temporary files).
// The signals are taken by a watcher thread (sigwait), not an async handler, so it may stop the
// training through TrainingControl's ordinary locks.
#include <stdexcept>
#include <string>

#include "engine/train/training_control.hpp"

namespace rnnwb::cli {

// Call first in main, before any other thread starts: every thread inherits the blocked signals.
void install_interrupt_handling();

// 0, or the signal that asked rnnwb to stop.
int interrupt_signal();

// While set, a signal stops this training run (request_stop). Pass nullptr when it ends.
void set_interruptible_training(TrainingControl* control);

struct Interrupted : std::runtime_error {
  int signal;
  Interrupted(int sig, const std::string& what) : std::runtime_error(what), signal(sig) {}
};

// Throws Interrupted (saying `what_was_kept`) if a signal came: before each output is written.
void throw_if_interrupted(const std::string& what_was_kept = "nothing was written");

}  // namespace rnnwb::cli
