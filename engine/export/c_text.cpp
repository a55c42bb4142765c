#include "engine/export/c_text.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <utility>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace rnnwb::c_text {

namespace {

// printf's %g text made a C floating literal: "1" and "-0" need a ".0" to not be integers.
std::string floating(double v, int digits) {
  if (!std::isfinite(v)) throw ConfigError("C export: the model holds a NaN or infinite value");
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

template <class Format>
std::string array(const std::string& type, const std::string& name, std::size_t n, Format format) {
  std::string out = "static const " + type + " " + name + "[" + std::to_string(n == 0 ? 1 : n) + "] = {";
  if (n == 0) return out + "0};\n";
  const std::size_t per_line = 6;  // a short array stays on one line
  for (std::size_t i = 0; i < n; ++i) {
    out += n <= per_line ? (i ? " " : "") : i % per_line == 0 ? "\n    " : " ";
    out += format(i);
    if (i + 1 < n) out += ",";
  }
  return out + (n <= per_line ? "};\n" : "\n};\n");
}

}  // namespace

std::string identifier(std::string_view stem) {
  std::string id;
  for (char c : stem) id += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
  if (id.empty()) return "model";
  if (std::isdigit(static_cast<unsigned char>(id[0])) || id[0] == '_') id = "m" + id;
  return id;
}

std::string upper(std::string_view identifier) {
  std::string s(identifier);
  for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string with_prefixes(std::string text, const std::string& prefix, const std::string& upper_prefix) {
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"@p@", prefix}, {"@P@", upper_prefix}})
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  return text;
}

std::string float_literal(float v) { return floating(double(v), 9) + "f"; }

std::string double_literal(double v) { return floating(v, 17); }

std::string string_literal(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?' && c != '*') {
      out += ch;
    } else {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\%03o", unsigned(c));
      out += esc;
    }
  }
  return out + "\"";
}

std::string comment_text(std::string_view text) {
  std::string out = printable(text);
  for (const char* pair : {"*/", "/*", "??"})
    for (std::size_t at = out.find(pair); at != std::string::npos; at = out.find(pair, at + 2)) out.insert(at + 1, " ");
  return out;
}

std::string float_array(const std::string& name, const float* values, std::size_t n) {
  return array("float", name, n, [&](std::size_t i) { return float_literal(values[i]); });
}

std::string double_array(const std::string& name, const std::vector<double>& values) {
  return array("double", name, values.size(), [&](std::size_t i) { return double_literal(values[i]); });
}

std::string int_array(const std::string& name, const std::vector<int>& values) {
  return array("int", name, values.size(), [&](std::size_t i) { return std::to_string(values[i]); });
}

std::string string_literals(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + string_literal(n);
  return out;
}

}  // namespace rnnwb::c_text
