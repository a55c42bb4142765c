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
Index RecurrentLayer<T>::direction_size() const {
  const Index gh = gates_ * units_;
  return gh * (in_ + units_ + 2);
}

template <class T>
void RecurrentLayer<T>::initialize(T* p, InitScheme scheme, Rng& rng) const {
  initialize_direction(p, scheme, rng);
  if (spec_.bidirectional) initialize_direction(p + direction_size(), scheme, rng);
}

template <class T>
void RecurrentLayer<T>::initialize_direction(T* p, InitScheme scheme, Rng& rng) const {
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
// lower rows of those [x; h] slots). The loop visits the steps in the direction's order: step
// i of the visit is time t (t = i forward, steps-1-i in reverse).
struct StepPlan {
  bool keep_all = false, stacked = false, reverse = false;
  Index steps = 0, block = 1, h_row = 0;
  Index time(Index i) const { return reverse ? steps - 1 - i : i; }
  Index slot(Index i) const { return keep_all ? time(i) : (i + (stacked ? 1 : 0)) % 2; }
  // The slot of visit i-1 (for i = 0: a slot whose state is zero or not read).
  Index prev_slot(Index i) const {
    return keep_all ? std::clamp<Index>(reverse ? time(i) + 1 : time(i) - 1, 0, steps - 1)
                    : (i + 1 + (stacked ? 1 : 0)) % 2;
  }
};

template <class Cell>
StepPlan plan_steps(bool training, bool reverse, bool packed, Index steps, Index batch, Index gh, Index in) {
  StepPlan plan;
  plan.keep_all = training;
  plan.reverse = reverse;
  plan.steps = steps;
  // ~128 KiB of projected gates per block.
  plan.block = training ? steps : std::clamp<Index>(Index(32768) / (gh * batch), 1, steps);
  plan.stacked = !training && !reverse && !packed && !Cell::separate_recurrent && plan.block == 1;
  plan.h_row = plan.stacked ? in : 0;
  return plan;
}

template <class T, class Cell>
void size_workspace(const StepPlan& plan, const RecurrentTensors<const T>& w, Index in, Index H, const SeqMatrix<T>& x,
                    RecurrentWorkspace<T>& ws) {
  const Index steps = x.steps, batch = x.batch;
  const Index gh = w.b_ih.size(), slots = plan.keep_all ? steps : 2;
  if constexpr (Cell::separate_recurrent)
    ws.bias = w.b_ih;
  else
    ws.bias = w.b_ih + w.b_hh;  // the recurrent product is added to the gates in place
  ws.gates.resize(gh, plan.block * batch);
  if (plan.stacked)
    ws.state.setZero(in + H, 2 * batch);  // h_{-1} = 0
  else if (x.packed())
    ws.state.setZero(H, slots * batch);  // a sample that starts later (reverse) starts from zero
  else
    ws.state.resize(H, slots * batch);
  if (Cell::has_cell && x.packed())
    ws.cell.setZero(H, slots * batch);
  else
    ws.cell.resize(Cell::has_cell ? H : 0, Cell::has_cell ? slots * batch : 0);
  ws.hn.resize(Cell::keeps_hn && plan.keep_all ? H : 0, Cell::keeps_hn && plan.keep_all ? steps * batch : 0);
  ws.hh.resize(Cell::separate_recurrent ? gh : 0, Cell::separate_recurrent ? batch : 0);
  if (plan.stacked) {
    ws.stacked_w.resize(gh, in + H);
    ws.stacked_w.leftCols(in) = w.w_ih;
    ws.stacked_w.rightCols(H) = w.w_hh;
  }
  // active[t]: the samples still running at step t (the first columns of the step); active[steps] = 0.
  ws.active.resize(std::size_t(steps + 1));
  for (Index t = 0; t <= steps; ++t) {
    Index n = t < steps ? batch : 0;
    if (x.packed() && t < steps)
      while (n > 0 && x.lengths[std::size_t(n - 1)] <= t) --n;
    ws.active[std::size_t(t)] = n;
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

// The recurrent part of the pre-activations of visit i (time t) on its `a` running samples (g
// holds the input projection, or nothing yet when stacked).
template <class T, class Cell>
void recurrent_product(const StepPlan& plan, const RecurrentTensors<const T>& w, const SeqMatrix<T>& x, Index i,
                       Index a, Index in, Index H, Cols<T> g, RecurrentWorkspace<T>& ws) {
  const Index batch = x.batch, ps = plan.prev_slot(i);
  if (plan.stacked) {
    ws.state.block(0, ps * batch, in, batch) = x.m.middleCols(i * batch, batch);
    g.colwise() = ws.bias;  // the product accumulates onto it: one pass less than = then +=
    step_product<T>(g, ws.stacked_w, ws.state.middleCols(ps * batch, batch), true);
  } else if (Cell::separate_recurrent && i == 0) {
    ws.hh.leftCols(a).colwise() = w.b_hh;  // h_{-1} = 0
  } else if (Cell::separate_recurrent) {
    step_product<T>(ws.hh.leftCols(a), w.w_hh, ws.state.block(0, ps * batch, H, a), false);
    ws.hh.leftCols(a).colwise() += w.b_hh;
  } else if (i > 0) {
    step_product<T>(g, w.w_hh, ws.state.block(0, ps * batch, H, a), true);
  }
}

// The input projection of visits i0 .. i0+n (times lo .. lo+n): one product over the block, or,
// packed, one per step over its running samples only (padding costs nothing).
template <class T>
void project_block(const RecurrentTensors<const T>& w, const SeqMatrix<T>& x, Index lo, Index n,
                   RecurrentWorkspace<T>& ws) {
  const Index batch = x.batch;
  if (!x.packed()) {
    ws.gates.leftCols(n * batch).noalias() = w.w_ih * x.m.middleCols(lo * batch, n * batch);
    ws.gates.leftCols(n * batch).colwise() += ws.bias;
    return;
  }
  for (Index t = lo; t < lo + n; ++t) {
    const Index a = ws.active[std::size_t(t)];
    auto g = ws.gates.middleCols((t - lo) * batch, a);
    g.noalias() = w.w_ih * x.m.middleCols(t * batch, a);
    g.colwise() += ws.bias;
  }
}

// The one time loop, for training and inference, either direction, full or packed batches.
// The output of a layer that returns only its last step is, per sample, the state after its
// last valid step (forward) or after step 0 (reverse), as PyTorch's h_n.
template <class T, class Cell>
void run_steps(const Cell& cell, const RecurrentTensors<const T>& w, Index in, Index H, bool return_sequences,
               bool training, bool reverse, const SeqMatrix<T>& x, SeqMatrix<T>& y, RecurrentWorkspace<T>& ws) {
  const Index steps = x.steps, batch = x.batch;
  const StepPlan plan = plan_steps<Cell>(training, reverse, x.packed(), steps, batch, w.b_ih.size(), in);
  size_workspace<T, Cell>(plan, w, in, H, x, ws);
  const auto h = [&](Index slot, Index a) { return ws.state.block(plan.h_row, slot * batch, H, a); };
  const auto c = [&](Index slot, Index a) {
    return Cell::has_cell ? Cols<T>(ws.cell.middleCols(slot * batch, a)) : Cols<T>(ws.cell);
  };
  const auto part = [](Matrix<T>& m, Index first, Index a) {
    return m.cols() == 0 ? Cols<T>(m) : Cols<T>(m.middleCols(first, a));
  };
  y.resize(H, return_sequences ? steps : 1, batch);
  if (return_sequences && x.packed()) y.m.setZero();  // padding stays zero, as pad_packed_sequence
  if (return_sequences)
    y.lengths = x.lengths;
  else
    y.lengths.clear();
  for (Index i0 = 0; i0 < steps; i0 += plan.block) {
    const Index n = std::min(plan.block, steps - i0), lo = reverse ? steps - i0 - n : i0;
    if (!plan.stacked) project_block<T>(w, x, lo, n, ws);
    for (Index i = i0; i < i0 + n; ++i) {
      const Index t = plan.time(i), a = ws.active[std::size_t(t)];
      Cols<T> g = ws.gates.middleCols((t - lo) * batch, a);
      recurrent_product<T, Cell>(plan, w, x, i, a, in, H, g, ws);
      const Index s = plan.slot(i), ps = plan.prev_slot(i);
      step_in_tiles<T>(cell, H, g, part(ws.hh, 0, a), i == 0, h(ps, a), c(ps, a), h(s, a), c(s, a),
                       part(ws.hn, t * batch, a));
      if (return_sequences) {
        y.m.middleCols(t * batch, a) = h(s, a);
      } else if (!reverse) {  // the samples whose last step this is
        const Index done = ws.active[std::size_t(t + 1)];
        y.m.middleCols(done, a - done) = h(s, a).rightCols(a - done);
      } else if (i == steps - 1) {
        y.m = h(s, batch);
      }
    }
  }
}

// Backpropagation through time over what a training run_steps left in ws, visiting the steps in
// the opposite order.
template <class T, class Cell>
void backprop_steps(const Cell& cell, const RecurrentTensors<const T>& w, RecurrentTensors<T> grad, Index H,
                    bool return_sequences, bool reverse, const SeqMatrix<T>& x, const SeqMatrix<T>& dy,
                    SeqMatrix<T>* dx, RecurrentWorkspace<T>& ws) {
  const Index steps = x.steps, batch = x.batch, gh = w.b_ih.size();
  // Padding's gate gradients stay zero, so the products over all steps below ignore it.
  if (x.packed()) {
    ws.d_in.setZero(gh, steps * batch);
    if (Cell::separate_recurrent) ws.d_rec.setZero(gh, steps * batch);
  } else {
    ws.d_in.resize(gh, steps * batch);
    if (Cell::separate_recurrent) ws.d_rec.resize(gh, steps * batch);
  }
  ws.dh_next.setZero(H, batch);
  if (Cell::has_cell) ws.dc_next.setZero(H, batch);
  ws.dh.resize(H, batch);
  ws.tmp.resize(H, batch);
  ws.zeros.setZero(H, batch);
  for (Index i = steps - 1; i >= 0; --i) {
    const Index t = reverse ? steps - 1 - i : i, a = ws.active[std::size_t(t)];
    // Gradient reaching h_t: from the layer above (every step, or only the last) and from the
    // step visited after this one.
    auto dh = ws.dh.leftCols(a);
    dh = ws.dh_next.leftCols(a);
    if (return_sequences) {
      dh += dy.m.middleCols(t * batch, a);
    } else if (!reverse) {
      const Index done = ws.active[std::size_t(t + 1)];
      dh.rightCols(a - done) += dy.m.middleCols(done, a - done);
    } else if (i == steps - 1) {
      dh += dy.m;
    }
    const Index prev_t = reverse ? t + 1 : t - 1;
    cell.backward_step(w, H, t * batch, i > 0 ? prev_t * batch : -1, a, ws);
  }
  // Weight gradients as single products over all steps; step t's recurrent input is the state of
  // step t-1 (forward) or t+1 (reverse).
  const Matrix<T>& d_rec = Cell::separate_recurrent ? ws.d_rec : ws.d_in;
  grad.w_ih.noalias() = ws.d_in * x.m.transpose();
  grad.b_ih = ws.d_in.rowwise().sum();
  const Index span = (steps - 1) * batch;
  if (steps == 1)
    grad.w_hh.setZero();
  else if (!reverse)
    grad.w_hh.noalias() = d_rec.rightCols(span) * ws.state.leftCols(span).transpose();
  else
    grad.w_hh.noalias() = d_rec.leftCols(span) * ws.state.rightCols(span).transpose();
  grad.b_hh = d_rec.rowwise().sum();
  if (dx) {
    dx->resize(w.w_ih.cols(), steps, batch);
    dx->lengths = x.lengths;
    dx->m.noalias() = w.w_ih.transpose() * ws.d_in;
  }
}

}  // namespace

template <class T>
void RecurrentLayer<T>::forward(const T* p, const SeqMatrix<T>& x, SeqMatrix<T>& y, RecurrentWorkspace<T>& ws,
                                bool training) const {
  if (x.features() != in_)
    throw ShapeError("layer expects " + std::to_string(in_) + " input features, got " + std::to_string(x.features()));
  const Index gh = gates_ * units_;
  const bool seq = spec_.return_sequences;
  cells::with_cell<T>(spec_, [&](const auto& cell) {
    if (!spec_.bidirectional) {
      run_steps<T>(cell, RecurrentTensors<const T>(p, gh, in_, units_), in_, units_, seq, training, false, x, y, ws);
      return;
    }
    if (ws.reverse.empty()) ws.reverse.resize(1);
    const T* p_reverse = p + direction_size();
    run_steps<T>(cell, RecurrentTensors<const T>(p, gh, in_, units_), in_, units_, seq, training, false, x,
                 ws.out_forward, ws);
    run_steps<T>(cell, RecurrentTensors<const T>(p_reverse, gh, in_, units_), in_, units_, seq, training, true, x,
                 ws.out_reverse, ws.reverse[0]);
    y.resize(2 * units_, ws.out_forward.steps, x.batch);
    y.lengths = ws.out_forward.lengths;
    y.m.topRows(units_) = ws.out_forward.m;
    y.m.bottomRows(units_) = ws.out_reverse.m;
  });
}

template <class T>
void RecurrentLayer<T>::backward(const T* p, T* g, const SeqMatrix<T>& x, const SeqMatrix<T>& dy, SeqMatrix<T>* dx,
                                 RecurrentWorkspace<T>& ws) const {
  const Index gh = gates_ * units_;
  const bool seq = spec_.return_sequences;
  cells::with_cell<T>(spec_, [&](const auto& cell) {
    const RecurrentTensors<const T> w(p, gh, in_, units_);
    const RecurrentTensors<T> grad(g, gh, in_, units_);
    if (!spec_.bidirectional) {
      backprop_steps<T>(cell, w, grad, units_, seq, false, x, dy, dx, ws);
      return;
    }
    // Each direction gets its half of the output gradient; their input gradients add up.
    const Index half = direction_size();
    SeqMatrix<T>& part = ws.d_part;
    part.resize(units_, dy.steps, dy.batch);
    part.m = dy.m.topRows(units_);
    backprop_steps<T>(cell, w, grad, units_, seq, false, x, part, dx, ws);
    part.m = dy.m.bottomRows(units_);
    backprop_steps<T>(cell, RecurrentTensors<const T>(p + half, gh, in_, units_),
                      RecurrentTensors<T>(g + half, gh, in_, units_), units_, seq, true, x, part,
                      dx ? &ws.dx_part : nullptr, ws.reverse[0]);
    if (dx) dx->m += ws.dx_part.m;
  });
}

template class RecurrentLayer<float>;
template class RecurrentLayer<double>;

}  // namespace rnnwb
