#pragma once
// The flags `rnnwb train` and `rnnwb sweep` share: data, pipeline, model and training, and what
// they make: the training request, or a run's settings (what a sweep varies and a run records).
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "cli_common.hpp"
#include "csv_flags.hpp"
#include "engine/data/data_source.hpp"
#include "engine/io/sequence_file.hpp"
#include "engine/io/session_file.hpp"
#include "engine/workflow/checkpoint.hpp"
#include "engine/workflow/sequence_training.hpp"
#include "engine/workflow/training.hpp"
#include "series_flags.hpp"

namespace rnnwb::cli {

struct TrainOptions {
  std::string data, target, features, time_column, missing = "error", scaler = "standard", cell = "lstm";
  std::string units = "64", optimizer = "adam", loss = "mse", split = "0.7,0.15,0.15", out, metrics_json, history_csv,
              schedule = "constant", init = "pytorch", checkpoint, seeds;
  std::string runs;                                // a runs folder (train: optional; sweep: required)
  std::string intervals = kDefaultIntervalLevels;  // coverage levels calibrated after training
  bool log = false, quiet = false, bidirectional = false;
  int diff = 0, epochs = 50, patience = 0, season = 0, threads = 0;
  long window = 0, horizon = 1, batch_size = 32;
  double dropout = 0, lr = 1e-3, clip_norm = 0, huber_delta = 1.0, checkpoint_every = kDefaultCheckpointSeconds;
  std::uint64_t seed = 0;
  SeriesFlags series;
  CsvFlags csv;
  // Sequence datasets.
  std::string input, targets, feature_names, target_names, task, class_weights, class_names;  // task "": from Y
  bool shuffle_split = false;
};

// Registers the shared flags on a subcommand (everything but train's outputs and --quiet).
void add_training_flags(CLI::App* c, TrainOptions& o);

// Flags of a series given with a sequence dataset or the other way round, and the required ones.
void check_flag_kinds(const TrainOptions& o, const CLI::App& c);
// --units as layer sizes (ConfigError when empty).
std::vector<int> unit_list(const TrainOptions& o);

// The request for train_model; applies the missing-value policy to the loaded table (and says so).
// `season_given`: --season was on the command line (else the suggested season).
TrainRequest train_request(const TrainOptions& o, LoadedData& data, const std::vector<int>& units, bool season_given);
SequenceTrainRequest sequence_request(const TrainOptions& o, const std::vector<int>& units);
// The task: --task, or from Y's dtype; a classifier trains with cross-entropy.
void set_task(const TrainOptions& o, const CLI::App& c, const SequenceDataset& d, SequenceTrainRequest& r);

// The settings of the run the flags describe, with the data read and checked (its SHA-256 kept):
// a sweep's base settings.
Session settings_from_flags(const TrainOptions& o, const CLI::App& c);

}  // namespace rnnwb::cli
