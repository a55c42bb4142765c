#pragma once
// describe_stack(): what a sequential stack computes (each layer's output shape and parameter
// count) from its layer list alone, without building or initialising a network. It checks the
// stack the way Model's constructor does and throws the same ModelError when it is invalid.
#include <cstddef>
#include <string>
#include <vector>

#include "engine/core/tensor.hpp"
#include "engine/nn/layer_spec.hpp"

namespace rnnwb {

struct LayerShape {
  Index features = 0;     // output features per step
  bool sequence = false;  // whether every step goes on (else only the last)
  Index parameters = 0;
};

struct StackShape {
  Index input_features = 0;
  std::vector<LayerShape> layers;  // one per layer, in stack order
  Index parameters = 0;            // the whole stack's

  Index output_features() const { return layers.back().features; }
  bool output_sequence() const { return layers.back().sequence; }
};

// Throws ModelError saying which layer is wrong and why. Every count fits in an Index: the
// limits on units, features and layers are checked before anything is multiplied.
StackShape describe_stack(Index input_features, const std::vector<LayerSpec>& layers);

// Whether each layer receives a whole sequence (every step) rather than one step, for any stack,
// valid or not: the input is a sequence, and each recurrent layer passes one on only with
// return_sequences. (A dense layer on a sequence acts on every step.)
std::vector<bool> sequence_inputs(const std::vector<LayerSpec>& layers);

// The layers with return_sequences set on every recurrent layer that has another recurrent layer
// after it, and cleared on the last one: the setting a stack needs to feed its recurrent layers
// sequences and its head one step.
std::vector<LayerSpec> with_automatic_return_sequences(std::vector<LayerSpec> layers);
bool return_sequences_are_automatic(const std::vector<LayerSpec>& layers);

// Throws ModelError when the weights, gradients and optimizer state (about 4 copies of the
// parameters, of scalar_bytes each) cannot fit in this machine's memory: a clear message before
// anything is allocated instead of an allocation failure halfway, or the system killing the process.
void check_fits_in_memory(Index parameters, std::size_t scalar_bytes);

// A Keras-like table: each layer's output shape and parameter count, for inputs of input_steps
// steps (0: unknown).
std::string stack_summary(const std::vector<LayerSpec>& layers, const StackShape& shape, Index input_steps = 0);

}  // namespace rnnwb
