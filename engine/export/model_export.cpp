#include "engine/export/model_export.hpp"

#include <optional>

#include "engine/core/enum_names.hpp"
#include "engine/core/error.hpp"
#include "engine/export/c_export.hpp"
#include "engine/export/onnx_export.hpp"
#include "engine/io/model_file.hpp"

namespace rnnwb {

const std::vector<ExportFormatInfo>& export_formats() {
  static const std::vector<ExportFormatInfo> formats = {
      {ExportFormat::Safetensors, "safetensors", ".safetensors",
       "The model file itself: weights under PyTorch's names and layouts, with the transforms and training "
       "record; rnnwb and tools/load_in_pytorch.py read it."},
      {ExportFormat::Onnx, "onnx", ".onnx",
       "For deployment with ONNX Runtime (Python, C++, C#, JavaScript...): takes windows in original units and "
       "returns predictions in original units, the scaling inside the graph."},
      {ExportFormat::C, "c", ".c",
       "For embedding in C or C++ programs and microcontrollers: a .c and .h pair with the weights as arrays "
       "and a predict function, no dependencies."},
  };
  return formats;
}

ExportFormat parse_export_format(const std::string& name) {
  std::string names;
  for (const ExportFormatInfo& f : export_formats()) {
    if (enum_names_detail::same_name(name, f.name)) return f.format;  // the enums' one rule
    names += (names.empty() ? "" : ", ") + std::string(f.name);
  }
  throw ConfigError("unknown export format '" + name + "': choose one of " + names);
}

void export_model(const TrainedModel& m, ExportFormat format, const std::string& path, const std::string& series) {
  if (format == ExportFormat::Safetensors) return save_model(path, m);
  // The ONNX and C writers read a series pipeline's transforms; a sequence model's scalers are elsewhere.
  if (m.is_sequence_model())
    throw ConfigError(
        "ONNX and C exports of a model trained on sequences are not available yet; the model file "
        "(safetensors) is");
  // ONNX and C take bare windows: a model scaled per series embeds one series' statistics.
  const TrainedModel* model = &m;
  std::optional<TrainedModel> narrowed;
  if (m.pipeline.per_series()) {
    narrowed.emplace(m);
    narrowed->pipeline = m.pipeline.for_windows(series);
    model = &*narrowed;
  } else {
    (void)m.pipeline.for_windows(series);  // an id the model never saw is refused
  }
  if (format == ExportFormat::Onnx) return write_onnx(*model, path);
  return write_c(*model, path);
}

}  // namespace rnnwb
