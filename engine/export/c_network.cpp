#include "engine/export/c_network.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/core/error.hpp"
#include "engine/export/c_kernels.hpp"
#include "engine/export/c_text.hpp"
#include "engine/nn/layer_kind.hpp"

namespace rnnwb::c_network {

namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

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
  if (l.bidirectional) s += ", both directions (forward then backward outputs side by side)";
  if (kind.recurrent) s += l.return_sequences ? ", every step goes on" : ", only its last step goes on";
  if (!kind.has_units) s += ": the identity at inference";
  return s;
}

// The call of one recurrent step of layer `n`'s direction `suffix` ("" or "_reverse") on input x
// (a C expression), with the state arrays h and c.
std::string step_call(const LayerSpec& l, const std::string& p, const std::string& P, const std::string& n,
                      const std::string& suffix, Index in, const std::string& x, const std::string& h,
                      const std::string& c) {
  const auto w = [&](const char* name) { return symbol(p, "layers." + n + "." + name + suffix); };
  const std::string common = w("weight_ih") + ", " + w("weight_hh") + ", " + w("bias_ih") + ", " + w("bias_hh") + ", " +
                             std::to_string(in) + ", " + std::to_string(l.units) + ", ";
  if (l.kind == LayerKind::LSTM) return p + "lstm_step(" + common + x + ", " + h + ", " + c + ", scratch);\n";
  if (l.kind == LayerKind::GRU) return p + "gru_step(" + common + x + ", " + h + ", scratch);\n";
  return p + "rnn_step(" + common + c_kernels::activation_constant(l.activation, P) + ", " + x + ", " + h +
         ", scratch);\n";
}

Index scratch_of(const LayerSpec& l) {
  return l.kind == LayerKind::LSTM ? 4 * l.units : l.kind == LayerKind::GRU ? 6 * l.units : l.units;
}

std::string dense_call(const LayerSpec& l, const std::string& p, const std::string& P, const std::string& n, Index in,
                       const std::string& x, const std::string& y) {
  return p + "dense(" + symbol(p, "layers." + n + ".weight") + ", " + symbol(p, "layers." + n + ".bias") + ", " +
         std::to_string(l.units) + ", " + std::to_string(in) + ", " + c_kernels::activation_constant(l.activation, P) +
         ", " + x + ", " + y + ");\n";
}

// Step by step: each step's inputs pass through the layers in turn; only the states are kept.
NetworkCode streaming(const Model<float>& m, const std::string& p, const std::string& P, Index& in) {
  const std::vector<LayerSpec>& layers = m.layers();
  NetworkCode result;
  std::string decls, body;
  Index scratch = 0, dense_units = 0;
  bool dense_b = false;
  std::string v = "in";  // the C array holding the current layer's input
  result.stack_doubles = std::size_t(in);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& l = layers[i];
    const std::string n = std::to_string(i), units = std::to_string(l.units);
    body += "    /* layers." + n + ": " + label(l) + " */\n";
    if (is_recurrent(l.kind)) {
      const std::string h = "h" + n, c = "c" + n;
      decls += "  double " + h + "[" + units + "] = {0.0};\n";
      result.stack_doubles += std::size_t(l.units);
      if (l.kind == LayerKind::LSTM) {
        decls += "  double " + c + "[" + units + "] = {0.0};\n";
        result.stack_doubles += std::size_t(l.units);
      }
      scratch = std::max(scratch, scratch_of(l));
      body += "    " + step_call(l, p, P, n, "", in, v, h, c) + "    v = " + h + ";\n";
      v = h;
      if (!l.return_sequences && i + 1 < layers.size()) body += "    if (s + 1 < steps) continue;\n";
      in = l.units;
    } else if (l.kind == LayerKind::Dense) {
      const std::string out = v == "dense_a" ? "dense_b" : "dense_a";
      dense_b = dense_b || out == "dense_b";
      body += "    " + dense_call(l, p, P, n, in, v, out) + "    v = " + out + ";\n";
      v = out;
      dense_units = std::max(dense_units, Index(l.units));
      in = l.units;
    }
  }
  if (scratch > 0) decls += "  double scratch[" + std::to_string(scratch) + "];\n";
  if (dense_units > 0) decls += "  double dense_a[" + std::to_string(dense_units) + "];\n";
  if (dense_b) decls += "  double dense_b[" + std::to_string(dense_units) + "];\n";
  result.stack_doubles += std::size_t(scratch + dense_units * (dense_b ? 2 : 1));
  result.code =
      c_text::with_prefixes(
          R"(/* The network on the steps of one original-unit input: each step's inputs are encoded, then pass
   through the layers in turn; a layer's state carries over to the next step. */
static void @p@network(const float* w, int steps, double* out) {
  double in[@P@FEATURES] = {0.0};
)" + decls + R"(  const double* v = in;
  int s, f, k;
  for (s = 0; s < steps; ++s) {
    for (f = 0; f < @P@FEATURES; ++f) in[f] = @p@encoded(w, s, f);
    v = in;
)" + body + R"(  }
  for (k = 0; k < @OUTPUTS@; ++k) out[k] = v[k];
}

)",
          p, P);
  return result;
}

