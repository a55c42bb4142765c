#pragma once
// RecurrentLayer: SimpleRNN, LSTM or GRU with PyTorch's exact semantics and parameter layout
// (weight_ih, weight_hh, bias_ih, bias_hh; gate order LSTM i,f,g,o and GRU r,z,n). The layer holds
// only its shape; the weights come in as a pointer into the model's flat vector and the pass's
// state lives in a RecurrentWorkspace, so one layer serves any number of threads at once.
// The input projection of a block of steps is one matrix product before the steps; each step
// does one fused product (all gates at once) and the cell's gate math in place. The backward pass
// collects per-step gate gradients and forms the weight gradients as single large products.
#include <vector>

#include "engine/core/rng.hpp"
#include "engine/core/tensor.hpp"
#include "engine/nn/init.hpp"
#include "engine/nn/layer_spec.hpp"
#include "engine/nn/param_info.hpp"
#include "engine/nn/recurrent_workspace.hpp"

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
  // Parameters of one direction (a bidirectional layer has two such blocks, forward first).
  Index direction_size() const;

  // x: (in, steps*batch). y: (units, steps*batch) with return_sequences, else (units, batch);
  // twice the units when bidirectional. A packed x (variable lengths) is read only at its valid
  // steps; the last-step output is each sample's state after its last valid step (and, for the
  // backward direction, after step 0), as PyTorch gives on packed sequences.
  // training keeps every step's state in ws for backward(); inference keeps only the state and
  // computes the input projection a cache-sized block of steps at a time.
  void forward(const T* p, const SeqMatrix<T>& x, SeqMatrix<T>& y, RecurrentWorkspace<T>& ws, bool training) const;
  // Uses what the last training forward left in ws. Writes (not adds) this layer's gradients
  // into g; fills dx when it is not null.
  void backward(const T* p, T* g, const SeqMatrix<T>& x, const SeqMatrix<T>& dy, SeqMatrix<T>* dx,
                RecurrentWorkspace<T>& ws) const;

 private:
  void initialize_direction(T* p, InitScheme scheme, Rng& rng) const;

  LayerSpec spec_;
  Index in_, units_, gates_;
};

}  // namespace rnnwb
