#include "engine/nn/dense_layer.hpp"

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/nn/activation.hpp"
#include "engine/nn/layer_kind.hpp"

namespace rnnwb {

template <class T>
DenseLayer<T>::DenseLayer(const LayerSpec& spec, Index input_features)
    : spec_(spec), in_(input_features), out_(spec.units) {}

template <class T>
std::vector<ParamInfo> DenseLayer<T>::params() const {
  return layer_params(spec_, in_);
}

template <class T>
void DenseLayer<T>::initialize(T* p, InitScheme scheme, Rng& rng) const {
  RowMajorMap<T> w(p, out_, in_);
  RowMajorMap<T> b(p + out_ * in_, 1, out_);
  if (scheme == InitScheme::PyTorch) {
    const double k = 1.0 / std::sqrt(double(in_));  // nn.Linear's kaiming_uniform(a=sqrt(5)) bound
    uniform<T>(w, k, rng);
    uniform<T>(b, k, rng);
  } else {
    glorot_uniform<T>(w, rng);
    b.setZero();
  }
}

template <class T>
void DenseLayer<T>::forward(const T* p, const SeqMatrix<T>& x, SeqMatrix<T>& y) const {
  if (x.features() != in_)
    throw ShapeError("dense layer expects " + std::to_string(in_) + " inputs, got " + std::to_string(x.features()));
  const ConstRowMap<T> w(p, out_, in_);
  const ConstVecMap<T> b(p + out_ * in_, out_);
  y.resize(out_, x.steps, x.batch);
  y.lengths = x.lengths;
  y.m.noalias() = w * x.m;
  y.m.colwise() += b;
  if (spec_.activation != Activation::Linear) apply_activation(spec_.activation, y.m, y.m);
}

template <class T>
void DenseLayer<T>::backward(const T* p, T* g, const SeqMatrix<T>& x, const SeqMatrix<T>& y, const SeqMatrix<T>& dy,
                             SeqMatrix<T>* dx, Matrix<T>& d_pre) const {
  const ConstRowMap<T> w(p, out_, in_);
  RowMap<T> gw(g, out_, in_);
  VecMap<T> gb(g + out_ * in_, out_);
  d_pre.resize(out_, dy.m.cols());
  activation_backward(spec_.activation, y.m, dy.m, d_pre);
  gw.noalias() = d_pre * x.m.transpose();
  gb = d_pre.rowwise().sum();
  if (dx) {
    dx->resize(in_, x.steps, x.batch);
    dx->lengths = x.lengths;
    dx->m.noalias() = w.transpose() * d_pre;
  }
}

template <class T>
DropoutLayer<T>::DropoutLayer(const LayerSpec& spec) : spec_(spec) {
  if (!(spec.rate >= 0.0 && spec.rate < 1.0))
    throw ModelError("dropout rate must be in [0, 1), got " + std::to_string(spec.rate));
}

template <class T>
void DropoutLayer<T>::forward(const SeqMatrix<T>& x, SeqMatrix<T>& y, bool training, Rng& rng, Matrix<T>& mask) const {
  y = x;
  if (!training || spec_.rate == 0.0) {
    mask.resize(0, 0);
    return;
  }
  const T keep_scale = T(1.0 / (1.0 - spec_.rate));
  mask.resize(x.m.rows(), x.m.cols());
  for (Index i = 0; i < mask.size(); ++i) mask.data()[i] = rng.uniform() < spec_.rate ? T(0) : keep_scale;
  y.m.array() *= mask.array();
}

template <class T>
void DropoutLayer<T>::backward(const SeqMatrix<T>& dy, SeqMatrix<T>* dx, const Matrix<T>& mask) const {
  if (!dx) return;
  *dx = dy;
  if (mask.size() > 0) dx->m.array() *= mask.array();
}

template class DenseLayer<float>;
template class DenseLayer<double>;
template class DropoutLayer<float>;
template class DropoutLayer<double>;

}  // namespace rnnwb
