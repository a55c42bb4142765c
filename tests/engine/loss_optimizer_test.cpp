// Losses, optimizers, clipping and schedules against values worked out by hand from PyTorch's
// formulas (the parity test checks the same rules against torch itself on real models).
#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/train/loss.hpp"
#include "engine/train/lr_schedule.hpp"
#include "engine/train/optimizer.hpp"

namespace rnnwb {
namespace {

Matrix<double> row(std::initializer_list<double> v) {
  Matrix<double> m(1, Index(v.size()));
  Index i = 0;
  for (double x : v) m(0, i++) = x;
  return m;
}

TEST(Loss, MseMaeHuberValuesAndGradients) {
  const Matrix<double> pred = row({1, 2, 3}), target = row({0, 2, 5});
  Matrix<double> g;
  EXPECT_DOUBLE_EQ(loss_and_gradient<double>({LossKind::MSE}, pred, target, &g), 5.0 / 3);
  EXPECT_TRUE(g.isApprox(row({2.0 / 3, 0, -4.0 / 3})));
  EXPECT_DOUBLE_EQ(loss_and_gradient<double>({LossKind::MAE}, pred, target, &g), 1.0);
  EXPECT_TRUE(g.isApprox(row({1.0 / 3, 0, -1.0 / 3})));  // sign(0) = 0 at the exact hit
  EXPECT_DOUBLE_EQ(loss_and_gradient<double>({LossKind::Huber, 1.5}, pred, target, &g), (0.5 + 1.875) / 3);
  EXPECT_TRUE(g.isApprox(row({1.0 / 3, 0, -0.5})));
}

TEST(Loss, MismatchedShapesAndBadNamesAreErrors) {
  EXPECT_THROW(loss_and_gradient<double>({LossKind::MSE}, row({1, 2}), row({1, 2, 3}), nullptr), ShapeError);
  EXPECT_THROW(loss_and_gradient<double>({LossKind::Huber, 0.0}, row({1}), row({1}), nullptr), ConfigError);
  EXPECT_THROW(parse_loss("hinge"), ConfigError);
  EXPECT_EQ(parse_loss("huber"), LossKind::Huber);
  EXPECT_EQ(parse_loss(" Cross_Entropy "), LossKind::CrossEntropy);
}

double one_step(OptimizerConfig c, int steps = 1) {
  Optimizer<double> opt(c);
  Vector<double> p = Vector<double>::Constant(1, 1.0), g = Vector<double>::Constant(1, 0.5);
  for (int i = 0; i < steps; ++i) opt.step(p, g, c.lr);
  return p[0];
}

TEST(Optimizer, UpdateRulesAreTorchs) {
  // p = 1, g = 0.5, lr = 0.1 throughout.
  EXPECT_NEAR(one_step(OptimizerConfig::defaults(OptimizerKind::SGD, 0.1)), 0.95, 1e-12);
  OptimizerConfig nesterov = OptimizerConfig::defaults(OptimizerKind::SGD, 0.1);
  nesterov.momentum = 0.9;
  nesterov.nesterov = true;
  EXPECT_NEAR(one_step(nesterov, 1), 1 - 0.1 * 0.95, 1e-12);       // buf = g; d = g + mu * buf
  EXPECT_NEAR(one_step(nesterov, 2), 0.905 - 0.1 * 1.355, 1e-12);  // buf = 0.95; d = 0.5 + 0.9 * 0.95
  // Adam's first step moves by lr (m_hat / sqrt(v_hat) = 1), eps added after bias correction.
  EXPECT_NEAR(one_step(OptimizerConfig::defaults(OptimizerKind::Adam, 0.1)), 1 - 0.1 * 0.5 / (0.5 + 1e-8), 1e-12);
  OptimizerConfig adamw = OptimizerConfig::defaults(OptimizerKind::AdamW, 0.1);
  adamw.weight_decay = 0.1;
  EXPECT_NEAR(one_step(adamw), 1 * (1 - 0.01) - 0.1 * 0.5 / (0.5 + 1e-8), 1e-12);  // decoupled decay first
  // RMSprop: v = 0.01 * g^2, step lr * g / (sqrt(v) + eps) = 1.
  EXPECT_NEAR(one_step(OptimizerConfig::defaults(OptimizerKind::RMSprop, 0.1)), 1 - 0.1 * 0.5 / (0.05 + 1e-8), 1e-12);
  OptimizerConfig l2 = OptimizerConfig::defaults(OptimizerKind::SGD, 0.1);
  l2.weight_decay = 0.2;
  EXPECT_NEAR(one_step(l2), 1 - 0.1 * (0.5 + 0.2), 1e-12);  // coupled L2: g + wd * p
}

TEST(Optimizer, BadSettingsAreRefused) {
  EXPECT_THROW(Optimizer<float>(OptimizerConfig::defaults(OptimizerKind::Adam, 0.0)), ConfigError);
  OptimizerConfig c = OptimizerConfig::defaults(OptimizerKind::SGD, 0.1);
  c.nesterov = true;
  EXPECT_THROW(Optimizer<float>{c}, ConfigError);
  EXPECT_THROW(parse_optimizer("lbfgs"), ConfigError);
}

TEST(Clipping, ScalesToTheMaxNormOnlyWhenAbove) {
  Vector<double> g(2);
  g << 3, 4;
  EXPECT_DOUBLE_EQ(clip_by_global_norm(g, 10.0), 5.0);
  EXPECT_EQ(g, (Vector<double>(2) << 3, 4).finished());
  EXPECT_DOUBLE_EQ(clip_by_global_norm(g, 1.0), 5.0);
  EXPECT_NEAR(g.norm(), 1.0, 1e-6);
  EXPECT_NEAR(g[0] / g[1], 0.75, 1e-12);
}

std::vector<double> rates(ScheduleConfig c, std::vector<double> losses) {
  LrSchedule s(c, 1.0, int(losses.size()));
  std::vector<double> out;
  for (double l : losses) {
    out.push_back(s.lr());
    s.epoch_end(l);
  }
  return out;
}

TEST(Schedule, StepCosineAndPlateau) {
  ScheduleConfig step{ScheduleKind::Step};
  step.step_size = 2;
  step.gamma = 0.5;
  EXPECT_EQ(rates(step, {1, 1, 1, 1, 1}), (std::vector<double>{1, 1, 0.5, 0.5, 0.25}));

  ScheduleConfig cosine{ScheduleKind::Cosine};
  cosine.t_max = 4;
  const auto c = rates(cosine, {1, 1, 1, 1, 1});
  const std::vector<double> expect{1, (1 + std::cos(M_PI / 4)) / 2, 0.5, (1 + std::cos(3 * M_PI / 4)) / 2, 0};
  for (std::size_t i = 0; i < c.size(); ++i) EXPECT_NEAR(c[i], expect[i], 1e-12) << i;

  ScheduleConfig plateau{ScheduleKind::ReduceOnPlateau};
  plateau.patience = 1;
  plateau.factor = 0.5;
  EXPECT_EQ(rates(plateau, {1, 1, 1, 0.5, 0.5, 0.5, 0.5}), (std::vector<double>{1, 1, 1, 0.5, 0.5, 0.5, 0.25}));

  EXPECT_EQ(rates(ScheduleConfig{}, {3, 2, 1}), (std::vector<double>{1, 1, 1}));
  EXPECT_EQ(parse_schedule("cosine"), ScheduleKind::Cosine);
  EXPECT_THROW(parse_schedule("warmup"), ConfigError);
}

}  // namespace
}  // namespace rnnwb
