// The fast paths agree with the plain ones: a batch split between threads gives the loss and
// gradients of the whole batch on one model; inference (no caches, the input projection a block
// of steps at a time, rows split between threads) gives the outputs of the training forward.
#include "engine/train/data_parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "engine/core/error.hpp"
#include "engine/core/threads.hpp"
#include "test_data.hpp"

namespace rnnwb {
namespace {

using L = LayerSpec;

double relative_difference(const Vector<float>& a, const Vector<float>& b) {
  return double((a - b).cwiseAbs().maxCoeff() / b.cwiseAbs().maxCoeff());
}

double relative_difference(const std::vector<float>& a, const std::vector<float>& b) {
  return relative_difference(Eigen::Map<const Vector<float>>(a.data(), Index(a.size())),
                             Eigen::Map<const Vector<float>>(b.data(), Index(b.size())));
}

const std::vector<std::vector<LayerSpec>> kStacks = {
    {L::lstm(16), L::dense(2)},
    {L::gru(12, true), L::simple_rnn(9, false, Activation::Relu), L::dense(2)},
    {L::simple_rnn(10, true), L::lstm(7, true), L::gru(5), L::dense(2, Activation::Tanh)},
    // Wide enough that inference stacks [x; h] into one product per step (no block of steps fits).
    {L::lstm(64, true), L::simple_rnn(130), L::dense(2)},
};

TEST(DataParallel, SplitBatchGivesTheWholeBatchLossAndGradients) {
  for (const auto& layers : kStacks) {
    Rng rng(3);
    Dataset<float> data{testing::random_tensor<float>(40, 9, 3, rng), testing::random_tensor<float>(40, 1, 2, rng)};
    std::vector<Index> rows(33);  // an uneven split: 16 + 17
    for (Index i = 0; i < 33; ++i) rows[std::size_t(i)] = (i * 7) % 40;

    Model<float> single(3, layers, {InitScheme::PyTorch, 4});
    SeqMatrix<float> x, y, d_out;
    gather_batch(data.x, rows.data(), 33, x);
    gather_batch(data.y, rows.data(), 33, y);
    ModelWorkspace<float> ws = single.workspace();
    const float whole = loss_and_gradient<float>({LossKind::MSE}, single.forward(ws, x, true).m, y.m, &d_out.m);
    d_out.steps = 1;
    d_out.batch = 33;
    single.backward(ws, d_out);

    Model<float> split(3, layers, {InitScheme::PyTorch, 4});
    DataParallel<float> parallel(split, 2, 1);
    ASSERT_EQ(batch_parts(2, 33), 2);
    const float parts = parallel.loss_and_gradients({LossKind::MSE}, data, rows.data(), 33);
    EXPECT_NEAR(parts, whole, 1e-6 * std::abs(whole));
    EXPECT_LT(relative_difference(parallel.gradients(), ws.gradients), 1e-5);
    EXPECT_GT(parallel.gradients().norm(), 0.0f);
  }
}

// Weighted cross-entropy is a mean over the batch's class weights, not its rows: each part's
// share is its weight total, so the parts still sum to the whole batch's loss and gradients.
TEST(DataParallel, SplitBatchGivesTheWholeBatchWeightedCrossEntropy) {
  Rng rng(8);
  Dataset<float> data{testing::random_tensor<float>(40, 6, 3, rng), Tensor3<float>(40, 1, 1)};
  // The first part (rows 0..15 of the batch) mostly the heavy class 0, the second the light ones.
  for (Index i = 0; i < 40; ++i) data.y(i, 0, 0) = float(i < 14 ? 0 : 1 + i % 2);
  const LossConfig loss{LossKind::CrossEntropy, 1.0, {5.0, 0.5, 1.0}};
  std::vector<Index> rows(33);
  for (Index i = 0; i < 33; ++i) rows[std::size_t(i)] = i;

  const std::vector<LayerSpec> layers = {L::gru(6), L::dense(3)};
  Model<float> single(3, layers, {InitScheme::PyTorch, 4});
  SeqMatrix<float> x, y, d_out;
  gather_batch(data.x, rows.data(), 33, x);
  gather_batch(data.y, rows.data(), 33, y);
  ModelWorkspace<float> ws = single.workspace();
  const float whole = loss_and_gradient<float>(loss, single.forward(ws, x, true).m, y.m, &d_out.m);
  d_out.steps = 1;
  d_out.batch = 33;
  single.backward(ws, d_out);

  Model<float> split(3, layers, {InitScheme::PyTorch, 4});
  DataParallel<float> parallel(split, 2, 1);
  const float parts = parallel.loss_and_gradients(loss, data, rows.data(), 33);
  EXPECT_NEAR(parts, whole, 1e-6 * std::abs(whole));
  EXPECT_LT(relative_difference(parallel.gradients(), ws.gradients), 1e-5);
}

TEST(DataParallel, SmallBatchesStayWhole) {
  EXPECT_EQ(batch_parts(2, 15), 1);
  EXPECT_EQ(batch_parts(2, 16), 2);
  EXPECT_EQ(batch_parts(1, 512), 1);
  EXPECT_EQ(batch_parts(4, 20), 2);
}

TEST(Inference, MatchesTheTrainingForwardForEveryCellAndThreadCount) {
  for (const auto& layers : kStacks) {
    Rng rng(5);
    // 300 rows x 40 steps: several blocks of steps, a partial last block, rows split in two.
    const Tensor3<float> x = testing::random_tensor<float>(300, 40, 3, rng);
    Model<float> model(3, layers, {InitScheme::PyTorch, 6});
    const SeqMatrix<float> batch = testing::as_batch(x);
    ModelWorkspace<float> ws = model.workspace();
    const SeqMatrix<float> trained_path = model.forward(ws, batch, true);
    Tensor3<float> reference(300, 1, 2);
    scatter_batch(trained_path, reference, 0);

    for (int threads : {1, 2}) {
      for (Index chunk : {Index(7), Index(256)}) {
        const Tensor3<float> y = model.predict(x, chunk, threads);
        EXPECT_LT(relative_difference(y.data, reference.data), 1e-6) << threads << " threads, chunks of " << chunk;
      }
    }
  }
}

// What the workbench does: predictions on background threads (each on its own copy of the model
// on show) while the training thread fits another model, every one of them on two threads and
// through the multi-part paths. Under ThreadSanitizer this is the check that no thread count or
// other state is shared between them (the thread count used to be Eigen's process-wide setting,
// written by the training thread while the predictions read it).
TEST(Inference, TwoPredictionsOnOneModelWhileAThirdThreadTrains) {
  constexpr int kThreads = 2;
  Rng rng(8);
  const Tensor3<float> x = testing::random_tensor<float>(64, 10, 3, rng);
  ASSERT_EQ(batch_parts(kThreads, x.batch), 2);  // the predictions split their rows
  Model<float> shown(3, {L::lstm(12), L::dense(2)}, {InitScheme::PyTorch, 9});
  const Tensor3<float> expected = shown.predict(x, 16, kThreads);

  Dataset<float> data{testing::random_tensor<float>(96, 10, 3, rng), testing::random_tensor<float>(96, 1, 2, rng)};
  FitConfig c;
  c.epochs = 3;
  c.batch_size = 32;
  c.threads = kThreads;
  ASSERT_EQ(batch_parts(c.threads, c.batch_size), 2);  // the training steps split their batches
  Model<float> trained(3, {L::gru(12), L::dense(2)}, {InitScheme::PyTorch, 10});

  std::latch start(3);
  std::atomic<bool> training_done{false};
  FitResult result;
  std::thread trainer([&] {
    start.arrive_and_wait();
    result = fit(trained, data, nullptr, c);
    training_done = true;
  });
  auto predict_while_training = [&] {
    Model<float> copy = shown;  // as the workbench's prediction jobs do
    start.arrive_and_wait();
    int runs = 0;
    for (; runs < 3 || (!training_done && runs < 1000); ++runs)
      if (copy.predict(x, 16, kThreads).data != expected.data) return -1;
    return runs;
  };
  int runs_a = 0, runs_b = 0;
  std::thread a([&] { runs_a = predict_while_training(); });
  std::thread b([&] { runs_b = predict_while_training(); });
  a.join();
  b.join();
  trainer.join();
  EXPECT_GE(runs_a, 3) << "predictions on thread A differ from the model's";
  EXPECT_GE(runs_b, 3) << "predictions on thread B differ from the model's";
  EXPECT_EQ(result.status, FitStatus::Completed) << result.message;
  EXPECT_EQ(result.epochs_run, 3);
  EXPECT_EQ(shown.predict(x, 16, kThreads).data, expected.data);
}

// predict() is const and keeps its state in per-call workspaces: several threads may predict on
// one model object at once (each splitting its rows again) and all get the one-thread outputs.
TEST(Inference, SeveralThreadsPredictOnOneConstModelAtOnce) {
  Rng rng(12);
  const Tensor3<float> x = testing::random_tensor<float>(48, 11, 3, rng);
  for (const auto& layers : kStacks) {
    const Model<float> model(3, layers, {InitScheme::PyTorch, 13});
    const Tensor3<float> expected = model.predict(x, 16, 1);
    std::latch start(4);
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int k = 0; k < 4; ++k)
      threads.emplace_back([&, k] {
        start.arrive_and_wait();
        for (int run = 0; run < 5; ++run)
          if (relative_difference(model.predict(x, 16, 1 + k % 2).data, expected.data) > 1e-6) ++mismatches[k];
      });
    for (std::thread& t : threads) t.join();
    for (int k = 0; k < 4; ++k) EXPECT_EQ(mismatches[std::size_t(k)], 0) << "thread " << k;
  }
}

// A workspace is reused across passes of different sizes and kinds, and its results do not
// depend on what it held before.
TEST(Inference, AReusedWorkspaceGivesAFreshOnesOutputs) {
  Rng rng(14);
  const Model<float> model(3, kStacks[2], {InitScheme::PyTorch, 15});
  const SeqMatrix<float> big = testing::as_batch(testing::random_tensor<float>(30, 12, 3, rng));
  const SeqMatrix<float> small = testing::as_batch(testing::random_tensor<float>(5, 4, 3, rng));
  ModelWorkspace<float> fresh, reused;
  const Matrix<float> expected = model.forward(fresh, small, false).m;
  model.forward(reused, big, true);
  model.forward(reused, big, false);
  EXPECT_EQ(model.forward(reused, small, false).m, expected);
}

TEST(Inference, LeavesNothingForBackward) {
  Model<float> model(1, {L::lstm(4), L::dense(1)});
  Rng rng(1);
  const SeqMatrix<float> x = testing::as_batch(testing::random_tensor<float>(3, 5, 1, rng));
  SeqMatrix<float> d;
  d.resize(1, 1, 3);
  d.m.setOnes();
  ModelWorkspace<float> ws = model.workspace();
  model.forward(ws, x, false);
  EXPECT_THROW(model.backward(ws, d), ShapeError);
  model.forward(ws, x, true);
  EXPECT_NO_THROW(model.backward(ws, d));
}

}  // namespace
}  // namespace rnnwb
