#include "engine/core/softmax.hpp"

#include <cmath>
#include <limits>

namespace rnnwb {

namespace {

// The largest value, NaN when any value is NaN (so the result is NaN, not a quiet guess).
template <class T>
T max_of(const T* v, Index n) {
  T m = -std::numeric_limits<T>::infinity();
  for (Index i = 0; i < n; ++i) {
    if (std::isnan(v[i])) return v[i];
    if (v[i] > m) m = v[i];
  }
  return m;
}

}  // namespace

template <class T>
void softmax(const T* logits, Index n, T* probs) {
  const T m = max_of(logits, n);
  T sum = 0;
  for (Index i = 0; i < n; ++i) sum += probs[i] = std::exp(logits[i] - m);
  for (Index i = 0; i < n; ++i) probs[i] /= sum;
}

template <class T>
void log_softmax(const T* logits, Index n, T* log_probs) {
  const T m = max_of(logits, n);
  T sum = 0;
  for (Index i = 0; i < n; ++i) sum += std::exp(logits[i] - m);
  const T log_sum = m + std::log(sum);
  for (Index i = 0; i < n; ++i) log_probs[i] = logits[i] - log_sum;
}

template <class T>
Matrix<T> softmax_columns(const Matrix<T>& logits) {
  Matrix<T> probs(logits.rows(), logits.cols());
  for (Index j = 0; j < logits.cols(); ++j) softmax(logits.col(j).data(), logits.rows(), probs.col(j).data());
  return probs;
}

template <class T>
Index arg_max(const T* scores, Index n) {
  Index best = 0;
  for (Index i = 1; i < n; ++i)
    if (scores[i] > scores[best]) best = i;
  return best;
}

template void softmax<float>(const float*, Index, float*);
template void softmax<double>(const double*, Index, double*);
template void log_softmax<float>(const float*, Index, float*);
template void log_softmax<double>(const double*, Index, double*);
template Matrix<float> softmax_columns<float>(const Matrix<float>&);
template Matrix<double> softmax_columns<double>(const Matrix<double>&);
template Index arg_max<float>(const float*, Index);
template Index arg_max<double>(const double*, Index);

}  // namespace rnnwb
