#pragma once
// Optimizers with PyTorch's update rules (torch.optim), acting on the model's flat parameter and
// gradient vectors. Gradient clipping by global norm as torch.nn.utils.clip_grad_norm_.
#include <string>
#include <string_view>

#include "engine/core/enum_names.hpp"
#include "engine/core/tensor.hpp"

namespace rnnwb {

enum class OptimizerKind { SGD, Adam, AdamW, RMSprop };

struct ConfigError;
template <>
struct EnumNames<OptimizerKind> {
  using Error = ConfigError;
  static constexpr const char* what = "optimizer";
  static constexpr EnumName<OptimizerKind> names[] = {{OptimizerKind::SGD, "sgd"},
                                                      {OptimizerKind::Adam, "adam"},
                                                      {OptimizerKind::AdamW, "adamw"},
                                                      {OptimizerKind::RMSprop, "rmsprop"}};
};

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::Adam;
  double lr = 1e-3;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;  // Adam, AdamW (eps: also RMSprop)
  double weight_decay = 0.0;                      // L2 for SGD/Adam/RMSprop; decoupled for AdamW
  double momentum = 0.0;                          // SGD, RMSprop
  bool nesterov = false;                          // SGD
  double alpha = 0.99;                            // RMSprop smoothing
  // Sensible defaults per kind (AdamW: weight_decay 0.01 as in PyTorch).
  static OptimizerConfig defaults(OptimizerKind kind, double lr);
};

OptimizerKind parse_optimizer(std::string_view name);  // "sgd", "adam", "adamw", "rmsprop"

template <class T>
class Optimizer {
 public:
  explicit Optimizer(const OptimizerConfig& config);
  const OptimizerConfig& config() const { return config_; }
  // One update of params from grads at learning rate lr (the schedule's current rate).
  void step(Vector<T>& params, const Vector<T>& grads, double lr);
  long steps_taken() const { return step_; }

 private:
  OptimizerConfig config_;
  Vector<T> m_, v_, g_;  // first / second moment or momentum buffer; scratch gradient
  long step_ = 0;
};

// Scales grads so their global L2 norm is at most max_norm; returns the norm before clipping.
template <class T>
double clip_by_global_norm(Vector<T>& grads, double max_norm);

}  // namespace rnnwb
