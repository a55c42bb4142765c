#include "engine/nn/model.hpp"

#include <unistd.h>

#include <cstdio>
#include <exception>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/memory.hpp"
#include "engine/core/threads.hpp"

namespace rnnwb {

namespace {

std::string layer_label(const std::vector<LayerSpec>& specs, std::size_t i) {
  return "layer " + std::to_string(i) + " (" + to_string(specs[i].kind) + ")";
}

// Checks the stack and returns each layer's output feature count and whether it is a sequence.
struct Shapes {
  std::vector<Index> features;
  std::vector<bool> sequence;
  double parameters = 0;  // counted in double: sizes from a user or a file must not overflow
};

Shapes infer_shapes(Index input_features, const std::vector<LayerSpec>& specs) {
  if (input_features < 1) throw ModelError("the model needs at least one input feature");
  if (specs.empty()) throw ModelError("the model has no layers: add a recurrent layer and a dense output layer");
  if (input_features > limits::kMaxFeatures)
    throw ModelError("the model has " + std::to_string(input_features) + " input features; rnnwb takes at most " +
                     std::to_string(limits::kMaxFeatures));
  if (specs.size() > std::size_t(limits::kMaxLayers))
    throw ModelError("the stack has " + std::to_string(specs.size()) + " layers (dropout and the dense head " +
                     "included); rnnwb takes at most " + std::to_string(limits::kMaxLayers));
  Shapes s;
  Index features = input_features;
  bool sequence = true;
  int last_seq_producer = -1;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const LayerSpec& l = specs[i];
    if (l.kind != LayerKind::Dropout && l.units < 1)
      throw ModelError(layer_label(specs, i) + " needs at least 1 unit, got " + std::to_string(l.units));
    if (l.units > limits::kMaxUnits)
      throw ModelError(layer_label(specs, i) + " has " + std::to_string(l.units) + " units; rnnwb takes at most " +
                       std::to_string(limits::kMaxUnits) + " per layer");
    if (is_recurrent(l.kind))
      s.parameters += double(gate_count(l.kind)) * l.units * (double(features) + l.units + 2);
    else if (l.kind == LayerKind::Dense)
      s.parameters += double(l.units) * (double(features) + 1);
    if (is_recurrent(l.kind)) {
      if (!sequence)
        throw ModelError(layer_label(specs, i) + " needs a sequence as input, but " +
                         layer_label(specs, std::size_t(last_seq_producer)) +
                         " returns only its last step: set return_sequences=true on it");
      features = l.units;
      sequence = l.return_sequences;
      last_seq_producer = int(i);
    } else if (l.kind == LayerKind::Dense) {
      features = l.units;
    } else if (!(l.rate >= 0.0 && l.rate < 1.0)) {
      throw ModelError(layer_label(specs, i) + " has rate " + std::to_string(l.rate) + ": use a rate in [0, 1)");
    }
    s.features.push_back(features);
    s.sequence.push_back(sequence);
  }
  return s;
}

// Refuses a model whose weights, gradients and optimizer state (about 4 copies of the parameters)
// cannot fit in this machine's memory, before anything is allocated: a clear message instead of
// an allocation failure halfway, or the system killing the process.
void check_memory(double parameters, std::size_t scalar_bytes) {
  const double need = 4.0 * double(parameters) * double(scalar_bytes);
  const double have = physical_memory_bytes();
  if (have > 0 && need > have) {
    char text[200];
    std::snprintf(text, sizeof text,
                  "the model has %.0f parameters: its weights, gradients and optimizer state need about %.1f GiB, "
                  "more than this machine's %.1f GiB of memory; use fewer units or layers",
                  parameters, need / 1073741824.0, have / 1073741824.0);
    throw ModelError(text);
  }
}

}  // namespace

