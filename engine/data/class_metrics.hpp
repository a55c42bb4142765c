#pragma once
// Classification accuracy per split: accuracy, macro F1, log loss and the confusion matrix, and
// the baseline every classifier must beat: the majority class of the training split (its
// probabilities the training class frequencies). Formulas as scikit-learn's accuracy_score,
// f1_score(average="macro") and log_loss.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/tensor.hpp"

namespace rnnwb {

struct ClassMetrics {
  double accuracy = 0;
  // Mean over the classes that occur among the actual or the predicted labels of this split of
  // F1 = 2 TP / (2 TP + FP + FN) (scikit-learn's default labels; a class never predicted has F1 0).
  double macro_f1 = 0;
  // Mean of -log p(actual class), each probability clipped to [1e-15, 1] as scikit-learn does.
  double log_loss = 0;
  std::vector<std::vector<std::size_t>> confusion;  // [actual][predicted], classes x classes
  std::size_t count = 0;                            // labels compared
};

// The most probable class of each probability row is the prediction (the first on a tie).
// actual: labels (N, steps, 1), whole numbers 0 .. C-1; probabilities: (N, steps, C), each row a
// distribution. Throws ShapeError on mismatched shapes, DataError on a label outside 0 .. C-1.
ClassMetrics compute_class_metrics(const Tensor3<double>& actual, const Tensor3<double>& probabilities);

// Per class: its share of the labels (N, steps, 1), each a whole number 0 .. classes-1.
std::vector<double> class_frequencies(const Tensor3<double>& labels, Index classes);
// The majority baseline's probabilities: every one of the (n, steps) rows the training class
// frequencies, so its prediction is the training split's most frequent class.
Tensor3<double> majority_probabilities(const std::vector<double>& train_frequencies, Index n, Index steps);

// {"accuracy", "macro_f1", "log_loss", "count", "classes": [names], "confusion_matrix": [[...]]
// (rows actual, columns predicted), "per_class": {"<name>": {"precision", "recall", "f1",
// "support"}}}; names default to "0", "1", ...; a metric that is not finite is null.
nlohmann::json to_json(const ClassMetrics& m, const std::vector<std::string>& class_names = {});

}  // namespace rnnwb
