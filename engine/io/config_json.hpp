#pragma once
// JSON forms of the engine's configurations, shared by model files and session files. Readers
// throw FileError naming the source (`where`) and the field that is missing or wrong.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/data/transforms.hpp"
#include "engine/nn/init.hpp"
#include "engine/nn/layer_spec.hpp"
#include "engine/train/trainer.hpp"

namespace rnnwb::config_json {

using json = nlohmann::json;

// Metadata text from a file as JSON: nesting deeper than kMaxMetadataDepth (rnnwb writes 4) and
// invalid JSON are refused with a FileError naming `where` and `what` ("the rnnwb metadata").
inline constexpr int kMaxMetadataDepth = 32;
json parse_metadata(const std::string& text, const std::string& where, const std::string& what);

json from_layers(const std::vector<LayerSpec>& layers);
std::vector<LayerSpec> to_layers(const json& j, const std::string& where);

json from_transform(const ColumnTransform& t);
ColumnTransform to_transform(const json& j, const std::string& where);

json from_fit(const FitConfig& f, const InitOptions& init);
// Fields that are absent keep their defaults, so older files stay readable.
void to_fit(const json& j, FitConfig& f, InitOptions& init, const std::string& where);

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
    if (value.is_number_float() ||
        (value.is_number_unsigned() && !std::in_range<T>(value.get<std::uint64_t>())) ||
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

}  // namespace rnnwb::config_json
