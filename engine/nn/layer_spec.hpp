#pragma once
// LayerSpec: the description of one layer of a sequential stack, as a user or a model file gives it.
#include <string>
#include <string_view>

#include "engine/core/enum_names.hpp"

namespace rnnwb {

enum class LayerKind { SimpleRNN, LSTM, GRU, Dense, Dropout };
enum class Activation { Linear, Relu, Tanh, Sigmoid };

struct ModelError;
// Names as used in model files, the CLI and the GUI ("lstm", "gru", "rnn", "dense", "dropout");
// to_string(kind) writes the first, parse_layer_kind also reads the aliases after them.
template <>
struct EnumNames<LayerKind> {
  using Error = ModelError;
  static constexpr const char* what = "layer type";
  static constexpr EnumName<LayerKind> names[] = {
      {LayerKind::SimpleRNN, "rnn"},        {LayerKind::LSTM, "lstm"},       {LayerKind::GRU, "gru"},
      {LayerKind::Dense, "dense"},          {LayerKind::Dropout, "dropout"}, {LayerKind::SimpleRNN, "simplernn"},
      {LayerKind::SimpleRNN, "simple_rnn"}, {LayerKind::Dense, "linear"}};
};
template <>
struct EnumNames<Activation> {
  using Error = ModelError;
  static constexpr const char* what = "activation";
  static constexpr EnumName<Activation> names[] = {{Activation::Linear, "linear"}, {Activation::Relu, "relu"},
                                                   {Activation::Tanh, "tanh"},     {Activation::Sigmoid, "sigmoid"},
                                                   {Activation::Linear, "none"},   {Activation::Linear, "identity"}};
};

struct LayerSpec {
  LayerKind kind = LayerKind::LSTM;
  int units = 0;                             // recurrent and dense layers
  Activation activation = Activation::Tanh;  // SimpleRNN: tanh or relu; Dense: any
  bool return_sequences = false;             // recurrent layers only
  double rate = 0.0;                         // dropout only: the fraction of inputs zeroed
  // Recurrent layers only: a second direction reads the sequence backwards (PyTorch's
  // bidirectional=True); the output is [forward; backward], 2 * units features.
  bool bidirectional = false;

  static LayerSpec simple_rnn(int units, bool return_sequences = false, Activation a = Activation::Tanh) {
    return {LayerKind::SimpleRNN, units, a, return_sequences, 0.0, false};
  }
  static LayerSpec lstm(int units, bool return_sequences = false) {
    return {LayerKind::LSTM, units, Activation::Tanh, return_sequences, 0.0, false};
  }
  static LayerSpec gru(int units, bool return_sequences = false) {
    return {LayerKind::GRU, units, Activation::Tanh, return_sequences, 0.0, false};
  }
  static LayerSpec dense(int units, Activation a = Activation::Linear) {
    return {LayerKind::Dense, units, a, false, 0.0, false};
  }
  // The same recurrent layer in both directions.
  LayerSpec both_directions() const {
    LayerSpec s = *this;
    s.bidirectional = true;
    return s;
  }
  static LayerSpec dropout(double rate) { return {LayerKind::Dropout, 0, Activation::Linear, false, rate, false}; }
};

bool is_recurrent(LayerKind kind);
// Number of gate blocks stacked in a recurrent layer's weights (LSTM 4, GRU 3, SimpleRNN 1).
int gate_count(LayerKind kind);

// Parse a name; throws ModelError listing the accepted names.
LayerKind parse_layer_kind(std::string_view name);
Activation parse_activation(std::string_view name);

}  // namespace rnnwb
