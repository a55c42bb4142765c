// libFuzzer target for model files: bytes -> parse_safetensors -> the steps load_model
// (engine/io/model_file.cpp) takes after reading the file -> model_from_parts, and on success a
// prediction on a window of ones so the loaded weights and pipeline are really used.
// Only FileError (what the loader documents for every problem with a file) is an expected outcome;
// any other exception escapes and aborts, and ASan/UBSan report memory errors and undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/error.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/safetensors.hpp"
#include "engine/workflow/prediction.hpp"

namespace {

// What load_model does after read_safetensors (kept in step with engine/io/model_file.cpp).
rnnwb::TrainedModel load_model_bytes(std::string_view bytes, const std::string& path) {
  using nlohmann::json;
  const rnnwb::SafeTensorsFile file = rnnwb::parse_safetensors(bytes, path);
  const auto it = file.metadata.find("rnnwb");
  if (it == file.metadata.end())
    throw rnnwb::FileError(path +
                           " is a safetensors file but not an rnnwb model (its metadata has no \"rnnwb\" entry)");
  json meta;
  try {
    meta = json::parse(it->second);
  } catch (const json::exception& e) {
    throw rnnwb::FileError(path + ": the rnnwb metadata is not valid JSON (" + e.what() + ")");
  }
  if (!meta.is_object()) throw rnnwb::FileError(path + ": the rnnwb metadata is not a JSON object");
  return rnnwb::model_from_parts(meta, file.tensors, path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > rnnwb::kSafetensorsMaxFile) return 0;  // read_safetensors' limit
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::optional<rnnwb::TrainedModel> loaded;
  try {
    loaded.emplace(load_model_bytes(bytes, "fuzz.safetensors"));
  } catch (const rnnwb::FileError&) {
    return 0;  // a rejected file: the expected outcome for most inputs
  }
  rnnwb::TrainedModel& m = *loaded;
  const rnnwb::Pipeline& p = m.pipeline;
  // Two windows of ones. A loaded file may legitimately ask for windows too large to fuzz quickly.
  const rnnwb::Index features = rnnwb::Index(p.features.size());
  if (p.window * features > (1 << 16) || m.model.parameters().size() > (1 << 22)) return 0;
  rnnwb::Tensor3<double> windows(2, p.window, features);
  for (double& v : windows.data) v = 1.0;
  const rnnwb::Tensor3<double> y = rnnwb::predict_windows(m, windows);
  if (y.batch != 2 || y.steps != p.horizon || y.features != rnnwb::Index(p.targets.size())) __builtin_trap();
  // The stored split, as evaluation and prediction CSVs use it on a series of 1000 rows.
  const rnnwb::SplitBounds b = rnnwb::split_bounds(1000, p.split);
  if (b.train_end > b.validation_end || b.validation_end > b.rows) __builtin_trap();
  return 0;
}
