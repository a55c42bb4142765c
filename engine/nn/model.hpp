#pragma once
// Model: a sequential stack of layers with shape inference, parameter counts, a Keras-like
// summary, and forward / backward passes over one flat parameter vector (and one flat gradient
// vector) that optimizers update as a whole. The parameters are the concatenation of the layers'
// PyTorch-named tensors, row-major, in stack order. Copying a Model copies its weights.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine/core/rng.hpp"
#include "engine/core/tensor.hpp"
#include "engine/nn/dense_layer.hpp"
#include "engine/nn/init.hpp"
#include "engine/nn/layer_spec.hpp"
#include "engine/nn/param_info.hpp"
#include "engine/nn/recurrent_layer.hpp"

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
  Index parameter_count() const { return params_.size(); }
  const std::vector<NamedTensor>& tensors() const { return tensors_; }
  // A Keras-like table: each layer's output shape and parameter count.
  std::string summary(Index input_steps = 0) const;

  Vector<T>& parameters() { return params_; }
  const Vector<T>& parameters() const { return params_; }
  const Vector<T>& gradients() const { return grads_; }
  Vector<T>& gradients() { return grads_; }

  // Forward pass on the internal layout. `x` must stay alive until backward() is done with it.
  // training=true enables dropout and keeps what backward() needs; training=false is inference
  // (recurrent layers keep only their state).
  const SeqMatrix<T>& forward(const SeqMatrix<T>& x, bool training);
  // Backward pass of the last forward: fills gradients() from dLoss/dOutput; dx receives
  // dLoss/dInput when not null.
  void backward(const SeqMatrix<T>& d_output, SeqMatrix<T>* dx = nullptr);

  // Inference on (batch, steps, features) inputs, in chunks of batch_size. Returns
  // (batch, output steps, output features). With threads > 1 the rows are split between up to
  // that many threads (batch_parts), each on its own replica of the model. Uses this model's
  // caches: one model object is not for two threads at once (give each thread its own copy).
  Tensor3<T> predict(const Tensor3<T>& x, Index batch_size = 256, int threads = 1);

  // Seeds the dropout masks (the trainer does this from its seed so runs are reproducible).
  void seed_dropout(std::uint64_t seed) { dropout_rng_ = Rng(seed); }

 private:
  // Predicts rows first .. first+count of x into the same rows of y.
  void predict_range(const Tensor3<T>& x, Index first, Index count, Index batch_size, Tensor3<T>& y);

  using Layer = std::variant<RecurrentLayer<T>, DenseLayer<T>, DropoutLayer<T>>;

  Index input_features_;
  std::vector<LayerSpec> specs_;
  std::vector<Layer> layers_;
  std::vector<Index> offsets_;  // start of each layer's parameters in params_
  std::vector<NamedTensor> tensors_;
  Vector<T> params_, grads_;
  std::vector<SeqMatrix<T>> outputs_, grad_buffers_;  // per layer: forward output, gradient wrt input
  const SeqMatrix<T>* input_ = nullptr;
  bool backward_ready_ = false;
  Rng dropout_rng_{0};
};

extern template class Model<float>;
extern template class Model<double>;

}  // namespace rnnwb
