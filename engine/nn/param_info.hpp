#pragma once
// The name and shape of one parameter tensor, stored row-major in the model's flat
// parameter vector exactly as PyTorch lays it out (so weights move between the two unchanged).
#include <string>
#include <vector>

#include "engine/core/tensor.hpp"

namespace rnnwb {

struct ParamInfo {
  std::string name;          // e.g. "weight_ih"; the model prefixes "layers.<i>."
  std::vector<Index> shape;  // PyTorch shape: (rows, cols) or (length)
  Index size() const {
    Index n = 1;
    for (Index d : shape) n *= d;
    return n;
  }
};

template <class T>
using ConstRowMap = Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
template <class T>
using RowMap = Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
template <class T>
using ConstVecMap = Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>>;
template <class T>
using VecMap = Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, 1>>;

}  // namespace rnnwb
