#pragma once
// fit(): mini-batch training with shuffling from a seed, a learning-rate schedule, gradient
// clipping, early stopping with best-weight restore, divergence detection, an observer for live
// progress and a control for stop / pause from another thread.
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/core/dataset.hpp"
#include "engine/core/enum_names.hpp"
#include "engine/core/tensor.hpp"
#include "engine/nn/model.hpp"
#include "engine/train/loss.hpp"
#include "engine/train/lr_schedule.hpp"
#include "engine/train/optimizer.hpp"
#include "engine/train/training_control.hpp"

namespace rnnwb {

struct FitConfig {
  int epochs = 20;
  Index batch_size = 32;
  bool shuffle = true;
  std::uint64_t seed = 0;  // shuffling and dropout masks
  LossConfig loss;
  OptimizerConfig optimizer;
  ScheduleConfig schedule;
  double clip_norm = 0.0;    // 0 = no clipping
  int patience = 0;          // early stopping: epochs without improvement (0 = off)
  double min_delta = 0.0;    // improvement smaller than this does not count
  bool restore_best = true;  // end with the weights of the best epoch
  int threads = 1;
  // Prediction intervals calibrated after training (workflow/calibration.hpp): the coverage
  // levels, ascending; empty = none. fit() itself ignores them.
  std::vector<double> interval_levels = {0.8, 0.95};
};

struct BatchStats {
  int epoch;             // 1-based
  Index batch, batches;  // 1-based batch index within the epoch
  double loss;
};

struct EpochStats {
  int epoch;  // 1-based
  double train_loss;
  double val_loss;  // NaN without validation data
  double lr;
  double seconds;
};

// The weights fit() would end with if it stopped now (those of the best epoch so far), for
// observers that save checkpoints. Exactly one of f32 / f64 is set (the model's parameter type);
// it points into fit()'s own state and is valid only during the call.
struct BestWeights {
  int epoch;       // the epoch that just ended (1-based)
  int best_epoch;  // the epoch the weights come from
  double best_loss;
  const Vector<float>* f32 = nullptr;
  const Vector<double>* f64 = nullptr;
};

// Called on the training thread; keep the work small (a GUI forwards it through a queued signal).
class TrainingObserver {
 public:
  virtual ~TrainingObserver() = default;
  virtual void on_batch_end(const BatchStats&) {}
  virtual void on_epoch_end(const EpochStats&) {}
  // After on_epoch_end of every epoch that did not diverge.
  virtual void on_best_weights(const BestWeights&) {}
};

// How a training ended (fit() returns the first four). A model file also records InProgress (a
// crash-recovery checkpoint), Interrupted (a model the workbench restored from one) and Unknown
// (a file that does not say).
enum class FitStatus { Completed, EarlyStopped, Cancelled, Diverged, InProgress, Interrupted, Unknown };
struct ConfigError;
template <>
struct EnumNames<FitStatus> {
  using Error = ConfigError;
  static constexpr const char* what = "fit status";
  static constexpr EnumName<FitStatus> names[] = {{FitStatus::Completed, "completed"},
                                                  {FitStatus::EarlyStopped, "early_stopped"},
                                                  {FitStatus::Cancelled, "cancelled"},
                                                  {FitStatus::Diverged, "diverged"},
                                                  {FitStatus::InProgress, "in_progress"},
                                                  {FitStatus::Interrupted, "interrupted"},
                                                  {FitStatus::Unknown, ""}};
};

struct FitResult {
  FitStatus status = FitStatus::Completed;
  std::string message;  // human-readable outcome, with advice when it went wrong
  std::vector<EpochStats> history;
  int best_epoch = 0;  // 0 if no epoch finished
  double best_loss = 0;
  int epochs_run = 0;
};

template <class T>
FitResult fit(Model<T>& model, const Dataset<T>& train, std::type_identity_t<const Dataset<T>*> validation,
              const FitConfig& config, TrainingObserver* observer = nullptr, TrainingControl* control = nullptr);

// One optimisation step on one batch (forward in training mode, loss, backward, clipping, update);
// returns the batch loss. A non-finite loss is returned without touching the weights.
// `d_output` is scratch space kept by the caller so the step does not allocate.
// The pass runs in `ws` (its gradients are left there).
template <class T>
T train_step(Model<T>& model, ModelWorkspace<T>& ws, Optimizer<T>& optimizer, const LossConfig& loss,
             const SeqMatrix<T>& x, const SeqMatrix<T>& y, double clip_norm, double lr, SeqMatrix<T>& d_output);

// Mean loss of the model over a data set (inference mode, in batches).
template <class T>
double evaluate_loss(const Model<T>& model, const Dataset<T>& data, const LossConfig& loss, Index batch_size = 256);

}  // namespace rnnwb