template <class T>
Model<T>::Model(Index input_features, std::vector<LayerSpec> layers, const InitOptions& init)
    : input_features_(input_features), specs_(std::move(layers)) {
  const Shapes shapes = infer_shapes(input_features_, specs_);
  check_memory(shapes.parameters, sizeof(T));  // before any layer allocates
  Index in = input_features_, offset = 0;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    const LayerSpec& s = specs_[i];
    if (is_recurrent(s.kind))
      layers_.emplace_back(RecurrentLayer<T>(s, in));
    else if (s.kind == LayerKind::Dense)
      layers_.emplace_back(DenseLayer<T>(s, in));
    else
      layers_.emplace_back(DropoutLayer<T>(s));
    offsets_.push_back(offset);
    const auto infos = std::visit([](const auto& l) { return l.params(); }, layers_.back());
    for (const ParamInfo& p : infos) {
      tensors_.push_back({"layers." + std::to_string(i) + "." + p.name, p.shape, offset, p.size()});
      offset += p.size();
    }
    in = shapes.features[i];
  }
  params_.setZero(offset);
  grads_.setZero(offset);
  Rng rng(init.seed);
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    T* p = params_.data() + offsets_[i];
    std::visit(
        [&](auto& l) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(l)>, DropoutLayer<T>>) l.initialize(p, init.scheme, rng);
        },
        layers_[i]);
  }
  outputs_.resize(layers_.size());
  grad_buffers_.resize(layers_.size());
  dropout_rng_ = Rng(init.seed ^ 0x9E3779B97F4A7C15ull);
}

template <class T>
OutputShape Model<T>::output_shape(Index input_steps) const {
  const Shapes s = infer_shapes(input_features_, specs_);
  return {s.sequence.back() ? input_steps : 1, s.features.back()};
}

template <class T>
std::string Model<T>::summary(Index input_steps) const {
  const Shapes s = infer_shapes(input_features_, specs_);
  const std::string steps = input_steps > 0 ? std::to_string(input_steps) : "None";
  std::ostringstream out;
  char line[160];
  const std::string rule(72, '-');
  out << "Model: sequential, input (None, " << steps << ", " << input_features_ << ")\n" << rule << "\n";
  std::snprintf(line, sizeof line, "%-34s %-22s %12s\n", "Layer (type)", "Output Shape", "Param #");
  out << line << rule << "\n";
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    const LayerSpec& l = specs_[i];
    std::string type = to_string(l.kind);
    if (l.kind == LayerKind::Dense || l.kind == LayerKind::SimpleRNN) type += ", " + to_string(l.activation);
    if (l.kind == LayerKind::Dropout) type += " " + std::to_string(l.rate).substr(0, 4);
    if (is_recurrent(l.kind) && l.return_sequences) type += ", seq";
    const std::string shape = s.sequence[i] ? "(None, " + steps + ", " + std::to_string(s.features[i]) + ")"
                                            : "(None, " + std::to_string(s.features[i]) + ")";
    Index count = 0;
    for (const NamedTensor& t : tensors_)
      if (t.name.rfind("layers." + std::to_string(i) + ".", 0) == 0) count += t.size;
    std::snprintf(line, sizeof line, "%-34s %-22s %12lld\n",
                  ("layers." + std::to_string(i) + " (" + type + ")").c_str(), shape.c_str(),
                  static_cast<long long>(count));
    out << line;
  }
  out << rule << "\nTotal params: " << parameter_count() << "\n";
  return out.str();
}

