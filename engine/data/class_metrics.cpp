#include "engine/data/class_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/core/softmax.hpp"

namespace rnnwb {

namespace {

constexpr double kLogLossClip = 1e-15;  // scikit-learn's log_loss eps before its "auto"

Index label_at(const Tensor3<double>& labels, Index i, Index t, Index classes) {
  const double v = labels(i, t, 0);
  if (!(v >= 0 && v < double(classes) && v == std::floor(v))) {
    std::ostringstream msg;
    msg << "the class label of sequence " << i;
    if (labels.steps > 1) msg << ", step " << t;
    msg << " is " << v << ", not one of the classes 0 .. " << classes - 1;
    throw DataError(msg.str());
  }
  return Index(v);
}

struct ClassCounts {
  std::size_t tp = 0, fp = 0, fn = 0, support = 0;
};

ClassCounts counts_of(const ClassMetrics& m, std::size_t c) {
  ClassCounts k;
  for (std::size_t a = 0; a < m.confusion.size(); ++a) {
    if (a == c) continue;
    k.fn += m.confusion[c][a];
    k.fp += m.confusion[a][c];
  }
  k.tp = m.confusion[c][c];
  k.support = k.tp + k.fn;
  return k;
}

}  // namespace

ClassMetrics compute_class_metrics(const Tensor3<double>& actual, const Tensor3<double>& probabilities) {
  const Index classes = probabilities.features;
  if (actual.batch != probabilities.batch || actual.steps != probabilities.steps || actual.features != 1 || classes < 1)
    throw ShapeError("class metrics need one label per row and one probability per class: the labels have shape (" +
                     std::to_string(actual.batch) + ", " + std::to_string(actual.steps) + ", " +
                     std::to_string(actual.features) + "), the probabilities (" + std::to_string(probabilities.batch) +
                     ", " + std::to_string(probabilities.steps) + ", " + std::to_string(classes) + ")");
  ClassMetrics m;
  m.confusion.assign(std::size_t(classes), std::vector<std::size_t>(std::size_t(classes), 0));
  double log_sum = 0;
  std::size_t correct = 0;
  for (Index i = 0; i < actual.batch; ++i)
    for (Index t = 0; t < actual.steps; ++t) {
      const Index y = label_at(actual, i, t, classes);
      const double* p = &probabilities(i, t, 0);
      const Index predicted = arg_max(p, classes);
      ++m.confusion[std::size_t(y)][std::size_t(predicted)];
      correct += predicted == y;
      // NaN stays NaN (a broken model is not hidden); the clip applies to real probabilities.
      log_sum -= std::isnan(p[y]) ? p[y] : std::log(std::min(1.0, std::max(kLogLossClip, p[y])));
      ++m.count;
    }
  if (m.count == 0) {
    m.accuracy = m.macro_f1 = m.log_loss = std::numeric_limits<double>::quiet_NaN();
    return m;
  }
  m.accuracy = double(correct) / double(m.count);
  m.log_loss = log_sum / double(m.count);
  double f1_sum = 0;
  std::size_t present = 0;
  for (std::size_t c = 0; c < std::size_t(classes); ++c) {
    const ClassCounts k = counts_of(m, c);
    const std::size_t denominator = 2 * k.tp + k.fp + k.fn;
    if (denominator == 0) continue;  // neither actual nor predicted here
    f1_sum += 2.0 * double(k.tp) / double(denominator);
    ++present;
  }
  m.macro_f1 = f1_sum / double(present);
  return m;
}

std::vector<double> class_frequencies(const Tensor3<double>& labels, Index classes) {
  std::vector<double> freq(std::size_t(classes), 0.0);
  for (Index i = 0; i < labels.batch; ++i)
    for (Index t = 0; t < labels.steps; ++t) freq[std::size_t(label_at(labels, i, t, classes))] += 1;
  const double n = double(labels.batch * labels.steps);
  if (n > 0)
    for (double& f : freq) f /= n;
  return freq;
}

Tensor3<double> majority_probabilities(const std::vector<double>& train_frequencies, Index n, Index steps) {
  const Index classes = Index(train_frequencies.size());
  Tensor3<double> p(n, steps, classes);
  for (Index i = 0; i < n; ++i)
    for (Index t = 0; t < steps; ++t) std::copy(train_frequencies.begin(), train_frequencies.end(), &p(i, t, 0));
  return p;
}

nlohmann::json to_json(const ClassMetrics& m, const std::vector<std::string>& class_names) {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  auto ratio = [&](std::size_t a, std::size_t b) {
    return b > 0 ? nlohmann::json(double(a) / double(b)) : nlohmann::json(nullptr);
  };
  std::vector<std::string> names;
  for (std::size_t c = 0; c < m.confusion.size(); ++c)
    names.push_back(c < class_names.size() ? class_names[c] : std::to_string(c));
  nlohmann::json per_class = nlohmann::json::object();
  for (std::size_t c = 0; c < m.confusion.size(); ++c) {
    const ClassCounts k = counts_of(m, c);
    const std::size_t f1_denominator = 2 * k.tp + k.fp + k.fn;
    per_class[names[c]] = {{"precision", ratio(k.tp, k.tp + k.fp)},
                           {"recall", ratio(k.tp, k.support)},
                           {"f1", ratio(2 * k.tp, f1_denominator)},
                           {"support", k.support}};
  }
  return {{"accuracy", num(m.accuracy)},
          {"macro_f1", num(m.macro_f1)},
          {"log_loss", num(m.log_loss)},
          {"count", m.count},
          {"classes", names},
          {"confusion_matrix", m.confusion},
          {"per_class", per_class}};
}

}  // namespace rnnwb
