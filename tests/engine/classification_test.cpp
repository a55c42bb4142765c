// Classification primitives against values worked out independently (numpy and torch, by the
// formulas in the comments): the softmax, cross-entropy with and without class weights
// (nn.CrossEntropyLoss), the weighted mean across batches, and the class metrics and majority
// baseline (scikit-learn's accuracy_score, f1_score(average="macro"), log_loss).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "engine/core/softmax.hpp"
#include "engine/data/class_metrics.hpp"
#include "engine/train/loss.hpp"
#include "engine/train/trainer.hpp"
#include "test_data.hpp"

namespace rnnwb {
namespace {

// Column j of the result is sample j's logits (the engine's layout); given row by row.
Matrix<double> samples(std::initializer_list<std::initializer_list<double>> rows) {
  const Index n = Index(rows.size()), c = Index(rows.begin()->size());
  Matrix<double> m(c, n);
  Index j = 0;
  for (const auto& r : rows) {
    Index i = 0;
    for (double v : r) m(i++, j) = v;
    ++j;
  }
  return m;
}

Matrix<double> labels(std::initializer_list<double> v) {
  Matrix<double> m(1, Index(v.size()));
  Index j = 0;
  for (double x : v) m(0, j++) = x;
  return m;
}

TEST(Softmax, MatchesTheFormulaAndIsStableForLargeLogits) {
  // numpy: exp([1, 2, 3]) / exp([1, 2, 3]).sum()
  const double expected[] = {0.09003057317038045, 0.2447284710547976, 0.6652409557748218};
  for (double shift : {0.0, 1000.0, -1000.0}) {  // exp(1000) overflows unless the max is taken out
    const double logits[] = {1 + shift, 2 + shift, 3 + shift};
    double p[3];
    softmax(logits, 3, p);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(p[i], expected[i], 1e-15) << "shift " << shift;
  }
  float pf[2];
  const float big[] = {100.0f, -100.0f};  // float exp(100) is inf
  softmax(big, 2, pf);
  EXPECT_EQ(pf[0], 1.0f);
  EXPECT_GE(pf[1], 0.0f);
  EXPECT_LT(pf[1], 1e-40f);

  double lp[2];
  const double far[] = {0.0, -1000.0};  // log(softmax) would be log(0) = -inf
  log_softmax(far, 2, lp);
  EXPECT_EQ(lp[0], 0.0);
  EXPECT_EQ(lp[1], -1000.0);

  const double with_nan[] = {1.0, std::numeric_limits<double>::quiet_NaN()};
  softmax(with_nan, 2, lp);
  EXPECT_TRUE(std::isnan(lp[0]) && std::isnan(lp[1]));

  const Matrix<double> columns = softmax_columns(samples({{1, 2, 3}, {0, 0, 0}}));
  EXPECT_NEAR(columns(2, 0), expected[2], 1e-15);
  EXPECT_NEAR(columns(1, 1), 1.0 / 3, 1e-15);
  EXPECT_EQ(arg_max(expected, 3), 2);
  const double tie[] = {0.4, 0.4, 0.2};
  EXPECT_EQ(arg_max(tie, 3), 0);
}

// torch.nn.CrossEntropyLoss(weight=w)(logits, y) and logits.grad, in float64:
//   logits = [[2, -1, .5], [.1, .2, .3], [-3, 4, 1], [1.5, 1.5, -2]], y = [0, 2, 1, 1]
const auto kLogits = samples({{2.0, -1.0, 0.5}, {0.1, 0.2, 0.3}, {-3.0, 4.0, 1.0}, {1.5, 1.5, -2.0}});
const auto kLabels = labels({0, 2, 1, 1});

TEST(CrossEntropy, MatchesTorchWithoutWeights) {
  Matrix<double> g;
  const LossConfig loss{LossKind::CrossEntropy};
  EXPECT_NEAR(loss_and_gradient<double>(loss, kLogits, kLabels, &g), 0.5002106940304664, 1e-15);
  const auto expected = samples({{-0.05360074135268103, 0.00977814331767186, 0.04382259803500917},
                                 {0.07515240133893183, 0.08305624838333683, -0.1582086497222686},
                                 {0.0002169703237224, -0.01206314861105792, 0.01184617828733554},
                                 {0.12314073599019873, -0.12685926400980127, 0.00371852801960253}});
  EXPECT_LT((g - expected).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_EQ(loss_denominator(loss, kLabels), 4.0);
}

TEST(CrossEntropy, ClassWeightsGiveTorchsWeightedMean) {
  Matrix<double> g;
  const LossConfig loss{LossKind::CrossEntropy, 1.0, {0.5, 2.0, 1.5}};
  EXPECT_NEAR(loss_and_gradient<double>(loss, kLogits, kLabels, &g), 0.5231245305238955, 1e-15);
  const auto expected = samples({{-0.01786691378422701, 0.00325938110589062, 0.01460753267833639},
                                 {0.07515240133893183, 0.08305624838333683, -0.1582086497222686},
                                 {0.0002892937649632, -0.01608419814807723, 0.01579490438311406},
                                 {0.16418764798693164, -0.16914568534640168, 0.00495803735947004}});
  EXPECT_LT((g - expected).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_EQ(loss_denominator(loss, kLabels), 0.5 + 1.5 + 2.0 + 2.0);  // w[y_i] summed
  EXPECT_EQ(target_features(loss, 3), 1);
  EXPECT_EQ(target_features(LossConfig{}, 3), 3);
}

TEST(CrossEntropy, BadLabelsWeightsAndHeadsAreClearErrors) {
  const LossConfig loss{LossKind::CrossEntropy};
  for (double bad : {-1.0, 3.0, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
    try {
      loss_and_gradient<double>(loss, kLogits, labels({0, bad, 1, 1}), nullptr);
      ADD_FAILURE() << "label " << bad << " accepted";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("0 .. 2"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(loss_and_gradient<double>(loss, kLogits, labels({0, 1, 1}), nullptr), ShapeError);
  EXPECT_THROW(loss_and_gradient<double>(loss, samples({{1.0}, {2.0}}), labels({0, 0}), nullptr), ShapeError);
  EXPECT_THROW(loss_and_gradient<double>({LossKind::CrossEntropy, 1.0, {1.0, 2.0}}, kLogits, kLabels, nullptr),
               ConfigError);
  EXPECT_THROW(loss_and_gradient<double>({LossKind::CrossEntropy, 1.0, {1.0, 0.0, 2.0}}, kLogits, kLabels, nullptr),
               ConfigError);
  EXPECT_THROW(loss_and_gradient<double>({LossKind::CrossEntropy, 1.0, {1.0, -1.0, 2.0}}, kLogits, kLabels, nullptr),
               ConfigError);

  const double good[] = {0, 1, 2, 1}, bad[] = {0, 1, 2, 2.5};
  EXPECT_NO_THROW(check_class_labels(good, 4, 1, 3));
  try {
    check_class_labels(bad, 2, 2, 3);
    ADD_FAILURE() << "2.5 accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("sequence 1, step 1 is 2.5"), std::string::npos) << e.what();
  }
}

// A data set's loss is the weighted mean over all its samples, whatever the batch size, and a
// label outside the head's classes stops fit() before it starts.
TEST(CrossEntropy, EvaluateLossIsTheWholeSetsWeightedMeanAndFitChecksLabels) {
  Rng rng(9);
  Model<double> model(2, {LayerSpec::gru(4), LayerSpec::dense(3)}, {InitScheme::PyTorch, 2});
  Dataset<double> data{testing::random_tensor<double>(11, 5, 2, rng), Tensor3<double>(11, 1, 1)};
  for (Index i = 0; i < 11; ++i) data.y(i, 0, 0) = double((i * i) % 3);
  const LossConfig loss{LossKind::CrossEntropy, 1.0, {3.0, 0.25, 1.0}};
  ModelWorkspace<double> ws = model.workspace();
  const SeqMatrix<double> out = model.forward(ws, testing::as_batch(data.x), false);
  const double whole = loss_and_gradient<double>(loss, out.m, testing::as_batch(data.y).m, nullptr);
  for (Index batch : {1, 3, 4, 11, 64}) EXPECT_NEAR(evaluate_loss(model, data, loss, batch), whole, 1e-14) << batch;

  data.y(7, 0, 0) = 3;  // the head has 3 classes
  FitConfig config;
  config.epochs = 1;
  config.loss = loss;
  try {
    fit(model, data, nullptr, config);
    ADD_FAILURE() << "label 3 accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("sequence 7 is 3"), std::string::npos) << e.what();
  }
  data.y = Tensor3<double>(11, 1, 3);  // one value per logit: not class labels
  EXPECT_THROW(fit(model, data, nullptr, config), ShapeError);
}

Tensor3<double> label_tensor(const std::vector<double>& v) {
  Tensor3<double> t(Index(v.size()), 1, 1);
  t.data = v;
  return t;
}

Tensor3<double> probability_rows(const std::vector<std::vector<double>>& rows) {
  Tensor3<double> t(Index(rows.size()), 1, Index(rows[0].size()));
  for (std::size_t i = 0; i < rows.size(); ++i) std::copy(rows[i].begin(), rows[i].end(), &t(Index(i), 0, 0));
  return t;
}

// numpy, with scikit-learn's definitions: actual = [0,0,1,1,2,2,2,1], pred = P.argmax(1) =
// [0,1,1,1,2,0,2,1]; accuracy 6/8; per-class F1 = 2TP/(2TP+FP+FN) = [1/2, 6/7, 4/5] over the
// classes present (class 3 is neither actual nor predicted), mean 0.7190476190476192; log loss
// -mean(log(clip(P[i, actual_i], 1e-15, 1))) = 0.5518600574431201.
TEST(ClassMetrics, AccuracyMacroF1LogLossAndConfusionMatrix) {
  const ClassMetrics m =
      compute_class_metrics(label_tensor({0, 0, 1, 1, 2, 2, 2, 1}), probability_rows({{.7, .2, .1, 0},
                                                                                      {.3, .6, .1, 0},
                                                                                      {.1, .8, .1, 0},
                                                                                      {.2, .5, .3, 0},
                                                                                      {.1, .1, .8, 0},
                                                                                      {.4, .3, .3, 0},
                                                                                      {.2, .2, .6, 0},
                                                                                      {0., 1., 0., 0}}));
  EXPECT_EQ(m.count, 8u);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.75);
  EXPECT_NEAR(m.macro_f1, 0.7190476190476192, 1e-15);
  EXPECT_NEAR(m.log_loss, 0.5518600574431201, 1e-15);
  const std::vector<std::vector<std::size_t>> confusion = {{1, 1, 0, 0}, {0, 3, 0, 0}, {1, 0, 2, 0}, {0, 0, 0, 0}};
  EXPECT_EQ(m.confusion, confusion);

  const nlohmann::json j = to_json(m, {"low", "mid", "high", "never"});
  EXPECT_EQ(j["accuracy"], 0.75);
  EXPECT_EQ(j["count"], 8);
  EXPECT_EQ(j["classes"], nlohmann::json({"low", "mid", "high", "never"}));
  EXPECT_EQ(j["confusion_matrix"], nlohmann::json(confusion));
  EXPECT_DOUBLE_EQ(j["per_class"]["mid"]["precision"].get<double>(), 0.75);  // 3 of 4 predicted "mid"
  EXPECT_DOUBLE_EQ(j["per_class"]["mid"]["recall"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j["per_class"]["high"]["f1"].get<double>(), 0.8);
  EXPECT_EQ(j["per_class"]["high"]["support"], 3);
  EXPECT_TRUE(j["per_class"]["never"]["precision"].is_null());  // 0/0 stays undefined
  EXPECT_EQ(to_json(m)["classes"], nlohmann::json({"0", "1", "2", "3"}));
}

TEST(ClassMetrics, LogLossClipsAZeroProbabilityAsScikitLearnDoes) {
  const ClassMetrics m = compute_class_metrics(label_tensor({0}), probability_rows({{0.0, 1.0}}));
  EXPECT_NEAR(m.log_loss, 34.538776394910684, 1e-12);  // -log(1e-15)
  EXPECT_EQ(m.accuracy, 0.0);
  EXPECT_EQ(m.macro_f1, 0.0);  // classes 0 (missed) and 1 (wrongly predicted) both F1 0
}

// Training labels [1,1,2,0,1,2]: frequencies [1/6, 1/2, 1/3], so the baseline always predicts 1.
// On [0,1,2,2]: accuracy 1/4; F1 [0, 2/(2+3), 0] -> 0.4/3; log loss -mean(log(freq[y])) =
// 1.170532806781055 (numpy).
TEST(ClassMetrics, MajorityBaselinePredictsTheTrainingSplitsMostFrequentClass) {
  const std::vector<double> freq = class_frequencies(label_tensor({1, 1, 2, 0, 1, 2}), 3);
  ASSERT_EQ(freq.size(), 3u);
  EXPECT_DOUBLE_EQ(freq[0], 1.0 / 6);
  EXPECT_DOUBLE_EQ(freq[1], 0.5);
  EXPECT_DOUBLE_EQ(freq[2], 1.0 / 3);
  const ClassMetrics m = compute_class_metrics(label_tensor({0, 1, 2, 2}), majority_probabilities(freq, 4, 1));
  EXPECT_DOUBLE_EQ(m.accuracy, 0.25);
  EXPECT_NEAR(m.macro_f1, 0.4 / 3, 1e-15);
  EXPECT_NEAR(m.log_loss, 1.170532806781055, 1e-15);
  const std::vector<std::vector<std::size_t>> confusion = {{0, 1, 0}, {0, 1, 0}, {0, 2, 0}};
  EXPECT_EQ(m.confusion, confusion);
}

TEST(ClassMetrics, BadShapesAndLabelsAreErrors) {
  EXPECT_THROW(compute_class_metrics(label_tensor({0, 1}), probability_rows({{0.5, 0.5}})), ShapeError);
  EXPECT_THROW(compute_class_metrics(label_tensor({0, 2}), probability_rows({{0.5, 0.5}, {0.5, 0.5}})), DataError);
  EXPECT_THROW(compute_class_metrics(label_tensor({0, 0.5}), probability_rows({{0.5, 0.5}, {0.5, 0.5}})), DataError);
  EXPECT_THROW(class_frequencies(label_tensor({0, -1}), 2), DataError);
}

}  // namespace
}  // namespace rnnwb
