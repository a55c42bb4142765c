#pragma once
// Softmax of a classifier's logits, in one place: the cross-entropy loss, the class metrics and the
// predictions all turn logits into probabilities here. Numerically stable: the largest logit is
// subtracted first, so no exp() overflows and a very negative logit gives a probability of 0.
#include "engine/core/tensor.hpp"

namespace rnnwb {

// probs[0 .. n) = softmax(logits[0 .. n)); the two may be the same array. A NaN logit (or +inf)
// gives NaN probabilities, never a made-up distribution.
template <class T>
void softmax(const T* logits, Index n, T* probs);

// log(softmax(logits)) of one vector, without forming the probabilities (exact for tiny ones).
template <class T>
void log_softmax(const T* logits, Index n, T* log_probs);

// Each column of `logits` is one sample's scores over the classes (the engine's layout).
template <class T>
Matrix<T> softmax_columns(const Matrix<T>& logits);

// The most probable class of one vector of logits or probabilities (the first on a tie).
template <class T>
Index arg_max(const T* scores, Index n);

}  // namespace rnnwb
