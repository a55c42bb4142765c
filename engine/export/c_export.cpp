#include "engine/export/c_export.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/export/c_network.hpp"
#include "engine/export/c_pipeline.hpp"
#include "engine/export/c_sequences.hpp"
#include "engine/export/c_text.hpp"
#include "engine/io/model_file.hpp"
#include "engine/nn/layer_kind.hpp"

namespace rnnwb {

namespace {

// With prediction intervals: the levels and a function that puts their bands around predictions.
std::string interval_declarations(const TrainedModel& m, const std::string& id, const std::string& U) {
  if (m.intervals.empty()) return "";
  return "/* Prediction intervals (" + m.intervals.method + ", calibrated on the " + m.intervals.source +
         " rows): INTERVAL_LEVELS coverage levels,\n"
         " * ascending. For predictions y of n windows (as " +
         id +
         "_predict wrote them), lower and upper get y -/+ the\n"
         " * half width of level `level` (0 .. INTERVAL_LEVELS - 1) for each horizon row and target (+-INFINITY\n"
         " * where too few validation rows bounded it), as `rnnwb predict` writes them. Returns 0; -1 for a\n"
         " * level out of range, n < 0, or a NULL pointer with n > 0. */\n"
         "#define " +
         U + "INTERVAL_LEVELS " + std::to_string(m.intervals.levels.size()) + "\nextern const double " + id +
         "_interval_coverage[" + U + "INTERVAL_LEVELS];\nint " + id +
         "_predict_intervals(const float* y, int n, int level, float* lower, float* upper);\n\n";
}

std::string interval_code(const TrainedModel& m, const std::string& p, const std::string& P) {
  if (m.intervals.empty()) return "";
  auto number = [](double v) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", v);
    return std::isfinite(v) ? std::string(text) : std::string("INFINITY");
  };
  std::string coverage, widths;
  for (const IntervalLevel& l : m.intervals.levels) {
    coverage += (coverage.empty() ? "" : ", ") + number(l.coverage);
    widths += "  {";
    std::string row;
    for (const auto& step : l.direct)
      for (double w : step) row += (row.empty() ? "" : ", ") + number(w);
    widths += row + "},\n";
  }
  return "\nconst double " + p + "interval_coverage[" + P + "INTERVAL_LEVELS] = {" + coverage + "};\n" +
         "static const double " + p + "half_widths[" + P + "INTERVAL_LEVELS][" + P + "HORIZON * " + P +
         "TARGETS] = {\n" + widths + "};\n\n" +
         c_text::with_prefixes(
             R"(int @p@predict_intervals(const float* y, int n, int level, float* lower, float* upper) {
  int i, k;
  if (n < 0 || level < 0 || level >= @P@INTERVAL_LEVELS || (n > 0 && (!y || !lower || !upper))) return -1;
  for (i = 0; i < n; ++i)
    for (k = 0; k < @P@HORIZON * @P@TARGETS; ++k) {
      const int at = i * @P@HORIZON * @P@TARGETS + k;
      lower[at] = (float)((double)y[at] - @p@half_widths[level][k]);
      upper[at] = (float)((double)y[at] + @p@half_widths[level][k]);
    }
  return 0;
}
)",
             p, P);
}

std::string header_text(const TrainedModel& m, const std::string& id, const std::string& header_name,
                        const std::string& source_name, std::size_t stack_bytes, bool buffers) {
  const Pipeline& p = m.pipeline;
  const std::string U = c_text::upper(id) + "_";
  std::string provenance = m.data_source.empty() ? "" : " * Trained on " + c_text::string_literal(m.data_source);
  if (!provenance.empty())
    provenance += " (" + std::to_string(m.data_rows) + " rows" +
                  (m.data_sha256.empty() ? "" : ", SHA-256 " + c_text::comment_text(m.data_sha256)) + ").\n";
  const auto define = [&](const char* name, Index value, const char* what) {
    std::string text = "#define " + U + name + " " + std::to_string(value);
    const long pad = long(32 + U.size()) - long(text.size());  // aligns the comments
    return text + std::string(std::size_t(std::max(2L, pad)), ' ') + "/* " + what + " */\n";
  };
  return "/* " + header_name + ": a model exported by rnnwb " + kRnnwbVersion + " (generated; do not edit).\n" +
         " *\n"
         " * " +
         id +
         "_predict maps windows of WINDOW rows x FEATURES columns in original units to\n"
         " * HORIZON rows x TARGETS columns in original units, as `rnnwb predict --input` does.\n"
         " *\n" +
         provenance + " * Layers: " + c_network::layer_chain(m.model.layers()) + "\n" +
         " * Inputs (FEATURES columns, in this order): " + c_text::string_literals(p.features) + "\n" +
         " * Targets (TARGETS columns, in this order): " + c_text::string_literals(p.targets) + "\n" +
         " * Transforms, fitted on the training rows (applied to the inputs, undone on the outputs):\n" +
         c_pipeline::describe(p) +
         " * The network sees the last MODEL_STEPS = WINDOW - MAX_LAG rows (after differencing).\n" +
         (buffers
              ? " * A bidirectional layer reads its whole input backwards too, so the layers run one after another\n"
                " * over the MODEL_STEPS steps, their outputs in two buffers on the stack (sized by the model's\n"
                " * MODEL_STEPS, included in the stack figure below).\n"
              : "") +
         " *\n"
         " * Build: cc -std=c99 -O2 -c " +
         source_name +
         " and link with -lm. No allocation and no static state,\n"
         " * so predict is reentrant; it uses about " +
         std::to_string(stack_bytes) +
         " bytes of stack.\n"
         " */\n"
         "#ifndef RNNWB_" +
         U + "H\n#define RNNWB_" + U + "H\n\n" + define("WINDOW", p.window, "input rows per window") +
         define("FEATURES", Index(p.features.size()), "input columns") +
         define("HORIZON", p.horizon, "predicted rows per window") +
         define("TARGETS", Index(p.targets.size()), "predicted columns") +
         define("MAX_LAG", p.max_lag(), "the largest differencing lag") +
         define("MODEL_STEPS", p.model_steps(), "steps the network sees: WINDOW - MAX_LAG") +
         "\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
         "/* Column names, in the order of the last axis of x and y. */\n"
         "extern const char* const " +
         id + "_feature_names[" + U + "FEATURES];\n" + "extern const char* const " + id + "_target_names[" + U +
         "TARGETS];\n\n" +
         "/* Predicts n windows.\n"
         " * x: n x WINDOW x FEATURES floats, row-major (window, row, column), oldest row first.\n"
         " * y: n x HORIZON x TARGETS floats, row-major; row k of window i is k + 1 rows after it.\n"
         " * Returns 0; -1 when n < 0, or x or y is NULL with n > 0; or else the number of windows with a\n"
         " * value <= 0 (or NaN) in a column whose log the model takes: their predictions are NaN. */\n"
         "int " +
         id + "_predict(const float* x, int n, float* y);\n\n" + interval_declarations(m, id, U) +
         "#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
}

