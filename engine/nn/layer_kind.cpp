#include "engine/nn/layer_kind.hpp"

namespace rnnwb {

const std::vector<LayerKindFacts>& all_layer_kinds() {
  static const std::vector<LayerKindFacts> table = {
      {LayerKind::SimpleRNN, "rnn", "SimpleRNN", true, true, true, 1, {"h"}, "RNN", {0}},
      {LayerKind::LSTM, "lstm", "LSTM", true, true, false, 4, {"i", "f", "g", "o"}, "LSTM", {0, 3, 1, 2}},
      {LayerKind::GRU, "gru", "GRU", true, true, false, 3, {"r", "z", "n"}, "GRU", {1, 0, 2}},
      {LayerKind::Dense, "dense", "Dense", false, true, true, 0, {}, "", {}},
      {LayerKind::Dropout, "dropout", "Dropout", false, false, false, 0, {}, "", {}},
  };
  return table;
}

const LayerKindFacts& kind_facts(LayerKind kind) { return all_layer_kinds()[std::size_t(kind)]; }

std::vector<ParamInfo> layer_params(const LayerSpec& spec, Index input_features) {
  const LayerKindFacts& k = kind_facts(spec.kind);
  const Index units = spec.units;
  if (k.recurrent) {
    const Index gh = k.gates * units;
    std::vector<ParamInfo> params = {
        {"weight_ih", {gh, input_features}}, {"weight_hh", {gh, units}}, {"bias_ih", {gh}}, {"bias_hh", {gh}}};
    if (spec.bidirectional)  // PyTorch's names for the backward direction: weight_ih_l0_reverse...
      for (std::size_t i = 0; i < 4; ++i) params.push_back({params[i].name + "_reverse", params[i].shape});
    return params;
  }
  if (k.has_units) return {{"weight", {units, input_features}}, {"bias", {units}}};
  return {};
}

}  // namespace rnnwb
