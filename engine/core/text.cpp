#include "engine/core/text.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace rnnwb {

namespace {

// The length of the valid UTF-8 sequence starting at text[i], or 0 when it is not one.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n;
  std::uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, cp = c & 0x07;
  else
    return 0;
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

std::string hex_escape(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02X", unsigned(c));
  return buf;
}

// Appends the escaped form of the character at text[i] and returns its length in bytes.
std::size_t append_printable(std::string& out, std::string_view text, std::size_t i, bool escape_quote,
                             bool escape_backslash = true) {
  const auto c = static_cast<unsigned char>(text[i]);
  const std::size_t n = utf8_length(text, i);
  if (n == 0) {
    out += hex_escape(c);
    return 1;
  }
  if (n == 1) {
    switch (c) {
      case '\n':
        out += "\\n";
        return 1;
      case '\t':
        out += "\\t";
        return 1;
      case '\r':
        out += "\\r";
        return 1;
      case 0x1B:
        out += "\\e";
        return 1;
      case '\\':
        out += escape_backslash ? "\\\\" : "\\";
        return 1;
      case '"':
        out += escape_quote ? "\\\"" : "\"";
        return 1;
      default:
        if (c < 0x20 || c == 0x7F)
          out += hex_escape(c);
        else
          out += char(c);
        return 1;
    }
  }
  // C1 controls (U+0080..U+009F, two bytes C2 80..C2 9F) act on terminals too.
  if (n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
    out += "\\u00" + hex_escape(static_cast<unsigned char>(text[i + 1])).substr(2);
    return 2;
  }
  out.append(text.substr(i, n));
  return n;
}

}  // namespace

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) i += append_printable(out, text, i, false);
  return out;
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) i += append_printable(out, text, i, false, false);
  return out;
}

std::string quote(std::string_view text, std::size_t max_chars) {
  std::string out = "\"";
  std::size_t i = 0, chars = 0;
  while (i < text.size() && chars < max_chars) {
    i += append_printable(out, text, i, true);
    ++chars;
  }
  out += "\"";
  if (i < text.size()) {
    const double bytes = double(text.size());
    char size[48];
    if (bytes >= 1e6)
      std::snprintf(size, sizeof size, "%.0f MB", bytes / 1e6);
    else if (bytes >= 1e4)
      std::snprintf(size, sizeof size, "%.0f kB", bytes / 1e3);
    else
      std::snprintf(size, sizeof size, "%.0f bytes", bytes);
    out.insert(out.size() - 1, "\xE2\x80\xA6");  // an ellipsis inside the quotes
    out += std::string(" (") + size + " in all)";
  }
  return out;
}

std::string name_problem(std::string_view text, const std::string& what, const std::string& fix) {
  if (const auto at = invalid_utf8_at(text))
    return what + " " + quote(text) + " is not valid UTF-8 text (byte " + std::to_string(*at + 1) + "): " + fix;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0;  // U+0080..9F
    if (c < 0x20 || c == 0x7F || c1)
      return what + " " + quote(text) + " holds a control character (" +
             (c1 ? "U+00" + hex_escape(static_cast<unsigned char>(text[i + 1])).substr(2)
                 : "byte 0x" + hex_escape(c).substr(2)) +
             "): names must be plain text";
  }
  return {};
}

namespace {
std::string joined_dims(const std::vector<std::size_t>& shape) {
  std::string s;
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s;
}
}  // namespace

std::string numpy_shape_text(const std::vector<std::size_t>& shape) {
  return "(" + joined_dims(shape) + (shape.size() == 1 ? ",)" : ")");
}

std::string shape_list_text(const std::vector<std::size_t>& shape) { return "[" + joined_dims(shape) + "]"; }

std::string number_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char text[32];
  for (int digits = 1; digits <= 17; ++digits) {  // the fewest digits that read back exactly
    std::snprintf(text, sizeof text, "%.*g", digits, v);
    if (std::strtod(text, nullptr) == v) break;
  }
  return text;
}

}  // namespace rnnwb
