#pragma once
// Text of C99 source: identifiers, literals and arrays that a strict compiler
// (-std=c99 -Wall -Wextra -pedantic -Werror) accepts and that reproduce the values exactly.
#include <string>
#include <string_view>
#include <vector>

namespace rnnwb::c_text {

// A valid C identifier from any file stem: characters other than [A-Za-z0-9_] become '_', and a
// stem that starts with a digit or '_' (reserved at file scope) gets the prefix "m".
std::string identifier(std::string_view stem);
std::string upper(std::string_view identifier);
// `text` with every "@p@" replaced by `prefix` and every "@P@" by `upper_prefix`: how the fixed
// C code is given the model's symbol prefixes.
std::string with_prefixes(std::string text, const std::string& prefix, const std::string& upper_prefix);

// Literals that read back as exactly the same value: float with 9 significant digits and an 'f'
// suffix, double with 17.
std::string float_literal(float v);
std::string double_literal(double v);
// A quoted string literal: printable ASCII as is, everything else (and '"', '\\', '?' so no
// trigraph forms, '*' so the text can also sit inside a comment) as a 3-digit octal escape.
std::string string_literal(std::string_view text);
// The names as string literals separated by ", " (an array's initialiser).
std::string string_literals(const std::vector<std::string>& names);

// Any text made safe inside a /* ... */ comment: printable (control characters and bytes that
// are not UTF-8 escaped, so no line ends inside it), with "*/", "/*" and "??" broken up so it can
// neither end the comment, nest one, nor form a trigraph.
std::string comment_text(std::string_view text);

// "static const float name[n] = {...};" with a few values per line; an empty array gets one
// zero so the declaration stays valid C.
std::string float_array(const std::string& name, const float* values, std::size_t n);
std::string double_array(const std::string& name, const std::vector<double>& values);
std::string int_array(const std::string& name, const std::vector<int>& values);

}  // namespace rnnwb::c_text
