#include "engine/io/interval_metadata.hpp"

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/io/config_json.hpp"

namespace rnnwb {

using json = nlohmann::json;

namespace {

json widths_json(const std::vector<std::vector<double>>& widths) {
  json out = json::array();
  for (const auto& step : widths) {
    json row = json::array();
    for (double w : step) row.push_back(std::isfinite(w) ? json(w) : json(nullptr));
    out.push_back(row);
  }
  return out;
}

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw FileError(where + ": the stored prediction intervals are damaged: " + what +
                  " (retrain, or open the model without intervals by removing its \"intervals\" entry)");
}

// A [steps][targets] table of half widths >= 0 (null: unbounded); steps < 0 means any count.
std::vector<std::vector<double>> read_widths(const json& j, Index steps, Index targets, const char* name,
                                             const std::string& where) {
  if (!j.is_array() || (steps >= 0 && Index(j.size()) != steps))
    bad(where, std::string(name) + " must list " + (steps >= 0 ? std::to_string(steps) : "its") + " steps of " +
                   std::to_string(targets) + " widths");
  std::vector<std::vector<double>> out;
  for (const json& row : j) {
    if (!row.is_array() || Index(row.size()) != targets)
      bad(where, std::string(name) + " must hold " + std::to_string(targets) + " widths per step (one per target)");
    out.emplace_back();
    for (const json& v : row) {
      if (v.is_null()) {
        out.back().push_back(kUnboundedWidth);
        continue;
      }
      if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0)
        bad(where, std::string(name) + " holds " + v.dump() + ", not a width >= 0 (or null for unbounded)");
      out.back().push_back(v.get<double>());
    }
  }
  return out;
}

std::vector<std::size_t> read_counts(const json& j, std::size_t size, const char* name, const std::string& where) {
  if (!j.is_array() || j.size() != size)
    bad(where, std::string(name) + " must list " + std::to_string(size) + " counts");
  std::vector<std::size_t> out;
  for (const json& v : j) {
    if (!v.is_number_unsigned()) bad(where, std::string(name) + " holds " + v.dump() + ", not a count");
    out.push_back(v.get<std::size_t>());
  }
  return out;
}

}  // namespace

json interval_metadata(const PredictionIntervals& in) {
  json levels = json::array();
  for (const IntervalLevel& l : in.levels)
    levels.push_back(
        {{"coverage", l.coverage}, {"direct", widths_json(l.direct)}, {"closed_loop", widths_json(l.closed_loop)}});
  return {{"method", in.method},
          {"source", in.source},
          {"levels", levels},
          {"direct_counts", in.direct_counts},
          {"closed_loop_counts", in.closed_loop_counts}};
}

PredictionIntervals read_interval_metadata(const json& meta, Index horizon, Index targets, const std::string& where) {
  PredictionIntervals out;
  if (!meta.contains("intervals")) return out;
  const json& j = meta.at("intervals");
  if (!j.is_object()) bad(where, "\"intervals\" is not a JSON object");
  out.method = config_json::to_text(j, "method", where);
  out.source = config_json::to_text(j, "source", where);
  std::vector<double> coverages;
  json levels_only = {{"levels", json::array()}};
  const json levels = j.value("levels", json::array());
  if (!levels.is_array()) bad(where, "\"levels\" is not a list");
  for (const json& l : levels) {
    if (!l.is_object() || !l.contains("coverage")) bad(where, "a level has no coverage");
    levels_only["levels"].push_back(l["coverage"]);
  }
  coverages = config_json::to_interval_levels(levels_only, {}, where, "levels");
  const Index fan = levels.empty() ? 0 : Index(levels.front().value("closed_loop", json::array()).size());
  for (std::size_t i = 0; i < levels.size(); ++i)
    out.levels.push_back(
        {coverages[i], read_widths(levels[i].value("direct", json()), horizon, targets, "direct", where),
         read_widths(levels[i].value("closed_loop", json::array()), fan, targets, "closed_loop", where)});
  const json counts = j.value("direct_counts", json::array());
  if (!counts.is_array() || Index(counts.size()) != horizon) bad(where, "direct_counts must list the horizon's steps");
  for (const json& step : counts)
    out.direct_counts.push_back(read_counts(step, std::size_t(targets), "direct_counts", where));
  out.closed_loop_counts =
      read_counts(j.value("closed_loop_counts", json::array()), std::size_t(fan), "closed_loop_counts", where);
  return out;
}

}  // namespace rnnwb