template <class T>
const SeqMatrix<T>& Model<T>::forward(const SeqMatrix<T>& x, bool training) {
  if (x.features() != input_features_)
    throw ShapeError("the model expects " + std::to_string(input_features_) + " input features per step, got " +
                     std::to_string(x.features()));
  if (x.steps < 1 || x.batch < 1) throw ShapeError("the input batch is empty (no steps or no samples)");
  input_ = &x;
  backward_ready_ = training;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const SeqMatrix<T>& in = i == 0 ? x : outputs_[i - 1];
    const T* p = params_.data() + offsets_[i];
    std::visit(
        [&](auto& l) {
          using L = std::decay_t<decltype(l)>;
          if constexpr (std::is_same_v<L, DropoutLayer<T>>)
            l.forward(in, outputs_[i], training, dropout_rng_);
          else if constexpr (std::is_same_v<L, RecurrentLayer<T>>)
            training ? l.forward(p, in, outputs_[i]) : l.infer(p, in, outputs_[i]);
          else
            l.forward(p, in, outputs_[i]);
        },
        layers_[i]);
  }
  return outputs_.back();
}

template <class T>
void Model<T>::backward(const SeqMatrix<T>& d_output, SeqMatrix<T>* dx) {
  if (!input_ || !backward_ready_)
    throw ShapeError("internal: backward() needs a forward() with training=true just before it");
  const SeqMatrix<T>* dy = &d_output;
  for (std::size_t k = layers_.size(); k-- > 0;) {
    const SeqMatrix<T>& in = k == 0 ? *input_ : outputs_[k - 1];
    SeqMatrix<T>* d_in = k == 0 ? dx : &grad_buffers_[k];
    const T* p = params_.data() + offsets_[k];
    T* g = grads_.data() + offsets_[k];
    std::visit(
        [&](auto& l) {
          using L = std::decay_t<decltype(l)>;
          if constexpr (std::is_same_v<L, DropoutLayer<T>>)
            l.backward(*dy, d_in);
          else if constexpr (std::is_same_v<L, DenseLayer<T>>)
            l.backward(p, g, in, outputs_[k], *dy, d_in);
          else
            l.backward(p, g, in, *dy, d_in);
        },
        layers_[k]);
    dy = d_in;
  }
}

template <class T>
void Model<T>::predict_range(const Tensor3<T>& x, Index first, Index count, Index batch_size, Tensor3<T>& y) {
  std::vector<Index> rows;
  SeqMatrix<T> chunk;
  for (Index begin = first; begin < first + count; begin += batch_size) {
    const Index n = std::min(batch_size, first + count - begin);
    rows.resize(std::size_t(n));
    for (Index i = 0; i < n; ++i) rows[std::size_t(i)] = begin + i;
    gather_batch(x, rows.data(), n, chunk);
    scatter_batch(forward(chunk, false), y, begin);
  }
  input_ = nullptr;
}

template <class T>
Tensor3<T> Model<T>::predict(const Tensor3<T>& x, Index batch_size, int threads) {
  if (x.features != input_features_)
    throw ShapeError("the model expects " + std::to_string(input_features_) + " features per step, got " +
                     std::to_string(x.features));
  if (batch_size < 1) throw ConfigError("predict: batch size must be at least 1");
  const OutputShape os = output_shape(x.steps);
  Tensor3<T> y(x.batch, os.steps, os.features);
  const int parts = batch_parts(threads, x.batch);
  if (parts == 1) {
    predict_range(x, 0, x.batch, batch_size, y);
    return y;
  }
  // Data parallel: each thread predicts a contiguous range of rows on its own replica (its own
  // caches) into disjoint rows of y.
  std::vector<Model<T>> replicas;
  for (int k = 1; k < parts; ++k) {
    replicas.emplace_back(input_features_, specs_);
    replicas.back().params_ = params_;
  }
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(parts));
#pragma omp parallel for num_threads(parts) schedule(static, 1)
  for (int k = 0; k < parts; ++k) {
    try {
      const Index first = x.batch * k / parts, count = x.batch * (k + 1) / parts - first;
      (k == 0 ? *this : replicas[std::size_t(k - 1)]).predict_range(x, first, count, batch_size, y);
    } catch (...) {
      errors[std::size_t(k)] = std::current_exception();
    }
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  return y;
}

template class Model<float>;
template class Model<double>;

}  // namespace rnnwb
