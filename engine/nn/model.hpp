#pragma once
// Model: a sequential stack of layers with shape inference, parameter counts, a Keras-like
// summary, and forward / backward passes over one flat parameter vector that optimizers update
// as a whole. The parameters are the concatenation of the layers' PyTorch-named tensors,
// row-major, in stack order. Copying a Model copies its weights. A Model holds no pass state:
// forward() and backward() write into a ModelWorkspace the caller owns, so every pass is const
// and one model may serve several threads at once (each with its own workspace).
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine/core/rng.hpp"
#include "engine/core/tensor.hpp"
#include "engine/nn/dense_layer.hpp"
#include "engine/nn/init.hpp"
#include "engine/nn/layer_spec.hpp"
#include "engine/nn/model_workspace.hpp"
#include "engine/nn/param_info.hpp"
#include "engine/nn/recurrent_layer.hpp"
#include "engine/nn/stack_shape.hpp"

namespace rnnwb {

// One parameter tensor of the model: "layers.<i>.<name>" and where it lies in parameters().
struct NamedTensor {
  std::string name;
  std::vector<Index> shape;
  Index offset = 0, size = 0;
};

// The output of the stack for inputs of a given length: steps (1 unless the sequence is kept to
// the end) and features.
struct OutputShape {
  Index steps = 1, features = 0;
};

template <class T>
class Model {
 public:
  // Builds and initialises the stack; throws ModelError saying which layer is wrong and why.
  Model(Index input_features, std::vector<LayerSpec> layers, const InitOptions& init = {});

  const std::vector<LayerSpec>& layers() const { return specs_; }
  Index input_features() const { return input_features_; }
  OutputShape output_shape(Index input_steps) const;
  // Each layer's output shape and parameter count (describe_stack of this stack).
  const StackShape& shape() const { return shape_; }
  Index parameter_count() const { return params_.size(); }
  const std::vector<NamedTensor>& tensors() const { return tensors_; }
  // A Keras-like table: each layer's output shape and parameter count.
  std::string summary(Index input_steps = 0) const;

  Vector<T>& parameters() { return params_; }
  const Vector<T>& parameters() const { return params_; }

  // A workspace for this model's passes, its dropout masks seeded as a fresh model's own were
  // (from the initialiser's seed). Any ModelWorkspace works; this one only fixes the seed.
  ModelWorkspace<T> workspace() const { return ModelWorkspace<T>(default_dropout_seed_); }

  // Forward pass on the internal layout, into ws. `x` must stay alive until backward() is done
  // with it. training=true enables dropout and keeps what backward() needs; training=false is
  // inference (recurrent layers keep only their state).
  const SeqMatrix<T>& forward(ModelWorkspace<T>& ws, const SeqMatrix<T>& x, bool training) const;
  // Backward pass of the last forward in ws: fills ws.gradients from dLoss/dOutput; dx receives
  // dLoss/dInput when not null.
  void backward(ModelWorkspace<T>& ws, const SeqMatrix<T>& d_output, SeqMatrix<T>* dx = nullptr) const;

  // Inference on (batch, steps, features) inputs, in chunks of batch_size. Returns
  // (batch, output steps, output features). With threads > 1 the rows are split between up to
  // that many threads (batch_parts), each with its own workspace over these weights. Safe to
  // call from several threads at once.
  Tensor3<T> predict(const Tensor3<T>& x, Index batch_size = 256, int threads = 1) const;
  // Inference on this thread into y with a workspace the caller keeps (a streaming loop, a
  // server thread): once one call has sized ws and y, later calls with inputs of the same shape
  // (at most batch_size rows) do not allocate.
  void predict(ModelWorkspace<T>& ws, const Tensor3<T>& x, Tensor3<T>& y, Index batch_size = 256) const;

 private:
  // Predicts rows first .. first+count of x into the same rows of y.
  void predict_range(ModelWorkspace<T>& ws, const Tensor3<T>& x, Index first, Index count, Index batch_size,
                     Tensor3<T>& y) const;

  using Layer = std::variant<RecurrentLayer<T>, DenseLayer<T>, DropoutLayer<T>>;

  Index input_features_;
  std::vector<LayerSpec> specs_;
  std::vector<Layer> layers_;
  std::vector<Index> offsets_;  // start of each layer's parameters in params_
  std::vector<NamedTensor> tensors_;
  StackShape shape_;
  Vector<T> params_;
  std::uint64_t default_dropout_seed_ = 0;
};

extern template class Model<float>;
extern template class Model<double>;

}  // namespace rnnwb
