#pragma once
// A runs folder, as `rnnwb train --runs DIR` and `rnnwb sweep` keep runs: DIR/<run id>.safetensors
// holds each run's model (a model file, save_model) and DIR/runs.jsonl one line per run, the
// record's JSON (run_record_json). Appending writes the model file first, then the index, both
// atomically, under a lock (a mutex in this process, an flock on DIR/.lock between processes), so
// parallel runs never lose a line and a crash never corrupts earlier runs. A line that cannot be
// read (a hand edit, a torn write by an older writer) is skipped with a warning naming it.
#include <optional>
#include <string>
#include <vector>

#include "engine/io/run_record.hpp"

namespace rnnwb {

inline constexpr const char* kRunsIndexName = "runs.jsonl";

// One run of the folder as its index line gives it (no weights: load_run_model reads those).
struct FolderRun {
  RunRecord record;
  std::string key;            // the settings key the line recorded (settings_key when it has none)
  int line = 0;               // 1-based line of runs.jsonl
  bool model_exists = false;  // DIR/<id>.safetensors is there
};

struct RunsListing {
  std::vector<FolderRun> runs;        // in the order of the index, oldest first
  std::vector<std::string> warnings;  // lines skipped, models missing: each says which and why
};

class RunsFolder {
 public:
  // The folder at `dir`; with `create`, made (with its parents) when missing. Throws FileError
  // when `dir` is a file or something else that is not a folder, or (without `create`) is missing
  // or holds no runs.jsonl.
  static RunsFolder open(const std::string& dir, bool create);

  const std::string& dir() const { return dir_; }
  std::string index_path() const;
  std::string model_path(const std::string& id) const;

  RunsListing list() const;
  std::optional<FolderRun> find(const std::string& id) const;
  // The run's model file; FileError when it is missing or damaged (saying which run).
  TrainedModel load_run_model(const std::string& id) const;

  // Adds a run: gives it a new id when it has none or one taken (new_run_id from its settings key),
  // writes its model (when it has one), then its index line. Returns the id. Any thread.
  std::string append(RunRecord& record) const;

 private:
  explicit RunsFolder(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace rnnwb
