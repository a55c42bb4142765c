#pragma once
// A run from its settings alone: load the data the settings name (refusing a file that changed
// since), build the request, train, evaluate, and record everything (run_record.hpp). Replays, the
// CLI's sweeps and the workbench's sweep queue all run this; a front end that trains through its
// own path (rnnwb train, the workbench's Train button) records its outcome with run_record_of.
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "engine/data/data_source.hpp"
#include "engine/experiments/median_pruner.hpp"
#include "engine/io/run_record.hpp"
#include "engine/io/session_file.hpp"
#include "engine/workflow/sequence_training.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb {

// The requests a run's settings describe. The series one is for data loaded with the settings'
// CSV options and series form; the missing-value policy is applied to data.table (what it did,
// in words, goes to `missing_note` when given).
TrainRequest series_train_request(const Session& settings, LoadedData& data, std::string* missing_note = nullptr);
SequenceTrainRequest sequence_train_request(const Session& settings);

// The settings of a request, as a run records them (the inverse of the above).
Session run_settings(const TrainRequest& request, const CsvOptions& csv, const SeriesForm& form);
Session run_settings(const SequenceTrainRequest& request, const SequenceFiles& files, const std::string& x_sha256,
                     const std::string& y_sha256);

// The record of a finished training: settings, history, best epoch, metrics, the model, how it
// ended. The id is left empty for the caller's folder or session to give.
RunRecord run_record_of(const Session& settings, const TrainOutcome& outcome, const std::string& started_at,
                        double seconds, std::vector<BatchPoint> batches, bool pruned = false);

struct RunHooks {
  TrainingObserver* observer = nullptr;  // progress, on the training thread (may be null)
  // The run's own control: Stop ends it (recorded as stopped); pruning stops it too. Null: a
  // control of its own.
  TrainingControl* control = nullptr;
  const MedianPruner* pruner = nullptr;  // median pruning when set (the caller adds finished runs)
};

// Loads, trains and evaluates as the settings say, on settings.fit.threads threads. Throws
// DataError (data missing, unreadable or changed since: its SHA-256 differs), ConfigError or
// ModelError before training for settings that cannot train; a diverged training is a record.
RunRecord execute_run(const Session& settings, const RunHooks& hooks = {});

// The record of settings that could not train: end failed, `message` says why.
RunRecord failed_run_record(const Session& settings, const std::string& started_at, double seconds,
                            const std::string& message);
// execute_run, with settings that cannot train (ConfigError, DataError, ModelError, ShapeError, or
// out of memory) recorded as a failed run instead of thrown; `words` words the error for the
// front end (default: what()). Sweeps run their points so, and go on after a failure.
using ErrorWords = std::function<std::string(const std::exception&)>;
RunRecord execute_run_or_failure(const Session& settings, const RunHooks& hooks = {}, const ErrorWords& words = {});

// A replay's verdict: the loss histories compared bit for bit (train loss, validation loss and
// learning rate of every epoch; seconds differ by nature).
struct HistoryComparison {
  bool identical = true;
  int first_difference = 0;  // 1-based epoch; 0 when identical
  std::string detail;        // what differs there, in words
};
HistoryComparison compare_histories(const std::vector<EpochStats>& recorded, const std::vector<EpochStats>& replayed);

}  // namespace rnnwb
