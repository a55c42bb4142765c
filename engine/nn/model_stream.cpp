#include "engine/nn/model_stream.hpp"

#include <string>

#include "engine/core/error.hpp"
#include "engine/nn/activation.hpp"
#include "engine/nn/layer_kind.hpp"
#include "engine/nn/recurrent_cell.hpp"

namespace rnnwb {

namespace {

template <class T>
const NamedTensor& tensor_of(const Model<T>& model, std::size_t layer, const std::string& name) {
  const std::string full = "layers." + std::to_string(layer) + "." + name;
  for (const NamedTensor& t : model.tensors())
    if (t.name == full) return t;
  throw ModelError("internal: the model has no tensor " + full);
}

template <class T>
ConstRowMap<T> matrix_of(const Model<T>& model, std::size_t layer, const std::string& name) {
  const NamedTensor& t = tensor_of(model, layer, name);
  return ConstRowMap<T>(model.parameters().data() + t.offset, t.shape[0], t.shape[1]);
}

template <class T>
ConstVecMap<T> vector_of(const Model<T>& model, std::size_t layer, const std::string& name) {
  const NamedTensor& t = tensor_of(model, layer, name);
  return ConstVecMap<T>(model.parameters().data() + t.offset, t.size);
}

}  // namespace

template <class T>
ModelStream<T>::ModelStream(const Model<T>& model) : input_features_(model.input_features()) {
  Index in = input_features_;
  const auto& specs = model.layers();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const LayerSpec& spec = specs[i];
    if (spec.bidirectional)
      throw ModelError("layer " + std::to_string(i + 1) +
                       " is bidirectional: it reads the sequence backwards, so its output at a step needs the "
                       "steps after it and the model cannot run one step at a time");
    Layer l;
    l.spec = spec;
    l.in = in;
    l.out = spec.kind == LayerKind::Dropout ? in : spec.units;
    if (spec.kind == LayerKind::Dense) {
      l.w = matrix_of(model, i, "weight");
      l.bias = vector_of(model, i, "bias");
      l.y.resize(l.out, 1);
    } else if (l.recurrent()) {
      const Index H = spec.units, gh = gate_count(spec.kind) * H;
      const auto w_ih = matrix_of(model, i, "weight_ih"), w_hh = matrix_of(model, i, "weight_hh");
      const auto b_ih = vector_of(model, i, "bias_ih"), b_hh = vector_of(model, i, "bias_hh");
      if (spec.kind == LayerKind::GRU) {
        l.w = w_ih;
        l.w_hh = w_hh;
        l.bias = b_ih;
        l.b_hh = b_hh;
        l.xh.resize(in, 1);
        l.hh.resize(gh, 1);
      } else {
        l.w.resize(gh, in + H);
        l.w.leftCols(in) = w_ih;
        l.w.rightCols(H) = w_hh;
        l.bias = b_ih + b_hh;
        l.xh.resize(in + H, 1);
      }
      l.gates.resize(gh, 1);
      l.h.resize(H, 1);
      l.h_next.resize(H, 1);
      if (spec.kind == LayerKind::LSTM) {
        l.c.resize(H, 1);
        l.c_next.resize(H, 1);
      }
    }
    layers_.push_back(std::move(l));
    in = layers_.back().out;
  }
  output_features_ = in;
  reset();
}

template <class T>
void ModelStream<T>::reset() {
  steps_ = 0;
  for (Layer& l : layers_) {
    l.h.setZero();
    l.c.setZero();
    if (l.recurrent()) l.xh.setZero();
  }
}

namespace {

// One step of a recurrent layer on one column, with the engine's own gate math (recurrent_cell.hpp).
template <class T, class L>
void recurrent_step(L& l, const T* x, bool first) {
  using cells::Cols;
  const Index H = l.spec.units, in = l.in;
  cells::with_cell<T>(l.spec, [&](const auto& cell) {
    using Cell = std::decay_t<decltype(cell)>;
    l.xh.topRows(in) = Eigen::Map<const Matrix<T>>(x, in, 1);
    if constexpr (Cell::separate_recurrent) {
      l.gates.noalias() = l.w * l.xh;
      l.gates.col(0) += l.bias;
      if (first) {
        l.hh.col(0) = l.b_hh;
      } else {
        l.hh.noalias() = l.w_hh * l.h;
        l.hh.col(0) += l.b_hh;
      }
    } else {
      l.gates.col(0) = l.bias;
      l.gates.noalias() += l.w * l.xh;
    }
    cell.forward_tile(H, Cols<T>(l.gates), Cols<T>(l.hh), first, Cols<T>(l.h), Cols<T>(l.c), Cols<T>(l.h_next),
                      Cols<T>(Cell::has_cell ? l.c_next : l.none), Cols<T>(l.none));
    l.h.swap(l.h_next);
    if constexpr (Cell::has_cell) l.c.swap(l.c_next);
    if constexpr (!Cell::separate_recurrent) l.xh.bottomRows(H) = l.h;
  });
}

}  // namespace

template <class T>
const T* ModelStream<T>::step(const T* x) {
  const T* in = x;
  for (Layer& l : layers_) {
    if (l.spec.kind == LayerKind::Dense) {
      l.y.noalias() = l.w * Eigen::Map<const Matrix<T>>(in, l.in, 1);
      l.y.col(0) += l.bias;
      apply_activation(l.spec.activation, l.y, l.y);
    } else if (l.recurrent()) {
      recurrent_step<T>(l, in, steps_ == 0);
    }
    if (l.spec.kind != LayerKind::Dropout) in = l.output();
  }
  ++steps_;
  return in;
}

template class ModelStream<float>;
template class ModelStream<double>;

}  // namespace rnnwb
