// Gradient checks: the analytic gradients of every layer type, stacks, return_sequences on and
// off, multi-feature inputs and every loss (cross-entropy with and without class weights) agree with central finite
// differences in double. Error measure: ||analytic - numeric|| / (||analytic|| + ||numeric||), over all parameters and
// separately over dLoss/dInput.
#include <gtest/gtest.h>

#include "engine/nn/model.hpp"
#include "engine/train/loss.hpp"
#include "test_data.hpp"

namespace rnnwb {
namespace {

struct GradCase {
  std::string name;
  Index features, steps, batch;
  std::vector<LayerSpec> layers;
  LossConfig loss;
};

std::ostream& operator<<(std::ostream& os, const GradCase& c) { return os << c.name; }

double relative(const Vector<double>& a, const Vector<double>& b) {
  const double denom = a.norm() + b.norm();
  return denom > 0 ? (a - b).norm() / denom : 0.0;
}

class GradientCheck : public ::testing::TestWithParam<GradCase> {};

TEST_P(GradientCheck, AnalyticGradientsMatchFiniteDifferences) {
  const GradCase& c = GetParam();
  Model<double> model(c.features, c.layers, {InitScheme::PyTorch, 7});
  Rng rng(11);
  // Non-zero random weights and biases everywhere, so no term can hide behind a zero.
  for (Index i = 0; i < model.parameter_count(); ++i) model.parameters()[i] = rng.uniform(-0.6, 0.6);
  const auto xt = testing::random_tensor<double>(c.batch, c.steps, c.features, rng);
  SeqMatrix<double> x = testing::as_batch(xt);
  const OutputShape os = model.output_shape(c.steps);
  auto yt = testing::random_tensor<double>(c.batch, os.steps, target_features(c.loss, os.features), rng);
  if (c.loss.kind == LossKind::CrossEntropy)  // class labels, each class drawn at least once
    for (Index i = 0; i < yt.size(); ++i) yt.data[std::size_t(i)] = double(i % os.features);
  const SeqMatrix<double> y = testing::as_batch(yt);

  // The same dropout mask on every evaluation.
  ModelWorkspace<double> ws = model.workspace();
  auto loss_at = [&](const SeqMatrix<double>& input) {
    ws.seed_dropout(3);
    return loss_and_gradient<double>(c.loss, model.forward(ws, input, true).m, y.m, nullptr);
  };

  SeqMatrix<double> d_out, dx;
  ws.seed_dropout(3);
  loss_and_gradient<double>(c.loss, model.forward(ws, x, true).m, y.m, &d_out.m);
  d_out.steps = y.steps;
  d_out.batch = y.batch;
  model.backward(ws, d_out, &dx);
  const Vector<double> analytic = ws.gradients;
  ASSERT_GT(analytic.norm(), 0.0);

  const double eps = 1e-6;
  Vector<double> numeric(model.parameter_count());
  for (Index i = 0; i < model.parameter_count(); ++i) {
    const double saved = model.parameters()[i];
    model.parameters()[i] = saved + eps;
    const double up = loss_at(x);
    model.parameters()[i] = saved - eps;
    const double down = loss_at(x);
    model.parameters()[i] = saved;
    numeric[i] = (up - down) / (2 * eps);
  }
  EXPECT_LT(relative(analytic, numeric), 1e-6) << "parameter gradients";
  // Each named tensor on its own, so a wrong small tensor (a bias) cannot hide in the total.
  for (const NamedTensor& t : model.tensors())
    EXPECT_LT(relative(analytic.segment(t.offset, t.size), numeric.segment(t.offset, t.size)), 1e-6) << t.name;

  Vector<double> dx_numeric(x.m.size());
  for (Index i = 0; i < x.m.size(); ++i) {
    const double saved = x.m.data()[i];
    x.m.data()[i] = saved + eps;
    const double up = loss_at(x);
    x.m.data()[i] = saved - eps;
    const double down = loss_at(x);
    x.m.data()[i] = saved;
    dx_numeric[i] = (up - down) / (2 * eps);
  }
  EXPECT_LT(relative(Eigen::Map<const Vector<double>>(dx.m.data(), dx.m.size()), dx_numeric), 1e-6) << "input gradient";
}

const LossConfig kMse{LossKind::MSE, 1.0};
const LossConfig kMae{LossKind::MAE, 1.0};
const LossConfig kHuber{LossKind::Huber, 0.7};
const LossConfig kCrossEntropy{LossKind::CrossEntropy, 1.0};
const LossConfig kWeightedCrossEntropy{LossKind::CrossEntropy, 1.0, {0.4, 2.5, 1.3}};
using L = LayerSpec;

INSTANTIATE_TEST_SUITE_P(
    Layers, GradientCheck,
    ::testing::Values(
        GradCase{"rnn_tanh_last", 3, 5, 4, {L::simple_rnn(5), L::dense(1)}, kMse},
        GradCase{"rnn_relu_seq", 3, 5, 4, {L::simple_rnn(5, true, Activation::Relu), L::dense(2)}, kMse},
        GradCase{"lstm_last", 3, 5, 4, {L::lstm(5), L::dense(1)}, kMse},
        GradCase{"lstm_seq", 2, 6, 3, {L::lstm(4, true), L::dense(2, Activation::Tanh)}, kMse},
        GradCase{"gru_last", 3, 5, 4, {L::gru(5), L::dense(1)}, kMse},
        GradCase{"gru_seq", 2, 6, 3, {L::gru(4, true), L::dense(3, Activation::Sigmoid)}, kMse},
        GradCase{"single_feature_single_step", 1, 1, 2, {L::lstm(3), L::dense(1)}, kMse},
        GradCase{"lstm_gru_rnn_stack",
                 4,
                 5,
                 3,
                 {L::lstm(5, true), L::gru(4, true), L::simple_rnn(3), L::dense(2, Activation::Relu), L::dense(1)},
                 kMse},
        GradCase{"gru_stack_seq_out", 3, 4, 2, {L::gru(4, true), L::gru(3, true), L::dense(2)}, kMse},
        GradCase{"dense_activations",
                 3,
                 4,
                 3,
                 {L::lstm(5), L::dense(4, Activation::Sigmoid), L::dense(4, Activation::Tanh),
                  L::dense(3, Activation::Relu), L::dense(2)},
                 kMse},
        GradCase{"dropout_between",
                 3,
                 5,
                 4,
                 {L::lstm(6, true), L::dropout(0.3), L::gru(4), L::dropout(0.5), L::dense(1)},
                 kMse},
        GradCase{"lstm_mae",
                 3,
                 5,
                 3,  // odd batch: a bias gradient (a mean of signs) cannot be exactly 0
                 {L::lstm(5), L::dense(2)},
                 kMae},
        GradCase{"gru_huber", 3, 5, 4, {L::gru(5, true), L::dense(2)}, kHuber},
        GradCase{"rnn_huber", 2, 7, 3, {L::simple_rnn(4), L::dense(3)}, kHuber},
        GradCase{"lstm_cross_entropy", 3, 5, 4, {L::lstm(5), L::dense(4)}, kCrossEntropy},
        // 5 samples over 3 classes: unequal weight totals per class
        GradCase{"gru_weighted_cross_entropy", 2, 4, 5, {L::gru(4), L::dense(3)}, kWeightedCrossEntropy},
        GradCase{
            "rnn_seq_cross_entropy_per_step", 2, 4, 3, {L::simple_rnn(4, true), L::dense(3)}, kWeightedCrossEntropy}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace rnnwb
