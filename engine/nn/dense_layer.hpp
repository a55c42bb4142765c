#pragma once
// DenseLayer: y = act(W x + b) on the last axis, applied to every time step it is given
// (after a return_sequences layer it acts per step, like Keras' Dense on a 3-D input).
#include <vector>

#include "engine/core/rng.hpp"
#include "engine/core/tensor.hpp"
#include "engine/nn/init.hpp"
#include "engine/nn/layer_spec.hpp"
#include "engine/nn/param_info.hpp"

namespace rnnwb {

template <class T>
class DenseLayer {
 public:
  DenseLayer(const LayerSpec& spec, Index input_features);

  const LayerSpec& spec() const { return spec_; }
  std::vector<ParamInfo> params() const;
  void initialize(T* p, InitScheme scheme, Rng& rng) const;
  void forward(const T* p, const SeqMatrix<T>& x, SeqMatrix<T>& y) const;
  // y is this layer's output from the forward pass (its activation derivative is taken from it);
  // d_pre is the caller's scratch for the gradient before the activation.
  void backward(const T* p, T* g, const SeqMatrix<T>& x, const SeqMatrix<T>& y, const SeqMatrix<T>& dy,
                SeqMatrix<T>* dx, Matrix<T>& d_pre) const;

 private:
  LayerSpec spec_;
  Index in_, out_;
};

// DropoutLayer: inverted dropout (kept inputs scaled by 1 / (1 - rate)) while training; identity
// otherwise.
template <class T>
class DropoutLayer {
 public:
  explicit DropoutLayer(const LayerSpec& spec);

  const LayerSpec& spec() const { return spec_; }
  std::vector<ParamInfo> params() const { return {}; }
  // mask: 0 or 1/(1-rate) per element after a training forward, empty otherwise; backward()
  // applies the mask of the forward before it.
  void forward(const SeqMatrix<T>& x, SeqMatrix<T>& y, bool training, Rng& rng, Matrix<T>& mask) const;
  void backward(const SeqMatrix<T>& dy, SeqMatrix<T>* dx, const Matrix<T>& mask) const;

 private:
  LayerSpec spec_;
};

}  // namespace rnnwb
