#include "engine/export/c_network.hpp"

#include <algorithm>

#include "engine/core/error.hpp"
#include "engine/export/c_kernels.hpp"
#include "engine/export/c_text.hpp"
#include "engine/nn/layer_kind.hpp"

namespace rnnwb::c_network {

namespace {

// layers.0.weight_ih -> <prefix>layers_0_weight_ih
std::string symbol(const std::string& prefix, std::string tensor) {
  std::replace(tensor.begin(), tensor.end(), '.', '_');
  return prefix + tensor;
}

std::string weights(const Model<float>& m, const std::string& prefix) {
  std::string out = "/* The weights, PyTorch's tensors row-major under their names in the model file. */\n";
  for (const NamedTensor& t : m.tensors()) {
    std::string shape;
    for (Index d : t.shape) shape += (shape.empty() ? "" : " x ") + std::to_string(d);
    out += "/* " + t.name + " (" + shape + ") */\n" +
           c_text::float_array(symbol(prefix, t.name), m.parameters().data() + t.offset, std::size_t(t.size));
  }
  return out + "\n";
}

std::string label(const LayerSpec& l) {
  const LayerKindFacts& kind = kind_facts(l.kind);
  std::string s(kind.name);
  if (kind.has_units) s += ", " + std::to_string(l.units) + (l.units == 1 ? " unit" : " units");
  if (kind.chooses_activation) s += ", " + to_string(l.activation);
  if (kind.recurrent) s += l.return_sequences ? ", every step goes on" : ", only its last step goes on";
  if (!kind.has_units) s += ": the identity at inference";
  return s;
}

}  // namespace

NetworkCode code(const Model<float>& m, Index steps, Index outputs, const std::string& p, const std::string& P) {
  const std::vector<LayerSpec>& layers = m.layers();
  if (m.output_shape(steps).steps != 1)
    throw ConfigError("C export: the network returns a sequence; its last recurrent layer must not return sequences");
  NetworkCode result;
  std::string decls, body;
  Index in = m.input_features(), scratch = 0, dense_units = 0;
  bool dense_b = false;
  std::string v = "in";  // the C array holding the current layer's input
  result.stack_doubles = std::size_t(in);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& l = layers[i];
    const std::string n = std::to_string(i), units = std::to_string(l.units);
    const auto w = [&](const char* name) { return symbol(p, "layers." + n + "." + name); };
    body += "    /* layers." + n + ": " + label(l) + " */\n";
    if (l.bidirectional)  // the step-by-step C network has no backward pass over the window
      throw ConfigError("C export: layer " + n + " is bidirectional, which the C export does not support yet; " +
                        "export the model to ONNX, or train it without bidirectional layers");
    if (is_recurrent(l.kind)) {
      const std::string h = "h" + n, c = "c" + n;
      decls += "  double " + h + "[" + units + "] = {0.0};\n";
      result.stack_doubles += std::size_t(l.units);
      std::string call = "    " + p;
      const std::string common = w("weight_ih") + ", " + w("weight_hh") + ", " + w("bias_ih") + ", " + w("bias_hh") +
                                 ", " + std::to_string(in) + ", " + units + ", ";
      if (l.kind == LayerKind::LSTM) {
        decls += "  double " + c + "[" + units + "] = {0.0};\n";
        result.stack_doubles += std::size_t(l.units);
        call += "lstm_step(" + common + v + ", " + h + ", " + c + ", scratch);\n";
        scratch = std::max(scratch, Index(4 * l.units));
      } else if (l.kind == LayerKind::GRU) {
        call += "gru_step(" + common + v + ", " + h + ", scratch);\n";
        scratch = std::max(scratch, Index(6 * l.units));
      } else {
        call += "rnn_step(" + common + c_kernels::activation_constant(l.activation, P) + ", " + v + ", " + h +
                ", scratch);\n";
        scratch = std::max(scratch, Index(l.units));
      }
      body += call + "    v = " + h + ";\n";
      v = h;
      if (!l.return_sequences && i + 1 < layers.size()) body += "    if (s + 1 < " + P + "MODEL_STEPS) continue;\n";
      in = l.units;
    } else if (l.kind == LayerKind::Dense) {
      const std::string out = v == "dense_a" ? "dense_b" : "dense_a";
      dense_b = dense_b || out == "dense_b";
      body += "    " + p + "dense(" + w("weight") + ", " + w("bias") + ", " + units + ", " + std::to_string(in) + ", " +
              c_kernels::activation_constant(l.activation, P) + ", " + v + ", " + out + ");\n    v = " + out + ";\n";
      v = out;
      dense_units = std::max(dense_units, Index(l.units));
      in = l.units;
    }
  }
  if (in != outputs)
    throw ConfigError("C export: the network outputs " + std::to_string(in) + " values but horizon x targets is " +
                      std::to_string(outputs));
  if (scratch > 0) decls += "  double scratch[" + std::to_string(scratch) + "];\n";
  if (dense_units > 0) decls += "  double dense_a[" + std::to_string(dense_units) + "];\n";
  if (dense_b) decls += "  double dense_b[" + std::to_string(dense_units) + "];\n";
  result.stack_doubles += std::size_t(scratch + dense_units * (dense_b ? 2 : 1));

  result.code = weights(m, p) + c_kernels::functions(layers, p, P) +
                c_text::with_prefixes(
                    R"(/* The network on one original-unit window: each step's inputs are encoded, then pass through
   the layers in turn; a layer's state carries over to the next step. */
static void @p@network(const float* w, double* out) {
  double in[@P@FEATURES];
)" + decls + R"(  const double* v = in;
  int s, f, k;
  for (s = 0; s < @P@MODEL_STEPS; ++s) {
    for (f = 0; f < @P@FEATURES; ++f) in[f] = @p@encoded(w, s, f);
    v = in;
)" + body + R"(  }
  for (k = 0; k < @P@HORIZON * @P@TARGETS; ++k) out[k] = v[k];
}

)",
                    p, P);
  return result;
}

}  // namespace rnnwb::c_network
