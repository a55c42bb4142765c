#pragma once
// Model files: one safetensors file whose tensors carry PyTorch names and layouts
// (layers.<i>.weight_ih ...) and whose __metadata__ key "rnnwb" holds, as a JSON string, the
// layer list, the fitted pipeline, the training configuration, the loss history, the metrics and
// the SHA-256 of the training data. Any safetensors reader can load the weights. A metadata entry
// "rnnwb_selftest" holds a few input windows and the outputs they gave (engine/io/model_selftest.hpp).
#include <string>

#include "engine/io/safetensors.hpp"
#include "engine/io/trained_model.hpp"

namespace rnnwb {

// 2: per-series transforms (series_metadata.hpp); 3: sequence datasets (sequence_metadata.hpp).
// Each file is written with the lowest version that holds it, so older readers open what they can.
inline constexpr int kModelFormatVersion = 3;
inline constexpr const char* kRnnwbVersion = "0.1.0";

void save_model(const std::string& path, const TrainedModel& model);
// Checks everything (safetensors structure, version, layer list, tensor names and shapes against
// the layers, finite weights, pipeline, then the self-test when the file has one) and throws
// FileError saying what is wrong.
TrainedModel load_model(const std::string& path);

// The metadata object alone (for `rnnwb inspect` and tests).
nlohmann::json model_metadata(const TrainedModel& model);
// Whether split fractions are usable (each >= 0, train > 0, adding up to 1), and their text "a,b,c".
bool valid_split(const SplitFractions& split);
std::string split_text(const SplitFractions& split);

// Builds a model from parsed metadata and tensors; `where` names the source in errors.
// The "rnnwb" metadata of a model file as a JSON object; FileError when it is absent or not one.
nlohmann::json model_file_metadata(const SafeTensorsFile& file, const std::string& path);
TrainedModel model_from_parts(const nlohmann::json& metadata, const std::vector<SafeTensor>& tensors,
                              const std::string& where);

}  // namespace rnnwb
