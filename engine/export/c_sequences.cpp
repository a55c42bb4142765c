#include "engine/export/c_sequences.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/core/error.hpp"
#include "engine/export/c_network.hpp"
#include "engine/export/c_text.hpp"
#include "engine/io/model_file.hpp"

namespace rnnwb::c_sequences {

namespace {

// The scaling, the sequence checks and predict, with @p@ / @P@ for the prefixes; they follow
// encode_sequences, decode_sequence_outputs and valid_spans (engine/core/padding.hpp).
constexpr const char* kEncoded = R"(/* Model input of step s, feature f of sequence w: (value - offset) / scale. */
static double @p@encoded(const float* w, int s, int f) {
  return (w[s * @P@FEATURES + f] - @p@feature_offset[f]) / @p@feature_scale[f];
}

)";

constexpr const char* kPredict =
    R"(/* The valid steps of a sequence of `steps` steps: 1 with *first and *len set when its padding
   (steps whose features are all NaN) lies only before and after them and every other value is
   finite; 0 for padding between valid steps, a step with only some features NaN, an infinite
   value, or no valid step (rnnwb predict refuses such a sequence). */
static int @p@valid_steps(const float* x, int steps, int* first, int* len) {
  int s, f, nans, begin = -1, end = -1;
  for (s = 0; s < steps; ++s) {
    for (nans = 0, f = 0; f < @P@FEATURES; ++f) {
      const float v = x[s * @P@FEATURES + f];
      if (isnan(v))
        ++nans;
      else if (isinf(v))
        return 0;
    }
    if (nans == @P@FEATURES) continue;
    if (nans > 0 || (begin >= 0 && end != s)) return 0;
    if (begin < 0) begin = s;
    end = s + 1;
  }
  if (begin < 0) return 0;
  *first = begin;
  *len = end - begin;
  return 1;
}

int @p@predict(const float* x, int n, int steps, float* y) {
  double out[@P@OUTPUTS]@DECLS@;
  int i, k, first = 0, len = 0, skipped = 0;
  if (n < 0 || steps < 1 || (n > 0 && (!x || !y))) return -1;
  for (i = 0; i < n; ++i, x += (size_t)steps * @P@FEATURES, y += @P@OUTPUTS) {
    if (!@p@valid_steps(x, steps, &first, &len)@LIMIT@) {
      for (k = 0; k < @P@OUTPUTS; ++k) y[k] = NAN;
      ++skipped;
      continue;
    }
    @p@network(x + (size_t)first * @P@FEATURES, len, out);
@DECODE@  }
  return skipped;
}
)";

// Regression: each output unscaled (output k is horizon step k / TARGETS of target k % TARGETS).
constexpr const char* kUnscale = R"(    for (k = 0; k < @P@OUTPUTS; ++k)
      y[k] = (float)(out[k] * @p@target_scale[k % @P@TARGETS] + @p@target_offset[k % @P@TARGETS]);
)";

// Classification: the softmax of the CLASSES logits, then the class the most probable one (the
// first on a tie), as rnnwb predict's table [class, p0, .., pC-1].
constexpr const char* kClasses = R"(    for (top = out[0], k = 1; k < @P@CLASSES; ++k)
      if (out[k] > top) top = out[k];
    for (sum = 0.0, k = 0; k < @P@CLASSES; ++k) sum += out[k] = exp(out[k] - top);
    for (best = 0, k = 0; k < @P@CLASSES; ++k)
      if ((out[k] /= sum) > out[best]) best = k;
    y[0] = (float)best;
    for (k = 0; k < @P@CLASSES; ++k) y[1 + k] = (float)out[k];
)";

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string scalers(const std::vector<std::string>& names, const std::vector<ColumnTransform>& transforms) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const ColumnTransform& t = transforms.at(i);
    char scaling[160];
    std::snprintf(scaling, sizeof scaling, "%s scaling (x - %.9g) / %.9g", to_string(t.scaler).c_str(), t.offset,
                  t.scale);
    out += " *   " + c_text::string_literal(names[i]) + ": " + scaling + "\n";
  }
  return out;
}

std::string tables(const std::string& name, const std::vector<ColumnTransform>& transforms) {
  std::vector<double> offset, scale;
  for (const ColumnTransform& t : transforms) {
    offset.push_back(t.offset);
    scale.push_back(t.scale);
  }
  return c_text::double_array(name + "_offset", offset) + c_text::double_array(name + "_scale", scale);
}

