#include "engine/nn/stack_shape.hpp"

#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/nn/layer_kind.hpp"

namespace rnnwb {

namespace {

std::string layer_label(const std::vector<LayerSpec>& specs, std::size_t i) {
  return "layer " + std::to_string(i) + " (" + to_string(specs[i].kind) + ")";
}

void check_sizes(Index input_features, const std::vector<LayerSpec>& specs) {
  if (input_features < 1) throw ModelError("the model needs at least one input feature");
  if (specs.empty()) throw ModelError("the model has no layers: add a recurrent layer and a dense output layer");
  if (input_features > limits::kMaxFeatures)
    throw ModelError("the model has " + std::to_string(input_features) + " input features; rnnwb takes at most " +
                     std::to_string(limits::kMaxFeatures));
  if (specs.size() > std::size_t(limits::kMaxLayers))
    throw ModelError("the stack has " + std::to_string(specs.size()) + " layers (dropout and the dense head " +
                     "included); rnnwb takes at most " + std::to_string(limits::kMaxLayers));
}

void check_layer(const std::vector<LayerSpec>& specs, std::size_t i) {
  const LayerSpec& l = specs[i];
  if (l.kind != LayerKind::Dropout && l.units < 1)
    throw ModelError(layer_label(specs, i) + " needs at least 1 unit, got " + std::to_string(l.units));
  if (l.units > limits::kMaxUnits)
    throw ModelError(layer_label(specs, i) + " has " + std::to_string(l.units) + " units; rnnwb takes at most " +
                     std::to_string(limits::kMaxUnits) + " per layer");
  if (!kind_facts(l.kind).has_units && !(l.rate >= 0.0 && l.rate < 1.0))
    throw ModelError(layer_label(specs, i) + " has rate " + std::to_string(l.rate) + ": use a rate in [0, 1)");
}

}  // namespace

StackShape describe_stack(Index input_features, const std::vector<LayerSpec>& specs) {
  check_sizes(input_features, specs);
  StackShape s;
  s.input_features = input_features;
  Index features = input_features;
  bool sequence = true;
  std::size_t last_seq_producer = 0;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const LayerSpec& l = specs[i];
    const LayerKindFacts& kind = kind_facts(l.kind);
    check_layer(specs, i);
    if (kind.recurrent && !sequence)
      throw ModelError(layer_label(specs, i) + " needs a sequence as input, but " +
                       layer_label(specs, last_seq_producer) +
                       " returns only its last step: set return_sequences=true on it");
    LayerShape shape;
    for (const ParamInfo& p : layer_params(l, features)) shape.parameters += p.size();
    if (kind.recurrent) {
      sequence = l.return_sequences;
      last_seq_producer = i;
    }
    if (kind.has_units) features = l.units;
    shape.features = features;
    shape.sequence = sequence;
    s.parameters += shape.parameters;
    s.layers.push_back(shape);
  }
  // After the shape checks, as when the layers were built one by one after them.
  for (const LayerSpec& l : specs)
    if (l.kind == LayerKind::SimpleRNN && l.activation != Activation::Tanh && l.activation != Activation::Relu)
      throw ModelError("a SimpleRNN layer's activation must be tanh or relu, not " + to_string(l.activation));
  return s;
}

}  // namespace rnnwb
