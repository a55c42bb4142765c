#pragma once
// The three recurrent cells, as ATen's RNN.cpp has them: each cell's forward step (the gate math
// of one step on one tile of columns) beside its backward step (the gate gradients of one step).
// The time loops that drive them are in recurrent_layer.cpp, shared by every cell.
// Internal to engine/nn.
#include <type_traits>

#include "engine/core/tensor.hpp"
#include "engine/nn/activation.hpp"
#include "engine/nn/layer_spec.hpp"
#include "engine/nn/param_info.hpp"
#include "engine/nn/recurrent_workspace.hpp"

namespace rnnwb::cells {

// One recurrent layer's tensors as views over its slice of a flat vector (PyTorch's layout:
// weight_ih, weight_hh, bias_ih, bias_hh). S = const T for the weights, T for the gradients.
template <class S>
struct RecurrentTensors {
  using T = std::remove_const_t<S>;
  using Mat =
      std::conditional_t<std::is_const_v<S>, const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>,
                         Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
  using Vec = std::conditional_t<std::is_const_v<S>, const Vector<T>, Vector<T>>;
  Eigen::Map<Mat> w_ih, w_hh;
  Eigen::Map<Vec> b_ih, b_hh;

  // gh = gates * units rows; in and units columns.
  RecurrentTensors(S* p, Index gh, Index in, Index units)
      : w_ih(p, gh, in),
        w_hh(p + gh * in, gh, units),
        b_ih(p + gh * (in + units), gh),
        b_hh(p + gh * (in + units + 1), gh) {}
};

template <class T>
using Cols = Eigen::Ref<Matrix<T>>;
template <class T>
using ConstCols = Eigen::Ref<const Matrix<T>>;

// forward_tile(H, g, hh, first, h_prev, c_prev, h, c, hn): one step on a tile of columns. g holds
// the step's pre-activations, with the recurrent product (LSTM, SimpleRNN) or without it (GRU:
// hh = W_hh h_prev + b_hh), and becomes the activated gates. Writes h, and c (LSTM) or hn (GRU,
// when not empty). first: h_prev = c_prev = 0 (they are not read).
//
// backward_step(w, H, col, prev_col, n, ws): for the n running samples of the step whose columns
// start at col, from ws.dh (the gradient reaching h_t) writes the step's gate gradients into
// ws.d_in (and ws.d_rec for GRU), carries ws.dc_next (LSTM) and, when the step has a previous one
// (its columns at prev_col >= 0), sets ws.dh_next to the gradient reaching that step's state.

template <class T>
struct LstmCell {
  static constexpr bool separate_recurrent = false, has_cell = true, keeps_hn = false;

  void forward_tile(Index H, Cols<T> g, const ConstCols<T>&, bool first, const ConstCols<T>&,
                    const ConstCols<T>& c_prev, Cols<T> h, Cols<T> c, Cols<T>) const {
    g.topRows(2 * H) = g.topRows(2 * H).array().logistic().matrix();          // i, f
    g.middleRows(2 * H, H) = g.middleRows(2 * H, H).array().tanh().matrix();  // g
    g.bottomRows(H) = g.bottomRows(H).array().logistic().matrix();            // o
    if (first)
      c = g.topRows(H).cwiseProduct(g.middleRows(2 * H, H));
    else
      c = g.middleRows(H, H).cwiseProduct(c_prev) + g.topRows(H).cwiseProduct(g.middleRows(2 * H, H));
    h = g.bottomRows(H).cwiseProduct(c.array().tanh().matrix());
  }

  void backward_step(const RecurrentTensors<const T>& w, Index H, Index col, Index prev_col, Index n,
                     RecurrentWorkspace<T>& ws) const {
    const auto act = ws.gates.middleCols(col, n);
    auto d = ws.d_in.middleCols(col, n);
    const auto i = act.topRows(H).array(), f = act.middleRows(H, H).array(), gg = act.middleRows(2 * H, H).array(),
               o = act.bottomRows(H).array();
    const auto c_prev = prev_col >= 0 ? ws.cell.middleCols(prev_col, n) : ws.zeros.middleCols(0, n);
    auto tanh_c = ws.tmp.middleCols(0, n);
    auto dc_next = ws.dc_next.middleCols(0, n);
    const auto dh = ws.dh.middleCols(0, n).array();
    tanh_c = ws.cell.middleCols(col, n).array().tanh().matrix();
    // dc = dc_next + dh * o * (1 - tanh(c)^2), kept in dc_next (it becomes dc_{t-1} below).
    dc_next.array() += dh * o * (T(1) - tanh_c.array().square());
    const auto dc = dc_next.array();
    d.topRows(H) = (dc * gg * i * (T(1) - i)).matrix();
    d.middleRows(H, H) = (dc * c_prev.array() * f * (T(1) - f)).matrix();
    d.middleRows(2 * H, H) = (dc * i * (T(1) - gg.square())).matrix();
    d.bottomRows(H) = (dh * tanh_c.array() * o * (T(1) - o)).matrix();
    dc_next.array() *= f;
    if (prev_col >= 0) ws.dh_next.middleCols(0, n).noalias() = w.w_hh.transpose() * d;
  }
};

template <class T>
struct GruCell {
  static constexpr bool separate_recurrent = true, has_cell = false, keeps_hn = true;

