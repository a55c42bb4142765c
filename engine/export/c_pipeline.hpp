#pragma once
// The C99 code of a fitted pipeline: the per-column transforms as tables, and the functions that
// turn an original-unit window into model inputs and model outputs back into original units,
// exactly as engine/data/pipeline.cpp does (encode_inputs, decode_outputs).
#include <string>

#include "engine/data/pipeline.hpp"

namespace rnnwb::c_pipeline {

// Static tables and functions, names prefixed with `prefix` ("<stem>_"); uses the macros
// <UPPER>WINDOW, FEATURES, HORIZON, TARGETS and MAX_LAG. Defines:
//   int <p>window_ok(const float* w)  1 when every value whose log is taken is > 0
//   double <p>encoded(const float* w, int s, int f)  model input of step s, feature f
//   void <p>decode(const float* w, const double* out, double* y)  (HORIZON x TARGETS) outputs
// Throws ConfigError for a differenced target that is not an input feature.
std::string code(const Pipeline& p, const std::string& prefix, const std::string& upper_prefix);

// One line per column for the header's comment, e.g. "SUNACTIVITY: log, diff lag 1, standard ...".
std::string describe(const Pipeline& p);

}  // namespace rnnwb::c_pipeline
