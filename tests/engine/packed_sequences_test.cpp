// Variable-length sequences: a padded batch gives exactly what each sequence gives trimmed and
// run alone (forward, and the gradient of a sum of per-sequence losses), for every cell, stacks
// and bidirectional layers, in training and inference and with several threads; gradient checks
// of the packed backward pass against finite differences (double). PyTorch parity of packed and
// bidirectional passes is in parity_test.cpp (fixtures *_packed, bi*).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "engine/core/padding.hpp"
#include "engine/nn/model.hpp"
#include "engine/train/data_parallel.hpp"
#include "engine/train/loss.hpp"
#include "engine/train/trainer.hpp"
#include "test_data.hpp"

namespace rnnwb {
namespace {

using L = LayerSpec;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct StackCase {
  std::string name;
  std::vector<LayerSpec> layers;
};
std::ostream& operator<<(std::ostream& os, const StackCase& c) { return os << c.name; }

std::vector<StackCase> stack_cases() {
  return {
      {"lstm", {L::lstm(5), L::dense(2)}},
      {"gru", {L::gru(4), L::dense(1)}},
      {"rnn", {L::simple_rnn(6), L::dense(1)}},
      {"rnn_relu", {L::simple_rnn(4, false, Activation::Relu), L::dense(1)}},
      {"stack_seq", {L::lstm(5, true), L::dense(4, Activation::Tanh), L::gru(4, true), L::simple_rnn(3), L::dense(2)}},
      {"bilstm", {L::lstm(4).both_directions(), L::dense(1)}},
      {"bigru_stack", {L::gru(4, true).both_directions(), L::lstm(3).both_directions(), L::dense(2)}},
      {"birnn_seq_out", {L::simple_rnn(3, true).both_directions(), L::dense(2)}}};
}

// Random sequences of lengths `spans` inside `steps` steps, NaN elsewhere.
template <class T>
Tensor3<T> padded(const std::vector<ValidSpan>& spans, Index steps, Index features, Rng& rng) {
  Tensor3<T> x = testing::random_tensor<T>(Index(spans.size()), steps, features, rng);
  for (Index b = 0; b < x.batch; ++b)
    for (Index t = 0; t < steps; ++t)
      if (t < spans[std::size_t(b)].first || t >= spans[std::size_t(b)].first + spans[std::size_t(b)].length)
        for (Index f = 0; f < features; ++f) x(b, t, f) = T(kNaN);
  return x;
}

template <class T>
Tensor3<T> trimmed(const Tensor3<T>& x, Index b, const ValidSpan& s) {
  Tensor3<T> one(1, s.length, x.features);
  for (Index t = 0; t < s.length; ++t)
    for (Index f = 0; f < x.features; ++f) one(0, t, f) = x(b, s.first + t, f);
  return one;
}

const std::vector<ValidSpan> kSpans = {{0, 9}, {3, 2}, {0, 1}, {2, 7}, {4, 5}, {0, 9}, {1, 6}};

class Packed : public ::testing::TestWithParam<StackCase> {};

TEST_P(Packed, PaddedBatchPredictsWhatEachTrimmedSequencePredictsAlone) {
  Model<float> model(3, GetParam().layers, {InitScheme::PyTorch, 5});
  Rng rng(2);
  const Tensor3<float> x = padded<float>(kSpans, 9, 3, rng);
  for (const int threads : {1, 2})
    for (const Index batch : {Index(256), Index(3)}) {  // one chunk, and chunks of mixed lengths
      const Tensor3<float> y = model.predict(x, batch, threads);
      for (Index b = 0; b < x.batch; ++b) {
        const ValidSpan& s = kSpans[std::size_t(b)];
        const Tensor3<float> alone = model.predict(trimmed(x, b, s));
        const bool sequence = y.steps > 1;
        for (Index t = 0; t < alone.steps; ++t)
          for (Index f = 0; f < y.features; ++f)
            EXPECT_NEAR(y(b, sequence ? s.first + t : t, f), alone(0, t, f), 1e-5)
                << "sequence " << b << " step " << t << " threads " << threads << " batch " << batch;
        if (sequence)  // padding steps of a sequence output are NaN, as in the input
          for (Index t = 0; t < y.steps; ++t) {
            if (t < s.first || t >= s.first + s.length) {
              EXPECT_TRUE(std::isnan(y(b, t, 0))) << b << " " << t;
            }
          }
      }
    }
}

TEST_P(Packed, PaddedBatchGradientIsTheSumOfEachTrimmedSequencesGradient) {
  if (GetParam().name == "birnn_seq_out") GTEST_SKIP() << "the loss is on the last step only";
  Model<double> model(3, GetParam().layers, {InitScheme::PyTorch, 5});
  Rng rng(4);
  const Tensor3<double> x = padded<double>(kSpans, 9, 3, rng);
  const OutputShape os = model.output_shape(1);
  const Tensor3<double> target = testing::random_tensor<double>(x.batch, 1, os.features, rng);
  Dataset<double> data{x, target};
  std::vector<Index> rows(std::size_t(x.batch));
  std::iota(rows.begin(), rows.end(), Index(0));
  // MSE is a mean over the batch: the batch's gradient is the mean of the sequences' gradients.
  DataParallel<double> batch(model, 1, 0);
  batch.loss_and_gradients({LossKind::MSE}, data, rows.data(), x.batch, padding_spans(x));
  Vector<double> expected = Vector<double>::Zero(model.parameter_count());
  for (Index b = 0; b < x.batch; ++b) {
    Dataset<double> one{trimmed(x, b, kSpans[std::size_t(b)]), Tensor3<double>(1, 1, os.features)};
    for (Index f = 0; f < os.features; ++f) one.y(0, 0, f) = target(b, 0, f);
    DataParallel<double> single(model, 1, 0);
    const Index row = 0;
    single.loss_and_gradients({LossKind::MSE}, one, &row, 1);
    expected += single.gradients() / double(x.batch);
  }
  EXPECT_LT((batch.gradients() - expected).norm(), 1e-10 * (1 + expected.norm()));
  EXPECT_GT(expected.norm(), 0);
}

TEST_P(Packed, PackedGradientsMatchFiniteDifferences) {
  Model<double> model(3, GetParam().layers, {InitScheme::PyTorch, 8});
  Rng rng(6);
  for (Index i = 0; i < model.parameter_count(); ++i) model.parameters()[i] = rng.uniform(-0.6, 0.6);
  const Tensor3<double> xt = padded<double>(kSpans, 9, 3, rng);
  const std::vector<ValidSpan> spans = valid_spans(xt);
  std::vector<Index> rows(std::size_t(xt.batch));
  std::iota(rows.begin(), rows.end(), Index(0));
  SeqMatrix<double> x;
  gather_packed(xt, spans, rows.data(), xt.batch, x);
  ModelWorkspace<double> ws = model.workspace();
  const SeqMatrix<double>& probe = model.forward(ws, x, true);
  const Matrix<double> target = Matrix<double>::Random(probe.m.rows(), probe.m.cols());
  // The loss only counts valid outputs: padding of a sequence output is not a prediction.
  Matrix<double> mask = Matrix<double>::Ones(probe.m.rows(), probe.m.cols());
  if (probe.packed())
    for (Index t = 0; t < probe.steps; ++t)
      for (Index i = 0; i < probe.batch; ++i)
        if (t >= probe.lengths[std::size_t(i)]) mask.col(t * probe.batch + i).setZero();
  const auto loss_at = [&](const SeqMatrix<double>& in, Matrix<double>* grad) {
    const Matrix<double> out = model.forward(ws, in, true).m.cwiseProduct(mask);
    const Matrix<double> t = target.cwiseProduct(mask);
    const double value = loss_and_gradient<double>({LossKind::MSE}, out, t, grad);
    if (grad) *grad = grad->cwiseProduct(mask);
    return value;
  };
  SeqMatrix<double> d_out, dx;
  loss_at(x, &d_out.m);
  d_out.steps = probe.steps;
  d_out.batch = probe.batch;
  model.forward(ws, x, true);
  model.backward(ws, d_out, &dx);
  const Vector<double> analytic = ws.gradients;
  Vector<double> numeric(model.parameter_count());
  const double eps = 1e-6;
  for (Index i = 0; i < model.parameter_count(); ++i) {
    const double saved = model.parameters()[i];
    model.parameters()[i] = saved + eps;
    const double up = loss_at(x, nullptr);
    model.parameters()[i] = saved - eps;
    const double down = loss_at(x, nullptr);
    model.parameters()[i] = saved;
    numeric[i] = (up - down) / (2 * eps);
  }
  for (const NamedTensor& t : model.tensors()) {
    const Vector<double> a = analytic.segment(t.offset, t.size), n = numeric.segment(t.offset, t.size);
    EXPECT_LT((a - n).norm() / (a.norm() + n.norm() + 1e-300), 1e-6) << t.name;
  }
  // dLoss/dx at valid steps; zero at padding.
  for (Index c = 0; c < x.m.cols(); ++c) {
    const Index t = c / x.batch, i = c % x.batch;
    for (Index f = 0; f < x.m.rows(); ++f) {
      if (t >= x.lengths[std::size_t(i)]) {
        EXPECT_EQ(dx.m(f, c), 0.0);
        continue;
      }
      SeqMatrix<double> moved = x;
      moved.m(f, c) += eps;
      const double up = loss_at(moved, nullptr);
      moved.m(f, c) -= 2 * eps;
      const double down = loss_at(moved, nullptr);
      EXPECT_NEAR(dx.m(f, c), (up - down) / (2 * eps), 1e-7 * (1 + std::abs(dx.m(f, c))));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Stacks, Packed, ::testing::ValuesIn(stack_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(PackedTraining, FitOnPaddedSequencesEqualsFitOnTheSameSequencesPaddedDifferently) {
  // Where the padding lies (before or after the valid steps, how much) changes nothing.
  Rng rng(9);
  const std::vector<ValidSpan> late = {{0, 4}, {0, 6}, {0, 2}, {0, 5}, {0, 3}, {0, 6}};
  const std::vector<ValidSpan> early = {{5, 4}, {0, 6}, {1, 2}, {4, 5}, {6, 3}, {3, 6}};
  Dataset<float> a{padded<float>(late, 9, 2, rng), testing::random_tensor<float>(6, 1, 1, rng)};
  Dataset<float> b{Tensor3<float>(6, 11, 2), a.y};
  for (float& v : b.x.data) v = float(kNaN);
  for (Index r = 0; r < 6; ++r)
    for (Index t = 0; t < late[std::size_t(r)].length; ++t)
      for (Index f = 0; f < 2; ++f) b.x(r, early[std::size_t(r)].first + t, f) = a.x(r, t, f);
  FitConfig config;
  config.epochs = 4;
  config.batch_size = 4;
  config.seed = 3;
  Model<float> ma(2, {L::gru(4), L::dense(1)}, {InitScheme::PyTorch, 1}), mb = ma;
  const FitResult ra = fit(ma, a, nullptr, config), rb = fit(mb, b, nullptr, config);
  ASSERT_EQ(ra.status, FitStatus::Completed) << ra.message;
  for (int e = 0; e < 4; ++e) EXPECT_NEAR(ra.history[e].train_loss, rb.history[e].train_loss, 1e-6);
  EXPECT_LT((ma.parameters() - mb.parameters()).norm(), 1e-5);
  EXPECT_NE(ra.history[0].train_loss, ra.history[3].train_loss);
}

TEST(PaddingRules, ValidSpansNameTheSequenceAndStepOfEachBrokenRule) {
  Tensor3<float> x(2, 5, 2);
  for (float& v : x.data) v = 1;
  EXPECT_EQ(valid_spans(x), (std::vector<ValidSpan>{{0, 5}, {0, 5}}));
  EXPECT_TRUE(padding_spans(x).empty());
  x(1, 0, 0) = x(1, 0, 1) = float(kNaN);
  x(1, 4, 0) = x(1, 4, 1) = float(kNaN);
  EXPECT_EQ(padding_spans(x), (std::vector<ValidSpan>{{0, 5}, {1, 3}}));
  x(1, 2, 0) = x(1, 2, 1) = float(kNaN);
  try {
    valid_spans(x);
    FAIL() << "padding between valid steps was accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("sequence 1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("step 2"), std::string::npos) << e.what();
  }
  x(1, 2, 1) = 1;
  try {
    valid_spans(x);
    FAIL() << "a partly NaN step was accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("X[1, 2, 0]"), std::string::npos) << e.what();
  }
  for (float& v : x.data) v = float(kNaN);
  EXPECT_THROW(valid_spans(x), DataError);  // no valid step
  x(0, 0, 0) = std::numeric_limits<float>::infinity();
  EXPECT_THROW(valid_spans(x), DataError);
}

}  // namespace
}  // namespace rnnwb
