#include "engine/workflow/checkpoint.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"
#include "engine/data/csv_loader.hpp"
#include "engine/io/config_json.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/safetensors.hpp"

namespace rnnwb {

using json = nlohmann::json;

namespace {

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

}  // namespace

Checkpointer::Checkpointer(CheckpointOptions options, TrainedModel model, TrainingObserver* next, Clock clock)
    : options_(std::move(options)), model_(std::move(model)), next_(next), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return std::chrono::steady_clock::now(); };
  if (options_.every_seconds < 0 || !std::isfinite(options_.every_seconds))
    throw ConfigError("the checkpoint interval must be a number of seconds >= 0 (0 = after every epoch)");
  if (!options_.context.is_object()) options_.context = json::object();
}

void Checkpointer::on_batch_end(const BatchStats& s) {
  if (next_) next_->on_batch_end(s);
}

void Checkpointer::on_epoch_end(const EpochStats& s) {
  history_.push_back(s);
  if (!std::isnan(s.val_loss)) monitors_validation_ = true;
  if (next_) next_->on_epoch_end(s);
}

void Checkpointer::on_best_weights(const BestWeights& w) {
  if (next_) next_->on_best_weights(w);
  // Called once per finished epoch, so there is always something new here; the clock decides.
  const auto now = clock_();
  if (last_attempt_ && std::chrono::duration<double>(now - *last_attempt_).count() < options_.every_seconds) return;
  last_attempt_ = now;
  write(w);
}

void Checkpointer::write(const BestWeights& w) {
  try {
    Vector<float>& params = model_.model.parameters();
    const Index n = w.f32 ? Index(w.f32->size()) : w.f64 ? Index(w.f64->size()) : -1;
    if (n != params.size())
      throw ModelError("the checkpoint's network has " + std::to_string(params.size()) +
                       " parameters but the trained one has " + std::to_string(n));
    if (w.f32)
      params = *w.f32;
    else
      params = w.f64->cast<float>();
    model_.history = history_;
    model_.best_epoch = w.best_epoch;
    model_.fit_status = FitStatus::InProgress;
    model_.metrics = {{"epochs_run", w.epoch}, {"best_epoch", w.best_epoch}};

    json meta = model_metadata(model_);
    meta["recovery"] = {{"status", "in_progress"},
                        {"written_at", utc_now()},
                        {"epochs_done", w.epoch},
                        {"best_epoch", w.best_epoch},
                        {"best_loss", number_or_null(w.best_loss)},
                        {"monitored", monitors_validation_ ? "validation" : "training"},
                        {"context", options_.context}};
    SafeTensorsFile file;
    for (const NamedTensor& t : model_.model.tensors()) {
      SafeTensor st;
      st.name = t.name;
      for (Index d : t.shape) st.shape.push_back(std::size_t(d));
      st.data.assign(params.data() + t.offset, params.data() + t.offset + t.size);
      file.tensors.push_back(std::move(st));
    }
    file.metadata["rnnwb"] = meta.dump();
    file.metadata["format"] = "pt";
    write_safetensors(options_.path, file);
    struct stat st {};
    if (::stat(options_.path.c_str(), &st) == 0) written_ = {st.st_dev, st.st_ino};
    ++writes_;
    last_error_.clear();
  } catch (const std::exception& e) {
    ++failures_;
    last_error_ = e.what();
    if (on_error_) on_error_(last_error_);
  }
}

std::string Checkpointer::remove() const {
  // Only the file this run wrote: never one that was there before, nor one put there since.
  if (writes_ == 0 || !written_) return {};
  struct stat st {};
  if (::stat(options_.path.c_str(), &st) != 0) return {};
  if (st.st_dev != written_->first || st.st_ino != written_->second)
    return "the recovery file " + options_.path + " was replaced by another file during training; it is kept";
  if (::unlink(options_.path.c_str()) == 0 || errno == ENOENT) return {};
  const int err = errno;
  return "cannot remove the recovery file " + options_.path + ": " + std::strerror(err);
}

TrainedModel checkpoint_model(const Series& series, const TrainRequest& request, const PreparedTraining& prepared) {
  return TrainedModel{prepared.model,
                      prepared.pipeline,
                      request.fit,
                      request.init.scheme,
                      request.init.seed,
                      {},
                      0,
                      FitStatus::InProgress,
                      json::object(),
                      request.data_sha256,
                      request.data_source,
                      series.rows(),
                      request.time_column,
                      std::nullopt,
                      {},
                      {},
                      request.missing};
}

void check_checkpoint_path(const std::string& path) {
  check_writable_path(path, "the checkpoint");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;  // a new file
  // An existing file is replaced, and removed at the end, only if it is an rnnwb recovery file.
  bool recovery = false;
  try {
    recovery = load_checkpoint(path).recovery.has_value();
  } catch (const FileError&) {
  }
  if (!recovery)
    throw ConfigError("the checkpoint path " + path + " is an existing file that is not an rnnwb recovery file; " +
                      "rnnwb would replace it and remove it when training ends, so give the checkpoint a new name");
}

LoadedCheckpoint load_checkpoint(const std::string& path) {
  using config_json::field;
  using config_json::field_or;
  const SafeTensorsFile file = read_safetensors(path);
  const json meta = model_file_metadata(file, path);
  LoadedCheckpoint out{model_from_parts(meta, file.tensors, path), std::nullopt};
  if (meta.contains("recovery")) {
    const json& r = meta["recovery"];
    if (!r.is_object()) throw FileError(path + ": the \"recovery\" entry is not a JSON object");
    RecoveryInfo info;
    info.status = field_or<std::string>(r, "status", "in_progress", path);
    if (info.status != "in_progress")
      config_json::throw_out_of_range("status", quote(info.status), "\"in_progress\"", path);
    info.written_at = config_json::to_text(r, "written_at", path);
    info.epochs_done =
        config_json::ranged_or<int>(r, "epochs_done", int(out.model.history.size()), 0, limits::kMaxEpochs, path);
    info.best_epoch = config_json::ranged_or<int>(r, "best_epoch", out.model.best_epoch, 0, limits::kMaxEpochs, path);
    info.best_loss = r.contains("best_loss") && r["best_loss"].is_number() ? r["best_loss"].get<double>() : NAN;
    info.monitored = field_or<std::string>(r, "monitored", "", path);
    if (info.monitored != "" && info.monitored != "validation" && info.monitored != "training")
      config_json::throw_out_of_range("monitored", quote(info.monitored), "\"validation\" or \"training\"", path);
    info.context = field_or<json>(r, "context", json::object(), path);
    if (!info.context.is_object()) throw FileError(path + ": the recovery \"context\" is not a JSON object");
    // What the workbench reads back from the context: a missing-value policy and the writer's name.
    if (info.context.contains("missing")) {
      try {
        (void)parse_missing_policy(field<std::string>(info.context, "missing", path));
      } catch (const DataError& e) {
        throw FileError(path + ": the recovery context: " + e.what());
      }
    }
    (void)config_json::to_text(info.context, "writer", path);
    out.recovery = std::move(info);
  }
  return out;
}

}  // namespace rnnwb
