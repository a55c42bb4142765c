#pragma once
// ONNX export: the network as native LSTM / GRU / RNN operators and Gemm, with the model's log,
// differencing and scaling as graph nodes, so the graph maps original-unit windows x
// (N, window, features) to original-unit predictions y (N, horizon, targets).
#include <string>

#include "engine/io/trained_model.hpp"

namespace rnnwb {

// The serialised ModelProto, checked by onnx::checker. Throws ConfigError for what ONNX cannot express.
std::string onnx_bytes(const TrainedModel& m);
void write_onnx(const TrainedModel& m, const std::string& path);
// The network alone, for benchmarks: x (N, steps, features) of encoded inputs -> y (N, 1, outputs).
std::string onnx_network_bytes(const Model<float>& m, Index steps);

}  // namespace rnnwb
