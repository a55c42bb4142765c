#include "engine/core/enum_names.hpp"

#include "engine/core/text.hpp"

namespace rnnwb::enum_names_detail {

namespace {
std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }
}  // namespace

bool same_name(std::string_view text, std::string_view name) {
  text = trimmed(text);
  if (text.size() != name.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (lower(text[i]) != lower(name[i])) return false;
  return true;
}

std::string unknown(const char* what, std::string_view text, const std::string& accepted) {
  return "unknown " + std::string(what) + " " + quote(text) + "; use one of: " + accepted;
}

}  // namespace rnnwb::enum_names_detail
