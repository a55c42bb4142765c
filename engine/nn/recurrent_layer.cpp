#include "engine/nn/recurrent_layer.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/nn/layer_kind.hpp"
#include "engine/nn/recurrent_cell.hpp"

namespace rnnwb {

using cells::Cols;
using cells::ConstCols;
using cells::RecurrentTensors;

template <class T>
RecurrentLayer<T>::RecurrentLayer(const LayerSpec& spec, Index input_features)
    : spec_(spec), in_(input_features), units_(spec.units), gates_(gate_count(spec.kind)) {
  if (!is_recurrent(spec.kind)) throw ModelError("internal: RecurrentLayer built from a " + to_string(spec.kind));
  if (spec.kind == LayerKind::SimpleRNN && spec.activation != Activation::Tanh && spec.activation != Activation::Relu)
    throw ModelError("a SimpleRNN layer's activation must be tanh or relu, not " + to_string(spec.activation));
}

template <class T>
std::vector<ParamInfo> RecurrentLayer<T>::params() const {
  return layer_params(spec_, in_);
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

// A cell's forward_tile over a whole step, on tiles of columns so each tile's gates stay in L1
// across the element-wise passes. Empty c / hn / hh (the kinds without them) stay empty.
template <class T, class Cell>
void step_in_tiles(const Cell& cell, Index H, Cols<T> g, const ConstCols<T>& hh, bool first, const ConstCols<T>& h_prev,
                   const ConstCols<T>& c_prev, Cols<T> h, Cols<T> c, Cols<T> hn) {
  const Index batch = g.cols(), tile = std::max<Index>(1, Index(4096) / g.rows());
  const auto cols = [](auto&& m, Index j, Index n) { return m.cols() == 0 ? m.middleCols(0, 0) : m.middleCols(j, n); };
  for (Index j = 0; j < batch; j += tile) {
    const Index n = std::min(tile, batch - j);
    cell.forward_tile(H, g.middleCols(j, n), cols(hh, j, n), first, cols(h_prev, j, n), cols(c_prev, j, n),
                      h.middleCols(j, n), cols(c, j, n), cols(hn, j, n));
  }
}

// How a forward pass keeps its state. Training keeps every step (slot t holds step t, the block
// of projected steps is the whole sequence); inference keeps two slots, ping-pong, and projects a
// cache-sized block of steps at a time, or, when not even one step's block fits, stacks
// [W_ih W_hh] and does one product per step over [x_t; h_{t-1}] (then the state lives in the
// lower rows of those [x; h] slots).
struct StepPlan {
  bool keep_all = false, stacked = false;
  Index block = 1, h_row = 0;
  Index slot(Index t) const { return keep_all ? t : (t + (stacked ? 1 : 0)) % 2; }
  // The slot of step t-1 (for t = 0: a slot whose state is zero or not read).
  Index prev_slot(Index t) const { return keep_all ? std::max<Index>(t - 1, 0) : (t + 1 + (stacked ? 1 : 0)) % 2; }
};

template <class Cell>
StepPlan plan_steps(bool training, Index steps, Index batch, Index gh, Index in) {
  StepPlan plan;
  plan.keep_all = training;
  // ~128 KiB of projected gates per block.
  plan.block = training ? steps : std::clamp<Index>(Index(32768) / (gh * batch), 1, steps);
  plan.stacked = !training && !Cell::separate_recurrent && plan.block == 1;
  plan.h_row = plan.stacked ? in : 0;
  return plan;
}

template <class T, class Cell>
void size_workspace(const StepPlan& plan, const RecurrentTensors<const T>& w, Index in, Index H, Index steps,
                    Index batch, RecurrentWorkspace<T>& ws) {
  const Index gh = w.b_ih.size(), slots = plan.keep_all ? steps : 2;
  if constexpr (Cell::separate_recurrent)
    ws.bias = w.b_ih;
  else
    ws.bias = w.b_ih + w.b_hh;  // the recurrent product is added to the gates in place
  ws.gates.resize(gh, plan.block * batch);
  if (plan.stacked)
    ws.state.setZero(in + H, 2 * batch);  // h_{-1} = 0
  else
    ws.state.resize(H, slots * batch);
  ws.cell.resize(Cell::has_cell ? H : 0, Cell::has_cell ? slots * batch : 0);
  ws.hn.resize(Cell::keeps_hn && plan.keep_all ? H : 0, Cell::keeps_hn && plan.keep_all ? steps * batch : 0);
  ws.hh.resize(Cell::separate_recurrent ? gh : 0, Cell::separate_recurrent ? batch : 0);
  if (plan.stacked) {
    ws.stacked_w.resize(gh, in + H);
    ws.stacked_w.leftCols(in) = w.w_ih;
    ws.stacked_w.rightCols(H) = w.w_hh;
  }
}

// dst = w * rhs (or += with accumulate) for one step's small batch, in blocks of rows small
// enough that Eigen packs each block on the stack (EIGEN_STACK_ALLOCATION_LIMIT) rather than
// allocating: inference with a kept workspace then allocates nothing, however wide the layer.
// One block (the plain product) for all but the widest layers.
template <class T, class Dst, class W, class Rhs>
void step_product(Dst&& dst, const W& w, const Rhs& rhs, bool accumulate) {
  const Index row_bytes = Index(sizeof(T)) * std::max<Index>(1, w.cols());
  const Index rows = std::max<Index>(16, Index(EIGEN_STACK_ALLOCATION_LIMIT / 2) / row_bytes);
  for (Index r = 0; r < w.rows(); r += rows) {
    const Index n = std::min(rows, w.rows() - r);
    if (accumulate)
      dst.middleRows(r, n).noalias() += w.middleRows(r, n) * rhs;
    else
      dst.middleRows(r, n).noalias() = w.middleRows(r, n) * rhs;
  }
}

// The recurrent part of step t's pre-activations (g holds the input projection, or nothing yet
// when stacked).
template <class T, class Cell>
void recurrent_product(const StepPlan& plan, const RecurrentTensors<const T>& w, const SeqMatrix<T>& x, Index t,
                       Index in, Index H, Cols<T> g, RecurrentWorkspace<T>& ws) {
  const Index batch = x.batch, ps = plan.prev_slot(t);
  if (plan.stacked) {
    ws.state.block(0, ps * batch, in, batch) = x.m.middleCols(t * batch, batch);
    g.colwise() = ws.bias;  // the product accumulates onto it: one pass less than = then +=
    step_product<T>(g, ws.stacked_w, ws.state.middleCols(ps * batch, batch), true);
  } else if (Cell::separate_recurrent && t == 0) {
    ws.hh.colwise() = w.b_hh;  // h_{-1} = 0
  } else if (Cell::separate_recurrent) {
    step_product<T>(ws.hh, w.w_hh, ws.state.block(0, ps * batch, H, batch), false);
    ws.hh.colwise() += w.b_hh;
  } else if (t > 0) {
    step_product<T>(g, w.w_hh, ws.state.block(0, ps * batch, H, batch), true);
  }
}

// The one time loop, for training and inference alike.
template <class T, class Cell>
void run_steps(const Cell& cell, const RecurrentTensors<const T>& w, Index in, Index H, bool return_sequences,
               bool training, const SeqMatrix<T>& x, SeqMatrix<T>& y, RecurrentWorkspace<T>& ws) {
  const Index steps = x.steps, batch = x.batch;
  const StepPlan plan = plan_steps<Cell>(training, steps, batch, w.b_ih.size(), in);
  size_workspace<T, Cell>(plan, w, in, H, steps, batch, ws);
  const auto h = [&](Index slot) { return ws.state.block(plan.h_row, slot * batch, H, batch); };
  const auto c = [&](Index slot) {
    return Cell::has_cell ? Cols<T>(ws.cell.middleCols(slot * batch, batch)) : Cols<T>(ws.cell);
  };
  const bool emit_steps = return_sequences && !plan.keep_all;
  if (emit_steps) y.resize(H, steps, batch);
  for (Index t0 = 0; t0 < steps; t0 += plan.block) {
    const Index n = std::min(plan.block, steps - t0);
    if (!plan.stacked) {
      ws.gates.leftCols(n * batch).noalias() = w.w_ih * x.m.middleCols(t0 * batch, n * batch);
      ws.gates.leftCols(n * batch).colwise() += ws.bias;
    }
    for (Index t = t0; t < t0 + n; ++t) {
      Cols<T> g = ws.gates.middleCols((t - t0) * batch, batch);
      recurrent_product<T, Cell>(plan, w, x, t, in, H, g, ws);
      const Index s = plan.slot(t), ps = plan.prev_slot(t);
      step_in_tiles<T>(cell, H, g, ws.hh, t == 0, h(ps), c(ps), h(s), c(s),
                       ws.hn.size() > 0 ? Cols<T>(ws.hn.middleCols(t * batch, batch)) : Cols<T>(ws.hn));
      if (emit_steps) y.m.middleCols(t * batch, batch) = h(s);
    }
  }
  if (plan.keep_all && return_sequences) {
    y.resize(H, steps, batch);
    y.m = ws.state;
  } else if (!return_sequences) {
    y.resize(H, 1, batch);
    y.m = h(plan.slot(steps - 1));
  }
}

// Backpropagation through time over what a training run_steps left in ws.
template <class T, class Cell>
void backprop_steps(const Cell& cell, const RecurrentTensors<const T>& w, RecurrentTensors<T> grad, Index H,
                    bool return_sequences, const SeqMatrix<T>& x, const SeqMatrix<T>& dy, SeqMatrix<T>* dx,
                    RecurrentWorkspace<T>& ws) {
  const Index steps = x.steps, batch = x.batch, gh = w.b_ih.size();
  ws.d_in.resize(gh, steps * batch);
  if (Cell::separate_recurrent) ws.d_rec.resize(gh, steps * batch);
  ws.dh_next.setZero(H, batch);
  if (Cell::has_cell) ws.dc_next.setZero(H, batch);
  ws.dh.resize(H, batch);
  ws.tmp.resize(H, batch);
  ws.zeros.setZero(H, batch);
  for (Index t = steps - 1; t >= 0; --t) {
    // Gradient reaching h_t: from the layer above (every step, or only the last) and from step t+1.
    if (return_sequences)
      ws.dh = ws.dh_next + dy.m.middleCols(t * batch, batch);
    else if (t == steps - 1)
      ws.dh = ws.dh_next + dy.m;
    else
      ws.dh = ws.dh_next;
    cell.backward_step(w, H, t, batch, ws);
  }
  // Weight gradients as single products over all steps.
  const Matrix<T>& d_rec = Cell::separate_recurrent ? ws.d_rec : ws.d_in;
  grad.w_ih.noalias() = ws.d_in * x.m.transpose();
  grad.b_ih = ws.d_in.rowwise().sum();
  if (steps > 1)
    grad.w_hh.noalias() = d_rec.rightCols((steps - 1) * batch) * ws.state.leftCols((steps - 1) * batch).transpose();
  else
    grad.w_hh.setZero();
  grad.b_hh = d_rec.rowwise().sum();
  if (dx) {
    dx->resize(w.w_ih.cols(), steps, batch);
    dx->m.noalias() = w.w_ih.transpose() * ws.d_in;
  }
}

}  // namespace

template <class T>
void RecurrentLayer<T>::forward(const T* p, const SeqMatrix<T>& x, SeqMatrix<T>& y, RecurrentWorkspace<T>& ws,
                                bool training) const {
  if (x.features() != in_)
    throw ShapeError("layer expects " + std::to_string(in_) + " input features, got " + std::to_string(x.features()));
  const RecurrentTensors<const T> w(p, gates_ * units_, in_, units_);
  cells::with_cell<T>(
      spec_, [&](const auto& cell) { run_steps<T>(cell, w, in_, units_, spec_.return_sequences, training, x, y, ws); });
}

template <class T>
void RecurrentLayer<T>::backward(const T* p, T* g, const SeqMatrix<T>& x, const SeqMatrix<T>& dy, SeqMatrix<T>* dx,
                                 RecurrentWorkspace<T>& ws) const {
  const RecurrentTensors<const T> w(p, gates_ * units_, in_, units_);
  const RecurrentTensors<T> grad(g, gates_ * units_, in_, units_);
  cells::with_cell<T>(spec_, [&](const auto& cell) {
    backprop_steps<T>(cell, w, grad, units_, spec_.return_sequences, x, dy, dx, ws);
  });
}

template class RecurrentLayer<float>;
template class RecurrentLayer<double>;

}  // namespace rnnwb
