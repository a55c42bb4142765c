#include "engine/train/lr_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"

namespace rnnwb {

LrSchedule::LrSchedule(const ScheduleConfig& config, double base_lr, int total_epochs)
    : c_(config),
      base_lr_(base_lr),
      lr_(base_lr),
      t_max_(config.t_max > 0 ? config.t_max : std::max(1, total_epochs)),
      best_(std::numeric_limits<double>::infinity()) {
  if (c_.kind == ScheduleKind::Step && c_.step_size < 1) throw ConfigError("step decay needs a step size >= 1 epoch");
  if (c_.kind == ScheduleKind::ReduceOnPlateau && !(c_.factor > 0 && c_.factor < 1))
    throw ConfigError("reduce-on-plateau needs a factor in (0, 1)");
}

void LrSchedule::epoch_end(double monitored_loss) {
  ++epochs_done_;
  constexpr double pi = 3.14159265358979323846;
  switch (c_.kind) {
    case ScheduleKind::Constant:
      break;
    case ScheduleKind::Step:
      lr_ = base_lr_ * std::pow(c_.gamma, double(epochs_done_ / c_.step_size));
      break;
    case ScheduleKind::Cosine:
      lr_ = c_.eta_min + (base_lr_ - c_.eta_min) * (1 + std::cos(pi * double(epochs_done_) / t_max_)) / 2;
      break;
    case ScheduleKind::ReduceOnPlateau:
      if (monitored_loss < best_ * (1 - c_.threshold)) {
        best_ = monitored_loss;
        bad_epochs_ = 0;
      } else if (++bad_epochs_ > c_.patience) {
        lr_ = std::max(lr_ * c_.factor, c_.min_lr);
        bad_epochs_ = 0;
      }
      break;
  }
}

ScheduleKind parse_schedule(std::string_view name) { return parse_enum<ScheduleKind>(name); }

}  // namespace rnnwb
