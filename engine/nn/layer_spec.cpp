#include "engine/nn/layer_spec.hpp"

#include <algorithm>
#include <cctype>

#include "engine/core/error.hpp"
#include "engine/nn/layer_kind.hpp"

namespace rnnwb {

bool is_recurrent(LayerKind kind) { return kind_facts(kind).recurrent; }

int gate_count(LayerKind kind) { return kind_facts(kind).gates; }

LayerKind parse_layer_kind(std::string_view name) { return parse_enum<LayerKind>(name); }
Activation parse_activation(std::string_view name) { return parse_enum<Activation>(name); }

}  // namespace rnnwb
