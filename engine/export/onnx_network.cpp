#include "engine/export/onnx_network.hpp"

#include <algorithm>
#include <array>

#include "engine/core/error.hpp"
#include "engine/nn/layer_kind.hpp"

namespace rnnwb::onnx_export {

namespace {

struct Weights {
  const Model<float>& m;
  const NamedTensor& find(const std::string& name) const {
    for (const NamedTensor& t : m.tensors())
      if (t.name == name) return t;
    throw ConfigError("ONNX export: the model has no tensor " + name);
  }
  std::vector<float> values(const std::string& name) const {
    const NamedTensor& t = find(name);
    const float* p = m.parameters().data() + t.offset;
    return {p, p + t.size};
  }
};

// The gate blocks of a (gates*H x cols) row-major matrix (or a bias, cols = 1) in another order.
std::vector<float> reorder(const std::vector<float>& v, Index hidden, Index cols, const std::vector<int>& order) {
  std::vector<float> out;
  out.reserve(v.size());
  const std::size_t block = std::size_t(hidden * cols);
  for (int b : order) out.insert(out.end(), v.begin() + long(b * block), v.begin() + long((b + 1) * block));
  return out;
}

// One direction's W, R and B in ONNX's gate order; `suffix` is "" or "_reverse".
struct DirectionWeights {
  std::vector<float> W, R, B;
};
DirectionWeights direction_weights(const Weights& w, const std::string& prefix, const std::string& suffix,
                                   const LayerKindFacts& kind, Index h, Index in) {
  // Where each ONNX gate block comes from among PyTorch's.
  const std::vector<int> order(kind.onnx_gate_order.begin(), kind.onnx_gate_order.begin() + kind.gates);
  DirectionWeights d;
  d.W = reorder(w.values(prefix + "weight_ih" + suffix), h, in, order);
  d.R = reorder(w.values(prefix + "weight_hh" + suffix), h, h, order);
  d.B = reorder(w.values(prefix + "bias_ih" + suffix), h, 1, order);
  const std::vector<float> Rb = reorder(w.values(prefix + "bias_hh" + suffix), h, 1, order);
  d.B.insert(d.B.end(), Rb.begin(), Rb.end());
  return d;
}

std::string recurrent(GraphBuilder& g, const Weights& w, const LayerSpec& l, std::size_t index, Index in,
                      const std::string& x) {
  const std::string prefix = "layers." + std::to_string(index) + ".";
  const LayerKindFacts& kind = kind_facts(l.kind);
  const Index h = l.units, gates = kind.gates, dirs = l.bidirectional ? 2 : 1;
  DirectionWeights d = direction_weights(w, prefix, "", kind, h, in);
  if (l.bidirectional) {  // ONNX stacks the directions on the first axis, forward first
    const DirectionWeights r = direction_weights(w, prefix, "_reverse", kind, h, in);
    d.W.insert(d.W.end(), r.W.begin(), r.W.end());
    d.R.insert(d.R.end(), r.R.begin(), r.R.end());
    d.B.insert(d.B.end(), r.B.begin(), r.B.end());
  }
  const std::string op(kind.onnx_op);
  const std::string y = g.fresh(prefix + "Y"), y_h = g.fresh(prefix + "Y_h");
  onnx::NodeProto* n = g.node_with_outputs(
      op,
      {x, g.floats(prefix + "W", d.W, {dirs, gates * h, in}), g.floats(prefix + "R", d.R, {dirs, gates * h, h}),
       g.floats(prefix + "B", d.B, {dirs, 2 * gates * h})},
      {l.return_sequences ? y : "", y_h});
  set_int(n, "hidden_size", h);
  if (l.bidirectional) set_string(n, "direction", "bidirectional");  // a STRING attribute, not STRINGS
  if (l.kind == LayerKind::GRU) set_int(n, "linear_before_reset", 1);
  if (l.kind == LayerKind::SimpleRNN)
    set_strings(n, "activations",
                std::vector<std::string>(std::size_t(dirs), l.activation == Activation::Relu ? "Relu" : "Tanh"));
  // Y is (steps, directions, N, H); Y_h, each direction's last state, is (directions, N, H).
  if (!l.bidirectional)  // already time-major
    return l.return_sequences ? g.node("Squeeze", {y, g.int64s("axes", {1})}) : y_h;
  // Both directions side by side, as the engine has them: (steps, N, 2H), or (1, N, 2H).
  onnx::NodeProto* t = nullptr;
  const std::string moved = g.node("Transpose", {l.return_sequences ? y : y_h}, &t);
  set_ints(t, "perm", l.return_sequences ? std::vector<std::int64_t>{0, 2, 1, 3} : std::vector<std::int64_t>{1, 0, 2});
  return g.node("Reshape", {moved, g.int64s("shape", l.return_sequences ? std::vector<std::int64_t>{0, 0, 2 * h}
                                                                        : std::vector<std::int64_t>{1, -1, 2 * h})});
}

std::string dense(GraphBuilder& g, const Weights& w, const LayerSpec& l, std::size_t index, Index in,
                  const std::string& x) {
  const std::string prefix = "layers." + std::to_string(index) + ".";
  const std::vector<float> weight = w.values(prefix + "weight");  // (units x in), PyTorch's layout
  std::vector<float> transposed(weight.size());
  for (Index r = 0; r < l.units; ++r)
    for (Index c = 0; c < in; ++c) transposed[std::size_t(c * l.units + r)] = weight[std::size_t(r * in + c)];
  const std::string product = g.node("MatMul", {x, g.floats(prefix + "weight_T", transposed, {in, l.units})});
  const std::string out = g.node("Add", {product, g.floats(prefix + "bias", w.values(prefix + "bias"), {l.units})});
  switch (l.activation) {
    case Activation::Linear:
      return out;
    case Activation::Relu:
      return g.node("Relu", {out});
    case Activation::Tanh:
      return g.node("Tanh", {out});
    case Activation::Sigmoid:
      return g.node("Sigmoid", {out});
  }
  return out;
}

}  // namespace

std::string network(GraphBuilder& g, const Model<float>& m, Index steps, const std::string& x) {
  if (m.output_shape(steps).steps != 1)
    throw ConfigError(
        "ONNX export: the network returns a sequence; its last recurrent layer must not return sequences");
  const Weights w{m};
  std::string value = x;
  Index width = m.input_features();
  for (std::size_t i = 0; i < m.layers().size(); ++i) {
    const LayerSpec& l = m.layers()[i];
    const LayerKindFacts& kind = kind_facts(l.kind);
    if (!kind.has_units) continue;  // dropout: the identity at inference
    value = kind.recurrent ? recurrent(g, w, l, i, width, value) : dense(g, w, l, i, width, value);
    width = m.shape().layers[i].features;
  }
  return value;
}

}  // namespace rnnwb::onnx_export