  void forward_tile(Index H, Cols<T> g, const ConstCols<T>& hh, bool first, const ConstCols<T>& h_prev,
                    const ConstCols<T>&, Cols<T> h, Cols<T>, Cols<T> hn) const {
    g.topRows(2 * H) = (g.topRows(2 * H) + hh.topRows(2 * H)).array().logistic().matrix();  // r, z
    if (hn.size() > 0) hn = hh.bottomRows(H);
    g.bottomRows(H) = (g.bottomRows(H) + g.topRows(H).cwiseProduct(hh.bottomRows(H))).array().tanh().matrix();
    // h = (1 - z) * n + z * h_prev = n + z * (h_prev - n)
    if (first)
      h = g.bottomRows(H) - g.middleRows(H, H).cwiseProduct(g.bottomRows(H));
    else
      h = g.bottomRows(H) + g.middleRows(H, H).cwiseProduct(h_prev - g.bottomRows(H));
  }

  void backward_step(const RecurrentTensors<const T>& w, Index H, Index col, Index prev_col, Index cols,
                     RecurrentWorkspace<T>& ws) const {
    const auto act = ws.gates.middleCols(col, cols);
    auto d = ws.d_in.middleCols(col, cols);
    auto dr = ws.d_rec.middleCols(col, cols);
    const auto h_prev = prev_col >= 0 ? ws.state.middleCols(prev_col, cols) : ws.zeros.middleCols(0, cols);
    const auto r = act.topRows(H).array(), z = act.middleRows(H, H).array(), n = act.bottomRows(H).array();
    const auto hn = ws.hn.middleCols(col, cols).array();
    const auto dh = ws.dh.middleCols(0, cols).array();
    d.bottomRows(H) = (dh * (T(1) - z) * (T(1) - n.square())).matrix();  // dn_pre
    d.middleRows(H, H) = (dh * (h_prev.array() - n) * z * (T(1) - z)).matrix();
    d.topRows(H) = (d.bottomRows(H).array() * hn * r * (T(1) - r)).matrix();
    dr.topRows(2 * H) = d.topRows(2 * H);
    dr.bottomRows(H) = (d.bottomRows(H).array() * r).matrix();
    if (prev_col >= 0) {
      auto dh_next = ws.dh_next.middleCols(0, cols);
      dh_next.noalias() = w.w_hh.transpose() * dr;
      dh_next.array() += dh * z;
    }
  }
};

template <class T>
struct SimpleCell {
  static constexpr bool separate_recurrent = false, has_cell = false, keeps_hn = false;
  Activation activation = Activation::Tanh;

  void forward_tile(Index, Cols<T> g, const ConstCols<T>&, bool, const ConstCols<T>&, const ConstCols<T>&, Cols<T> h,
                    Cols<T>, Cols<T>) const {
    apply_activation(activation, g, h);
  }

  void backward_step(const RecurrentTensors<const T>& w, Index, Index col, Index prev_col, Index n,
                     RecurrentWorkspace<T>& ws) const {
    auto d = ws.d_in.middleCols(col, n);
    activation_backward(activation, ws.state.middleCols(col, n), ws.dh.middleCols(0, n), d);
    if (prev_col >= 0) ws.dh_next.middleCols(0, n).noalias() = w.w_hh.transpose() * d;
  }
};

// Calls f with the cell of this spec's kind.
template <class T, class F>
decltype(auto) with_cell(const LayerSpec& spec, F&& f) {
  switch (spec.kind) {
    case LayerKind::LSTM:
      return f(LstmCell<T>{});
    case LayerKind::GRU:
      return f(GruCell<T>{});
    default:
      return f(SimpleCell<T>{spec.activation});
  }
}

}  // namespace rnnwb::cells
