#pragma once
// Dataset: the inputs and targets a network trains or is evaluated on. Its own header so that the
// data pipeline, which cuts datasets, need not depend on the trainer, which consumes them.
#include "engine/core/tensor.hpp"

namespace rnnwb {

// Inputs (n, steps, features) and targets (n, output steps, output features) of the same n.
template <class T>
struct Dataset {
  Tensor3<T> x, y;
  Index size() const { return x.batch; }
};

}  // namespace rnnwb
