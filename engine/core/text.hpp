#pragma once
// User text in messages and on terminals. Column names, paths and metadata strings come from
// files anyone may have written: before they reach a terminal, a log or an error message they are
// made printable (control characters and bytes that are not UTF-8 escaped, so an ESC sequence
// cannot drive the terminal and a NUL cannot hide the rest of a name) and, in messages, shortened.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rnnwb {

// The offset of the first byte that does not start or continue a valid UTF-8 sequence
// (overlong forms, surrogates and code points past U+10FFFF included), or nothing when `text` is
// valid UTF-8.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);

// `text` with every control character (C0, DEL, C1) written as \n, \t, \r, \e or \xNN, every
// backslash doubled, and every byte that is not valid UTF-8 as \xNN; printable UTF-8 is kept.
std::string printable(std::string_view text);

// printable() that leaves backslashes as they are: for whole messages that already hold quote()d
// parts, as the last step before a terminal (idempotent, so nothing is escaped twice).
std::string terminal_safe(std::string_view text);

// printable(text) in double quotes, a double quote inside escaped; past `max_chars` characters it
// is cut and says how long it was: "abc…" (212 MB). For echoing user input in messages.
inline constexpr std::size_t kQuotedTextMax = 80;
std::string quote(std::string_view text, std::size_t max_chars = kQuotedTextMax);

// A tensor shape as NumPy prints it, "(3, 4)" and "(5,)"; and as a JSON list, "[3, 4]".
// The shortest text that reads back as exactly `v` ("2", "0.001", "1e-05"); "nan" / "inf" / "-inf".
std::string number_text(double v);
std::string numpy_shape_text(const std::vector<std::size_t>& shape);
std::string shape_list_text(const std::vector<std::size_t>& shape);

// Why `text` cannot be a name in rnnwb's files (empty string when it can): it must be valid
// UTF-8 without control characters. `what` names it in the answer ("column 3's name"); `fix`
// says what to do about text that is not UTF-8.
std::string name_problem(std::string_view text, const std::string& what,
                         const std::string& fix = "save the file as UTF-8");

}  // namespace rnnwb
