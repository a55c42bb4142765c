#pragma once
// Weight initialisers. Keras' defaults (glorot_uniform kernels, orthogonal recurrent kernels,
// zero biases, LSTM forget-gate bias 1) or PyTorch's U(-1/sqrt(fan), 1/sqrt(fan)).
#include <Eigen/Core>
#include <cstdint>

#include "engine/core/enum_names.hpp"
#include "engine/core/rng.hpp"

namespace rnnwb {

enum class InitScheme { Keras, PyTorch };

struct ConfigError;
template <>
struct EnumNames<InitScheme> {
  using Error = ConfigError;
  static constexpr const char* what = "weight initialisation";
  static constexpr EnumName<InitScheme> names[] = {{InitScheme::Keras, "keras"}, {InitScheme::PyTorch, "pytorch"}};
};

// PyTorch's is the default: its small contractive start (recurrent spectral radius about 0.58 for
// U(-1/sqrt(h), 1/sqrt(h)), against 1 for Keras' orthogonal kernels with an open forget gate) keeps
// small series from overfitting within a few epochs, so the seed decides far less (README, "Defaults").
struct InitOptions {
  InitScheme scheme = InitScheme::PyTorch;
  std::uint64_t seed = 0;
};

template <class T>
using RowMajorMap = Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

// U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)); w is (fan_out x fan_in) as in PyTorch.
template <class T>
void glorot_uniform(RowMajorMap<T> w, Rng& rng);
// w (rows x cols, rows >= cols) gets orthonormal columns (or rows when rows < cols).
template <class T>
void orthogonal(RowMajorMap<T> w, Rng& rng);
template <class T>
void uniform(RowMajorMap<T> w, double limit, Rng& rng);

}  // namespace rnnwb
