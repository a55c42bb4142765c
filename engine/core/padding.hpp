#pragma once
// Variable-length sequences in one (batch, steps, features) block: a step whose features are all
// NaN is padding. Padding may come before and/or after a sequence's valid steps, never between
// them, and a step with only some features NaN is a missing value. valid_spans() finds each
// sequence's valid steps and names the first sequence that breaks these rules.
#include <algorithm>
#include <cmath>
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

// valid_spans(x) when some row of x is padded, else empty (no row is: the common case, found
// from each row's first and last step without a full scan).
template <class T>
std::vector<ValidSpan> padding_spans(const Tensor3<T>& x, const std::string& what = "X");

// Gathers rows `rows` of a padded src into the packed layout of SeqMatrix: the rows sorted
// longest first (`rows` is reordered in place, stably, so the caller gathers targets in the same
// order), each row's valid steps from step 0, dst.lengths their lengths and dst.steps the
// longest (lengths left empty when the rows all have that length). Columns past a row's length
// are zero.
template <class T, class S>
void gather_packed(const Tensor3<S>& src, const std::vector<ValidSpan>& spans, Index* rows, Index count,
                   SeqMatrix<T>& dst) {
  std::stable_sort(rows, rows + count,
                   [&](Index a, Index b) { return spans[std::size_t(a)].length > spans[std::size_t(b)].length; });
  const Index steps = count > 0 ? spans[std::size_t(rows[0])].length : 0;
  dst.resize(src.features, steps, count);
  dst.m.setZero();
  dst.lengths.resize(std::size_t(count));
  for (Index i = 0; i < count; ++i) {
    const ValidSpan& s = spans[std::size_t(rows[i])];
    dst.lengths[std::size_t(i)] = s.length;
    for (Index t = 0; t < s.length; ++t) {
      const S* in = &src(rows[i], s.first + t, 0);
      T* out = dst.m.col(t * count + i).data();
      for (Index f = 0; f < src.features; ++f) out[f] = T(in[f]);
    }
  }
  // Rows of one length need no packing: the plain layout's faster path (one projection product).
  if (count > 0 && dst.lengths.back() == steps) dst.lengths.clear();
}

}  // namespace rnnwb