// Layer by layer: each layer reads all steps of the buffer `v` and writes its outputs to `next`
// (len x width, or one vector once a layer keeps only its last step); then they swap.
NetworkCode layered(const Model<float>& m, const std::string& p, const std::string& P, const std::string& max_steps,
                    Index& in) {
  const std::vector<LayerSpec>& layers = m.layers();
  NetworkCode result;
  std::string body;
  Index width = in, units_max = 0, scratch = 0;
  bool lstm = false;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& l = layers[i];
    const std::string n = std::to_string(i);
    body += "  /* layers." + n + ": " + label(l) + " */\n";
    if (!kind_facts(l.kind).has_units) continue;
    if (is_recurrent(l.kind)) {
      const Index out_width = l.bidirectional ? 2 * l.units : l.units;
      const std::string ow = std::to_string(out_width), H = std::to_string(l.units);
      units_max = std::max(units_max, Index(l.units));
      scratch = std::max(scratch, scratch_of(l));
      lstm = lstm || l.kind == LayerKind::LSTM;
      const std::string reset =
          "  for (j = 0; j < " + H + "; ++j) h[j] = 0.0;\n" +
          (l.kind == LayerKind::LSTM ? "  for (j = 0; j < " + H + "; ++j) c[j] = 0.0;\n" : std::string());
      const std::string x = "v + s * " + std::to_string(in);
      // Direction d's state goes to columns [d * H, d * H + H) of the step's output (or of the one vector).
      const auto keep = [&](const std::string& column0, bool every_step) {
        return "    for (j = 0; j < " + H + "; ++j) next[" + (every_step ? "s * " + ow + " + " : std::string()) +
               column0 + "j] = h[j];\n";
      };
      body += reset + "  for (s = 0; s < len; ++s) {\n    " + step_call(l, p, P, n, "", in, x, "h", "c") +
              (l.return_sequences ? keep("", true) : "") + "  }\n" + (l.return_sequences ? "" : keep("", false));
      if (l.bidirectional)  // from the last step back to the first, with the _reverse weights
        body += reset + "  for (s = len - 1; s >= 0; --s) {\n    " +
                step_call(l, p, P, n, "_reverse", in, x, "h", "c") + (l.return_sequences ? keep(H + " + ", true) : "") +
                "  }\n" + (l.return_sequences ? "" : keep(H + " + ", false));
      if (!l.return_sequences) body += "  len = 1;\n";
      in = out_width;
    } else {
      body += "  for (s = 0; s < len; ++s) " +
              dense_call(l, p, P, n, in, "v + s * " + std::to_string(in), "next + s * " + std::to_string(l.units));
      in = l.units;
    }
    body += "  swap = v;\n  v = next;\n  next = swap;\n";
    width = std::max(width, in);
  }
  const std::string buffer = max_steps + " * " + std::to_string(width);
  std::string decls = "  double buffer_a[" + buffer + "], buffer_b[" + buffer + "];\n  double h[" +
                      std::to_string(units_max) + "]" + (lstm ? ", c[" + std::to_string(units_max) + "]" : "") +
                      ", scratch[" + std::to_string(scratch) + "];\n";
  result.stack_doubles = std::size_t(units_max * (lstm ? 2 : 1) + scratch);
  result.doubles_per_step = std::size_t(2 * width);
  result.code = c_text::with_prefixes(R"(/* The network on the steps of one original-unit input (steps <= )" +
                                          c_text::comment_text(max_steps) + R"(): the inputs are encoded into a buffer,
   then each layer in turn runs over all its steps (a bidirectional layer forward, then backward
   from the last step) and writes its outputs to the other buffer. */
static void @p@network(const float* w, int steps, double* out) {
)" + decls + R"(  double* v = buffer_a;
  double* next = buffer_b;
  double* swap;
  int len = steps, s, f, j, k;
  for (s = 0; s < steps; ++s)
    for (f = 0; f < @P@FEATURES; ++f) v[s * @P@FEATURES + f] = @p@encoded(w, s, f);
)" + body + R"(  for (k = 0; k < @OUTPUTS@; ++k) out[k] = v[k];
}

)",
                                      p, P);
  return result;
}

}  // namespace

bool needs_buffers(const Model<float>& m) {
  return std::any_of(m.layers().begin(), m.layers().end(), [](const LayerSpec& l) { return l.bidirectional; });
}

NetworkCode code(const Model<float>& m, Index steps, Index outputs, const std::string& p, const std::string& P,
                 const std::string& max_steps) {
  if (m.output_shape(steps).steps != 1)
    throw ConfigError("C export: the network returns a sequence; its last recurrent layer must not return sequences");
  Index in = m.input_features();
  NetworkCode result = needs_buffers(m) ? layered(m, p, P, max_steps, in) : streaming(m, p, P, in);
  if (in != outputs)
    throw ConfigError("C export: the network outputs " + std::to_string(in) + " values but the model predicts " +
                      std::to_string(outputs));
  result.code = weights(m, p) + c_kernels::functions(m.layers(), p, P) +
                replace_all(result.code, "@OUTPUTS@", std::to_string(outputs));
  return result;
}

std::string layer_chain(const std::vector<LayerSpec>& layers) {
  std::string out;
  for (const LayerSpec& l : layers) {
    const LayerKindFacts& kind = kind_facts(l.kind);
    out += (out.empty() ? "" : " -> ") + std::string(kind.name) + "(";
    if (!kind.has_units) {
      char rate[32];
      std::snprintf(rate, sizeof rate, "%g)", l.rate);
      out += rate;
      continue;
    }
    out += std::to_string(l.units);
    if (kind.chooses_activation) out += ", " + to_string(l.activation);
    if (l.bidirectional) out += ", both directions";
    out += kind.recurrent && l.return_sequences ? ", sequences)" : ")";
  }
  return out;
}

}  // namespace rnnwb::c_network
