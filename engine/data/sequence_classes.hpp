#pragma once
// Class targets of a sequence dataset (engine/data/sequences.hpp, task classification): Y holds one
// label per sequence, a whole number 0 .. C-1, and the network's head is C logits trained with
// cross-entropy. Labels are not scaled. Every class must occur among the training sequences (a
// class the model never saw cannot be learnt, and the majority baseline would give it probability 0).
#include <string>
#include <vector>

#include "engine/core/tensor.hpp"

namespace rnnwb {

struct SequenceDataset;
enum class SequenceTask;  // sequences.hpp

inline constexpr long kMaxClasses = 65536;  // a Dense head's units (limits::kMaxUnits)

struct SequenceClasses {
  Index count = 0;                        // C: 0 for a regression model
  std::vector<std::string> names;         // C names; "0", "1", ... unless given
  std::vector<double> train_frequencies;  // each class's share of the training sequences
};

// The task a dataset's targets ask for when none is given: classification for integer Y (class
// labels), regression for float Y.
SequenceTask task_of_targets(const SequenceDataset& d);

// The classes of d's labels: C is the number of names when names are given, else the largest label
// plus one. DataError (naming the sequence, 0-based as NumPy's Y[i]) for Y that is not one label per
// sequence (k = 1, no horizon), a label that is negative, not a whole number or not below C, and a
// class that no training sequence has (named, with a sequence outside training that has it).
SequenceClasses find_sequence_classes(const SequenceDataset& d, const std::vector<std::size_t>& train,
                                      const std::vector<std::string>& names = {});

// scikit-learn's class_weight="balanced": n / (C * count_c) over the training sequences, i.e.
// 1 / (C * frequency_c); each class weighs as much in total as every other.
std::vector<double> balanced_class_weights(const SequenceClasses& classes);

// Parses "balanced" or "w0,w1,..." (C weights, each a finite number > 0); ConfigError otherwise.
std::vector<double> parse_class_weights(const std::string& text, const SequenceClasses& classes);

// Predicted classes and probabilities (n, 1, C) -> the prediction table (n, 1, 1 + C):
// [class, p0, .., pC-1] per sequence, the class the most probable one (the first on a tie).
Tensor3<double> class_prediction_table(const Tensor3<double>& probabilities);

// Logits (n, 1, C) -> probabilities (n, 1, C), each row a softmax (engine/core/softmax.hpp).
Tensor3<double> class_probabilities(const Tensor3<float>& logits);

}  // namespace rnnwb
