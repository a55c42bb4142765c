#include "engine/nn/stack_shape.hpp"

#include <cstdio>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/memory.hpp"
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
  if (l.bidirectional && !kind_facts(l.kind).recurrent)
    throw ModelError(layer_label(specs, i) + " cannot be bidirectional: only LSTM, GRU and SimpleRNN layers can");
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
    if (kind.has_units) features = l.units * (kind.recurrent && l.bidirectional ? 2 : 1);
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

std::vector<bool> sequence_inputs(const std::vector<LayerSpec>& layers) {
  std::vector<bool> in;
  bool sequence = true;
  for (const LayerSpec& l : layers) {
    in.push_back(sequence);
    if (kind_facts(l.kind).recurrent) sequence = l.return_sequences;
  }
  return in;
}

std::vector<LayerSpec> with_automatic_return_sequences(std::vector<LayerSpec> layers) {
  bool recurrent_after = false;
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
    if (!kind_facts(it->kind).recurrent) continue;
    it->return_sequences = recurrent_after;
    recurrent_after = true;
  }
  return layers;
}

bool return_sequences_are_automatic(const std::vector<LayerSpec>& layers) {
  const std::vector<LayerSpec> managed = with_automatic_return_sequences(layers);
  for (std::size_t i = 0; i < layers.size(); ++i)
    if (managed[i].return_sequences != layers[i].return_sequences) return false;
  return true;
}

void check_fits_in_memory(Index parameters, std::size_t scalar_bytes) {
  const double need = 4.0 * double(parameters) * double(scalar_bytes);
  const double have = physical_memory_bytes();
  if (have > 0 && need > have) {
    char text[200];
    std::snprintf(text, sizeof text,
                  "the model has %.0f parameters: its weights, gradients and optimizer state need about %.1f GiB, "
                  "more than this machine's %.1f GiB of memory; use fewer units or layers",
                  double(parameters), need / 1073741824.0, have / 1073741824.0);
    throw ModelError(text);
  }
}

std::string stack_summary(const std::vector<LayerSpec>& layers, const StackShape& shape, Index input_steps) {
  const std::string steps = input_steps > 0 ? std::to_string(input_steps) : "None";
  std::ostringstream out;
  char line[160];
  const std::string rule(72, '-');
  out << "Model: sequential, input (None, " << steps << ", " << shape.input_features << ")\n" << rule << "\n";
  std::snprintf(line, sizeof line, "%-34s %-22s %12s\n", "Layer (type)", "Output Shape", "Param #");
  out << line << rule << "\n";
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& l = layers[i];
    const LayerKindFacts& kind = kind_facts(l.kind);
    std::string type(kind.name);
    if (kind.recurrent && l.bidirectional) type.insert(0, "bidirectional ");
    if (kind.chooses_activation) type += ", " + to_string(l.activation);
    if (!kind.has_units) type += " " + std::to_string(l.rate).substr(0, 4);
    if (kind.recurrent && l.return_sequences) type += ", seq";
    const LayerShape& s = shape.layers[i];
    const std::string out_shape = s.sequence ? "(None, " + steps + ", " + std::to_string(s.features) + ")"
                                             : "(None, " + std::to_string(s.features) + ")";
    std::snprintf(line, sizeof line, "%-34s %-22s %12lld\n",
                  ("layers." + std::to_string(i) + " (" + type + ")").c_str(), out_shape.c_str(),
                  static_cast<long long>(s.parameters));
    out << line;
  }
  out << rule << "\nTotal params: " << shape.parameters << "\n";
  return out.str();
}

}  // namespace rnnwb
