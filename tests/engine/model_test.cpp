// Model construction: stack checks with clear errors, shape inference, parameter counts,
// summary, initialisation schemes and inference.
#include "engine/nn/model.hpp"

#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "test_data.hpp"

namespace rnnwb {
namespace {

using L = LayerSpec;

std::string build_error(Index features, std::vector<LayerSpec> layers) {
  try {
    Model<float> m(features, std::move(layers));
  } catch (const ModelError& e) {
    return e.what();
  }
  return "";
}

TEST(ModelStack, RecurrentAfterLastStepOnlyIsExplained) {
  const std::string msg = build_error(3, {L::lstm(8, false), L::gru(4), L::dense(1)});
  EXPECT_NE(msg.find("layer 1 (gru) needs a sequence"), std::string::npos) << msg;
  EXPECT_NE(msg.find("layer 0 (lstm)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("return_sequences=true"), std::string::npos) << msg;
}

TEST(ModelStack, RecurrentAfterDenseOnLastStepIsRefused) {
  EXPECT_NE(build_error(3, {L::lstm(8), L::dense(4), L::lstm(2)}).find("needs a sequence"), std::string::npos);
}

TEST(ModelStack, BadSizesAreRefusedWithReasons) {
  EXPECT_NE(build_error(3, {}).find("no layers"), std::string::npos);
  EXPECT_NE(build_error(0, {L::lstm(4)}).find("input feature"), std::string::npos);
  EXPECT_NE(build_error(3, {L::lstm(0)}).find("at least 1 unit"), std::string::npos);
  EXPECT_NE(build_error(3, {L::lstm(4, true), L::dropout(1.0), L::dense(1)}).find("rate"), std::string::npos);
  EXPECT_NE(build_error(3, {L::simple_rnn(4, false, Activation::Sigmoid)}).find("tanh or relu"), std::string::npos);
}

TEST(ModelStack, SizesBeyondTheLimitsAreRefusedBeforeAnythingOverflows) {
  // 2e9 units overflowed int products (a segfault) before the memory check could run.
  EXPECT_NE(build_error(1, {L::lstm(2000000000), L::dense(1)}).find("at most 65536"), std::string::npos);
  std::vector<LayerSpec> deep(64, L::lstm(4, true));
  deep.push_back(L::dense(1));  // 65 layers: more than a model file may hold
  EXPECT_NE(build_error(1, deep).find("at most 64"), std::string::npos);
  EXPECT_NE(build_error(200000, {L::lstm(4), L::dense(1)}).find("at most 100000"), std::string::npos);
}

TEST(ModelStack, AModelLargerThanMemoryIsRefusedBeforeAllocating) {
  // 60000 LSTM units (within the 65536 a layer may have): 1.4e10 parameters, 58 GB of weights alone.
  const std::string error = build_error(1, {L::lstm(60000), L::dense(1)});
  EXPECT_NE(error.find("14400780001 parameters"), std::string::npos) << error;  // 4 * 6e4 * (6e4 + 1 + 2) + 6e4 + 1
  EXPECT_NE(error.find("GiB of memory"), std::string::npos) << error;
  EXPECT_NE(error.find("use fewer units"), std::string::npos) << error;
}

TEST(ModelStack, UnknownNamesListTheAcceptedOnes) {
  try {
    parse_layer_kind("transformer");
    FAIL();
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("rnn, lstm, gru, dense, dropout"), std::string::npos);
  }
  EXPECT_EQ(parse_layer_kind("SimpleRNN"), LayerKind::SimpleRNN);
  EXPECT_EQ(parse_activation("Sigmoid"), Activation::Sigmoid);
  EXPECT_THROW(parse_activation("gelu"), ModelError);
}

TEST(ModelShapes, OutputShapeFollowsReturnSequences) {
  Model<float> last(3, {L::lstm(8, true), L::gru(6), L::dense(2)});
  EXPECT_EQ(last.output_shape(20).steps, 1);
  EXPECT_EQ(last.output_shape(20).features, 2);
  Model<float> seq(3, {L::lstm(8, true), L::dropout(0.2), L::dense(4)});
  EXPECT_EQ(seq.output_shape(20).steps, 20);
  EXPECT_EQ(seq.output_shape(20).features, 4);
}

TEST(ModelShapes, ParameterCountsAreTorchs) {
  // PyTorch: LSTM 4H(in + H) + 8H (two biases), GRU 3H(in + H) + 6H, RNN H(in + H) + 2H, Linear out*in + out.
  Model<float> m(5, {L::lstm(7, true), L::gru(6, true), L::simple_rnn(4), L::dropout(0.1), L::dense(3)});
  const Index lstm = 4 * 7 * (5 + 7) + 8 * 7, gru = 3 * 6 * (7 + 6) + 6 * 6, rnn = 4 * (6 + 4) + 2 * 4,
              dense = 3 * 4 + 3;
  EXPECT_EQ(m.parameter_count(), lstm + gru + rnn + dense);
  std::vector<std::string> names;
  for (const auto& t : m.tensors()) names.push_back(t.name);
  EXPECT_EQ(names, (std::vector<std::string>{"layers.0.weight_ih", "layers.0.weight_hh", "layers.0.bias_ih",
                                             "layers.0.bias_hh", "layers.1.weight_ih", "layers.1.weight_hh",
                                             "layers.1.bias_ih", "layers.1.bias_hh", "layers.2.weight_ih",
                                             "layers.2.weight_hh", "layers.2.bias_ih", "layers.2.bias_hh",
                                             "layers.4.weight", "layers.4.bias"}));
  EXPECT_EQ(m.tensors()[0].shape, (std::vector<Index>{28, 5}));
  EXPECT_EQ(m.tensors().back().shape, (std::vector<Index>{3}));
}

TEST(ModelShapes, SummaryListsEveryLayerWithShapeAndCount) {
  Model<float> m(3, {L::lstm(64, true), L::dropout(0.2), L::gru(32), L::dense(1)});
  const std::string s = m.summary(50);
  EXPECT_NE(s.find("(None, 50, 64)"), std::string::npos) << s;
  EXPECT_NE(s.find("(None, 32)"), std::string::npos) << s;
  EXPECT_NE(s.find(std::to_string(4 * 64 * (3 + 64) + 8 * 64)), std::string::npos) << s;
  EXPECT_NE(s.find("Total params: " + std::to_string(m.parameter_count())), std::string::npos) << s;
  EXPECT_NE(s.find("dropout"), std::string::npos) << s;
}

TEST(ModelInit, KerasDefaults) {
  Model<double> m(3, {L::lstm(6), L::dense(2)}, {InitScheme::Keras, 5});
  const auto& p = m.parameters();
  const auto& t = m.tensors();
  // weight_ih: glorot_uniform bound sqrt(6 / (fan_in + fan_out)).
  const double limit = std::sqrt(6.0 / (3 + 24));
  const auto w_ih = p.segment(t[0].offset, t[0].size);
  EXPECT_LE(w_ih.cwiseAbs().maxCoeff(), limit);
  EXPECT_GT(w_ih.cwiseAbs().maxCoeff(), 0.5 * limit);
  // weight_hh (24 x 6): orthonormal columns.
  const Eigen::Map<const Eigen::Matrix<double, 24, 6, Eigen::RowMajor>> w_hh(p.data() + t[1].offset);
  EXPECT_TRUE((w_hh.transpose() * w_hh).isIdentity(1e-12));
  // Biases zero except the forget gate (units 6..11) of bias_ih, which is 1.
  for (Index i = 0; i < 24; ++i) {
    EXPECT_EQ(p[t[2].offset + i], (i >= 6 && i < 12) ? 1.0 : 0.0) << i;
    EXPECT_EQ(p[t[3].offset + i], 0.0) << i;
  }
  EXPECT_EQ(p.segment(t[5].offset, 2).cwiseAbs().maxCoeff(), 0.0);  // dense bias
}

TEST(ModelInit, TorchSchemeIsUniformInOneOverSqrtUnits) {
  Model<double> m(3, {L::gru(16), L::dense(4)}, {InitScheme::PyTorch, 5});
  const auto& t = m.tensors();
  const Index rnn_params = t[4].offset;
  const auto rnn = m.parameters().head(rnn_params);
  EXPECT_LE(rnn.cwiseAbs().maxCoeff(), 0.25);
  EXPECT_GT(rnn.cwiseAbs().maxCoeff(), 0.24);
  EXPECT_LE(m.parameters().tail(m.parameter_count() - rnn_params).cwiseAbs().maxCoeff(), 0.25);  // 1/sqrt(16)
}

TEST(ModelInit, TheSeedDecidesEveryWeight) {
  Model<float> a(3, {L::lstm(8), L::dense(1)}, {InitScheme::Keras, 42});
  Model<float> b(3, {L::lstm(8), L::dense(1)}, {InitScheme::Keras, 42});
  Model<float> c(3, {L::lstm(8), L::dense(1)}, {InitScheme::Keras, 43});
  EXPECT_EQ(a.parameters(), b.parameters());
  EXPECT_NE(a.parameters(), c.parameters());
}

TEST(ModelPredict, ChunkedPredictionEqualsOneBigBatch) {
  Model<float> m(2, {L::gru(8, true), L::dropout(0.5), L::lstm(4), L::dense(3)}, {InitScheme::PyTorch, 1});
  Rng rng(2);
  const auto x = testing::random_tensor<float>(37, 9, 2, rng);
  const Tensor3<float> whole = m.predict(x, 1000);
  const Tensor3<float> chunked = m.predict(x, 5);
  ASSERT_EQ(whole.batch, 37);
  ASSERT_EQ(whole.steps, 1);
  ASSERT_EQ(whole.features, 3);
  for (std::size_t i = 0; i < whole.data.size(); ++i) EXPECT_NEAR(whole.data[i], chunked.data[i], 1e-6);
  // Dropout is off in inference: the same input gives the same output.
  EXPECT_EQ(m.predict(x, 1000).data, whole.data);
}

TEST(ModelPredict, ASampleDoesNotDependOnItsBatchMates) {
  Model<double> m(2, {L::lstm(5, true), L::dense(1)}, {InitScheme::PyTorch, 3});
  Rng rng(4);
  auto x = testing::random_tensor<double>(4, 6, 2, rng);
  const Tensor3<double> before = m.predict(x);
  for (Index t = 0; t < 6; ++t) x(3, t, 0) += 1.0;  // change only sample 3
  const Tensor3<double> after = m.predict(x);
  for (Index b = 0; b < 3; ++b)
    for (Index t = 0; t < 6; ++t) EXPECT_EQ(before(b, t, 0), after(b, t, 0));
  EXPECT_NE(before(3, 5, 0), after(3, 5, 0));
}

TEST(ModelPredict, WrongFeatureCountIsAShapeError) {
  Model<float> m(3, {L::lstm(4), L::dense(1)});
  EXPECT_THROW(m.predict(Tensor3<float>(2, 5, 4)), ShapeError);
}

TEST(ModelCopy, ACopyOwnsItsWeights) {
  Model<float> a(3, {L::lstm(4), L::dense(1)}, {InitScheme::Keras, 1});
  Model<float> b = a;
  b.parameters().setZero();
  EXPECT_GT(a.parameters().cwiseAbs().maxCoeff(), 0.0f);
  Rng rng(1);
  const auto x = testing::random_tensor<float>(2, 3, 3, rng);
  EXPECT_NE(a.predict(x).data, b.predict(x).data);
}

}  // namespace
}  // namespace rnnwb
