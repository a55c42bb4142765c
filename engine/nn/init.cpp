#include "engine/nn/init.hpp"

#include <Eigen/QR>
#include <cmath>

namespace rnnwb {

template <class T>
void uniform(RowMajorMap<T> w, double limit, Rng& rng) {
  for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = T(rng.uniform(-limit, limit));
}

template <class T>
void glorot_uniform(RowMajorMap<T> w, Rng& rng) {
  uniform<T>(w, std::sqrt(6.0 / double(w.rows() + w.cols())), rng);
}

template <class T>
void orthogonal(RowMajorMap<T> w, Rng& rng) {
  // As Keras: QR of a normal matrix with the tall side first, signs fixed by diag(R).
  const bool tall = w.rows() >= w.cols();
  const Eigen::Index n = tall ? w.rows() : w.cols(), k = tall ? w.cols() : w.rows();
  Eigen::MatrixXd a(n, k);
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index i = 0; i < n; ++i) a(i, j) = rng.normal();
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(n, k);
  const Eigen::MatrixXd r = qr.matrixQR().topRows(k).template triangularView<Eigen::Upper>();
  for (Eigen::Index j = 0; j < k; ++j)
    if (r(j, j) < 0) q.col(j) = -q.col(j);
  if (tall)
    w = q.cast<T>();
  else
    w = q.transpose().cast<T>();
}

template void uniform<float>(RowMajorMap<float>, double, Rng&);
template void uniform<double>(RowMajorMap<double>, double, Rng&);
template void glorot_uniform<float>(RowMajorMap<float>, Rng&);
template void glorot_uniform<double>(RowMajorMap<double>, Rng&);
template void orthogonal<float>(RowMajorMap<float>, Rng&);
template void orthogonal<double>(RowMajorMap<double>, Rng&);

}  // namespace rnnwb
