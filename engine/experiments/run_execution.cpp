#include "engine/experiments/run_execution.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <new>
#include <stdexcept>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/io/sequence_file.hpp"

namespace rnnwb {

TrainRequest series_train_request(const Session& settings, LoadedData& data, std::string* missing_note) {
  TrainRequest r;
  r.pipeline = settings.pipeline;
  r.pipeline.series_columns = data.form.columns;
  r.layers = settings.layers;
  r.init = settings.init;
  r.fit = settings.fit;
  r.data_sha256 = data.sha256;
  r.data_source = data.source;
  r.time_column = data.table.series.time_name;
  r.missing = settings.missing_policy;
  const std::string note = apply_missing_policy(data.table, r);
  if (missing_note) *missing_note = note;
  return r;
}

SequenceTrainRequest sequence_train_request(const Session& settings) {
  SequenceTrainRequest r;
  if (settings.sequences) r.data = settings.sequences->config;
  r.layers = settings.layers;
  r.init = settings.init;
  r.fit = settings.fit;
  return r;
}

Session run_settings(const TrainRequest& request, const CsvOptions& csv, const SeriesForm& form) {
  Session s;
  s.data_source = request.data_source;
  s.data_sha256 = request.data_sha256;
  s.time_column = request.time_column;
  s.series_form = form;
  s.csv = csv;
  s.missing_policy = request.missing;
  s.pipeline = request.pipeline;
  s.layers = request.layers;
  s.init = request.init;
  s.fit = request.fit;
  return s;
}

Session run_settings(const SequenceTrainRequest& request, const SequenceFiles& files, const std::string& x_sha256,
                     const std::string& y_sha256) {
  Session s;
  s.data_source = files.x_path;
  s.data_sha256 = x_sha256;
  s.sequences = SequenceSession{files, x_sha256, y_sha256, request.data};
  s.layers = request.layers;
  s.init = request.init;
  s.fit = request.fit;
  return s;
}

RunRecord run_record_of(const Session& settings, const TrainOutcome& outcome, const std::string& started_at,
                        double seconds, std::vector<BatchPoint> batches, bool pruned) {
  RunRecord r;
  r.settings = settings;
  r.settings.trained.reset();
  r.settings.runs.clear();
  r.settings.view = nlohmann::json::object();
  r.history = outcome.fit.history;
  r.batches = std::move(batches);
  r.best_epoch = outcome.fit.best_epoch;
  r.metrics = outcome.trained.metrics.is_object() ? outcome.trained.metrics : nlohmann::json::object();
  r.started_at = started_at;
  r.seconds = seconds;
  r.end = pruned ? RunEnd::Pruned : run_end_of(outcome.fit.status);
  r.message = outcome.fit.message;
  if (outcome.fit.status != FitStatus::Diverged) r.model = std::make_shared<const TrainedModel>(outcome.trained);
  return r;
}

namespace {

// Watches a run for its record: the per-batch curve, median pruning; passes everything on to the
// caller's observer.
class RunWatcher : public TrainingObserver {
 public:
  RunWatcher(TrainingObserver* inner, const MedianPruner* pruner, TrainingControl& control)
      : inner_(inner), pruner_(pruner), control_(control) {}
  void on_batch_end(const BatchStats& b) override {
    batches.add(b);
    if (inner_) inner_->on_batch_end(b);
  }
  void on_epoch_end(const EpochStats& e) override {
    if (inner_) inner_->on_epoch_end(e);
    if (!pruner_ || pruned || !pruner_->should_prune(e.epoch, e.val_loss)) return;
    pruned = true;
    message = "pruned after epoch " + std::to_string(e.epoch) + ": validation loss " + number_text(e.val_loss) +
              " is worse than the median " + number_text(pruner_->median_at(e.epoch)) +
              " of the earlier runs at that epoch";
    control_.request_stop();
  }
  void on_best_weights(const BestWeights& w) override {
    if (inner_) inner_->on_best_weights(w);
  }

  BatchDecimator batches;
  bool pruned = false;
  std::string message;

