#pragma once
// The many-series flags that train, predict, evaluate and export share: how the data names its
// series (--series-column, --series-columns), how it is split (--split-by) and scaled
// (--scale-per), and which series one output is for (--series).
#include <CLI/CLI.hpp>
#include <string>

#include "engine/data/data_source.hpp"
#include "engine/data/pipeline.hpp"

namespace rnnwb::cli {

struct SeriesFlags {
  std::string column, columns, split_by, scale_per, series;
};

enum class SeriesFlagSet {
  Training,  // --series-column, --series-columns, --split-by, --scale-per
  Data,      // the same, read against a model's own settings (predict --data, evaluate)
  Export,    // --series only
};
// Registers the flags of `set`; --series is added for Data and Export.
void add_series_flags(CLI::App* command, SeriesFlags& flags, SeriesFlagSet set);

// The series form the flags ask for; without flags, the model's own (null for training).
// ConfigError when both forms are given.
SeriesForm series_form(const SeriesFlags& flags, const Pipeline* model = nullptr);

// --split-by and --scale-per into a training's pipeline config.
void apply_series_flags(const SeriesFlags& flags, PipelineConfig& config);

// A model's pipeline as the data flags ask for it: --split-by may change how its splits are cut;
// --scale-per, when given, must be the model's own (ConfigError otherwise: the scaling is trained in).
Pipeline pipeline_for_data(const SeriesFlags& flags, const Pipeline& model);

// The pipeline for bare windows (predict --input, ONNX and C exports): a per-series model needs
// --series ID (ConfigError listing some ids without it; DataError for an id it never saw); a
// global model takes its global statistics (--series is then refused as meaningless).
Pipeline pipeline_for_windows(const SeriesFlags& flags, const Pipeline& model);

// "2 series left out (the model cannot predict them: shorter than the window, or never seen by a
// per-series model): "a", "b"".
std::string left_out_warning(const std::vector<std::string>& ids);

}  // namespace rnnwb::cli
