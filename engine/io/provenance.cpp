#include "engine/io/provenance.hpp"

#include <cstdio>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/io/config_json.hpp"

namespace rnnwb {

using json = nlohmann::json;

namespace {

constexpr int kMaxProcesses = 1 << 20;  // ranks of one training: far beyond any cluster

}  // namespace

TrainedBy read_trained_by(const json& meta, const std::string& where) {
  TrainedBy t;
  if (!meta.is_object() || !meta.contains("trained_by") || meta.at("trained_by").is_null()) return t;
  const json& j = meta.at("trained_by");
  if (!j.is_object()) throw FileError(where + ": metadata field \"trained_by\" is not a JSON object");
  const std::string at = where + " (trained_by)";
  t.engine = config_json::to_text(j, "engine", at);
  if (t.engine.empty()) throw FileError(at + ": it names no engine");
  t.engine_version = config_json::to_text(j, "engine_version", at);
  t.processes = config_json::ranged_or<int>(j, "processes", 1, 1, kMaxProcesses, at);
  t.device = config_json::to_text(j, "device", at);
  t.backend = config_json::to_text(j, "backend", at);
  t.resumed_from = config_json::to_sha256(json{{"sha256", config_json::to_text(j, "resumed_from", at)}}, at);
  t.started_at = config_json::to_text(j, "started_at", at);
  t.seconds = config_json::ranged_or<double>(j, "seconds", 0.0, 0.0, 1e12, at);
  return t;
}

json trained_by_json(const TrainedBy& t) {
  return {{"engine", t.engine},         {"engine_version", t.engine_version},
          {"processes", t.processes},   {"device", t.device},
          {"backend", t.backend},       {"resumed_from", t.resumed_from},
          {"started_at", t.started_at}, {"seconds", t.seconds}};
}

std::string trained_by_text(const TrainedBy& t) {
  if (t.empty()) return "rnnwb";
  std::string out = t.engine == "pytorch" ? "PyTorch" : printable(t.engine);
  if (!t.engine_version.empty()) out += " " + printable(t.engine_version);
  out += ", " + std::to_string(t.processes) + (t.processes == 1 ? " process" : " processes");
  if (!t.backend.empty() && t.backend != "none") out += " (" + printable(t.backend) + ")";
  if (!t.device.empty()) out += " on " + printable(t.device);
  if (t.seconds > 0) {
    char text[32];
    std::snprintf(text, sizeof text, ", %.1f s", t.seconds);
    out += text;
  }
  if (!t.started_at.empty()) out += ", started " + printable(t.started_at);
  if (!t.resumed_from.empty())
    out += "; resumed from a model file with SHA-256 " + t.resumed_from.substr(0, 12) + "...";
  return out;
}

}  // namespace rnnwb
