#include "engine/export/c_pipeline.hpp"

#include <cstdio>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/export/c_text.hpp"

namespace rnnwb::c_pipeline {

namespace {

// The functions, with @p@ / @P@ for the prefixes. They follow pipeline.cpp line by line.
constexpr const char* kFunctions =
    R"(/* 1 when every value whose log is taken is > 0: rows MAX_LAG - lag .. WINDOW - 1 of each log
   column are read (rnnwb refuses such a window too). NaN fails the test as well. */
static int @p@window_ok(const float* w) {
  int f, r;
  for (f = 0; f < @P@FEATURES; ++f) {
    if (!@p@feature_log[f]) continue;
    for (r = @P@MAX_LAG - @p@feature_lag[f]; r < @P@WINDOW; ++r)
      if (!(w[r * @P@FEATURES + f] > 0.0f)) return 0;
  }
  return 1;
}

static double @p@pre(int log_it, double v) { return log_it ? log(v) : v; }

/* Model input of step s (0 .. MODEL_STEPS - 1), feature f: window row s + MAX_LAG, logged,
   differenced with the row lag earlier, scaled. */
static double @p@encoded(const float* w, int s, int f) {
  const int r = s + @P@MAX_LAG, lag = @p@feature_lag[f], log_it = @p@feature_log[f];
  double v = @p@pre(log_it, w[r * @P@FEATURES + f]);
  if (lag > 0) v -= @p@pre(log_it, w[(r - lag) * @P@FEATURES + f]);
  return (v - @p@feature_offset[f]) / @p@feature_scale[f];
}

/* Network outputs (HORIZON x TARGETS, row-major) -> original units y: unscale; for a differenced
   target add back the value lag rows earlier (from the window, or a row predicted before); exp
   for a logged one. */
static void @p@decode(const float* w, const double* out, double* y) {
  int c, k;
  for (c = 0; c < @P@TARGETS; ++c) {
    const int lag = @p@target_lag[c], log_it = @p@target_log[c];
    for (k = 0; k < @P@HORIZON; ++k) {
      double v = out[k * @P@TARGETS + c] * @p@target_scale[c] + @p@target_offset[c];
      if (lag > 0) {
        const int back = k - lag;
        v += back < 0 ? @p@pre(log_it, w[(@P@WINDOW + back) * @P@FEATURES + @p@target_feature[c]])
                      : @p@pre(log_it, y[back * @P@TARGETS + c]);
      }
      y[k * @P@TARGETS + c] = log_it ? exp(v) : v;
    }
  }
}

)";

// The five tables of one column list (features or targets).
std::string tables(const Pipeline& p, const std::vector<std::string>& columns, const std::string& name) {
  std::vector<int> log, lag;
  std::vector<double> offset, scale;
  for (const std::string& c : columns) {
    const ColumnTransform& t = p.transforms.at(c);
    log.push_back(t.log ? 1 : 0);
    lag.push_back(t.diff_lag);
    offset.push_back(t.offset);
    scale.push_back(t.scale);
  }
  return c_text::int_array(name + "_log", log) + c_text::int_array(name + "_lag", lag) +
         c_text::double_array(name + "_offset", offset) + c_text::double_array(name + "_scale", scale);
}

}  // namespace

std::string code(const Pipeline& p, const std::string& prefix, const std::string& upper_prefix) {
  std::vector<int> target_feature;
  for (const std::string& t : p.targets) {
    target_feature.push_back(p.feature_index_of(t));
    if (target_feature.back() < 0 && p.transforms.at(t).diff_lag > 0)
      throw ConfigError("C export: target " + quote(t) + " is differenced but is not an input feature");
  }
  return "/* The transforms of each input feature and target, fitted on the training rows: optional log,\n"
         "   differencing with a lag (0 = none), then (value - offset) / scale. */\n" +
         tables(p, p.features, prefix + "feature") + tables(p, p.targets, prefix + "target") +
         "/* The position of each target among the features (-1: not a feature). */\n" +
         c_text::int_array(prefix + "target_feature", target_feature) + "\n" +
         c_text::with_prefixes(kFunctions, prefix, upper_prefix);
}

std::string describe(const Pipeline& p) {
  std::vector<std::string> columns = p.features;
  for (const std::string& t : p.targets)
    if (p.feature_index_of(t) < 0) columns.push_back(t);
  std::string out;
  for (const std::string& c : columns) {
    const ColumnTransform& t = p.transforms.at(c);
    char scaling[160];
    std::snprintf(scaling, sizeof scaling, "%s scaling (x - %.9g) / %.9g", to_string(t.scaler).c_str(), t.offset,
                  t.scale);
    out += " *   " + c_text::string_literal(c) + ": " + (t.log ? "log, " : "") +
           (t.diff_lag > 0 ? "difference with lag " + std::to_string(t.diff_lag) + ", " : "") + scaling + "\n";
  }
  return out;
}

}  // namespace rnnwb::c_pipeline
