#include "engine/export/onnx_export.hpp"

#include "engine/core/error.hpp"

namespace rnnwb {

std::string onnx_bytes(const TrainedModel&) { throw ConfigError("ONNX export is not built yet"); }
void write_onnx(const TrainedModel& m, const std::string&) { onnx_bytes(m); }

}  // namespace rnnwb
