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

std::string recurrent(GraphBuilder& g, const Weights& w, const LayerSpec& l, std::size_t index, Index in,
                      const std::string& x) {
  const std::string prefix = "layers." + std::to_string(index) + ".";
  const LayerKindFacts& kind = kind_facts(l.kind);
  const Index h = l.units, gates = kind.gates;
  // Where each ONNX gate block comes from among PyTorch's.
  const std::vector<int> order(kind.onnx_gate_order.begin(), kind.onnx_gate_order.begin() + gates);
  const std::vector<float> W = reorder(w.values(prefix + "weight_ih"), h, in, order);
  const std::vector<float> R = reorder(w.values(prefix + "weight_hh"), h, h, order);
  std::vector<float> B = reorder(w.values(prefix + "bias_ih"), h, 1, order);
  const std::vector<float> Rb = reorder(w.values(prefix + "bias_hh"), h, 1, order);
  B.insert(B.end(), Rb.begin(), Rb.end());
  const std::string op(kind.onnx_op);
  const std::string y = g.fresh(prefix + "Y"), y_h = g.fresh(prefix + "Y_h");
  onnx::NodeProto* n =
      g.node_with_outputs(op,
                          {x, g.floats(prefix + "W", W, {1, gates * h, in}),
                           g.floats(prefix + "R", R, {1, gates * h, h}), g.floats(prefix + "B", B, {1, 2 * gates * h})},
                          {l.return_sequences ? y : "", y_h});
  set_int(n, "hidden_size", h);
  if (l.kind == LayerKind::GRU) set_int(n, "linear_before_reset", 1);
  if (l.kind == LayerKind::SimpleRNN)
    set_strings(n, "activations", {l.activation == Activation::Relu ? "Relu" : "Tanh"});
  // Y is (steps, 1 direction, N, H); Y_h, the last step, is (1, N, H): already time-major.
  return l.return_sequences ? g.node("Squeeze", {y, g.int64s("axes", {1})}) : y_h;
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
    width = l.units;
  }
  return value;
}

}  // namespace rnnwb::onnx_export
