#pragma once
// The C99 code of a network: its weights as static const float arrays named after the PyTorch
// tensors (layers.0.weight_ih -> <stem>_layers_0_weight_ih), the cell functions it uses, and
//   static void <p>network(const float* w, double* out)
// which runs the stack on one original-unit window w (inputs from <p>encoded) and writes the
// HORIZON x TARGETS outputs of the last step. The layers run step by step, so only their states
// are kept (no buffer grows with the window); Dropout is the identity at inference.
#include <cstddef>
#include <string>

#include "engine/nn/model.hpp"

namespace rnnwb::c_network {

struct NetworkCode {
  std::string code;
  std::size_t stack_doubles = 0;  // the doubles network() keeps on the stack
};

// `steps` is the number of model steps (Pipeline::model_steps()). Throws ConfigError when the
// stack does not end in one output vector of `outputs` values.
NetworkCode code(const Model<float>& m, Index steps, Index outputs, const std::string& prefix,
                 const std::string& upper_prefix);

}  // namespace rnnwb::c_network
