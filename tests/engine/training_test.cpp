// fit(): it learns something real, it is deterministic, and stop / pause / divergence / early
// stopping behave as the workbench needs.
#include <gtest/gtest.h>

#include <cmath>
#include <future>
#include <thread>

#include "engine/core/error.hpp"
#include "engine/train/trainer.hpp"
#include "test_data.hpp"

namespace rnnwb {
namespace {

using L = LayerSpec;

// Windows of a noisy sine: input rows j-window..j-1, target row j.
struct SineData {
  Dataset<float> train, test;
  double persistence_test_mse = 0;
};

SineData noisy_sine(Index length = 600, Index window = 16, double noise = 0.1) {
  Rng rng(99);
  std::vector<double> s(static_cast<std::size_t>(length));
  for (Index t = 0; t < length; ++t) s[std::size_t(t)] = std::sin(2 * M_PI * double(t) / 20.0) + noise * rng.normal();
  const Index windows = length - window, n_train = windows * 3 / 4;
  auto make = [&](Index first, Index count) {
    Dataset<float> d{Tensor3<float>(count, window, 1), Tensor3<float>(count, 1, 1)};
    for (Index i = 0; i < count; ++i) {
      const Index j = first + i + window;  // target row
      for (Index k = 0; k < window; ++k) d.x(i, k, 0) = float(s[std::size_t(j - window + k)]);
      d.y(i, 0, 0) = float(s[std::size_t(j)]);
    }
    return d;
  };
  SineData out{make(0, n_train), make(n_train, windows - n_train)};
  for (Index i = 0; i < out.test.size(); ++i)
    out.persistence_test_mse += std::pow(out.test.x(i, window - 1, 0) - out.test.y(i, 0, 0), 2);
  out.persistence_test_mse /= double(out.test.size());
  return out;
}

FitConfig quick_config(int epochs) {
  FitConfig c;
  c.epochs = epochs;
  c.batch_size = 32;
  c.optimizer = OptimizerConfig::defaults(OptimizerKind::Adam, 0.01);
  c.seed = 5;
  c.threads = 2;
  return c;
}

TEST(Training, LstmLearnsANoisySineFarBetterThanPersistence) {
  SineData d = noisy_sine();
  Model<float> model(1, {L::lstm(16), L::dense(1)}, {InitScheme::Keras, 1});
  const FitResult r = fit(model, d.train, &d.test, quick_config(30));
  ASSERT_EQ(r.status, FitStatus::Completed) << r.message;
  const double mse = evaluate_loss(model, d.test, {LossKind::MSE});
  std::printf("noisy sine one step ahead: LSTM test MSE %.4f, persistence %.4f, noise floor %.4f\n", mse,
              d.persistence_test_mse, 0.01);
  EXPECT_LT(mse, 0.4 * d.persistence_test_mse);
  EXPECT_LT(r.history.back().train_loss, r.history.front().train_loss);
}

TEST(Training, SameSeedDataAndThreadsGiveABitIdenticalHistory) {
  SineData d = noisy_sine(300);
  auto run = [&](std::uint64_t seed) {
    Model<float> model(1, {L::gru(12, true), L::dropout(0.2), L::lstm(8), L::dense(1)}, {InitScheme::Keras, seed});
    FitConfig c = quick_config(3);
    c.seed = seed;
    return fit(model, d.train, &d.test, c).history;
  };
  const auto a = run(7), b = run(7), other = run(8);
  ASSERT_EQ(a.size(), 3u);
  for (std::size_t e = 0; e < a.size(); ++e) {
    EXPECT_EQ(a[e].train_loss, b[e].train_loss) << "epoch " << e + 1;
    EXPECT_EQ(a[e].val_loss, b[e].val_loss) << "epoch " << e + 1;
  }
  EXPECT_NE(a[0].train_loss, other[0].train_loss);
}

struct Recorder : TrainingObserver {
  std::vector<BatchStats> batches;
  std::vector<EpochStats> epochs;
  std::function<void(const BatchStats&)> on_batch;
  void on_batch_end(const BatchStats& s) override {
    batches.push_back(s);
    if (on_batch) on_batch(s);
  }
  void on_epoch_end(const EpochStats& s) override { epochs.push_back(s); }
};

TEST(Training, ObserverSeesEveryBatchAndEpoch) {
  SineData d = noisy_sine(200);
  Model<float> model(1, {L::simple_rnn(8), L::dense(1)});
  Recorder rec;
  const FitResult r = fit(model, d.train, &d.test, quick_config(2), &rec);
  const Index batches = (d.train.size() + 31) / 32;
  ASSERT_EQ(rec.batches.size(), std::size_t(2 * batches));
  EXPECT_EQ(rec.batches.back().batch, batches);
  EXPECT_EQ(rec.batches.back().batches, batches);
  ASSERT_EQ(rec.epochs.size(), 2u);
  EXPECT_EQ(rec.epochs[1].epoch, 2);
  EXPECT_DOUBLE_EQ(rec.epochs[0].lr, 0.01);
  EXPECT_TRUE(std::isfinite(rec.epochs[0].val_loss));
  EXPECT_GE(rec.epochs[0].seconds, 0.0);
  EXPECT_EQ(r.history.size(), 2u);
}

TEST(Training, StopTakesEffectWithinOneBatchAndKeepsTrainedWeights) {
  SineData d = noisy_sine();
  Model<float> model(1, {L::lstm(8), L::dense(1)});
  const Vector<float> initial = model.parameters();
  TrainingControl control;
  Recorder rec;
  rec.on_batch = [&](const BatchStats& s) {
    if (s.batch == 3) control.request_stop();
  };
  const FitResult r = fit(model, d.train, &d.test, quick_config(5), &rec, &control);
  EXPECT_EQ(r.status, FitStatus::Cancelled);
  EXPECT_EQ(rec.batches.size(), 3u);
  EXPECT_EQ(r.epochs_run, 0);
  EXPECT_NE(model.parameters(), initial);
  EXPECT_TRUE(model.parameters().allFinite());
}

TEST(Training, PauseAndResumeContinueTheSameHistory) {
  SineData d = noisy_sine(300);
  const FitConfig c = quick_config(2);
  Model<float> plain(1, {L::gru(8), L::dense(1)}, {InitScheme::Keras, 3});
  const FitResult expected = fit(plain, d.train, &d.test, c);

  Model<float> paused(1, {L::gru(8), L::dense(1)}, {InitScheme::Keras, 3});
  TrainingControl control;
  std::thread resumer;
  Recorder rec;
  rec.on_batch = [&](const BatchStats& s) {
    if (s.epoch == 1 && s.batch == 2) {
      control.pause();
      resumer = std::thread([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        EXPECT_TRUE(control.paused());
        control.resume();
      });
    }
  };
  const FitResult r = fit(paused, d.train, &d.test, c, &rec, &control);
  resumer.join();
  ASSERT_EQ(r.status, FitStatus::Completed);
  ASSERT_EQ(r.history.size(), expected.history.size());
  for (std::size_t e = 0; e < r.history.size(); ++e) EXPECT_EQ(r.history[e].train_loss, expected.history[e].train_loss);
  EXPECT_EQ(paused.parameters(), plain.parameters());
}

TEST(Training, StopWhilePausedReturns) {
  SineData d = noisy_sine(200);
  Model<float> model(1, {L::gru(8), L::dense(1)});
  TrainingControl control;
  control.pause();
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    control.request_stop();
  });
  const FitResult r = fit(model, d.train, nullptr, quick_config(3), nullptr, &control);
  stopper.join();
  EXPECT_EQ(r.status, FitStatus::Cancelled);
}