std::string define(const std::string& U, const char* name, Index value, const char* what) {
  std::string text = "#define " + U + name + " " + std::to_string(value);
  const long pad = long(34 + U.size()) - long(text.size());  // aligns the comments
  return text + std::string(std::size_t(std::max(2L, pad)), ' ') + "/* " + what + " */\n";
}

bool classifier(const SequenceModelInfo& s) { return s.task == SequenceTask::Classification; }

// What predict writes per sequence: a classifier's table [class, p0 .. pC-1], else H x k values.
Index values_per_sequence(const SequenceModelInfo& s) {
  return classifier(s) ? 1 + s.classes.count : s.horizon * Index(s.targets.size());
}

std::string header_text(const TrainedModel& m, const std::string& id, const std::string& header_name,
                        const std::string& source_name, const c_network::NetworkCode& net) {
  const SequenceModelInfo& s = *m.sequences;
  const std::string U = c_text::upper(id) + "_";
  const bool buffers = net.doubles_per_step > 0, classes = classifier(s);
  const std::size_t fixed_bytes = 8 * (net.stack_doubles + std::size_t(values_per_sequence(s)) + s.features.size());
  const std::string provenance = " * Trained on " + c_text::string_literal(s.x_source) + " (" +
                                 std::to_string(s.sequences) + " sequences of up to " + std::to_string(s.steps) +
                                 " steps, SHA-256 " + c_text::comment_text(s.x_sha256) + "); valid lengths " +
                                 std::to_string(s.min_length) + " to " + std::to_string(s.max_length) + ".\n";
  const std::size_t default_bytes =
      fixed_bytes + 8 * net.doubles_per_step * std::size_t(std::max<Index>(1, s.max_length));
  const std::string stack = buffers ? "about " + std::to_string(fixed_bytes) + " + " +
                                          std::to_string(8 * net.doubles_per_step) + " x MAX_STEPS bytes of stack (" +
                                          std::to_string(default_bytes) + " with the default MAX_STEPS)"
                                    : "about " + std::to_string(fixed_bytes) + " bytes of stack, whatever the steps";
  const std::string limit =
      buffers ? " * A bidirectional layer reads its whole input backwards too, so the layers run one after another\n"
                " * over a sequence's valid steps, their outputs in two stack buffers sized by MAX_STEPS (fixed\n"
                " * when the .c is compiled: by default the longest training sequence; compile with\n"
                " * -D" +
                    U +
                    "MAX_STEPS=... for longer ones). A sequence with more valid steps than that is\n"
                    " * not predicted (NaN, counted in the return value).\n"
              : " * The layers run step by step, keeping only their states: any number of steps.\n";
  const std::string what =
      classes ? " * OUTPUTS = 1 + CLASSES values each: the predicted class (0 .. CLASSES - 1, the most probable) and\n"
                " * the probability of each class (the softmax of the network's logits), as `rnnwb predict --input\n"
                " * X.npy` writes them. Classes (in this order): " +
                    c_text::string_literals(s.classes.names) + "\n"
              : " * OUTPUTS = HORIZON x TARGETS values each in original units, as `rnnwb predict --input X.npy`\n"
                " * writes them.\n";
  std::string text =
      "/* " + header_name + ": a model trained on sequences, exported by rnnwb " + kRnnwbVersion +
      " (generated; do not edit).\n *\n * " + id +
      "_predict maps sequences of `steps` steps x FEATURES in original units to\n" + what +
      " * Padding (steps whose features are all NaN, before and/or after the valid steps) is skipped: the\n"
      " * network reads only the valid steps and its output is taken at the last of them.\n *\n" +
      provenance + " * Layers: " + c_network::layer_chain(m.model.layers()) + "\n" +
      " * Inputs (FEATURES per step, in this order): " + c_text::string_literals(s.features) + "\n" +
      " * Targets (TARGETS columns, in this order): " + c_text::string_literals(s.targets) + "\n" +
      " * Scaling, fitted on the training sequences (applied to the inputs" +
      (classes ? "" : ", undone on the outputs") + "):\n" + scalers(s.features, s.scaling.features) +
      (classes ? "" : scalers(s.targets, s.scaling.targets)) + limit + " *\n * Build: cc -std=c99 -O2 -c " +
      source_name + " and link with -lm. No allocation and no static state,\n * so predict is reentrant; it uses " +
      stack + ".\n */\n#ifndef RNNWB_" + U + "H\n#define RNNWB_" + U + "H\n\n" +
      define(U, "FEATURES", Index(s.features.size()), "input features per step") +
      define(U, "HORIZON", s.horizon, "predicted steps per sequence") +
      define(U, "TARGETS", Index(s.targets.size()), "predicted columns") +
      (classes ? define(U, "CLASSES", s.classes.count, "classes of the target") +
                     define(U, "OUTPUTS", values_per_sequence(s), "values per sequence: 1 + CLASSES")
               : define(U, "OUTPUTS", values_per_sequence(s), "values per sequence: HORIZON x TARGETS")) +
      define(U, "TRAINED_MIN_STEPS", s.min_length, "the shortest training sequence") +
      define(U, "TRAINED_MAX_STEPS", s.max_length, "the longest training sequence");
  if (buffers)
    text += "#ifndef " + U + "MAX_STEPS\n" +
            define(U, "MAX_STEPS", std::max<Index>(1, s.max_length), "valid steps a sequence may have") + "#endif\n";
  return text + "\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n" +
         "/* Names: the features of each step of x, the targets" + (classes ? ", the classes." : " of y.") +
         " */\nextern const char* const " + id + "_feature_names[" + U + "FEATURES];\nextern const char* const " + id +
         "_target_names[" + U + "TARGETS];\n" +
         (classes ? "extern const char* const " + id + "_class_names[" + U + "CLASSES];\n" : std::string()) +
         "\n/* Predicts n sequences of `steps` steps each.\n"
         " * x: n x steps x FEATURES floats, row-major (sequence, step, feature), oldest step first.\n" +
         (classes ? " * y: n x OUTPUTS floats, row-major; per sequence the class, then the CLASSES probabilities.\n"
                  : " * y: n x OUTPUTS floats, row-major; value h * TARGETS + c of a sequence is horizon step h of\n"
                    " *    target c.\n") +
         " * Returns 0; -1 when n < 0, steps < 1, or x or y is NULL with n > 0; or else the number of\n"
         " * sequences not predicted (their outputs NaN): padding between valid steps, a step with only some\n"
         " * features NaN, an infinite value, no valid step" +
         (buffers ? std::string(", more valid steps than MAX_STEPS") : std::string()) + ". */\nint " + id +
         "_predict(const float* x, int n, int steps, float* y);\n\n#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
}

}  // namespace

