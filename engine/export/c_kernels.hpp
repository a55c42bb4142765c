#pragma once
// The C99 functions an exported model calls: one step of each recurrent cell, a dense layer, and
// the matrix-vector products under them. Only the ones a model uses are emitted, since an unused
// static function is a warning (an error under -Werror).
#include <string>
#include <vector>

#include "engine/nn/layer_spec.hpp"

namespace rnnwb::c_kernels {

// The static functions the layers need, every name prefixed with `prefix` ("<stem>_"); the
// activation constants are `upper_prefix` + LINEAR, RELU, TANH, SIGMOID.
std::string functions(const std::vector<LayerSpec>& layers, const std::string& prefix, const std::string& upper_prefix);

// The constant naming an activation in that code, e.g. "SUNSPOTS_TANH".
std::string activation_constant(Activation a, const std::string& upper_prefix);

}  // namespace rnnwb::c_kernels
