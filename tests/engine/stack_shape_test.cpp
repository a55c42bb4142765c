// describe_stack() and the layer-kind table: the shapes, counts and errors of a built Model,
// without building one.
#include "engine/nn/stack_shape.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/core/error.hpp"
#include "engine/nn/layer_kind.hpp"
#include "engine/nn/model.hpp"

namespace rnnwb {
namespace {

using L = LayerSpec;

TEST(DescribeStack, GivesTheShapesAndCountsOfTheBuiltModel) {
  const std::vector<std::vector<LayerSpec>> stacks = {
      {L::lstm(16), L::dense(2)},
      {L::gru(12, true), L::dropout(0.2), L::simple_rnn(9, false, Activation::Relu), L::dense(2)},
      {L::simple_rnn(10, true), L::lstm(7, true), L::dense(3, Activation::Tanh)},
  };
  for (const auto& layers : stacks) {
    const Model<float> model(3, layers);
    const StackShape s = describe_stack(3, layers);
    EXPECT_EQ(s.parameters, model.parameter_count());
    EXPECT_EQ(s.output_features(), model.output_shape(5).features);
    EXPECT_EQ(s.output_sequence(), model.output_shape(5).steps == 5);
    Index sum = 0;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      Index in_model = 0;
      for (const NamedTensor& t : model.tensors())
        if (t.name.rfind("layers." + std::to_string(i) + ".", 0) == 0) in_model += t.size;
      EXPECT_EQ(s.layers[i].parameters, in_model) << "layer " << i;
      sum += s.layers[i].parameters;
    }
    EXPECT_EQ(sum, s.parameters);
    EXPECT_EQ(stack_summary(layers, s, 7), model.summary(7));
  }
}

TEST(DescribeStack, RefusesWhatTheModelRefusesWithTheSameWords) {
  const std::vector<std::vector<LayerSpec>> bad = {
      {},
      {L::lstm(4), L::lstm(4), L::dense(1)},  // the second gets no sequence
      {L::lstm(0), L::dense(1)},
      {L::lstm(4), L::dropout(1.5), L::dense(1)},
      {L::simple_rnn(4, false, Activation::Sigmoid), L::dense(1)},
  };
  for (const auto& layers : bad) {
    std::string from_model, from_describe;
    try {
      Model<float>(2, layers);
    } catch (const ModelError& e) {
      from_model = e.what();
    }
    try {
      describe_stack(2, layers);
    } catch (const ModelError& e) {
      from_describe = e.what();
    }
    EXPECT_FALSE(from_model.empty());
    EXPECT_EQ(from_describe, from_model);
  }
  EXPECT_THROW(describe_stack(0, {L::lstm(4)}), ModelError);
}

TEST(DescribeStack, TracksSequencesAndAutomaticReturnSequences) {
  const std::vector<LayerSpec> layers = {L::lstm(4), L::dense(3), L::gru(2), L::dense(1)};
  EXPECT_EQ(sequence_inputs(layers), (std::vector<bool>{true, false, false, false}));
  EXPECT_FALSE(return_sequences_are_automatic(layers));
  const std::vector<LayerSpec> fixed = with_automatic_return_sequences(layers);
  EXPECT_TRUE(fixed[0].return_sequences);
  EXPECT_FALSE(fixed[2].return_sequences);
  EXPECT_EQ(sequence_inputs(fixed), (std::vector<bool>{true, true, true, false}));
  EXPECT_NO_THROW(describe_stack(1, fixed));
}

TEST(LayerKinds, OneEntryPerKindWithConsistentFacts) {
  for (const LayerKindFacts& k : all_layer_kinds()) {
    EXPECT_EQ(&kind_facts(k.kind), &k);
    EXPECT_EQ(parse_layer_kind(k.name), k.kind);
    EXPECT_EQ(to_string(k.kind), std::string(k.name));
    EXPECT_EQ(k.recurrent, k.gates > 0);
    EXPECT_EQ(k.recurrent, !k.onnx_op.empty());
    std::vector<int> order(k.onnx_gate_order.begin(), k.onnx_gate_order.begin() + k.gates);
    std::sort(order.begin(), order.end());
    for (int g = 0; g < k.gates; ++g) EXPECT_EQ(order[std::size_t(g)], g) << k.name << ": not a permutation";
    const std::vector<ParamInfo> p = layer_params(L{k.kind, 5, Activation::Tanh, false, 0.1}, 3);
    EXPECT_EQ(p.size(), k.recurrent ? 4u : k.has_units ? 2u : 0u) << k.name;
    if (k.recurrent) EXPECT_EQ(p[0].shape, (std::vector<Index>{k.gates * 5, 3}));
  }
}

}  // namespace
}  // namespace rnnwb
