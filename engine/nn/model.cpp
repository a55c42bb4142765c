#include "engine/nn/model.hpp"

#include <algorithm>
#include <exception>
#include <limits>

#include "engine/core/error.hpp"
#include "engine/core/padding.hpp"
#include "engine/core/threads.hpp"
#include "engine/nn/layer_kind.hpp"

namespace rnnwb {

template <class T>
Model<T>::Model(Index input_features, std::vector<LayerSpec> layers, const InitOptions& init)
    : input_features_(input_features),
      specs_(std::move(layers)),
      shape_(describe_stack(input_features_, specs_)),
      default_dropout_seed_(init.seed ^ 0x9E3779B97F4A7C15ull) {
  check_fits_in_memory(shape_.parameters, sizeof(T));  // before any layer allocates
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
    for (const ParamInfo& p : layer_params(s, in)) {
      tensors_.push_back({"layers." + std::to_string(i) + "." + p.name, p.shape, offset, p.size()});
      offset += p.size();
    }
    in = shape_.layers[i].features;
  }
  params_.setZero(offset);
  Rng rng(init.seed);
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    T* p = params_.data() + offsets_[i];
    std::visit(
        [&](auto& l) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(l)>, DropoutLayer<T>>) l.initialize(p, init.scheme, rng);
        },
        layers_[i]);
  }
}

template <class T>
OutputShape Model<T>::output_shape(Index input_steps) const {
  return {shape_.output_sequence() ? input_steps : 1, shape_.output_features()};
}

template <class T>
std::string Model<T>::summary(Index input_steps) const {
  return stack_summary(specs_, shape_, input_steps);
}

namespace {

// Sizes ws for a model of `layers` layers (once: a workspace keeps its buffers after).
template <class T>
void fit_workspace(ModelWorkspace<T>& ws, std::size_t layers) {
  if (ws.layers.size() == layers) return;
  ws.layers.resize(layers);
  ws.outputs.resize(layers);
  ws.grad_buffers.resize(layers);
}

}  // namespace

template <class T>
const SeqMatrix<T>& Model<T>::forward(ModelWorkspace<T>& ws, const SeqMatrix<T>& x, bool training) const {
  if (x.features() != input_features_)
    throw ShapeError("the model expects " + std::to_string(input_features_) + " input features per step, got " +
                     std::to_string(x.features()));
  if (x.steps < 1 || x.batch < 1) throw ShapeError("the input batch is empty (no steps or no samples)");
  if (x.packed() && (x.lengths.size() != std::size_t(x.batch) || x.lengths.front() != x.steps ||
                     !std::is_sorted(x.lengths.rbegin(), x.lengths.rend()) || x.lengths.back() < 1))
    throw ShapeError("internal: a packed batch needs one length per sample, longest first, the first = its steps");
  fit_workspace(ws, layers_.size());
  ws.input = &x;
  ws.backward_ready = training;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const SeqMatrix<T>& in = i == 0 ? x : ws.outputs[i - 1];
    SeqMatrix<T>& out = ws.outputs[i];
    LayerWorkspace<T>& lw = ws.layers[i];
    const T* p = params_.data() + offsets_[i];
    std::visit(
        [&](const auto& l) {
          using L = std::decay_t<decltype(l)>;
          if constexpr (std::is_same_v<L, DropoutLayer<T>>)
            l.forward(in, out, training, ws.dropout_rng, lw.scratch);
          else if constexpr (std::is_same_v<L, RecurrentLayer<T>>)
            l.forward(p, in, out, lw.recurrent, training);
          else
            l.forward(p, in, out);
        },
        layers_[i]);
  }
  return ws.outputs.back();
}

template <class T>
void Model<T>::backward(ModelWorkspace<T>& ws, const SeqMatrix<T>& d_output, SeqMatrix<T>* dx) const {
  if (!ws.input || !ws.backward_ready || ws.layers.size() != layers_.size())
    throw ShapeError("internal: backward() needs a forward() with training=true just before it");
  if (ws.gradients.size() != params_.size()) ws.gradients.setZero(params_.size());
  const SeqMatrix<T>* dy = &d_output;
  for (std::size_t k = layers_.size(); k-- > 0;) {
    const SeqMatrix<T>& in = k == 0 ? *ws.input : ws.outputs[k - 1];
    SeqMatrix<T>* d_in = k == 0 ? dx : &ws.grad_buffers[k];
    LayerWorkspace<T>& lw = ws.layers[k];
    const T* p = params_.data() + offsets_[k];
    T* g = ws.gradients.data() + offsets_[k];
    std::visit(
        [&](const auto& l) {
          using L = std::decay_t<decltype(l)>;
          if constexpr (std::is_same_v<L, DropoutLayer<T>>)
            l.backward(*dy, d_in, lw.scratch);
          else if constexpr (std::is_same_v<L, DenseLayer<T>>)
            l.backward(p, g, in, ws.outputs[k], *dy, d_in, lw.scratch);
          else
            l.backward(p, g, in, *dy, d_in, lw.recurrent);
        },
        layers_[k]);
    dy = d_in;
  }
}

