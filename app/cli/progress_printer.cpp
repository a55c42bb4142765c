#include "progress_printer.hpp"

#include <cmath>
#include <cstdio>

namespace rnnwb::cli {

ProgressPrinter::ProgressPrinter(int epochs, bool terminal)
    : epochs_(epochs), terminal_(terminal), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void ProgressPrinter::on_batch_end(const BatchStats& s) {
  if (!terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && s.batch != s.batches) return;  // throttle redraws
  last_draw_ = now;
  const int width = 30, filled = int(double(width) * double(s.batch) / double(s.batches));
  std::fprintf(stderr, "\repoch %d/%d [%.*s%*s] %ld/%ld loss %.5f", s.epoch, epochs_, filled,
               "##############################", width - filled, "", long(s.batch), long(s.batches), s.loss);
  std::fflush(stderr);
}

void ProgressPrinter::on_epoch_end(const EpochStats& s) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double eta = elapsed / s.epoch * (epochs_ - s.epoch);
  if (terminal_) std::fprintf(stderr, "\r\033[K");
  if (std::isnan(s.val_loss))
    std::fprintf(stderr, "epoch %d/%d  loss %.6f  lr %.3g  %.2fs  eta %.0fs\n", s.epoch, epochs_, s.train_loss, s.lr,
                 s.seconds, eta);
  else
    std::fprintf(stderr, "epoch %d/%d  loss %.6f  val_loss %.6f  lr %.3g  %.2fs  eta %.0fs\n", s.epoch, epochs_,
                 s.train_loss, s.val_loss, s.lr, s.seconds, eta);
}

}  // namespace rnnwb::cli
