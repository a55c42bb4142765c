#include "engine/train/loss.hpp"

#include <cmath>

#include "engine/core/error.hpp"

namespace rnnwb {

template <class T>
T loss_and_gradient(const LossConfig& loss, const Matrix<T>& pred, const Matrix<T>& target, Matrix<T>* grad) {
  if (pred.rows() != target.rows() || pred.cols() != target.cols())
    throw ShapeError("targets have " + std::to_string(target.size()) + " values per batch but the model outputs " +
                     std::to_string(pred.size()));
  const T n = T(pred.size());
  const auto diff = (pred - target).array();
  const T delta = T(loss.delta);
  T value = 0;
  switch (loss.kind) {
    case LossKind::MSE:
      value = diff.square().sum() / n;
      if (grad) *grad = (T(2) / n * diff).matrix();
      break;
    case LossKind::MAE:
      value = diff.abs().sum() / n;
      if (grad) *grad = (diff.sign() / n).matrix();  // sign(0) = 0, as torch
      break;
    case LossKind::Huber: {
      if (!(loss.delta > 0)) throw ConfigError("the Huber loss needs delta > 0");
      const auto a = diff.abs();
      value = (a <= delta).select(T(0.5) * diff.square(), delta * (a - T(0.5) * delta)).sum() / n;
      if (grad) *grad = ((a <= delta).select(diff, delta * diff.sign()) / n).matrix();
      break;
    }
  }
  return value;
}

template float loss_and_gradient<float>(const LossConfig&, const Matrix<float>&, const Matrix<float>&, Matrix<float>*);
template double loss_and_gradient<double>(const LossConfig&, const Matrix<double>&, const Matrix<double>&,
                                          Matrix<double>*);

LossKind parse_loss(std::string_view name) { return parse_enum<LossKind>(name); }

}  // namespace rnnwb
