#pragma once
// C export: one C99 header and one source file with the weights as static const arrays and
//   int <stem>_predict(const float* x, int n, float* y)
// which maps n original-unit windows x (n, WINDOW, FEATURES) to original-unit predictions
// y (n, HORIZON, TARGETS) exactly as predict_windows does: the fitted transforms, every layer kind,
// the inverse transforms. No dependency beyond <math.h>, no allocation, no static state. The
// header has the sizes as macros (<STEM>_WINDOW ...), the column names and the provenance.
// A model trained on sequences gets c_sequences.hpp's predict(x, n, steps, y) instead.
#include <string>

#include "engine/io/trained_model.hpp"

namespace rnnwb {

struct CSource {
  std::string header, source;  // the .h and the .c text
};
// `stem` prefixes every symbol and names the files (<stem>.h is what the source includes); it is
// made a C identifier first (c_text::identifier: "3-day" -> "m3_day"). Throws ConfigError when
// the model cannot be expressed (a network that returns a sequence).
CSource c_source(const TrainedModel& m, const std::string& stem);
// Writes the source at `c_path` and the header beside it (the same name with .h), each
// atomically; the symbols are prefixed with the file's stem made an identifier.
void write_c(const TrainedModel& m, const std::string& c_path);

}  // namespace rnnwb
