#include "engine/nn/recurrent_layer.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/nn/activation.hpp"

namespace rnnwb {

template <class T>
RecurrentLayer<T>::RecurrentLayer(const LayerSpec& spec, Index input_features)
    : spec_(spec), in_(input_features), units_(spec.units), gates_(gate_count(spec.kind)) {
  if (!is_recurrent(spec.kind)) throw ModelError("internal: RecurrentLayer built from a " + to_string(spec.kind));
  if (spec.kind == LayerKind::SimpleRNN && spec.activation != Activation::Tanh && spec.activation != Activation::Relu)
    throw ModelError("a SimpleRNN layer's activation must be tanh or relu, not " + to_string(spec.activation));
}

template <class T>
std::vector<ParamInfo> RecurrentLayer<T>::params() const {
  const Index gh = gates_ * units_;
  return {{"weight_ih", {gh, in_}}, {"weight_hh", {gh, units_}}, {"bias_ih", {gh}}, {"bias_hh", {gh}}};
}

template <class T>
void RecurrentLayer<T>::initialize(T* p, InitScheme scheme, Rng& rng) const {
  const Index gh = gates_ * units_;
  RowMajorMap<T> w_ih(p, gh, in_), w_hh(p + gh * in_, gh, units_);
  T* b_ih = p + gh * (in_ + units_);
  T* b_hh = b_ih + gh;
  if (scheme == InitScheme::PyTorch) {
    const double k = 1.0 / std::sqrt(double(units_));
    uniform<T>(w_ih, k, rng);
    uniform<T>(w_hh, k, rng);
    uniform<T>(RowMajorMap<T>(b_ih, 1, gh), k, rng);
    uniform<T>(RowMajorMap<T>(b_hh, 1, gh), k, rng);
    return;
  }
  glorot_uniform<T>(w_ih, rng);
  orthogonal<T>(w_hh, rng);
  for (Index i = 0; i < 2 * gh; ++i) b_ih[i] = T(0);
  // Keras' unit_forget_bias: the forget gate starts open (the sum of the two biases is 1).
  if (spec_.kind == LayerKind::LSTM)
    for (Index i = units_; i < 2 * units_; ++i) b_ih[i] = T(1);
}

namespace {

template <class T>
using Block = Eigen::Ref<Matrix<T>>;
template <class T>
using ConstBlock = Eigen::Ref<const Matrix<T>>;

// cell_step (below) on one tile of columns.
template <class T>
void cell_tile(LayerKind kind, Activation activation, Index H, Block<T> g, const ConstBlock<T>& hh, bool first,
               const ConstBlock<T>& h_prev, const ConstBlock<T>& c_prev, Block<T> h, Block<T> c, Block<T> hn) {
  switch (kind) {
    case LayerKind::LSTM: {
      g.topRows(2 * H) = g.topRows(2 * H).array().logistic().matrix();          // i, f
      g.middleRows(2 * H, H) = g.middleRows(2 * H, H).array().tanh().matrix();  // g
      g.bottomRows(H) = g.bottomRows(H).array().logistic().matrix();            // o
      if (first)
        c = g.topRows(H).cwiseProduct(g.middleRows(2 * H, H));
      else
        c = g.middleRows(H, H).cwiseProduct(c_prev) + g.topRows(H).cwiseProduct(g.middleRows(2 * H, H));
      h = g.bottomRows(H).cwiseProduct(c.array().tanh().matrix());
      break;
    }
    case LayerKind::GRU: {
      g.topRows(2 * H) = (g.topRows(2 * H) + hh.topRows(2 * H)).array().logistic().matrix();  // r, z
      if (hn.size() > 0) hn = hh.bottomRows(H);
      g.bottomRows(H) = (g.bottomRows(H) + g.topRows(H).cwiseProduct(hh.bottomRows(H))).array().tanh().matrix();
      // h = (1 - z) * n + z * h_prev = n + z * (h_prev - n)
      if (first)
        h = g.bottomRows(H) - g.middleRows(H, H).cwiseProduct(g.bottomRows(H));
      else
        h = g.bottomRows(H) + g.middleRows(H, H).cwiseProduct(h_prev - g.bottomRows(H));
      break;
    }
    default: {  // SimpleRNN
      apply_activation(activation, g, h);
      break;
    }
  }
}

// One step of the cell for a batch. g holds the step's pre-activations without the recurrent
// part for GRU (W_ih x + b_ih; hh = W_hh h_prev + b_hh) and with it for LSTM and SimpleRNN
// (all of W_ih x + b_ih + W_hh h_prev + b_hh; hh unused), and becomes the activated gates.
// Writes h, and c (LSTM) and hn = W_hn h + b_hn (GRU, when hn is not empty: training keeps it
// for the backward pass). first: h_prev = c_prev = 0. The element-wise work runs on tiles of
// columns so each tile's gates stay in L1 across the passes.
template <class T>
void cell_step(LayerKind kind, Activation activation, Index H, Block<T> g, const Matrix<T>& hh, bool first,
               const ConstBlock<T>& h_prev, const ConstBlock<T>& c_prev, Block<T> h, Block<T> c, Block<T> hn) {
  const Index batch = g.cols(), tile = std::max<Index>(1, Index(4096) / g.rows());
  const auto cols = [](auto&& m, Index j, Index n) { return m.cols() == 0 ? m.middleCols(0, 0) : m.middleCols(j, n); };
  for (Index j = 0; j < batch; j += tile) {
    const Index n = std::min(tile, batch - j);
    cell_tile<T>(kind, activation, H, g.middleCols(j, n), cols(hh, j, n), first, cols(h_prev, j, n), cols(c_prev, j, n),
                 h.middleCols(j, n), cols(c, j, n), cols(hn, j, n));
  }
}

}  // namespace

template <class T>
void RecurrentLayer<T>::forward(const T* p, const SeqMatrix<T>& x, SeqMatrix<T>& y) {
  if (x.features() != in_)
    throw ShapeError("layer expects " + std::to_string(in_) + " input features, got " + std::to_string(x.features()));
  const Index steps = x.steps, batch = x.batch, H = units_, gh = gates_ * units_;
  const ConstRowMap<T> w_ih(p, gh, in_), w_hh(p + gh * in_, gh, H);
  const ConstVecMap<T> b_ih(p + gh * (in_ + H), gh), b_hh(p + gh * (in_ + H + 1), gh);
  const bool lstm = spec_.kind == LayerKind::LSTM, gru = spec_.kind == LayerKind::GRU;

  gate_act_.resize(gh, steps * batch);
  gate_act_.noalias() = w_ih * x.m;
  if (gru)
    gate_act_.colwise() += b_ih;
  else
    gate_act_.colwise() += b_ih + b_hh;  // the recurrent product is added to the gates in place
  h_.resize(H, steps * batch);
  c_.resize(lstm ? H : 0, lstm ? steps * batch : 0);
  hn_.resize(gru ? H : 0, gru ? steps * batch : 0);
  hh_.resize(gru ? gh : 0, gru ? batch : 0);
  zeros_.setZero(H, batch);

  for (Index t = 0; t < steps; ++t) {
    if (gru && t == 0) {
      hh_.colwise() = b_hh;  // h_{-1} = 0
    } else if (gru) {
      hh_.noalias() = w_hh * h_.middleCols((t - 1) * batch, batch);
      hh_.colwise() += b_hh;
    } else if (t > 0) {
      gate_act_.middleCols(t * batch, batch).noalias() += w_hh * h_.middleCols((t - 1) * batch, batch);
    }
    const Index prev = std::max<Index>(t - 1, 0) * batch;
    cell_step<T>(spec_.kind, spec_.activation, H, gate_act_.middleCols(t * batch, batch), hh_, t == 0,
                 h_.middleCols(prev, batch), lstm ? ConstBlock<T>(c_.middleCols(prev, batch)) : ConstBlock<T>(zeros_),
                 h_.middleCols(t * batch, batch), lstm ? Block<T>(c_.middleCols(t * batch, batch)) : Block<T>(c_),
                 gru ? Block<T>(hn_.middleCols(t * batch, batch)) : Block<T>(hn_));
  }

  if (spec_.return_sequences) {
    y.resize(H, steps, batch);
    y.m = h_;
  } else {
    y.resize(H, 1, batch);
    y.m = h_.rightCols(batch);
  }
}

template <class T>
void RecurrentLayer<T>::infer(const T* p, const SeqMatrix<T>& x, SeqMatrix<T>& y) {
  if (x.features() != in_)
    throw ShapeError("layer expects " + std::to_string(in_) + " input features, got " + std::to_string(x.features()));
  const Index steps = x.steps, batch = x.batch, H = units_, gh = gates_ * units_;
  const ConstRowMap<T> w_ih(p, gh, in_), w_hh(p + gh * in_, gh, H);
  const ConstVecMap<T> b_ih(p + gh * (in_ + H), gh), b_hh(p + gh * (in_ + H + 1), gh);
  const bool lstm = spec_.kind == LayerKind::LSTM, gru = spec_.kind == LayerKind::GRU;
  const Vector<T> bias = gru ? Vector<T>(b_ih) : Vector<T>(b_ih + b_hh);
  // The input projection of a block of steps at a time, sized to stay in cache (~128 KiB).
  const Index block = std::clamp<Index>(Index(32768) / (gh * batch), 1, steps);
  if (!gru && block == 1) return infer_stacked(p, x, y);
  gate_act_.resize(gh, block * batch);
  hh_.resize(gru ? gh : 0, gru ? batch : 0);
  h_.resize(H, 2 * batch);  // the state, ping-pong between its two halves
  c_.resize(lstm ? H : 0, lstm ? 2 * batch : 0);
  hn_.resize(0, 0);
  if (spec_.return_sequences) y.resize(H, steps, batch);
  for (Index t0 = 0; t0 < steps; t0 += block) {
    const Index n = std::min(block, steps - t0);
    gate_act_.leftCols(n * batch).noalias() = w_ih * x.m.middleCols(t0 * batch, n * batch);
    gate_act_.leftCols(n * batch).colwise() += bias;
    for (Index t = t0; t < t0 + n; ++t) {
      const Index cur = (t % 2) * batch, prev = batch - cur;
      if (gru && t == 0) {
        hh_.colwise() = b_hh;
      } else if (gru) {
        hh_.noalias() = w_hh * h_.middleCols(prev, batch);
        hh_.colwise() += b_hh;
      } else if (t > 0) {
        gate_act_.middleCols((t - t0) * batch, batch).noalias() += w_hh * h_.middleCols(prev, batch);
      }
      cell_step<T>(spec_.kind, spec_.activation, H, gate_act_.middleCols((t - t0) * batch, batch), hh_, t == 0,
                   h_.middleCols(prev, batch), lstm ? ConstBlock<T>(c_.middleCols(prev, batch)) : ConstBlock<T>(c_),
                   h_.middleCols(cur, batch), lstm ? Block<T>(c_.middleCols(cur, batch)) : Block<T>(c_), Block<T>(hn_));
      if (spec_.return_sequences) y.m.middleCols(t * batch, batch) = h_.middleCols(cur, batch);
    }
  }
  if (!spec_.return_sequences) {
    y.resize(H, 1, batch);
    y.m = h_.middleCols(((steps - 1) % 2) * batch, batch);
  }
}

template <class T>
void RecurrentLayer<T>::infer_stacked(const T* p, const SeqMatrix<T>& x, SeqMatrix<T>& y) {
  const Index steps = x.steps, batch = x.batch, H = units_, gh = gates_ * units_, in = in_;
  const ConstRowMap<T> w_ih(p, gh, in), w_hh(p + gh * in, gh, H);
  const ConstVecMap<T> b_ih(p + gh * (in + H), gh), b_hh(p + gh * (in + H + 1), gh);
  const bool lstm = spec_.kind == LayerKind::LSTM;
  // One product per step over the stacked [x_t; h_t-1]: twice the depth of two separate products.
  stacked_w_.resize(gh, in + H);
  stacked_w_.leftCols(in) = w_ih;
  stacked_w_.rightCols(H) = w_hh;
  const Vector<T> bias = b_ih + b_hh;
  xh_.setZero(in + H, 2 * batch);  // [x; h] of the current step, ping-pong between two halves
  gate_act_.resize(gh, batch);
  c_.resize(lstm ? H : 0, lstm ? 2 * batch : 0);
  if (spec_.return_sequences) y.resize(H, steps, batch);
  for (Index t = 0; t < steps; ++t) {
    const Index cur = (t % 2) * batch, next = batch - cur;
    xh_.block(0, cur, in, batch) = x.m.middleCols(t * batch, batch);
    gate_act_.colwise() = bias;  // the product accumulates onto it: one pass less than = then +=
    gate_act_.noalias() += stacked_w_ * xh_.middleCols(cur, batch);
    cell_step<T>(spec_.kind, spec_.activation, H, gate_act_, hh_, t == 0, xh_.block(in, cur, H, batch),
                 lstm ? ConstBlock<T>(c_.middleCols(cur, batch)) : ConstBlock<T>(c_), xh_.block(in, next, H, batch),
                 lstm ? Block<T>(c_.middleCols(next, batch)) : Block<T>(c_), Block<T>(hn_));
    if (spec_.return_sequences) y.m.middleCols(t * batch, batch) = xh_.block(in, next, H, batch);
  }
  if (!spec_.return_sequences) {
    y.resize(H, 1, batch);
    y.m = xh_.block(in, (steps % 2) * batch, H, batch);
  }
}

template <class T>
void RecurrentLayer<T>::backward(const T* p, T* g, const SeqMatrix<T>& x, const SeqMatrix<T>& dy, SeqMatrix<T>* dx) {
  const Index steps = x.steps, batch = x.batch, H = units_, gh = gates_ * units_;
  const ConstRowMap<T> w_ih(p, gh, in_), w_hh(p + gh * in_, gh, H);
  const bool gru = spec_.kind == LayerKind::GRU;

  d_in_.resize(gh, steps * batch);
  if (gru) d_rec_.resize(gh, steps * batch);
  dh_next_.setZero(H, batch);
  if (spec_.kind == LayerKind::LSTM) dc_next_.setZero(H, batch);
  dh_.resize(H, batch);
  tmp_.resize(H, batch);

  for (Index t = steps - 1; t >= 0; --t) {
    // Gradient reaching h_t: from the layer above (every step, or only the last) and from step t+1.
    if (spec_.return_sequences)
      dh_ = dh_next_ + dy.m.middleCols(t * batch, batch);
    else if (t == steps - 1)
      dh_ = dh_next_ + dy.m;
    else
      dh_ = dh_next_;

    const auto act = gate_act_.middleCols(t * batch, batch);
    auto d = d_in_.middleCols(t * batch, batch);
    const auto h_prev = t > 0 ? h_.middleCols((t - 1) * batch, batch) : zeros_.middleCols(0, batch);
    switch (spec_.kind) {
      case LayerKind::LSTM: {
        const auto i = act.topRows(H).array(), f = act.middleRows(H, H).array(), gg = act.middleRows(2 * H, H).array(),
                   o = act.bottomRows(H).array();
        const auto c_prev = t > 0 ? c_.middleCols((t - 1) * batch, batch) : zeros_.middleCols(0, batch);
        tmp_ = c_.middleCols(t * batch, batch).array().tanh().matrix();  // tanh(c_t)
        // dc = dc_next + dh * o * (1 - tanh(c)^2), kept in dc_next_ (it becomes dc_{t-1} below).
        dc_next_.array() += dh_.array() * o * (T(1) - tmp_.array().square());
        const auto dc = dc_next_.array();
        d.topRows(H) = (dc * gg * i * (T(1) - i)).matrix();
        d.middleRows(H, H) = (dc * c_prev.array() * f * (T(1) - f)).matrix();
        d.middleRows(2 * H, H) = (dc * i * (T(1) - gg.square())).matrix();
        d.bottomRows(H) = (dh_.array() * tmp_.array() * o * (T(1) - o)).matrix();
        dc_next_.array() *= f;
        if (t > 0) dh_next_.noalias() = w_hh.transpose() * d;
        break;
      }
      case LayerKind::GRU: {
        const auto r = act.topRows(H).array(), z = act.middleRows(H, H).array(), n = act.bottomRows(H).array();
        const auto hn = hn_.middleCols(t * batch, batch).array();
        auto dr = d_rec_.middleCols(t * batch, batch);
        d.bottomRows(H) = (dh_.array() * (T(1) - z) * (T(1) - n.square())).matrix();  // dn_pre
        d.middleRows(H, H) = (dh_.array() * (h_prev.array() - n) * z * (T(1) - z)).matrix();
        d.topRows(H) = (d.bottomRows(H).array() * hn * r * (T(1) - r)).matrix();
        dr.topRows(2 * H) = d.topRows(2 * H);
        dr.bottomRows(H) = (d.bottomRows(H).array() * r).matrix();
        if (t > 0) {
          dh_next_.noalias() = w_hh.transpose() * dr;
          dh_next_.array() += dh_.array() * z;
        }
        break;
      }
      default:
        activation_backward(spec_.activation, h_.middleCols(t * batch, batch), dh_, d);
        if (t > 0) dh_next_.noalias() = w_hh.transpose() * d;
        break;
    }
  }

  // Weight gradients as single products over all steps.
  const Matrix<T>& d_rec = gru ? d_rec_ : d_in_;
  RowMap<T> g_ih(g, gh, in_), g_hh(g + gh * in_, gh, H);
  VecMap<T> gb_ih(g + gh * (in_ + H), gh), gb_hh(g + gh * (in_ + H + 1), gh);
  g_ih.noalias() = d_in_ * x.m.transpose();
  gb_ih = d_in_.rowwise().sum();
  if (steps > 1)
    g_hh.noalias() = d_rec.rightCols((steps - 1) * batch) * h_.leftCols((steps - 1) * batch).transpose();
  else
    g_hh.setZero();
  gb_hh = d_rec.rowwise().sum();
  if (dx) {
    dx->resize(in_, steps, batch);
    dx->m.noalias() = w_ih.transpose() * d_in_;
  }
}

template class RecurrentLayer<float>;
template class RecurrentLayer<double>;

}  // namespace rnnwb
