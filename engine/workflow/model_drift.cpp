#include "engine/workflow/model_drift.hpp"

#include <sstream>

#include "engine/core/enum_names.hpp"
#include "engine/io/config_json.hpp"
#include "engine/workflow/restore.hpp"

namespace rnnwb {

namespace {

std::string names(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "(none)" : out;
}

std::string fractions(const SplitFractions& s) {
  std::ostringstream o;
  o << s.train << " / " << s.validation << " / " << s.test;
  return o.str();
}

// What the user chose for a column (the fitted offset and scale come from the data).
std::string chosen(const ColumnTransform& t) {
  return std::string(t.log ? "log, " : "") + (t.diff_lag ? "difference lag " + std::to_string(t.diff_lag) + ", " : "") +
         to_string(t.scaler) + " scaling";
}

std::string text(const nlohmann::json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

// The leaves of two JSON objects that differ, named by their path ("optimizer lr").
void json_drift(const nlohmann::json& now, const nlohmann::json& model, const std::string& prefix,
                std::vector<SettingDrift>& out) {
  if (now.is_object() && model.is_object()) {
    for (const auto& [key, value] : now.items()) {
      const std::string name = prefix.empty() ? key : prefix + " " + key;
      json_drift(value, model.contains(key) ? model.at(key) : nlohmann::json(), name, out);
    }
    return;
  }
  if (now != model) out.push_back({prefix, text(now), text(model)});
}

}  // namespace

std::vector<SettingDrift> settings_drift(const TrainRequest& now, const TrainedModel& m) {
  std::vector<SettingDrift> out;
  const auto differs = [&](const std::string& setting, const std::string& a, const std::string& b) {
    if (a != b) out.push_back({setting, a, b});
  };
  const Session was = session_of(m, now.missing);
  if (!m.is_sequence_model()) {
    if (!now.data_sha256.empty() && !m.data_sha256.empty())
      differs("data file (SHA-256)", now.data_sha256.substr(0, 12), m.data_sha256.substr(0, 12));
    const PipelineConfig& p = now.pipeline;
    const PipelineConfig& q = was.pipeline;
    differs("targets", names(p.targets), names(q.targets));
    differs("input features", names(p.features.empty() ? p.targets : p.features),
            names(q.features.empty() ? q.targets : q.features));
    differs("window", std::to_string(p.window), std::to_string(q.window));
    differs("horizon", std::to_string(p.horizon), std::to_string(q.horizon));
    differs("split", fractions(p.split), fractions(q.split));
    differs("season", std::to_string(p.season), std::to_string(q.season));
    differs("split by", to_string(p.split_by), to_string(q.split_by));
    differs("scale per", to_string(p.scale_per), to_string(q.scale_per));
    for (const auto& [column, model_transform] : q.column_transforms) {
      const auto it = p.column_transforms.find(column);
      const ColumnTransform& t = it != p.column_transforms.end() ? it->second : p.default_transform;
      differs("transform of " + column, chosen(t), chosen(model_transform));
    }
  }
  differs("layers", config_json::from_layers(now.layers).dump(), config_json::from_layers(was.layers).dump());
  FitConfig fit_now = now.fit, fit_model = was.fit;
  fit_now.threads = fit_model.threads = 1;  // how fast, not what is trained
  json_drift(config_json::from_fit(fit_now, now.init), config_json::from_fit(fit_model, was.init), "", out);
  return out;
}

}  // namespace rnnwb
