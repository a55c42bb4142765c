#pragma once
// One to_string / parse mechanism for every enum the engine names in files, flags and menus. An
// enum lists its names once, in a table:
//   template <> struct EnumNames<Scaler> {
//     using Error = ConfigError;                 // what parse_enum throws
//     static constexpr const char* what = "scaler";
//     static constexpr EnumName<Scaler> names[] = {{Scaler::None, "none"}, ...};
//   };
// The first name of a value is the one written (to_string); any later one is an alias that parses
// (LayerKind::Dense also reads "linear"). The one rule for parsing: surrounding blanks are ignored
// and letters may be in any case; an unknown name throws Error listing the names it accepts.
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace rnnwb {

template <class E>
struct EnumName {
  E value;
  std::string_view name;
};

template <class E>
struct EnumNames;  // specialised next to each enum

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires {
  EnumNames<E>::names;
};

namespace enum_names_detail {
bool same_name(std::string_view text, std::string_view name);  // trimmed, case-insensitive
std::string unknown(const char* what, std::string_view text, const std::string& accepted);
}  // namespace enum_names_detail

template <NamedEnum E>
std::string to_string(E value) {
  for (const auto& n : EnumNames<E>::names)
    if (n.value == value) return std::string(n.name);
  return "?";
}

// The value named by `text` under the one rule, or nothing.
template <NamedEnum E>
std::optional<E> find_enum(std::string_view text) {
  for (const auto& n : EnumNames<E>::names)
    if (enum_names_detail::same_name(text, n.name)) return n.value;
  return std::nullopt;
}

// "a, b, c": the written name of each value, in table order.
template <NamedEnum E>
std::string enum_name_list() {
  std::string out;
  const auto& names = EnumNames<E>::names;
  for (std::size_t i = 0; i < std::size(names); ++i) {
    bool alias = false;
    for (std::size_t k = 0; k < i; ++k) alias = alias || names[k].value == names[i].value;
    if (!alias) out += (out.empty() ? "" : ", ") + std::string(names[i].name);
  }
  return out;
}

// find_enum, or EnumNames<E>::Error: unknown <what> "text"; use one of: a, b, c
template <NamedEnum E>
E parse_enum(std::string_view text) {
  if (const std::optional<E> v = find_enum<E>(text)) return *v;
  throw typename EnumNames<E>::Error(enum_names_detail::unknown(EnumNames<E>::what, text, enum_name_list<E>()));
}

}  // namespace rnnwb
