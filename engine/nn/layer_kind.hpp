#pragma once
// The facts of each layer kind, in one table: its name, whether it is recurrent, its gates (count,
// names, order in the weights) and the order ONNX stacks them in. The model file, the config JSON,
// the exports and the workbench look these up instead of each switching on the kind.
#include <array>
#include <string_view>
#include <vector>

#include "engine/core/tensor.hpp"
#include "engine/nn/layer_spec.hpp"
#include "engine/nn/param_info.hpp"

namespace rnnwb {

struct LayerKindFacts {
  LayerKind kind;
  std::string_view name;          // in model files, the CLI and the GUI: "lstm", "gru", "rnn", ...
  std::string_view display_name;  // for people: "LSTM", "GRU", "SimpleRNN", "Dense", "Dropout"
  bool recurrent = false;
  bool has_units = false;           // recurrent and dense layers; dropout has a rate instead
  bool chooses_activation = false;  // SimpleRNN (tanh or relu) and Dense (any); LSTM/GRU gates are fixed
  int gates = 0;                    // gate blocks stacked in a recurrent layer's weights
  // Gate names in the order PyTorch stacks them (LSTM i, f, g, o; GRU r, z, n; SimpleRNN one).
  std::array<std::string_view, 4> gate_names{};
  std::string_view onnx_op;  // "LSTM", "GRU", "RNN"; empty for non-recurrent kinds
  // ONNX gate block k holds PyTorch's gate block onnx_gate_order[k] (ONNX: LSTM i,o,f,c; GRU z,r,h).
  std::array<int, 4> onnx_gate_order{};
};

// The facts of one kind (every LayerKind has an entry).
const LayerKindFacts& kind_facts(LayerKind kind);
// Every kind, in LayerKind order (for pickers and name lists).
const std::vector<LayerKindFacts>& all_layer_kinds();

// The parameter tensors of a layer of this spec reading `input_features` values per step, in the
// order they lie in the model's flat parameter vector (PyTorch's names and shapes). Dropout: none.
std::vector<ParamInfo> layer_params(const LayerSpec& spec, Index input_features);

}  // namespace rnnwb