namespace {

// Writes a packed output (rows in the packed order `rows`) back into the rows of y; a sequence
// output goes to each row's valid steps (from `spans`), its padding NaN like the input's.
template <class T>
void scatter_packed(const SeqMatrix<T>& out, const std::vector<ValidSpan>& spans, const std::vector<Index>& rows,
                    Tensor3<T>& y) {
  const bool sequence = y.steps > 1 || out.steps > 1;
  for (Index i = 0; i < out.batch; ++i) {
    const Index r = rows[std::size_t(i)];
    const ValidSpan& s = spans[std::size_t(r)];
    if (sequence)
      for (Index t = 0; t < y.steps; ++t)
        for (Index f = 0; f < y.features; ++f) y(r, t, f) = std::numeric_limits<T>::quiet_NaN();
    for (Index t = 0; t < (sequence ? s.length : 1); ++t) {
      const T* in = out.m.col(t * out.batch + i).data();
      T* o = &y(r, sequence ? s.first + t : 0, 0);
      for (Index f = 0; f < y.features; ++f) o[f] = in[f];
    }
  }
}

}  // namespace

template <class T>
void Model<T>::predict_range(ModelWorkspace<T>& ws, const Tensor3<T>& x, Index first, Index count, Index batch_size,
                             Tensor3<T>& y) const {
  // Padded rows (variable lengths) run packed: each reads only its valid steps.
  const std::vector<ValidSpan> spans = padding_spans(x);
  for (Index begin = first; begin < first + count; begin += batch_size) {
    const Index n = std::min(batch_size, first + count - begin);
    ws.rows.resize(std::size_t(n));
    for (Index i = 0; i < n; ++i) ws.rows[std::size_t(i)] = begin + i;
    if (spans.empty()) {
      gather_batch(x, ws.rows.data(), n, ws.input_chunk);
      scatter_batch(forward(ws, ws.input_chunk, false), y, begin);
    } else {
      gather_packed(x, spans, ws.rows.data(), n, ws.input_chunk);
      scatter_packed(forward(ws, ws.input_chunk, false), spans, ws.rows, y);
    }
  }
}

template <class T>
void Model<T>::predict(ModelWorkspace<T>& ws, const Tensor3<T>& x, Tensor3<T>& y, Index batch_size) const {
  if (x.features != input_features_)
    throw ShapeError("the model expects " + std::to_string(input_features_) + " features per step, got " +
                     std::to_string(x.features));
  if (batch_size < 1) throw ConfigError("predict: batch size must be at least 1");
  const OutputShape os = output_shape(x.steps);
  if (y.batch != x.batch || y.steps != os.steps || y.features != os.features)
    y = Tensor3<T>(x.batch, os.steps, os.features);
  predict_range(ws, x, 0, x.batch, batch_size, y);
}

template <class T>
Tensor3<T> Model<T>::predict(const Tensor3<T>& x, Index batch_size, int threads) const {
  if (x.features != input_features_)
    throw ShapeError("the model expects " + std::to_string(input_features_) + " features per step, got " +
                     std::to_string(x.features));
  if (batch_size < 1) throw ConfigError("predict: batch size must be at least 1");
  const OutputShape os = output_shape(x.steps);
  Tensor3<T> y(x.batch, os.steps, os.features);
  // Never more threads than parts worth a thread (batch_parts): one window stays on this thread.
  const int parts = batch_parts(threads, x.batch);
  if (parts == 1) {
    ModelWorkspace<T> ws;
    predict_range(ws, x, 0, x.batch, batch_size, y);
    return y;
  }
  // Data parallel: each thread predicts a contiguous range of rows with its own workspace over
  // the shared weights, into disjoint rows of y.
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(parts));
#pragma omp parallel for num_threads(parts) schedule(static, 1)
  for (int k = 0; k < parts; ++k) {
    try {
      const Index first = x.batch * k / parts, count = x.batch * (k + 1) / parts - first;
      ModelWorkspace<T> ws;
      predict_range(ws, x, first, count, batch_size, y);
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
