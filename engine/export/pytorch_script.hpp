#pragma once
// The hand-off to PyTorch: a small self-contained Python project that trains the same network on
// the same data as rnnwb would (train.py, pipeline.py, README.md, load_in_pytorch.py from
// resources/pytorch_script and tools/, embedded at build time) with a config.json holding every
// setting, runnable with `python train.py` or under `torchrun` (DistributedDataParallel). Its
// training writes an rnnwb model file, which rnnwb and the workbench open like their own.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/io/session_file.hpp"
#include "engine/io/trained_model.hpp"

namespace rnnwb {

inline constexpr const char* kPytorchScriptFormat = "rnnwb-pytorch-script";
inline constexpr int kPytorchScriptFormatVersion = 1;
inline constexpr const char* kResumeFileName = "initial.safetensors";

// config.json of the project: {"format", "format_version", "rnnwb_version", "settings": the
// session's settings (session_settings_json) with its data paths absolute, or relative to the
// project for an embedded sample written into data/NAME.csv, "resume": "initial.safetensors" or null}.
nlohmann::json pytorch_script_config(const Session& settings, bool resume);

// Writes the project into the folder `dir` (created when absent; refused when it holds anything,
// so no earlier work is overwritten). `resume`: the model whose weights and fitted statistics the
// training continues from (written as initial.safetensors), or null for a fresh training. Throws
// ConfigError (settings that name no data or a sample that does not exist), DataError (a data file
// that is not there: the project could not read it) or FileError. All files are written or none.
// Returns the paths written.
std::vector<std::string> export_pytorch_script(const Session& settings, const std::string& dir,
                                               const TrainedModel* resume = nullptr);

}  // namespace rnnwb