TEST(Training, DivergenceStopsWithAClearMessageAndFiniteWeights) {
  SineData d = noisy_sine(200);
  for (float& v : d.train.y.data) v *= 1e25f;  // squared errors overflow float
  Model<float> model(1, {L::lstm(8), L::dense(1)});
  const FitResult r = fit(model, d.train, &d.test, quick_config(3));
  EXPECT_EQ(r.status, FitStatus::Diverged);
  EXPECT_NE(r.message.find("learning rate"), std::string::npos) << r.message;
  EXPECT_TRUE(model.parameters().allFinite());
}

TEST(Training, EarlyStoppingRestoresTheBestEpoch) {
  SineData d = noisy_sine(300);
  Model<float> model(1, {L::lstm(8), L::dense(1)});
  FitConfig c = quick_config(10);
  c.patience = 2;
  c.min_delta = 1e9;  // nothing after the first epoch counts as an improvement
  const FitResult r = fit(model, d.train, &d.test, c);
  EXPECT_EQ(r.status, FitStatus::EarlyStopped);
  EXPECT_EQ(r.epochs_run, 3);
  EXPECT_EQ(r.best_epoch, 1);
  EXPECT_EQ(evaluate_loss(model, d.test, c.loss), r.history[0].val_loss);
}

TEST(Training, ScheduleRatesReachTheHistory) {
  SineData d = noisy_sine(200);
  Model<float> model(1, {L::simple_rnn(4), L::dense(1)});
  FitConfig c = quick_config(3);
  c.schedule.kind = ScheduleKind::Step;
  c.schedule.step_size = 1;
  c.schedule.gamma = 0.1;
  const FitResult r = fit(model, d.train, nullptr, c);
  ASSERT_EQ(r.history.size(), 3u);
  EXPECT_NEAR(r.history[2].lr, 0.01 * 0.01, 1e-15);
  EXPECT_TRUE(std::isnan(r.history[0].val_loss));
}

TEST(Training, MismatchedTargetsAndBadConfigAreExplained) {
  SineData d = noisy_sine(200);
  Model<float> model(1, {L::lstm(4, true), L::dense(1)});  // outputs a sequence, targets are one step
  try {
    fit(model, d.train, nullptr, quick_config(1));
    FAIL();
  } catch (const ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("the model outputs"), std::string::npos) << e.what();
  }
  Model<float> ok(1, {L::lstm(4), L::dense(1)});
  FitConfig c = quick_config(1);
  c.batch_size = 0;
  EXPECT_THROW(fit(ok, d.train, nullptr, c), ConfigError);
}

TEST(Training, AnErrorOnATrainingThreadReachesTheCallerAndTheNextRunWorks) {
  // As a worker thread runs it: the exception crosses the thread through the future, and a
  // second training on another thread is unaffected (checked under ThreadSanitizer too).
  SineData d = noisy_sine(200);
  Model<float> wrong(1, {L::lstm(4, true), L::dense(1)});
  auto failing = std::async(std::launch::async, [&] { return fit(wrong, d.train, nullptr, quick_config(1)); });
  EXPECT_THROW(failing.get(), ShapeError);
  Model<float> right(1, {L::lstm(4), L::dense(1)});
  auto working = std::async(std::launch::async, [&] { return fit(right, d.train, &d.test, quick_config(2)); });
  const FitResult r = working.get();
  EXPECT_EQ(r.status, FitStatus::Completed);
  EXPECT_EQ(r.history.size(), 2u);
}

}  // namespace
}  // namespace rnnwb
