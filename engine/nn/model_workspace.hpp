#pragma once
// ModelWorkspace: everything one pass through a Model writes (each layer's output and caches,
// the gradients of a backward pass, the dropout masks' random numbers), apart from the model's
// weights. Whoever runs passes owns one (a training part, a predict call on one thread) and
// reuses it: its buffers are sized on the first pass and reused after, so the steady state does
// not allocate. One workspace serves one pass at a time; one model serves any number of them.
#include <cstdint>
#include <vector>

#include "engine/core/rng.hpp"
#include "engine/core/tensor.hpp"
#include "engine/nn/recurrent_workspace.hpp"

namespace rnnwb {

template <class T>
struct LayerWorkspace {
  RecurrentWorkspace<T> recurrent;  // recurrent layers
  Matrix<T> scratch;                // dense: the gradient before the activation; dropout: the mask
};

template <class T>
struct ModelWorkspace {
  ModelWorkspace() = default;
  explicit ModelWorkspace(std::uint64_t dropout_seed) : dropout_rng(dropout_seed) {}

  // Seeds the dropout masks (the trainer does this from its seed so runs are reproducible).
  void seed_dropout(std::uint64_t seed) { dropout_rng = Rng(seed); }

  std::vector<LayerWorkspace<T>> layers;
  std::vector<SeqMatrix<T>> outputs, grad_buffers;  // per layer: forward output, gradient wrt input
  Vector<T> gradients;  // dLoss/dParameters of the last backward, laid out as Model::parameters()
  Rng dropout_rng{0};
  const SeqMatrix<T>* input = nullptr;  // the last forward's input (backward reads it)
  bool backward_ready = false;          // the last forward was a training one
  // Model::predict's chunk of input rows in the internal layout, and their row numbers.
  SeqMatrix<T> input_chunk;
  std::vector<Index> rows;
};

}  // namespace rnnwb
