#include "engine/train/loss.hpp"

#include <cmath>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/core/softmax.hpp"

namespace rnnwb {

namespace {

std::string class_range(Index classes) { return "0 .. " + std::to_string(classes - 1); }

// The class a stored label names, or -1 when it is not a whole number 0 .. classes-1.
template <class T>
Index class_of(T label, Index classes) {
  if (!std::isfinite(double(label)) || label != std::floor(label) || label < 0 || double(label) >= double(classes))
    return -1;
  return Index(label);
}

template <class T>
Index checked_class(T label, Index classes) {
  const Index c = class_of(label, classes);
  if (c < 0) {
    std::ostringstream msg;
    msg << "the class label " << double(label) << " is not one of the classes " << class_range(classes)
        << "; class targets must be whole numbers counted from 0";
    throw DataError(msg.str());
  }
  return c;
}

void check_class_weights(const LossConfig& loss, Index classes) {
  if (loss.class_weights.empty()) return;
  if (Index(loss.class_weights.size()) != classes)
    throw ConfigError("there are " + std::to_string(loss.class_weights.size()) + " class weights but the model has " +
                      std::to_string(classes) + " classes; give one weight per class");
  for (double w : loss.class_weights)
    if (!std::isfinite(w) || !(w > 0))
      throw ConfigError("every class weight must be a finite number > 0 (got " + std::to_string(w) + ")");
}

double weight_of(const LossConfig& loss, Index c) {
  return loss.class_weights.empty() ? 1.0 : loss.class_weights[std::size_t(c)];
}

// nn.CrossEntropyLoss(weight=w, reduction='mean') over the columns of the logits.
template <class T>
T cross_entropy(const LossConfig& loss, const Matrix<T>& logits, const Matrix<T>& target, Matrix<T>* grad) {
  const Index classes = logits.rows(), n = logits.cols();
  if (classes < 2)
    throw ShapeError("cross-entropy needs a head of at least 2 logits (one per class) but the model outputs " +
                     std::to_string(classes));
  if (target.rows() != 1 || target.cols() != n)
    throw ShapeError("cross-entropy takes one class label per output step but the targets have " +
                     std::to_string(target.size()) + " values for " + std::to_string(n) + " output steps");
  check_class_weights(loss, classes);
  Vector<T> log_p(classes);
  double sum = 0, weights = 0;
  if (grad) grad->resize(classes, n);
  for (Index j = 0; j < n; ++j) {
    const Index y = checked_class(target(0, j), classes);
    const double w = weight_of(loss, y);
    log_softmax(logits.col(j).data(), classes, log_p.data());
    sum -= w * double(log_p[y]);
    weights += w;
    if (grad) {
      // d(w * nll)/dlogits = w * (softmax - onehot); divided by the weight total below.
      grad->col(j) = T(w) * log_p.array().exp().matrix();
      (*grad)(y, j) -= T(w);
    }
  }
  if (grad) *grad /= T(weights);
  return T(sum / weights);
}

}  // namespace

template <class T>
T loss_and_gradient(const LossConfig& loss, const Matrix<T>& pred, const Matrix<T>& target, Matrix<T>* grad) {
  if (loss.kind == LossKind::CrossEntropy) return cross_entropy(loss, pred, target, grad);
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
    case LossKind::CrossEntropy:
      break;  // above
  }
  return value;
}

template <class T>
double loss_denominator(const LossConfig& loss, const Matrix<T>& target) {
  if (loss.kind != LossKind::CrossEntropy || loss.class_weights.empty()) return double(target.size());
  const Index classes = Index(loss.class_weights.size());
  double sum = 0;
  for (Index j = 0; j < target.size(); ++j) sum += weight_of(loss, checked_class(target.data()[j], classes));
  return sum;
}

Index target_features(const LossConfig& loss, Index outputs) {
  return loss.kind == LossKind::CrossEntropy ? 1 : outputs;
}

template <class T>
void check_class_labels(const T* labels, Index samples, Index steps, Index classes) {
  for (Index i = 0; i < samples; ++i)
    for (Index t = 0; t < steps; ++t) {
      const T label = labels[i * steps + t];
      if (class_of(label, classes) >= 0) continue;
      std::ostringstream msg;
      msg << "the class label of sequence " << i;
      if (steps > 1) msg << ", step " << t;
      msg << " is " << double(label) << ", not one of the classes " << class_range(classes)
          << "; class targets must be whole numbers counted from 0";
      throw DataError(msg.str());
    }
}

template float loss_and_gradient<float>(const LossConfig&, const Matrix<float>&, const Matrix<float>&, Matrix<float>*);
template double loss_and_gradient<double>(const LossConfig&, const Matrix<double>&, const Matrix<double>&,
                                          Matrix<double>*);
template double loss_denominator<float>(const LossConfig&, const Matrix<float>&);
template double loss_denominator<double>(const LossConfig&, const Matrix<double>&);
template void check_class_labels<float>(const float*, Index, Index, Index);
template void check_class_labels<double>(const double*, Index, Index, Index);

LossKind parse_loss(std::string_view name) { return parse_enum<LossKind>(name); }

}  // namespace rnnwb
