#pragma once
// Exporting a trained model to the formats other programs run: its own safetensors model file
// (PyTorch names and layouts), ONNX with the preprocessing inside the graph, and a dependency-free
// C99 source pair. The CLI (`rnnwb export`) and the workbench's Export page list export_formats().
#include <string>
#include <vector>

#include "engine/io/trained_model.hpp"

namespace rnnwb {

enum class ExportFormat { Safetensors, Onnx, C };

struct ExportFormatInfo {
  ExportFormat format;
  const char* name;       // as given to --format
  const char* extension;  // of the file written (C: also the .h beside it)
  const char* purpose;    // one sentence: who uses it and how
};
const std::vector<ExportFormatInfo>& export_formats();
// Throws ConfigError naming the formats there are.
ExportFormat parse_export_format(const std::string& name);

// Writes `m` to `path` atomically. For C, `path` is the .c file and its header is written beside
// it with the same stem (.h). Throws ConfigError (the model cannot be expressed) or FileError.
// `series`: for ONNX and C, whose inputs are bare windows, the series whose statistics a model
// scaled per series embeds (ConfigError without one; DataError for an id it never saw).
void export_model(const TrainedModel& m, ExportFormat format, const std::string& path, const std::string& series = {});

}  // namespace rnnwb
