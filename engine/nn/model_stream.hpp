#pragma once
// ModelStream: a model run one time step at a time on live data (a sensor, a plug-in). Feed one
// step's features, get the model's output after it; the recurrent state is carried between calls
// and reset() starts a new sequence. The output after step t equals Model::predict on the prefix
// 1..t (its last output step). A stream copies what it needs of the weights at construction and
// allocates nothing per step; one stream serves one sequence on one thread.
#include <vector>

#include "engine/core/tensor.hpp"
#include "engine/nn/layer_kind.hpp"
#include "engine/nn/model.hpp"

namespace rnnwb {

template <class T>
class ModelStream {
 public:
  // Throws ModelError for a model that cannot run step by step (a bidirectional layer reads the
  // sequence backwards, so its output at step t needs the steps after t).
  explicit ModelStream(const Model<T>& model);

  Index input_features() const { return input_features_; }
  Index output_features() const { return output_features_; }
  // Steps fed since construction or the last reset().
  Index steps() const { return steps_; }

  // x: input_features() values. Returns output_features() values, valid until the next call.
  const T* step(const T* x);
  // Back to the state before the first step (zero state).
  void reset();

 private:
  // One layer's weights, laid out for one-column products, and its state.
  struct Layer {
    LayerSpec spec;
    Index in = 0, out = 0;
    // Recurrent: w = [W_ih W_hh] (LSTM, SimpleRNN: one product over [x; h]) or W_ih with w_hh
    // apart (GRU: the reset gate scales W_hn h alone). Dense: w = W. Column-major copies: a
    // one-column product streams down the columns.
    Matrix<T> w, w_hh;
    Vector<T> bias, b_hh;  // b_ih + b_hh (LSTM, SimpleRNN) or b_ih (GRU); b_hh (GRU)
    Matrix<T> xh;          // recurrent: [x; h_prev] (LSTM, SimpleRNN) or x (GRU), one column
    Matrix<T> h, h_next, c, c_next, gates, hh, none;
    Matrix<T> y;  // dense: the output
    bool recurrent() const { return is_recurrent(spec.kind); }
    const T* output() const { return recurrent() ? h.data() : y.data(); }
  };

  Index input_features_ = 0, output_features_ = 0, steps_ = 0;
  std::vector<Layer> layers_;
};

extern template class ModelStream<float>;
extern template class ModelStream<double>;

}  // namespace rnnwb
