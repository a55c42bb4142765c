#pragma once
// Learning-rate schedules, stepped once per epoch like PyTorch's lr_scheduler classes.
#include <string>
#include <string_view>

#include "engine/core/enum_names.hpp"

namespace rnnwb {

enum class ScheduleKind { Constant, Step, Cosine, ReduceOnPlateau };

struct ConfigError;
template <>
struct EnumNames<ScheduleKind> {
  using Error = ConfigError;
  static constexpr const char* what = "schedule";
  static constexpr EnumName<ScheduleKind> names[] = {{ScheduleKind::Constant, "constant"},
                                                     {ScheduleKind::Step, "step"},
                                                     {ScheduleKind::Cosine, "cosine"},
                                                     {ScheduleKind::ReduceOnPlateau, "plateau"},
                                                     {ScheduleKind::ReduceOnPlateau, "reduce-on-plateau"}};
};

struct ScheduleConfig {
  ScheduleKind kind = ScheduleKind::Constant;
  int step_size = 10;       // Step: multiply by gamma every step_size epochs
  double gamma = 0.5;       // Step
  int t_max = 0;            // Cosine: period in epochs (0 = the number of epochs)
  double eta_min = 0.0;     // Cosine: the final rate
  double factor = 0.5;      // ReduceOnPlateau: multiply by factor...
  int patience = 5;         // ...after this many epochs without improvement
  double threshold = 1e-4;  // ReduceOnPlateau: relative improvement that counts
  double min_lr = 0.0;      // ReduceOnPlateau: floor
};

ScheduleKind parse_schedule(std::string_view name);  // "constant", "step", "cosine", "plateau"

class LrSchedule {
 public:
  LrSchedule(const ScheduleConfig& config, double base_lr, int total_epochs);
  // The rate for the epoch about to run.
  double lr() const { return lr_; }
  // Call after each epoch with the monitored loss (validation loss, or training loss without one).
  void epoch_end(double monitored_loss);

 private:
  ScheduleConfig c_;
  double base_lr_, lr_;
  int epochs_done_ = 0, t_max_;
  double best_;
  int bad_epochs_ = 0;
};

}  // namespace rnnwb
