#include "engine/io/run_record.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/sha256.hpp"
#include "engine/core/text.hpp"
#include "engine/io/config_json.hpp"

namespace rnnwb {

using json = nlohmann::json;
using config_json::field;
using config_json::field_or;

RunEnd run_end_of(FitStatus status) {
  switch (status) {
    case FitStatus::EarlyStopped:
      return RunEnd::EarlyStopped;
    case FitStatus::Diverged:
      return RunEnd::Diverged;
    case FitStatus::Cancelled:
    case FitStatus::Interrupted:
      return RunEnd::Stopped;
    default:
      return RunEnd::Completed;
  }
}

double RunRecord::best_loss() const {
  if (best_epoch < 1 || std::size_t(best_epoch) > history.size()) return NAN;
  const EpochStats& e = history[std::size_t(best_epoch - 1)];
  return std::isnan(e.val_loss) ? e.train_loss : e.val_loss;
}

std::string settings_key(const Session& settings) { return sha256_hex(session_settings_json(settings).dump()); }

bool valid_run_id(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

namespace {

std::tm utc_time(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

std::string formatted_now(const char* format) {
  const std::tm tm = utc_time(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
  char text[32];
  std::strftime(text, sizeof text, format, &tm);
  return text;
}

json batches_json(const std::vector<BatchPoint>& batches) {
  json out = json::array();
  for (const BatchPoint& b : batches)
    out.push_back({b.epoch, b.batch, std::isfinite(b.loss) ? json(b.loss) : json(nullptr)});
  return out;
}

std::vector<BatchPoint> parse_batches(const json& j, const std::string& where) {
  const json list = field_or<json>(j, "batches", json::array(), where);
  if (!list.is_array() || list.size() > 2 * kMaxBatchPoints)
    throw FileError(where + ": field \"batches\" must be a list of at most " + std::to_string(2 * kMaxBatchPoints) +
                    " [epoch, batch, loss] points");
  std::vector<BatchPoint> out;
  for (const json& p : list) {
    if (!p.is_array() || p.size() != 3 || !p[0].is_number_integer() || !p[1].is_number_integer() ||
        !(p[2].is_number() || p[2].is_null()))
      throw FileError(where + ": a batch point is not [epoch, batch, loss]: " + p.dump());
    out.push_back({p[0].get<int>(), p[1].get<Index>(), p[2].is_null() ? NAN : p[2].get<double>()});
  }
  return out;
}

}  // namespace

std::string utc_now_iso() { return formatted_now("%Y-%m-%dT%H:%M:%SZ"); }

std::string new_run_id(const std::string& key, const std::vector<std::string>& taken) {
  const std::string base = formatted_now("%Y%m%d-%H%M%S-") + key.substr(0, std::min<std::size_t>(8, key.size()));
  std::string id = base;
  for (int n = 2; std::find(taken.begin(), taken.end(), id) != taken.end(); ++n) id = base + "-" + std::to_string(n);
  return id;
}

json run_record_json(const RunRecord& r) {
  return {{"format_version", kRunFormatVersion},
          {"id", r.id},
          {"name", r.name},
          {"note", r.note},
          {"sweep", r.sweep},
          {"key", settings_key(r.settings)},
          {"settings", session_settings_json(r.settings)},
          {"history", config_json::from_history(r.history)},
          {"batches", batches_json(r.batches)},
          {"best_epoch", r.best_epoch},
          {"metrics", r.metrics.is_object() ? r.metrics : json::object()},
          {"started_at", r.started_at},
          {"seconds", r.seconds},
          {"end", to_string(r.end)},
          {"message", r.message}};
}

RunRecord parse_run_record(const json& j, const std::string& where) {
  if (!j.is_object()) throw FileError(where + ": a run record is not a JSON object");
  const int version = field<int>(j, "format_version", where);
  if (version > kRunFormatVersion)
    throw FileError(where + ": written by a newer rnnwb (run format " + std::to_string(version) +
                    "); update rnnwb to read it");
  RunRecord r;
  r.id = field<std::string>(j, "id", where);
  if (!valid_run_id(r.id))
    throw FileError(where + ": run id " + quote(r.id) + " must be 1 to 64 letters, digits, '-' or '_'");
  const std::string at = where + " (run " + r.id + ")";
  r.name = config_json::to_text(j, "name", at);
  r.note = field_or<std::string>(j, "note", "", at);
  if (invalid_utf8_at(r.note) || r.note.size() > 65536)
    throw FileError(at + ": the note must be UTF-8 text of at most 64 KiB");
  r.sweep = config_json::to_text(j, "sweep", at);
  parse_session_settings(field<json>(j, "settings", at), r.settings, at);
  r.history = config_json::to_history(j, at);
  r.batches = parse_batches(j, at);
  r.best_epoch = config_json::ranged_or<int>(j, "best_epoch", 0, 0, int(r.history.size()), at);
  r.metrics = field_or<json>(j, "metrics", json::object(), at);
  if (!r.metrics.is_object()) throw FileError(at + ": field \"metrics\" is not a JSON object");
  r.started_at = config_json::to_text(j, "started_at", at);
  r.seconds = config_json::ranged_or<double>(j, "seconds", 0.0, 0.0, 1e9, at);
  try {
    r.end = parse_enum<RunEnd>(field_or<std::string>(j, "end", "completed", at));
  } catch (const std::exception& e) {
    throw FileError(at + ": field \"end\": " + e.what());
  }
  r.message = field_or<std::string>(j, "message", "", at);
  if (invalid_utf8_at(r.message)) throw FileError(at + ": the message is not UTF-8 text");
  return r;
}

void BatchDecimator::add(const BatchStats& b) {
  if (seen_++ % stride_ != 0) return;
  points_.push_back({b.epoch, b.batch, b.loss});
  if (points_.size() < 2 * kMaxBatchPoints) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < points_.size(); i += 2) points_[kept++] = points_[i];
  points_.resize(kept);
  stride_ *= 2;
}

}  // namespace rnnwb
