#pragma once
// Regression losses with PyTorch's reduction='mean' (averaged over every output element).
#include <string>
#include <string_view>

#include "engine/core/enum_names.hpp"
#include "engine/core/tensor.hpp"

namespace rnnwb {

enum class LossKind { MSE, MAE, Huber };

struct ConfigError;
template <>
struct EnumNames<LossKind> {
  using Error = ConfigError;
  static constexpr const char* what = "loss";
  static constexpr EnumName<LossKind> names[] = {
      {LossKind::MSE, "mse"}, {LossKind::MAE, "mae"}, {LossKind::Huber, "huber"}};
};

struct LossConfig {
  LossKind kind = LossKind::MSE;
  double delta = 1.0;  // Huber only: quadratic inside |error| <= delta, linear outside
};

LossKind parse_loss(std::string_view name);  // "mse", "mae", "huber"; throws ConfigError

// Mean loss of pred against target (same shape); fills grad = dLoss/dpred when it is not null.
template <class T>
T loss_and_gradient(const LossConfig& loss, const Matrix<T>& pred, const Matrix<T>& target, Matrix<T>* grad);

}  // namespace rnnwb
