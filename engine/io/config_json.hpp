#pragma once
// JSON forms of the engine's configurations, shared by model files and session files. Readers
// throw FileError naming the source (`where`) and the field that is missing or wrong.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/data/pipeline.hpp"
#include "engine/data/transforms.hpp"
#include "engine/nn/init.hpp"
#include "engine/nn/layer_spec.hpp"
#include "engine/train/trainer.hpp"

namespace rnnwb::config_json {

using json = nlohmann::json;

// Metadata text from a file as JSON: nesting deeper than kMaxMetadataDepth (rnnwb writes 4),
// invalid JSON and an object with a key twice (which reader's value would win?) are refused
// with a FileError naming `where` and `what` ("the rnnwb metadata").
inline constexpr int kMaxMetadataDepth = 32;
json parse_metadata(const std::string& text, const std::string& where, const std::string& what);

json from_layers(const std::vector<LayerSpec>& layers);
std::vector<LayerSpec> to_layers(const json& j, const std::string& where);

json from_transform(const ColumnTransform& t);
ColumnTransform to_transform(const json& j, const std::string& where);

json from_fit(const FitConfig& f, const InitOptions& init);
// Fields that are absent keep their defaults, so older files stay readable.
void to_fit(const json& j, FitConfig& f, InitOptions& init, const std::string& where);
// j[key] ("intervals"): coverage levels, each in (0, 1), ascending and distinct; `fallback` when
// absent (records written before intervals existed).
std::vector<double> to_interval_levels(const json& j, const std::vector<double>& fallback, const std::string& where,
                                       const char* key = "intervals");

// A loss history: [{"epoch", "train_loss", "val_loss", "lr", "seconds"}...], a loss that is not
// finite written as null; the reader takes parent["history"] (absent: empty).
json from_history(const std::vector<EpochStats>& history);
std::vector<EpochStats> to_history(const json& parent, const std::string& where);

// The fields that model files, checkpoints and sessions share, each validated in one place: a
// FileError naming `where` and the field says what is wrong with the value.
SplitFractions to_split(const json& parent, const char* key, const std::string& where);  // 3 fractions
int to_season(const json& parent, const std::string& where);                             // 0 .. kMaxSeason
Index to_window(const json& parent, const std::string& where);                           // 1 .. kMaxWindow
Index to_horizon(const json& parent, Index fallback, const std::string& where);          // 1 .. kMaxHorizon
// Column names: text that passes name_problem (UTF-8, no control characters), each once.
std::vector<std::string> to_column_names(const json& parent, const char* key, bool required, const std::string& where);
std::string to_time_column(const json& parent, const std::string& where);
std::string to_sha256(const json& parent, const std::string& where);  // "" or 64 hex digits
// "completed", "early_stopped", "cancelled", "diverged", "in_progress", "interrupted" or "" (unknown).
FitStatus to_fit_status(const json& parent, const std::string& where);
// Text shown to users (a data source): any UTF-8 without control characters, at most 4096 bytes.
std::string to_text(const json& parent, const char* key, const std::string& where);

[[noreturn]] void throw_missing(const char* key, const std::string& where);
[[noreturn]] void throw_wrong_type(const char* key, const std::string& where);
[[noreturn]] void throw_not_integer(const char* key, const json& value, const std::string& where);

// A required field of type T, or a FileError naming it. An integer field must hold a whole number
// that fits T (nlohmann's get<int> would otherwise convert 1e300 or 4294967297 with undefined or
// wrapping results).
template <class T>
T field(const json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key)) throw_missing(key, where);
  const json& value = j.at(key);
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    if (value.is_number_float() || (value.is_number_unsigned() && !std::in_range<T>(value.get<std::uint64_t>())) ||
        (value.is_number_integer() && !value.is_number_unsigned() && !std::in_range<T>(value.get<std::int64_t>())))
      throw_not_integer(key, value, where);
  }
  try {
    return value.get<T>();
  } catch (const json::exception&) {
    throw_wrong_type(key, where);
  }
}

// An optional field: fallback when absent or null.
template <class T>
T field_or(const json& j, const char* key, T fallback, const std::string& where) {
  return j.is_object() && j.contains(key) && !j.at(key).is_null() ? field<T>(j, key, where) : fallback;
}

[[noreturn]] void throw_out_of_range(const char* key, const std::string& value, const std::string& range,
                                     const std::string& where);

// A number field that must lie in [lo, hi] (and be finite): optional with a fallback.
template <class T>
T ranged_or(const json& j, const char* key, T fallback, T lo, T hi, const std::string& where) {
  const T v = field_or<T>(j, key, fallback, where);
  if (!(v >= lo && v <= hi))  // NaN fails too
    throw_out_of_range(key, json(v).dump(), "between " + json(lo).dump() + " and " + json(hi).dump(), where);
  return v;
}

}  // namespace rnnwb::config_json
