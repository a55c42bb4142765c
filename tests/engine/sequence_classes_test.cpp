// Class targets of sequence datasets: finding the classes and refusing bad labels, class weights
// (scikit-learn's "balanced"), the prediction table, and the model file's "classes" block.
#include "engine/data/sequence_classes.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/data/sequences.hpp"
#include "engine/io/sequence_metadata.hpp"

namespace rnnwb {
namespace {

SequenceDataset with_labels(const std::vector<double>& labels) {
  SequenceDataset d;
  d.x = Tensor3<double>(Index(labels.size()), 2, 1);
  d.y = Tensor3<double>(Index(labels.size()), 1, 1);
  d.y.data = labels;
  d.y_integer = true;
  return d;
}

std::string error_of(const SequenceDataset& d, const std::vector<std::size_t>& train,
                     const std::vector<std::string>& names = {}) {
  try {
    find_sequence_classes(d, train, names);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

TEST(SequenceClasses, CountNamesAndTrainingFrequencies) {
  const SequenceDataset d = with_labels({2, 0, 1, 1, 2, 1, 0, 2});
  const SequenceClasses c = find_sequence_classes(d, {0, 1, 2, 3, 4, 5});  // train: 2,0,1,1,2,1
  EXPECT_EQ(c.count, 3);
  EXPECT_EQ(c.names, (std::vector<std::string>{"0", "1", "2"}));
  ASSERT_EQ(c.train_frequencies.size(), 3u);
  EXPECT_DOUBLE_EQ(c.train_frequencies[0], 1.0 / 6);
  EXPECT_DOUBLE_EQ(c.train_frequencies[1], 3.0 / 6);
  EXPECT_DOUBLE_EQ(c.train_frequencies[2], 2.0 / 6);
  // sklearn.utils.class_weight.compute_class_weight("balanced", classes=[0,1,2], y=[2,0,1,1,2,1])
  // = 6 / (3 * bincount) = [2, 2/3, 1]
  const std::vector<double> w = balanced_class_weights(c);
  EXPECT_DOUBLE_EQ(w[0], 2.0);
  EXPECT_DOUBLE_EQ(w[1], 2.0 / 3);
  EXPECT_DOUBLE_EQ(w[2], 1.0);
  EXPECT_EQ(parse_class_weights(" balanced ", c), w);
  EXPECT_EQ(parse_class_weights("1, 2.5,0.5", c), (std::vector<double>{1, 2.5, 0.5}));
  for (const char* bad : {"1,2", "1,2,3,4", "1,0,2", "1,-1,2", "1,x,2", "1,,2", "1,inf,2", "1,2,3e"})
    EXPECT_THROW(parse_class_weights(bad, c), ConfigError) << bad;

  const SequenceClasses named = find_sequence_classes(d, {0, 1, 2, 3, 4, 5}, {"low", "mid", "high"});
  EXPECT_EQ(named.names, (std::vector<std::string>{"low", "mid", "high"}));
  // The names say how many classes there are: a fourth one that no sequence has is refused.
  EXPECT_NE(error_of(d, {0, 1, 2, 3, 4, 5}, {"low", "mid", "high", "none"})
                .find("class 3 (\"none\") occurs in no training sequence"),
            std::string::npos);
}

TEST(SequenceClasses, BadLabelsAreRefusedNamingTheSequence) {
  EXPECT_NE(error_of(with_labels({0, 1, -1, 1}), {0, 1, 2, 3}).find("Y[2] is -1"), std::string::npos);
  EXPECT_NE(error_of(with_labels({0, 1, 1.5, 1}), {0, 1, 2, 3}).find("Y[2] is 1.5"), std::string::npos);
  SequenceDataset floats = with_labels({0, 1, 0.25});
  floats.y_integer = false;
  EXPECT_NE(error_of(floats, {0, 1, 2}).find("task regression"), std::string::npos);
  // A label beyond the names is refused; so is a single class.
  EXPECT_NE(error_of(with_labels({0, 1, 2}), {0, 1, 2}, {"a", "b"}).find("Y[2] is class 2 but 2 class names"),
            std::string::npos);
  EXPECT_NE(error_of(with_labels({0, 0, 0}), {0, 1, 2}).find("at least two classes"), std::string::npos);
  EXPECT_NE(error_of(with_labels({0, 1, 1e9}), {0, 1, 2}).find("at most"), std::string::npos);
}

TEST(SequenceClasses, AClassMissingFromTrainingIsRefused) {
  // Class 2 only in sequence 5 (test), class 1 never: both unknown to a model trained on 0..3.
  const std::string e = error_of(with_labels({0, 0, 3, 3, 0, 2}), {0, 1, 2, 3});
  EXPECT_NE(e.find("class 1 occurs in no training sequence"), std::string::npos) << e;
  const std::string e2 = error_of(with_labels({0, 1, 0, 1, 1, 2}), {0, 1, 2, 3});
  EXPECT_NE(e2.find("class 2 occurs in no training sequence (sequence 5 has it)"), std::string::npos) << e2;
  SequenceDataset two_targets;
  two_targets.y = Tensor3<double>(3, 1, 2);
  EXPECT_NE(error_of(two_targets, {0, 1}).find("one label per sequence"), std::string::npos);
}

TEST(SequenceClasses, PredictionTableIsClassThenProbabilities) {
  Tensor3<float> logits(2, 1, 3);
  logits.data = {0.0f, 0.0f, 0.0f, 1.0f, 3.0f, 2.0f};
  const Tensor3<double> p = class_probabilities(logits);
  const Tensor3<double> table = class_prediction_table(p);
  ASSERT_EQ(table.features, 4);
  EXPECT_EQ(table(0, 0, 0), 0.0);  // a tie: the first class
  EXPECT_NEAR(table(0, 0, 1), 1.0 / 3, 1e-15);
  EXPECT_EQ(table(1, 0, 0), 1.0);
  // numpy: exp([1, 3, 2]) / exp([1, 3, 2]).sum()
  EXPECT_NEAR(table(1, 0, 1), 0.09003057317038046, 1e-15);
  EXPECT_NEAR(table(1, 0, 2), 0.6652409557748219, 1e-15);
  EXPECT_NEAR(table(1, 0, 3), 0.24472847105479767, 1e-15);
}

TEST(SequenceClasses, ModelFileRecordsTheClasses) {
  SequenceModelInfo info;
  info.task = SequenceTask::Classification;
  info.features = {"a", "b"};
  info.targets = {"label"};
  info.classes = {3, {"cat", "dog", "eel"}, {0.5, 0.25, 0.25}};
  info.scaling.features = {ColumnTransform{}, ColumnTransform{}};
  info.scaling.targets = {ColumnTransform{false, 0, Scaler::None, 0, 1}};
  info.target_means = {0.75};
  info.min_length = 3;
  info.max_length = 5;
  nlohmann::json meta = {{"sequences", sequence_metadata(info)}};
  EXPECT_EQ(meta["sequences"]["classes"]["names"], nlohmann::json({"cat", "dog", "eel"}));
  const SequenceModelInfo back = read_sequence_metadata(meta, "m.safetensors");
  EXPECT_EQ(back.task, SequenceTask::Classification);
  EXPECT_EQ(back.classes.count, 3);
  EXPECT_EQ(back.classes.names, info.classes.names);
  EXPECT_EQ(back.classes.train_frequencies, info.classes.train_frequencies);

  for (const auto& [key, value] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"count", 1}, {"names", {"cat", "dog"}}, {"names", {"cat", "cat", "eel"}}, {"train_frequencies", {0.5}}}) {
    nlohmann::json broken = meta;
    broken["sequences"]["classes"][key] = value;
    EXPECT_THROW(read_sequence_metadata(broken, "m.safetensors"), FileError) << key << " " << value.dump();
  }
  nlohmann::json missing = meta;
  missing["sequences"].erase("classes");
  EXPECT_THROW(read_sequence_metadata(missing, "m.safetensors"), FileError);
  info.task = SequenceTask::Regression;
  EXPECT_FALSE(sequence_metadata(info).contains("classes"));
}

}  // namespace
}  // namespace rnnwb
