#pragma once
// Small helpers shared by the engine tests: random tensors and batches from a seed.
#include <numeric>

#include "engine/core/rng.hpp"
#include "engine/core/tensor.hpp"

namespace rnnwb::testing {

template <class T>
Tensor3<T> random_tensor(Index b, Index t, Index f, Rng& rng) {
  Tensor3<T> x(b, t, f);
  for (T& v : x.data) v = T(rng.normal());
  return x;
}

template <class T>
SeqMatrix<T> as_batch(const Tensor3<T>& t) {
  std::vector<Index> rows(static_cast<std::size_t>(t.batch));
  std::iota(rows.begin(), rows.end(), Index(0));
  SeqMatrix<T> s;
  gather_batch(t, rows.data(), t.batch, s);
  return s;
}

}  // namespace rnnwb::testing
