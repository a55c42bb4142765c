#pragma once
// The network of a model as ONNX nodes: native LSTM / GRU / RNN operators with PyTorch's gate
// blocks reordered to ONNX's (LSTM i,f,g,o -> i,o,f,c; GRU r,z,n -> z,r,h with
// linear_before_reset=1, which is PyTorch's reset-after GRU), Dense as MatMul + Add and its
// activation, Dropout left out (the identity at inference).
#include <string>

#include "engine/export/onnx_graph.hpp"
#include "engine/nn/model.hpp"

namespace rnnwb::onnx_export {

// `x` is the encoded input, time-major float (steps, N, features). Returns the output of the last
// step, (1, N, outputs). Throws ConfigError when the network returns a sequence.
std::string network(GraphBuilder& g, const Model<float>& m, Index steps, const std::string& x);

}  // namespace rnnwb::onnx_export
