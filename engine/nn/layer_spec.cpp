#include "engine/nn/layer_spec.hpp"

#include <algorithm>
#include <cctype>

#include "engine/core/error.hpp"
#include "engine/nn/layer_kind.hpp"

namespace rnnwb {

bool is_recurrent(LayerKind kind) { return kind_facts(kind).recurrent; }

int gate_count(LayerKind kind) { return kind_facts(kind).gates; }

std::string to_string(LayerKind kind) { return std::string(kind_facts(kind).name); }

std::string to_string(Activation activation) {
  switch (activation) {
    case Activation::Linear:
      return "linear";
    case Activation::Relu:
      return "relu";
    case Activation::Tanh:
      return "tanh";
    case Activation::Sigmoid:
      return "sigmoid";
  }
  return "?";
}

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}
}  // namespace

LayerKind parse_layer_kind(std::string_view name) {
  const std::string n = lower(name);
  if (n == "rnn" || n == "simplernn" || n == "simple_rnn") return LayerKind::SimpleRNN;
  if (n == "lstm") return LayerKind::LSTM;
  if (n == "gru") return LayerKind::GRU;
  if (n == "dense" || n == "linear") return LayerKind::Dense;
  if (n == "dropout") return LayerKind::Dropout;
  throw ModelError("unknown layer type '" + std::string(name) + "': use one of rnn, lstm, gru, dense, dropout");
}

Activation parse_activation(std::string_view name) {
  const std::string n = lower(name);
  if (n == "linear" || n == "none" || n == "identity") return Activation::Linear;
  if (n == "relu") return Activation::Relu;
  if (n == "tanh") return Activation::Tanh;
  if (n == "sigmoid") return Activation::Sigmoid;
  throw ModelError("unknown activation '" + std::string(name) + "': use one of linear, relu, tanh, sigmoid");
}

}  // namespace rnnwb
