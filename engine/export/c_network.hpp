#pragma once
// The C99 code of a network: its weights as static const float arrays named after the PyTorch
// tensors (layers.0.weight_ih -> <stem>_layers_0_weight_ih), the cell functions it uses, and
//   static void <p>network(const float* w, int steps, double* out)
// which runs the stack on the `steps` steps of one original-unit input w (the inputs of step s
// from <p>encoded(w, s, f)) and writes the outputs of the last step. Without a bidirectional layer
// the layers run step by step, so only their states are kept (no buffer grows with the steps).
// With one, the backward direction needs its layer's whole input sequence: the layers run one
// after another over the steps, each layer's outputs in one of two stack buffers of
// <max_steps> x the widest layer doubles (max_steps is a C constant expression, e.g. the model's
// MODEL_STEPS; network() must not be called with more steps). Dropout is the identity at inference.
#include <cstddef>
#include <string>
#include <vector>

#include "engine/nn/model.hpp"

namespace rnnwb::c_network {

struct NetworkCode {
  std::string code;
  std::size_t stack_doubles = 0;     // the doubles network() keeps on the stack, besides the buffers
  std::size_t doubles_per_step = 0;  // the buffers' doubles per step of max_steps (0: step by step)
};

bool needs_buffers(const Model<float>& m);  // true when a layer is bidirectional

// `steps` is a number of steps the network is checked with (its output must be one vector of
// `outputs` values: ConfigError otherwise).
NetworkCode code(const Model<float>& m, Index steps, Index outputs, const std::string& prefix,
                 const std::string& upper_prefix, const std::string& max_steps);

// "lstm(16, both directions, sequences) -> dropout(0.1) -> lstm(8) -> dense(3, linear)"
std::string layer_chain(const std::vector<LayerSpec>& layers);

}  // namespace rnnwb::c_network
