#include "engine/nn/model_stream.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "engine/core/error.hpp"

namespace rnnwb {
namespace {

struct StreamCase {
  std::string name;
  Index features;
  std::vector<LayerSpec> layers;
};

std::vector<StreamCase> stream_cases() {
  return {
      {"lstm", 3, {LayerSpec::lstm(8), LayerSpec::dense(2)}},
      {"gru", 2, {LayerSpec::gru(7), LayerSpec::dense(1)}},
      {"rnn_relu", 1, {LayerSpec::simple_rnn(5, false, Activation::Relu), LayerSpec::dense(1)}},
      {"stacked_lstm_dropout",
       2,
       {LayerSpec::lstm(6, true), LayerSpec::dropout(0.3), LayerSpec::lstm(4), LayerSpec::dense(1, Activation::Tanh)}},
      {"dense_first_then_gru",
       3,
       {LayerSpec::dense(4, Activation::Relu), LayerSpec::gru(5, true), LayerSpec::dense(2)}},
      {"sequence_output", 2, {LayerSpec::gru(4, true), LayerSpec::lstm(3, true)}},
  };
}

template <class T>
Tensor3<T> random_sequence(Index steps, Index features, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal;
  Tensor3<T> x(1, steps, features);
  for (T& v : x.data) v = T(normal(gen));
  return x;
}

// The output after step t equals predicting the prefix 1..t (its last output step).
template <class T>
void expect_prefix_equality(const StreamCase& c, double tolerance) {
  const Model<T> model(c.features, c.layers, InitOptions{InitScheme::PyTorch, 11});
  ModelStream<T> stream(model);
  ASSERT_EQ(stream.output_features(), model.output_shape(1).features);
  const Index steps = 12;
  const Tensor3<T> x = random_sequence<T>(steps, c.features, 5);
  for (int pass = 0; pass < 2; ++pass) {  // the second pass after reset() gives the same outputs
    for (Index t = 1; t <= steps; ++t) {
      const T* out = stream.step(&x.data[std::size_t((t - 1) * c.features)]);
      Tensor3<T> prefix(1, t, c.features);
      std::copy(x.data.begin(), x.data.begin() + t * c.features, prefix.data.begin());
      const Tensor3<T> y = model.predict(prefix);
      const Index last = y.steps - 1;
      for (Index f = 0; f < y.features; ++f)
        EXPECT_NEAR(out[f], y(0, last, f), tolerance * (1 + std::abs(double(y(0, last, f)))))
            << c.name << " pass " << pass << " step " << t << " output " << f;
    }
    EXPECT_EQ(stream.steps(), steps);
    stream.reset();
    EXPECT_EQ(stream.steps(), 0);
  }
}

TEST(ModelStream, EachStepsOutputIsThePrefixPredictionInDouble) {
  for (const StreamCase& c : stream_cases()) expect_prefix_equality<double>(c, 1e-12);
}

TEST(ModelStream, EachStepsOutputIsThePrefixPredictionInFloat) {
  for (const StreamCase& c : stream_cases()) expect_prefix_equality<float>(c, 1e-5);
}

TEST(ModelStream, ABidirectionalModelIsRefusedWithTheReason) {
  const Model<float> model(2, {LayerSpec::lstm(4).both_directions(), LayerSpec::dense(1)});
  try {
    ModelStream<float> stream(model);
    FAIL() << "a bidirectional layer cannot stream";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("bidirectional"), std::string::npos) << e.what();
  }
}

// The stream copies the weights: changing the model afterwards does not change it.
TEST(ModelStream, KeepsTheWeightsItWasBuiltWith) {
  Model<double> model(1, {LayerSpec::lstm(3), LayerSpec::dense(1)}, InitOptions{InitScheme::PyTorch, 3});
  ModelStream<double> a(model);
  const double x = 0.5, first = a.step(&x)[0];
  model.parameters().setZero();
  a.reset();
  EXPECT_EQ(a.step(&x)[0], first);
}

}  // namespace
}  // namespace rnnwb
