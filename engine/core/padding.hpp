#pragma once
// Variable-length sequences in one (batch, steps, features) block: a step whose features are all
// NaN is padding. Padding may come before and/or after a sequence's valid steps, never between
// them, and a step with only some features NaN is a missing value. valid_spans() finds each
// sequence's valid steps and names the first sequence that breaks these rules.
#include <string>
#include <vector>

#include "engine/core/tensor.hpp"

namespace rnnwb {

// The valid steps of one sequence: steps first .. first+length-1.
struct ValidSpan {
  Index first = 0, length = 0;
  bool operator==(const ValidSpan&) const = default;
};

// One span per row of x. Throws DataError naming the sequence, step (and feature), 0-based as in
// NumPy's X[i, t, f], for padding between valid steps, a partly NaN step, a sequence with no valid
// step, or an infinite value. `what` names the array in the messages ("X").
template <class T>
std::vector<ValidSpan> valid_spans(const Tensor3<T>& x, const std::string& what = "X");

// True when some span does not cover all `steps` steps.
bool has_padding(const std::vector<ValidSpan>& spans, Index steps);

}  // namespace rnnwb
