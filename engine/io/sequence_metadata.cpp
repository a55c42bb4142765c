#include "engine/io/sequence_metadata.hpp"

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/io/config_json.hpp"

namespace rnnwb {

using json = nlohmann::json;
using config_json::field;
using config_json::field_or;

json sequence_metadata(const SequenceModelInfo& s) {
  json features = json::array(), targets = json::array();
  for (const ColumnTransform& t : s.scaling.features) features.push_back(config_json::from_transform(t));
  for (const ColumnTransform& t : s.scaling.targets) targets.push_back(config_json::from_transform(t));
  return {{"task", to_string(s.task)},
          {"features", s.features},
          {"targets", s.targets},
          {"horizon", s.horizon},
          {"y_has_horizon", s.y_has_horizon},
          {"feature_scalers", features},
          {"target_scalers", targets},
          {"target_means", s.target_means},
          {"lengths", {{"min", s.min_length}, {"max", s.max_length}}},
          {"steps", s.steps},
          {"count", s.sequences},
          {"split", {s.split.train, s.split.validation, s.split.test}},
          {"shuffle_split", s.shuffle_split},
          {"split_seed", s.split_seed},
          {"x", {{"sha256", s.x_sha256}, {"source", s.x_source}}},
          {"y", {{"sha256", s.y_sha256}, {"source", s.y_source}}}};
}

bool is_sequence_metadata(const json& meta, const std::string& where) {
  const std::string kind = field_or<std::string>(meta, "dataset", "series", where);
  if (kind != "series" && kind != "sequences")
    throw FileError(where + ": unknown dataset kind \"" + kind + "\" (this rnnwb knows series and sequences)");
  return kind == "sequences";
}

namespace {

std::vector<ColumnTransform> read_scalers(const json& s, const char* key, std::size_t n, const std::string& where) {
  const json list = field<json>(s, key, where);
  if (!list.is_array() || list.size() != n)
    throw FileError(where + ": \"" + key + "\" must list " + std::to_string(n) + " scalers, one per column");
  std::vector<ColumnTransform> out;
  for (const json& j : list) {
    ColumnTransform t = config_json::to_transform(j, where);
    if (t.log || t.diff_lag != 0)
      throw FileError(where + ": a sequence model's scalers take no log or differencing (\"" + key + "\")");
    out.push_back(t);
  }
  return out;
}

}  // namespace

SequenceModelInfo read_sequence_metadata(const json& meta, const std::string& where) {
  const json s = field<json>(meta, "sequences", where);
  if (!s.is_object()) throw FileError(where + ": metadata field \"sequences\" is not a JSON object");
  SequenceModelInfo info;
  try {
    info.task = parse_enum<SequenceTask>(field<std::string>(s, "task", where));
  } catch (const ConfigError& e) {
    throw FileError(where + ": " + e.what());
  }
  info.features = config_json::to_column_names(s, "features", true, where);
  info.targets = config_json::to_column_names(s, "targets", true, where);
  if (info.features.empty() || info.targets.empty())
    throw FileError(where + ": a sequence model needs at least one feature and one target");
  info.horizon = config_json::to_horizon(s, 1, where);
  info.y_has_horizon = field_or<bool>(s, "y_has_horizon", info.horizon > 1, where);
  info.scaling.features = read_scalers(s, "feature_scalers", info.features.size(), where);
  info.scaling.targets = read_scalers(s, "target_scalers", info.targets.size(), where);
  const json means = field_or<json>(s, "target_means", json::array(), where);
  if (!means.is_array() || means.size() != std::size_t(info.horizon) * info.targets.size())
    throw FileError(where + ": \"target_means\" must list horizon x targets = " +
                    std::to_string(std::size_t(info.horizon) * info.targets.size()) + " numbers");
  for (const json& v : means) {
    if (!v.is_number() || !std::isfinite(v.get<double>()))
      throw FileError(where + ": \"target_means\" must hold finite numbers");
    info.target_means.push_back(v.get<double>());
  }
  const json lengths = field_or<json>(s, "lengths", json::object(), where);
  info.min_length = config_json::ranged_or<Index>(lengths, "min", 0, 0, limits::kMaxWindow, where);
  info.max_length = config_json::ranged_or<Index>(lengths, "max", 0, 0, limits::kMaxWindow, where);
  if (info.min_length > info.max_length) throw FileError(where + ": the training lengths have min > max");
  info.steps = field_or<Index>(s, "steps", info.max_length, where);
  info.sequences = field_or<std::size_t>(s, "count", 0, where);
  if (s.contains("split")) info.split = config_json::to_split(s, "split", where);
  info.shuffle_split = field_or<bool>(s, "shuffle_split", false, where);
  info.split_seed = field_or<std::uint64_t>(s, "split_seed", 0, where);
  const json x = field_or<json>(s, "x", json::object(), where), y = field_or<json>(s, "y", json::object(), where);
  info.x_sha256 = config_json::to_sha256(x, where);
  info.x_source = config_json::to_text(x, "source", where);
  info.y_sha256 = config_json::to_sha256(y, where);
  info.y_source = config_json::to_text(y, "source", where);
  return info;
}

}  // namespace rnnwb
