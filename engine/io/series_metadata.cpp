#include "engine/io/series_metadata.hpp"

#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"
#include "engine/io/config_json.hpp"

namespace rnnwb {

using json = nlohmann::json;

bool has_series_metadata(const Pipeline& p) {
  return !p.series_name.empty() || !p.series_ids.empty() || p.split_by != SplitBy::Time || p.per_series();
}

json series_metadata(const Pipeline& p) {
  json transforms = json::object();
  for (const auto& [id, map] : p.series_transforms) {
    json columns = json::object();
    for (const auto& [name, t] : map) columns[name] = config_json::from_transform(t);
    transforms[id] = columns;
  }
  return {{"column", p.series_name},
          {"columns", p.series_columns},
          {"split_by", to_string(p.split_by)},
          {"scale_per", to_string(p.scale_per)},
          {"ids", p.series_ids},
          {"rows", p.series_rows},
          {"transforms", transforms}};
}

namespace {

std::vector<std::string> read_names(const json& s, const char* key, const std::string& where) {
  std::vector<std::string> out;
  if (!s.contains(key)) return out;
  if (!s[key].is_array()) throw FileError(where + ": series." + key + " is not a list");
  for (const json& v : s[key]) {
    if (!v.is_string()) throw FileError(where + ": series." + key + " holds something that is not text");
    const std::string name = v.get<std::string>();
    if (const std::string problem = name_problem(name, "a series id"); !problem.empty())
      throw FileError(where + ": " + problem);
    out.push_back(name);
  }
  return out;
}

template <class E>
E read_enum(const json& s, const char* key, E fallback, const std::string& where) {
  if (!s.contains(key)) return fallback;
  if (!s[key].is_string()) throw FileError(where + ": series." + key + " is not text");
  try {
    return parse_enum<E>(s[key].get<std::string>());
  } catch (const EngineError& e) {
    throw FileError(where + ": series." + key + ": " + e.message.neutral());
  }
}

// Each id's transforms: one per feature and target, with the global transform's log and lag.
void read_series_transforms(const json& s, Pipeline& p, const std::string& where) {
  if (!s.contains("transforms") || !s["transforms"].is_object())
    throw FileError(where + ": a per-series model stores series.transforms, and this file has none");
  const json& all = s["transforms"];
  for (const std::string& id : p.series_ids) {
    if (!all.contains(id) || !all[id].is_object())
      throw FileError(where + ": no transforms stored for series " + quote(id));
    TransformMap map;
    for (const auto& [name, global] : p.transforms) {
      if (!all[id].contains(name))
        throw FileError(where + ": series " + quote(id) + " has no transform for column " + quote(name));
      const ColumnTransform t = config_json::to_transform(all[id][name], where);
      if (t.log != global.log || t.diff_lag != global.diff_lag)
        throw FileError(where + ": series " + quote(id) + " transforms column " + quote(name) +
                        " differently (log or differencing) from the model's settings");
      map[name] = t;
    }
    p.series_transforms[id] = std::move(map);
  }
  if (all.size() != p.series_ids.size())
    throw FileError(where + ": series.transforms holds " + std::to_string(all.size()) + " series but series.ids " +
                    std::to_string(p.series_ids.size()));
}

}  // namespace

void read_series_metadata(const json& meta, Pipeline& p, const std::string& where) {
  if (!meta.contains("series")) return;
  const json& s = meta["series"];
  if (!s.is_object()) throw FileError(where + ": \"series\" is not an object");
  if (s.contains("column")) {
    if (!s["column"].is_string()) throw FileError(where + ": series.column is not text");
    p.series_name = s["column"].get<std::string>();
    if (const std::string problem = name_problem(p.series_name, "the series column's name"); !problem.empty())
      throw FileError(where + ": " + problem);
  }
  p.series_columns = read_names(s, "columns", where);
  p.series_ids = read_names(s, "ids", where);
  if (s.contains("rows")) {
    const json& rows = s["rows"];
    if (!rows.is_array() || rows.size() != p.series_ids.size())
      throw FileError(where + ": series.rows must hold one row count per series id");
    for (const json& r : rows) {
      if (!r.is_number_unsigned()) throw FileError(where + ": series.rows holds something that is not a row count");
      p.series_rows.push_back(r.get<std::size_t>());
    }
  }
  p.split_by = read_enum(s, "split_by", SplitBy::Time, where);
  p.scale_per = read_enum(s, "scale_per", ScalePer::Global, where);
  if (p.per_series()) {
    if (p.series_ids.empty()) throw FileError(where + ": a per-series model lists no series ids");
    read_series_transforms(s, p, where);
  }
}

}  // namespace rnnwb
