#include "engine/data/sequence_classes.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/core/softmax.hpp"
#include "engine/core/text.hpp"
#include "engine/data/sequences.hpp"

namespace rnnwb {

namespace {

// A label as the user wrote it: "2", "2.5" (core's number_text writes JSON: "2.0").
std::string label_value_text(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  return first == std::string::npos ? std::string() : s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

SequenceTask task_of_targets(const SequenceDataset& d) {
  return d.y_integer ? SequenceTask::Classification : SequenceTask::Regression;
}

SequenceClasses find_sequence_classes(const SequenceDataset& d, const std::vector<std::size_t>& train,
                                      const std::vector<std::string>& names) {
  if (d.y.features != 1 || d.y.steps != 1)
    throw DataError("class targets are one label per sequence, Y of shape (N, 1), but Y has " +
                    std::to_string(d.y.steps * d.y.features) +
                    " values per sequence: give one integer label per sequence, or train them as regression "
                    "targets (task regression)");
  if (!names.empty() && Index(names.size()) < 2)
    throw ConfigError("a classifier needs at least 2 class names (one per class), got " + std::to_string(names.size()));
  if (Index(names.size()) > kMaxClasses)
    throw ConfigError(std::to_string(names.size()) + " class names are more than the " + std::to_string(kMaxClasses) +
                      " classes a model can have");
  double largest = -1;
  for (Index i = 0; i < d.y.batch; ++i) {
    const double v = d.y(i, 0, 0);
    if (v < 0 || v != std::floor(v) || !std::isfinite(v))
      throw DataError("Y[" + std::to_string(i) + "] is " + label_value_text(v) +
                      ": class labels are whole numbers counted from 0 (0, 1, .., C-1)" +
                      (d.y_integer ? "" : "; for real-valued targets use task regression"));
    if (!names.empty() && v >= double(names.size()))
      throw DataError("Y[" + std::to_string(i) + "] is class " + label_value_text(v) + " but " +
                      std::to_string(names.size()) + " class names are given (classes 0 .. " +
                      std::to_string(names.size() - 1) + "): give one name per class");
    if (v >= double(kMaxClasses))
      throw DataError("Y[" + std::to_string(i) + "] is class " + label_value_text(v) + ": a model can have at most " +
                      std::to_string(kMaxClasses) + " classes, numbered from 0");
    largest = std::max(largest, v);
  }
  SequenceClasses c;
  c.count = names.empty() ? Index(largest) + 1 : Index(names.size());
  if (c.count < 2)
    throw DataError("every sequence has class 0: a classifier needs at least two classes in Y (labels 0 .. C-1)");
  c.names = names.empty() ? default_names("", std::size_t(c.count)) : names;
  std::vector<double> counts(std::size_t(c.count), 0.0);
  for (std::size_t r : train) counts[std::size_t(d.y(Index(r), 0, 0))] += 1;
  for (Index k = 0; k < c.count; ++k) {
    if (counts[std::size_t(k)] > 0) continue;
    std::string where;
    for (Index i = 0; i < d.y.batch && where.empty(); ++i)
      if (Index(d.y(i, 0, 0)) == k) where = " (sequence " + std::to_string(i) + " has it)";
    throw DataError(
        "class " + std::to_string(k) +
        (c.names[std::size_t(k)] != std::to_string(k) ? " (" + quote(c.names[std::size_t(k)]) + ")" : std::string()) +
        " occurs in no training sequence" + where +
        ": every class 0 .. C-1 must be in the training split; number the classes without gaps, "
        "give more training sequences of it, or shuffle the split");
  }
  for (double& n : counts) n /= double(train.size());
  c.train_frequencies = std::move(counts);
  return c;
}

std::vector<double> balanced_class_weights(const SequenceClasses& classes) {
  std::vector<double> w;
  for (double f : classes.train_frequencies) w.push_back(1.0 / (double(classes.count) * f));
  return w;
}

std::vector<double> parse_class_weights(const std::string& text, const SequenceClasses& classes) {
  if (trim(text) == "balanced" || trim(text) == "Balanced") return balanced_class_weights(classes);
  std::vector<double> w;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const std::string t = trim(item);
    double v = 0;
    std::size_t used = 0;
    try {
      v = std::stod(t, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (t.empty() || used != t.size() || !std::isfinite(v) || !(v > 0))
      throw ConfigError("class weight " + quote(t) + " is not a number > 0: give balanced or " +
                        std::to_string(classes.count) + " weights w0,w1,.. (one per class, in class order)");
    w.push_back(v);
  }
  if (Index(w.size()) != classes.count)
    throw ConfigError(std::to_string(w.size()) + " class weights are given but there are " +
                      std::to_string(classes.count) + " classes: give one weight per class, or balanced");
  return w;
}

Tensor3<double> class_probabilities(const Tensor3<float>& logits) {
  Tensor3<double> p(logits.batch, logits.steps, logits.features);
  std::vector<double> row(std::size_t(logits.features));
  for (Index i = 0; i < logits.batch; ++i)
    for (Index t = 0; t < logits.steps; ++t) {
      for (Index k = 0; k < logits.features; ++k) row[std::size_t(k)] = double(logits(i, t, k));
      softmax(row.data(), logits.features, &p(i, t, 0));
    }
  return p;
}

Tensor3<double> class_prediction_table(const Tensor3<double>& probabilities) {
  const Index c = probabilities.features;
  Tensor3<double> out(probabilities.batch, probabilities.steps, 1 + c);
  for (Index i = 0; i < probabilities.batch; ++i)
    for (Index t = 0; t < probabilities.steps; ++t) {
      const double* p = &probabilities(i, t, 0);
      out(i, t, 0) = double(arg_max(p, c));
      std::copy(p, p + c, &out(i, t, 1));
    }
  return out;
}

}  // namespace rnnwb
