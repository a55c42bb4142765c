#pragma once
// ONNX export of a model trained on sequences (TrainedModel::sequences): the graph maps x
// (N, T, F) in original units, T dynamic, to y in original units shaped as `rnnwb predict` writes
// it: (N, k), or (N, H, k) for a model trained on (N, H, k) targets; for a classifier (N, 1 + C),
// the class and the softmax probabilities. The feature scaling and the target unscaling are nodes
// of the graph. The input is unpadded: every sequence of a batch has
// the same T valid steps (run sequences of different lengths in separate batches); a NaN padding
// step is not skipped here as rnnwb predict skips it, and makes that sequence's outputs NaN.
#include <string>

#include "engine/io/trained_model.hpp"

namespace rnnwb {

// The serialised ModelProto, checked by onnx::checker. ConfigError for a model not trained on
// sequences or what ONNX cannot express.
std::string onnx_sequence_bytes(const TrainedModel& m);

}  // namespace rnnwb
