#pragma once
// Session files: everything the workbench shows, so that reopening restores it: the data source
// and its SHA-256, column roles, missing-value policy, per-column transforms, window, horizon,
// split, the layer stack, the hyperparameters, and the trained model with its loss history.
// The file is a safetensors file: the trained weights (when there are any) as tensors with the
// model file's "rnnwb" metadata, plus a "rnnwb_session" metadata entry holding the rest as JSON.
#include <optional>
#include <string>
#include <vector>

#include "engine/data/csv_loader.hpp"
#include "engine/data/data_source.hpp"
#include "engine/data/pipeline.hpp"
#include "engine/io/sequence_file.hpp"
#include "engine/io/trained_model.hpp"
#include "engine/nn/init.hpp"
#include "engine/nn/layer_spec.hpp"
#include "engine/train/trainer.hpp"

namespace rnnwb {

inline constexpr int kSessionFormatVersion = 1;

struct RunRecord;  // engine/io/run_record.hpp (included at the end: a record holds a Session)

// A session holding a sequence dataset (engine/data/sequences.hpp) instead of a series: its files
// and names, the SHA-256 of X and Y when saved, and the split and scalers chosen. The series
// fields of Session are then unused (data_source repeats files.x_path).
struct SequenceSession {
  SequenceFiles files;
  std::string x_sha256, y_sha256;
  SequenceConfig config;
};

struct Session {
  std::string data_source;  // a CSV path or sample:NAME
  std::string data_sha256;  // of the CSV bytes when the session was saved
  std::string time_column;
  SeriesForm series_form;  // many series (long or wide form); absent in older sessions: one series
  // How the CSV is read: the time column asked for, the columns ignored, text columns left out,
  // the decimal mark (0 detect). Absent in older sessions: everything detected.
  CsvOptions csv;
  MissingPolicy missing_policy = MissingPolicy::Error;
  PipelineConfig pipeline;        // targets, features, transforms, window, horizon, split, season, split_by, scale_per
  std::vector<LayerSpec> layers;  // the hidden stack; the Dense head is added at training time
  InitOptions init;
  FitConfig fit;
  std::optional<TrainedModel> trained;
  std::optional<SequenceSession> sequences;        // set: the session's data is a sequence dataset
  nlohmann::json view = nlohmann::json::object();  // the GUI's own state (page, toggles)
  // The session's training runs, oldest first, each with its settings and (when kept) its weights.
  std::vector<RunRecord> runs;
};

// The settings part of a session as JSON (data, pipeline, layers, training, sequences: no format
// version, no view, no trained model, no runs), and its reader, which fills those fields of `s`
// and throws FileError naming `where` as load_session does. A run record keeps its settings so.
nlohmann::json session_settings_json(const Session& s);
void parse_session_settings(const nlohmann::json& j, Session& s, const std::string& where);

// Writes data_source as it is (a path as given, or sample:NAME).
void save_session(const std::string& path, const Session& session);
// Reads and checks a session: every field has its type and range (window, horizon, split, missing
// policy, the view entries "page" and "forecast_steps" the workbench reads: whole numbers >= 0),
// and a trained model must be whole and consistent with its own layers. A relative data
// source is resolved against the folder of the session file, not the current folder; an absolute
// path and sample:NAME stay as they are (the same for a sequence dataset's X and Y paths). Throws FileError naming the
// file and what is wrong; no other exception type leaves it.
Session load_session(const std::string& path);
// As load_session on bytes; `source` names the file in messages. data_source is left as written.
Session parse_session(std::string_view bytes, const std::string& source);
// A session's data source as load_session resolves it: relative paths against the folder of
// `session_path` (made absolute from the current folder when it is relative itself).
std::string resolve_data_source(const std::string& source, const std::string& session_path);

}  // namespace rnnwb

#include "engine/io/run_record.hpp"  // IWYU pragma: export
