#pragma once
// The state of one pass through one recurrent layer, owned by whoever runs the pass (a training
// part, a predict call, a thread) and kept between passes so the time loop never allocates.
#include <vector>

#include "engine/core/tensor.hpp"

namespace rnnwb {

template <class T>
struct RecurrentWorkspace {
  // Forward. Training keeps every step (slot t = step t); inference keeps two slots, ping-pong.
  Matrix<T> gates;            // (gates*units, block*batch): pre-activations, then activated gates in place
  Matrix<T> state;            // hidden state per slot; [x_t; h] per slot when inference stacks the weights
  Matrix<T> cell;             // LSTM cell state per slot
  Matrix<T> hn;               // GRU training: W_hn h + b_hn of each step (the reset gate's gradient needs it)
  Matrix<T> hh;               // GRU: (gates*units, batch), the recurrent product of the current step
  Matrix<T> stacked_w;        // stacked inference: [W_ih W_hh]
  Vector<T> bias;             // b_ih (GRU) or b_ih + b_hh, added to the input projection
  std::vector<Index> active;  // per step, the samples still running (all of them unless packed)
  // Backward.
  Matrix<T> d_in, d_rec;  // (gates*units, steps*batch): gate gradients on the input / recurrent side
  Matrix<T> dh, dh_next, dc_next, tmp, zeros;
  // Bidirectional layers: the backward direction's workspace (one element, made on first use),
  // each direction's output, and the parts of the output gradient and input gradient.
  std::vector<RecurrentWorkspace> reverse;
  SeqMatrix<T> out_forward, out_reverse, d_part, dx_part;
};

}  // namespace rnnwb