CSource source_pair(const TrainedModel& m, const std::string& stem, const std::string& source_name,
                    const std::string& header_name) {
  if (!m.sequences) throw ConfigError("C export: this model was not trained on sequences");
  const SequenceModelInfo& s = *m.sequences;
  const bool classes = classifier(s);
  const std::string id = c_text::identifier(stem), pre = id + "_", PRE = c_text::upper(id) + "_";
  const Index network_outputs = classes ? s.classes.count : s.horizon * Index(s.targets.size());
  const c_network::NetworkCode net =
      c_network::code(m.model, std::max<Index>(1, s.max_length), network_outputs, pre, PRE, PRE + "MAX_STEPS");
  std::string predict = replace_all(kPredict, "@LIMIT@", net.doubles_per_step > 0 ? " || len > @P@MAX_STEPS" : "");
  predict = replace_all(predict, "@DECLS@", classes ? ", top, sum" : "");
  predict = replace_all(predict, "int i, k,", classes ? "int i, k, best," : "int i, k,");
  predict = replace_all(predict, "@DECODE@", classes ? kClasses : kUnscale);
  CSource out;
  out.header = header_text(m, id, header_name, source_name, net);
  out.source = "/* " + source_name + ": the model described in " + header_name + " (generated by rnnwb " +
               kRnnwbVersion + "; do not edit). */\n#include \"" + header_name +
               "\"\n\n#include <math.h>\n#include <stddef.h>\n\n" + "const char* const " + id + "_feature_names[" +
               PRE + "FEATURES] = {" + c_text::string_literals(s.features) + "};\n" + "const char* const " + id +
               "_target_names[" + PRE + "TARGETS] = {" + c_text::string_literals(s.targets) + "};\n" +
               (classes ? "const char* const " + id + "_class_names[" + PRE + "CLASSES] = {" +
                              c_text::string_literals(s.classes.names) + "};\n"
                        : std::string()) +
               "\n/* The scalers of each input feature" + (classes ? "" : " and target") +
               ", fitted on the training sequences. */\n" + tables(pre + "feature", s.scaling.features) +
               (classes ? std::string() : tables(pre + "target", s.scaling.targets)) + "\n" +
               c_text::with_prefixes(kEncoded, pre, PRE) + net.code + c_text::with_prefixes(predict, pre, PRE);
  return out;
}

}  // namespace rnnwb::c_sequences