std::string predict_text(const std::string& p, const std::string& P) {
  return c_text::with_prefixes(R"(int @p@predict(const float* x, int n, float* y) {
  double out[@P@HORIZON * @P@TARGETS], original[@P@HORIZON * @P@TARGETS];
  int i, k, skipped = 0;
  if (n < 0 || (n > 0 && (!x || !y))) return -1;
  for (i = 0; i < n; ++i, x += @P@WINDOW * @P@FEATURES, y += @P@HORIZON * @P@TARGETS) {
    if (!@p@window_ok(x)) {
      for (k = 0; k < @P@HORIZON * @P@TARGETS; ++k) y[k] = NAN;
      ++skipped;
      continue;
    }
    @p@network(x, @P@MODEL_STEPS, out);
    @p@decode(x, out, original);
    for (k = 0; k < @P@HORIZON * @P@TARGETS; ++k) y[k] = (float)original[k];
  }
  return skipped;
}
)",
                               p, P);
}

CSource source_pair(const TrainedModel& m, const std::string& stem, const std::string& source_name,
                    const std::string& header_name) {
  const Pipeline& p = m.pipeline;
  const std::string id = c_text::identifier(stem), pre = id + "_", PRE = c_text::upper(id) + "_";
  const Index outputs = p.horizon * Index(p.targets.size());
  const c_network::NetworkCode net = c_network::code(m.model, p.model_steps(), outputs, pre, PRE, PRE + "MODEL_STEPS");
  const std::size_t stack_bytes =
      8 * (net.stack_doubles + net.doubles_per_step * std::size_t(p.model_steps()) + 2 * std::size_t(outputs));
  CSource out;
  out.header = header_text(m, id, header_name, source_name, stack_bytes, net.doubles_per_step > 0);
  out.source = "/* " + source_name + ": the model described in " + header_name + " (generated by rnnwb " +
               kRnnwbVersion + "; do not edit). */\n#include \"" + header_name + "\"\n\n#include <math.h>\n\n" +
               "const char* const " + id + "_feature_names[" + PRE + "FEATURES] = {" +
               c_text::string_literals(p.features) + "};\n" + "const char* const " + id + "_target_names[" + PRE +
               "TARGETS] = {" + c_text::string_literals(p.targets) + "};\n\n" + c_pipeline::code(p, pre, PRE) +
               net.code + predict_text(pre, PRE) + interval_code(m, pre, PRE);
  return out;
}

}  // namespace

CSource c_source(const TrainedModel& m, const std::string& stem) {
  const std::string id = c_text::identifier(stem);
  if (m.is_sequence_model()) return c_sequences::source_pair(m, id, id + ".c", id + ".h");
  return source_pair(m, id, id + ".c", id + ".h");
}

void write_c(const TrainedModel& m, const std::string& c_path) {
  namespace fs = std::filesystem;
  const fs::path path(c_path);
  if (path.extension() == ".h")
    throw ConfigError("C export: give the path of the .c file (its .h is written beside it), not " + c_path);
  fs::path header = path;
  header.replace_extension(".h");
  const std::string header_name = header.filename().string();
  for (char c : header_name)
    if (c == '"' || c == '\\' || c == '?' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw ConfigError("C export: the file name " + c_path + " cannot be written in an #include line; " +
                        "use letters, digits, '-', '_' and '.'");
  const CSource s = m.is_sequence_model()
                        ? c_sequences::source_pair(m, path.stem().string(), path.filename().string(), header_name)
                        : source_pair(m, path.stem().string(), path.filename().string(), header_name);
  // Both or neither: a failure half-way must not leave a new header beside an old source.
  write_files_atomically({{header.string(), s.header}, {c_path, s.source}});
}

}  // namespace rnnwb
