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
  // y is this layer's output from the forward pass (its activation derivative is taken from it).
  void backward(const T* p, T* g, const SeqMatrix<T>& x, const SeqMatrix<T>& y, const SeqMatrix<T>& dy,
                SeqMatrix<T>* dx);

 private:
  LayerSpec spec_;
  Index in_, out_;
  Matrix<T> d_pre_;
};

// DropoutLayer: inverted dropout (kept inputs scaled by 1 / (1 - rate)) while training; identity
// otherwise.
template <class T>
class DropoutLayer {
 public:
  explicit DropoutLayer(const LayerSpec& spec);

  const LayerSpec& spec() const { return spec_; }
  std::vector<ParamInfo> params() const { return {}; }
  void forward(const SeqMatrix<T>& x, SeqMatrix<T>& y, bool training, Rng& rng);
  void backward(const SeqMatrix<T>& dy, SeqMatrix<T>* dx) const;

 private:
  LayerSpec spec_;
  Matrix<T> mask_;  // 0 or 1/(1-rate) per element of the last training forward; empty otherwise
};

}  // namespace rnnwb
