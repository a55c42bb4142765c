#include "engine/nn/layer_spec.hpp"

#include <algorithm>
#include <cctype>

#include "engine/core/error.hpp"

namespace rnnwb {

bool is_recurrent(LayerKind kind) {
  return kind == LayerKind::SimpleRNN || kind == LayerKind::LSTM || kind == LayerKind::GRU;
}

int gate_count(LayerKind kind) {
  switch (kind) {
    case LayerKind::LSTM:
      return 4;
    case LayerKind::GRU:
      return 3;
    case LayerKind::SimpleRNN:
      return 1;
    default:
      return 0;
  }
}

LayerKind parse_layer_kind(std::string_view name) { return parse_enum<LayerKind>(name); }
Activation parse_activation(std::string_view name) { return parse_enum<Activation>(name); }

}  // namespace rnnwb
