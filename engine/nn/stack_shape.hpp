#pragma once
// describe_stack(): what a sequential stack computes (each layer's output shape and parameter
// count) from its layer list alone, without building or initialising a network. It checks the
// stack the way Model's constructor does and throws the same ModelError when it is invalid.
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

}  // namespace rnnwb
