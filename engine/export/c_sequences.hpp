#pragma once
// C export of a model trained on sequences (TrainedModel::sequences): the header and source of
//   int <stem>_predict(const float* x, int n, int steps, float* y)
// which maps n original-unit sequences x (n, steps, FEATURES), steps a runtime parameter, to
// original-unit predictions y (n, OUTPUTS = HORIZON x TARGETS) exactly as predict_sequences does:
// each feature scaled, the network run on the valid steps only (all-NaN padding steps before or
// after them are skipped, as rnnwb predict and PyTorch's pack_padded_sequence do), the targets
// unscaled. Without a bidirectional layer any number of steps is taken with a fixed, small stack;
// with one, the valid steps of a sequence are limited by <STEM>_MAX_STEPS (the longest training
// sequence unless the .c is compiled with -D<STEM>_MAX_STEPS=...), which sizes two stack buffers.
#include <string>

#include "engine/export/c_export.hpp"

namespace rnnwb::c_sequences {

// `stem`, made a C identifier, prefixes the symbols; the source includes `header_name`. ConfigError for
// what C cannot express.
CSource source_pair(const TrainedModel& m, const std::string& stem, const std::string& source_name,
                    const std::string& header_name);

}  // namespace rnnwb::c_sequences
