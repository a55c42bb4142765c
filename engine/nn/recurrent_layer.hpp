#pragma once
// RecurrentLayer: SimpleRNN, LSTM or GRU with PyTorch's exact semantics and parameter layout
// (weight_ih, weight_hh, bias_ih, bias_hh; gate order LSTM i,f,g,o and GRU r,z,n).
// The input projection of every time step is one matrix product before the time loop; the loop
// does one fused product per step (all gates at once) and the gate math in place. The backward
// pass collects per-step gate gradients and forms the weight gradients as single large products.
#include <vector>

#include "engine/core/rng.hpp"
#include "engine/core/tensor.hpp"
#include "engine/nn/init.hpp"
#include "engine/nn/layer_spec.hpp"
#include "engine/nn/param_info.hpp"

namespace rnnwb {

template <class T>
class RecurrentLayer {
 public:
  RecurrentLayer(const LayerSpec& spec, Index input_features);

  const LayerSpec& spec() const { return spec_; }
  Index input_features() const { return in_; }
  Index units() const { return units_; }
  std::vector<ParamInfo> params() const;
  void initialize(T* p, InitScheme scheme, Rng& rng) const;

  // x: (in, steps*batch). y: (units, steps*batch) with return_sequences, else (units, batch).
  void forward(const T* p, const SeqMatrix<T>& x, SeqMatrix<T>& y);
  // Inference: the same outputs as forward, but it keeps only the state, computes the input
  // projection a cache-sized block of steps at a time, and leaves nothing for backward.
  void infer(const T* p, const SeqMatrix<T>& x, SeqMatrix<T>& y);
  // Uses the caches of the last forward. Writes (not adds) this layer's gradients into g;
  // fills dx when it is not null.
  void backward(const T* p, T* g, const SeqMatrix<T>& x, const SeqMatrix<T>& dy, SeqMatrix<T>* dx);

 private:
  // infer() for LSTM and SimpleRNN when a block of steps would not fit in cache.
  void infer_stacked(const T* p, const SeqMatrix<T>& x, SeqMatrix<T>& y);

  LayerSpec spec_;
  Index in_, units_, gates_;
  // Caches of the last forward pass, reused between batches so the time loop never allocates.
  Matrix<T> gate_act_;        // (gates*units, steps*batch): pre-activations, then activated gates in place
  Matrix<T> h_;               // (units, steps*batch): hidden state after each step
  Matrix<T> c_;               // LSTM cell state after each step
  Matrix<T> hn_;              // GRU: W_hn h + b_hn of each step (needed for the reset gate's gradient)
  Matrix<T> hh_;              // (gates*units, batch): recurrent product of the current step
  Matrix<T> zeros_;           // (units, batch): the initial state
  Matrix<T> stacked_w_, xh_;  // infer_stacked: [W_ih W_hh] and [x_t; h_t-1]
  // Backward buffers.
  Matrix<T> d_in_, d_rec_;  // (gates*units, steps*batch): gate gradients on the input / recurrent side
  Matrix<T> dh_, dh_next_, dc_next_, tmp_;
};

}  // namespace rnnwb