 private:
  TrainingObserver* inner_;
  const MedianPruner* pruner_;
  TrainingControl& control_;
};

void check_unchanged(const std::string& recorded, const std::string& now, const std::string& path) {
  if (recorded.empty() || recorded == now) return;
  throw DataError(path + " has changed since the run: its SHA-256 is now " + now.substr(0, 12) +
                  "..., the run recorded " + recorded.substr(0, 12) +
                  "...; the run needs the data it was trained on (restore that file, or train anew)");
}

TrainOutcome train_sequences(const Session& settings, TrainingControl& control, RunWatcher& watcher) {
  const SequenceSession& q = *settings.sequences;
  const SequenceDataset d = load_sequence_dataset(q.files);
  check_unchanged(q.x_sha256, d.x_sha256, q.files.x_path);
  check_unchanged(q.y_sha256, d.y_sha256, q.files.y_path.empty() ? q.files.x_path : q.files.y_path);
  SequenceTrainingRun run;
  run.run.control = &control;
  run.observe = [&watcher](PreparedSequenceTraining&) -> TrainingObserver* { return &watcher; };
  return train_sequence_model(d, sequence_train_request(settings), run);
}

TrainOutcome train_series(const Session& settings, TrainingControl& control, RunWatcher& watcher) {
  LoadedData data = load_data_source_with(settings.data_source, settings.csv, settings.series_form);
  check_unchanged(settings.data_sha256, data.sha256, settings.data_source);
  const TrainRequest request = series_train_request(settings, data);
  TrainingRun run;
  run.control = &control;
  run.observe = [&watcher](PreparedTraining&) -> TrainingObserver* { return &watcher; };
  return train_model(data.table.series, request, run);
}

}  // namespace

RunRecord execute_run(const Session& settings, const RunHooks& hooks) {
  const std::string started_at = utc_now_iso();
  const auto start = std::chrono::steady_clock::now();
  TrainingControl own;
  TrainingControl& control = hooks.control ? *hooks.control : own;
  RunWatcher watcher(hooks.observer, hooks.pruner, control);
  const TrainOutcome out =
      settings.sequences ? train_sequences(settings, control, watcher) : train_series(settings, control, watcher);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RunRecord r = run_record_of(settings, out, started_at, seconds, watcher.batches.take(), watcher.pruned);
  if (r.settings.data_sha256.empty() && r.model) r.settings.data_sha256 = r.model->data_sha256;
  if (watcher.pruned) r.message = watcher.message;
  return r;
}

RunRecord failed_run_record(const Session& settings, const std::string& started_at, double seconds,
                            const std::string& message) {
  RunRecord r;
  r.settings = settings;
  r.started_at = started_at;
  r.seconds = seconds;
  r.end = RunEnd::Failed;
  r.message = message;
  return r;
}

RunRecord execute_run_or_failure(const Session& settings, const RunHooks& hooks, const ErrorWords& words) {
  const std::string started_at = utc_now_iso();
  const auto start = std::chrono::steady_clock::now();
  const auto failed = [&](const std::exception& e) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return failed_run_record(settings, started_at, seconds, words ? words(e) : std::string(e.what()));
  };
  try {
    return execute_run(settings, hooks);
  } catch (const ConfigError& e) {
    return failed(e);
  } catch (const DataError& e) {
    return failed(e);
  } catch (const ModelError& e) {
    return failed(e);
  } catch (const ShapeError& e) {
    return failed(e);
  } catch (const std::bad_alloc&) {
    return failed(std::runtime_error("out of memory: this configuration is too large for this machine"));
  }
}

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

}  // namespace

HistoryComparison compare_histories(const std::vector<EpochStats>& recorded, const std::vector<EpochStats>& replayed) {
  HistoryComparison c;
  const std::size_t n = std::min(recorded.size(), replayed.size());
  for (std::size_t i = 0; i < n; ++i) {
    const EpochStats& a = recorded[i];
    const EpochStats& b = replayed[i];
    const char* what = !same_bits(a.train_loss, b.train_loss) ? "training loss"
                       : !same_bits(a.val_loss, b.val_loss)   ? "validation loss"
                       : !same_bits(a.lr, b.lr)               ? "learning rate"
                                                              : nullptr;
    if (!what) continue;
    const double x = what[0] == 't' ? a.train_loss : what[0] == 'v' ? a.val_loss : a.lr;
    const double y = what[0] == 't' ? b.train_loss : what[0] == 'v' ? b.val_loss : b.lr;
    c.identical = false;
    c.first_difference = int(i + 1);
    c.detail = std::string(what) + " " + number_text(x) + " recorded, " + number_text(y) + " replayed";
    return c;
  }
  if (recorded.size() != replayed.size()) {
    c.identical = false;
    c.first_difference = int(n + 1);
    c.detail =
        "the record has " + std::to_string(recorded.size()) + " epochs, the replay " + std::to_string(replayed.size());
  }
  return c;
}

}  // namespace rnnwb
