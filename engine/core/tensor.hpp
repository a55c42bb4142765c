#pragma once
// Tensor3: the engine's public data type, a (batch, time, features) block of numbers stored
// row-major like a Keras / NumPy array. Layers work internally on SeqMatrix, a time-major
// column-per-sample layout that turns the input projections into one large matrix product.
#include <Eigen/Core>
#include <cstddef>
#include <vector>

namespace rnnwb {

using Index = Eigen::Index;

template <class T>
struct Tensor3 {
  Index batch = 0, steps = 0, features = 0;
  std::vector<T> data;  // element (b, t, f) at (b * steps + t) * features + f

  Tensor3() = default;
  Tensor3(Index b, Index t, Index f) : batch(b), steps(t), features(f), data(std::size_t(b * t * f)) {}

  T& operator()(Index b, Index t, Index f) { return data[std::size_t((b * steps + t) * features + f)]; }
  const T& operator()(Index b, Index t, Index f) const { return data[std::size_t((b * steps + t) * features + f)]; }
  Index size() const { return batch * steps * features; }
};

template <class T>
using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

// A batch of sequences inside the engine: one column per (time step, sample), time-major,
// so column t * batch + b holds the feature vector of sample b at step t, and the columns of
// one time step are contiguous.
// Variable lengths are packed as PyTorch packs them: with `lengths` set, sample b has
// lengths[b] valid steps from step 0, the samples sorted longest first (lengths non-increasing,
// each at least 1, steps = lengths[0]), so the samples still running at step t are the first
// columns of that step. Columns past a sample's length are padding, zero and never read.
template <class T>
struct SeqMatrix {
  Matrix<T> m;  // features x (steps * batch)
  Index steps = 0, batch = 0;
  std::vector<Index> lengths;  // empty: every sample has all `steps` steps

  bool packed() const { return !lengths.empty(); }

  Index features() const { return m.rows(); }
  void resize(Index features, Index steps_, Index batch_) {
    steps = steps_;
    batch = batch_;
    m.resize(features, steps_ * batch_);
  }
  auto step(Index t) { return m.middleCols(t * batch, batch); }
  auto step(Index t) const { return m.middleCols(t * batch, batch); }
};

// Gathers samples `rows` of a Tensor3 into the time-major layout (converting the scalar type).
template <class T, class S>
void gather_batch(const Tensor3<S>& src, const Index* rows, Index count, SeqMatrix<T>& dst) {
  dst.resize(src.features, src.steps, count);
  dst.lengths.clear();
  for (Index t = 0; t < src.steps; ++t)
    for (Index i = 0; i < count; ++i) {
      const S* in = &src(rows[i], t, 0);
      T* out = dst.m.col(t * count + i).data();
      for (Index f = 0; f < src.features; ++f) out[f] = T(in[f]);
    }
}

// Writes a SeqMatrix back as (batch, steps, features) rows starting at `first_row` of `dst`.
template <class T, class S>
void scatter_batch(const SeqMatrix<T>& src, Tensor3<S>& dst, Index first_row) {
  for (Index t = 0; t < src.steps; ++t)
    for (Index i = 0; i < src.batch; ++i) {
      const T* in = src.m.col(t * src.batch + i).data();
      S* out = &dst(first_row + i, t, 0);
      for (Index f = 0; f < src.features(); ++f) out[f] = S(in[f]);
    }
}

}  // namespace rnnwb
