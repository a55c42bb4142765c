#pragma once
// Losses with PyTorch's reduction='mean': the regression losses averaged over every output
// element; cross-entropy (nn.CrossEntropyLoss) over the softmax of the logits, averaged over the
// samples with their class weights: sum_i w[y_i] * nll_i / sum_i w[y_i].
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/enum_names.hpp"
#include "engine/core/tensor.hpp"

namespace rnnwb {

enum class LossKind { MSE, MAE, Huber, CrossEntropy };

struct ConfigError;
template <>
struct EnumNames<LossKind> {
  using Error = ConfigError;
  static constexpr const char* what = "loss";
  static constexpr EnumName<LossKind> names[] = {{LossKind::MSE, "mse"},
                                                 {LossKind::MAE, "mae"},
                                                 {LossKind::Huber, "huber"},
                                                 {LossKind::CrossEntropy, "cross_entropy"}};
};

struct LossConfig {
  LossKind kind = LossKind::MSE;
  double delta = 1.0;  // Huber only: quadratic inside |error| <= delta, linear outside
  // Cross-entropy only: one weight per class (PyTorch's `weight`), each finite and > 0; empty = all 1.
  std::vector<double> class_weights = {};
};

LossKind parse_loss(std::string_view name);  // "mse", "mae", "huber", "cross_entropy"; throws ConfigError

// Mean loss of pred against target; fills grad = dLoss/dpred when it is not null.
// Regression: target has pred's shape. Cross-entropy: pred holds C >= 2 logits per column (one
// column per sample and step) and target one row of class indices 0 .. C-1 stored as numbers
// (a label that is not one of them throws DataError).
template <class T>
T loss_and_gradient(const LossConfig& loss, const Matrix<T>& pred, const Matrix<T>& target, Matrix<T>* grad);

// What loss_and_gradient's mean divides by for these targets: their element count, or for
// cross-entropy the sum of their class weights. Parts of a batch combine exactly as
// sum_k denominator_k * loss_k / sum_k denominator_k.
template <class T>
double loss_denominator(const LossConfig& loss, const Matrix<T>& target);

// The target values per output step of a model with `outputs` outputs: one class index for
// cross-entropy, one value per output otherwise.
Index target_features(const LossConfig& loss, Index outputs);

// Throws DataError unless every label is a whole number 0 .. classes-1, naming the first one that
// is not by its position (sample and step of a (samples, steps) array of labels).
template <class T>
void check_class_labels(const T* labels, Index samples, Index steps, Index classes);

}  // namespace rnnwb
