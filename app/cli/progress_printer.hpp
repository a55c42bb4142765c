#pragma once
// Training progress on stderr: a redrawn progress bar on a terminal, one line per epoch otherwise.
#include <chrono>

#include "engine/train/trainer.hpp"

namespace rnnwb::cli {

class ProgressPrinter : public TrainingObserver {
 public:
  ProgressPrinter(int epochs, bool terminal);
  void on_batch_end(const BatchStats& s) override;
  void on_epoch_end(const EpochStats& s) override;

 private:
  int epochs_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace rnnwb::cli
