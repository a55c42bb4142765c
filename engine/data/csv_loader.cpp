#include "engine/data/csv_loader.hpp"

#include <fast_float/fast_float.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <new>
#include <system_error>
#include <unordered_map>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/data/missing.hpp"
#include "engine/data/panel.hpp"

namespace rnnwb {
namespace {

constexpr std::size_t kDetectRecords = 20;  // records looked at to detect the delimiter
constexpr std::size_t kSampleRecords = 50;  // records looked at to detect the header and the time column

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Cell text for a message: quoted, cut when long, control characters shown as spaces.
// User text in a message: escaped (a NUL or an ESC shows as such) and shortened (engine/core/text).
std::string quote_text(std::string_view s) { return quote(s); }

std::string delimiter_name(char d) {
  switch (d) {
    case ',':
      return "comma";
    case ';':
      return "semicolon";
    case '\t':
      return "tab";
    default:
      return std::string("'") + d + "'";
  }
}

bool is_missing_token(std::string_view f) {
  if (f.empty()) return true;
  if (f.size() > 4) return false;
  return iequals(f, "na") || iequals(f, "n/a") || iequals(f, "nan") || iequals(f, "null");
}

enum class NumberParse { Ok, NotNumber, NotFinite };

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// With ',' as the decimal mark, '.' may group thousands ("-1.234.567,5"): the digits without those
// points into `out`, or false when a point is anything else (1.5, 12.34,5, 1,2.5).
bool strip_thousands(std::string_view f, std::string& out) {
  const std::size_t mark = std::min(f.find(','), f.size());
  if (f.find('.', mark) != std::string_view::npos) return false;
  std::size_t i = (!f.empty() && f[0] == '-') ? 1 : 0;
  out.assign(f.substr(0, i));
  std::size_t group = 0;
  bool first = true;
  for (; i < mark; ++i) {
    if (f[i] == '.') {
      if (group == 0 || group > 3 || (!first && group != 3)) return false;
      first = false, group = 0;
      continue;
    }
    if (!is_digit(f[i])) return false;
    out += f[i], ++group;
  }
  if (!first && group != 3) return false;
  out.append(f.substr(mark));
  return true;
}

// A number with `decimal` as its decimal mark ('.' or ','), through fast_float.
NumberParse parse_number(std::string_view f, double& out, char decimal = '.') {
  std::string digits;
  if (decimal == ',' && f.find('.') != std::string_view::npos) {
    if (!strip_thousands(f, digits)) return NumberParse::NotNumber;
    f = digits;
  }
  const char* b = f.data();
  const char* e = b + f.size();
  if (b != e && *b == '+') {
    ++b;
    if (b != e && (*b == '+' || *b == '-')) return NumberParse::NotNumber;
  }
  if (b == e) return NumberParse::NotNumber;
  const auto r =
      fast_float::from_chars_advanced(b, e, out, fast_float::parse_options(fast_float::chars_format::general, decimal));
  if (r.ec != std::errc() || r.ptr != e) return NumberParse::NotNumber;
  if (!std::isfinite(out)) return NumberParse::NotFinite;
  return NumberParse::Ok;
}

bool is_number_or_missing(std::string_view f, char decimal = '.') {
  double v;
  return parse_number(f, v, decimal) == NumberParse::Ok || is_missing_token(f);
}

// A cell that reads as a number only with a decimal comma ("95,6", "1.234,5").
bool looks_like_decimal_comma(std::string_view f) {
  double v;
  return f.find(',') != std::string_view::npos && parse_number(f, v, ',') == NumberParse::Ok;
}

bool is_time_name(std::string_view name) {
  static constexpr std::array<std::string_view, 8> names = {"time", "date",   "datetime", "timestamp",
                                                            "year", "period", "month",    "day"};
  const std::string_view t = trim(name);
  for (const auto n : names)
    if (iequals(t, n)) return true;
  return false;
}

// Line breaks (LF, CRLF or a lone CR) in [b, e).
std::size_t count_breaks(const char* b, const char* e) {
  std::size_t n = 0;
  for (const char* p = b; p < e; ++p) {
    if (*p == '\n')
      ++n;
    else if (*p == '\r' && (p + 1 == e || p[1] != '\n'))
      ++n;
  }
  return n;
}

// Splits the text into records of fields in one pass. Fields are views into the text, except
// quoted fields with "" escapes, which are unescaped into a per-record scratch buffer.
class Tokenizer {
 public:
  Tokenizer(std::string_view text, char delim, const std::string& source)
      : text_(text), delim_(delim), source_(source) {}

  // Reads the next non-blank record. Returns false at the end of the text, or on a malformed
  // record, in which case error() says what is wrong.
  bool next() {
    const char* const begin = text_.data();
    const char* const end = begin + text_.size();
    const char d = delim_;
    while (pos_ < text_.size()) {
      record_line_ = line_;
      fields_.clear();
      scratch_.clear();
      fixups_.clear();
      bool any_quoted = false;
      const char* p = begin + pos_;
      for (;;) {
        while (p < end && (*p == ' ' || *p == '\t') && *p != d) ++p;
        if (p < end && *p == '"') {
          any_quoted = true;
          const std::size_t quote_line = line_;
          const char* s = ++p;
          bool escaped = false;
          for (;;) {
            const void* q = std::memchr(p, '"', std::size_t(end - p));
            if (q == nullptr) {
              error_ = source_ + " line " + std::to_string(quote_line) +
                       ": a quoted field opened on this line is never closed (add the closing \", "
                       "and write a quote inside a quoted field as \"\")";
              pos_ = text_.size();
              return false;
            }
            const char* qc = static_cast<const char*>(q);
            line_ += count_breaks(p, qc);
            p = qc + 1;
            if (p < end && *p == '"') {
              escaped = true;
              ++p;
              continue;
            }
            break;
          }
          const char* e = p - 1;  // the closing quote
          if (!escaped) {
            fields_.emplace_back(s, std::size_t(e - s));
          } else {
            const std::size_t off = scratch_.size();
            for (const char* c = s; c < e; ++c) {
              scratch_ += *c;
              if (*c == '"') ++c;  // "" -> "
            }
            fixups_.push_back({fields_.size(), off, scratch_.size() - off});
            fields_.emplace_back();
          }
          while (p < end && (*p == ' ' || *p == '\t') && *p != d) ++p;
          if (p < end && *p != d && *p != '\n' && *p != '\r') {
            error_ = source_ + " line " + std::to_string(line_) +
                     ": unexpected text after the closing quote of a field (quote the whole field, and "
                     "write a quote inside it as \"\")";
            pos_ = text_.size();
            return false;
          }
        } else {
          const char* s = p;
          while (p < end && *p != d && *p != '\n' && *p != '\r') ++p;
          const char* e = p;
          while (e > s && (e[-1] == ' ' || e[-1] == '\t') && e[-1] != d) --e;
          fields_.emplace_back(s, std::size_t(e - s));
        }
        if (p < end && *p == d) {
          ++p;
          continue;
        }
        if (p < end) {  // end of line
          if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
          ++p;
          ++line_;
        }
        break;
      }
      pos_ = std::size_t(p - begin);
      if (fields_.size() == 1 && !any_quoted && fields_[0].empty()) continue;  // blank line
      for (const auto& f : fixups_) fields_[f[0]] = std::string_view(scratch_.data() + f[1], f[2]);
      return true;
    }
    return false;
  }

  const std::vector<std::string_view>& fields() const { return fields_; }
  std::size_t record_line() const { return record_line_; }
  const std::string& error() const { return error_; }

 private:
  std::string_view text_;
  char delim_;
  const std::string& source_;
  std::size_t pos_ = 0, line_ = 1, record_line_ = 1;
  std::vector<std::string_view> fields_;
  std::string scratch_;
  std::vector<std::array<std::size_t, 3>> fixups_;  // field index, scratch offset, length
  std::string error_;
};

// Picks the delimiter among tab, semicolon and comma: one that gives the same field count > 1 on
// the first records; among several, the one leaving the fewest non-numeric cells outside the first
// row and column (a semicolon file with decimal commas is also "consistent" with commas), ties
// going to tab, then semicolon, then comma.
char detect_delimiter(std::string_view text, const std::string& source) {
  constexpr std::array<char, 3> candidates = {'\t', ';', ','};
  char best = 0;
  std::size_t best_score = std::numeric_limits<std::size_t>::max();
  char widest = ',';
  std::size_t widest_count = 1;
  for (const char d : candidates) {
    Tokenizer tok(text, d, source);
    std::size_t records = 0, count = 0, score = 0;
    bool consistent = true;
    while (records < kDetectRecords && tok.next()) {
      const auto& f = tok.fields();
      if (records == 0) {
        count = f.size();
        if (count > widest_count) widest = d, widest_count = count;
      } else {
        if (f.size() != count) consistent = false;
        for (std::size_t j = 1; j < f.size(); ++j)
          if (!is_number_or_missing(f[j]) && !(d != ',' && looks_like_decimal_comma(f[j]))) ++score;
      }
      ++records;
    }
    if (!tok.error().empty() || records == 0 || count < 2 || !consistent) continue;
    if (score < best_score) best = d, best_score = score;
  }
  return best != 0 ? best : widest;
}

void check_options(const CsvOptions& options) {
  if (options.delimiter == '"' || options.delimiter == '\n' || options.delimiter == '\r' || options.delimiter == ' ')
    throw DataError("the delimiter cannot be a quote, a space or a line break; use ',', ';' or tab");
  if (options.header < -1 || options.header > 1)
    throw DataError("header must be -1 (detect), 0 (no header) or 1 (header), not " + std::to_string(options.header));
  if (options.no_time_column && !trim(options.time_column).empty())
    throw DataError("a time column is named (" + quote_text(options.time_column) +
                    ") and no time column is asked for; choose one or the other");
  if (options.decimal != 0 && options.decimal != '.' && options.decimal != ',')
    throw DataError(Message("the decimal mark must be '.' or ','")
                    << Hint::where(Setting::Decimal, {"point", "comma"}));
  if (options.decimal != 0 && options.decimal == options.delimiter)
    throw DataError("the decimal mark and the delimiter are both '" + std::string(1, options.decimal) +
                    "'; choose another delimiter or decimal mark");
}

using Records = std::vector<std::vector<std::string>>;

// The first records, which decide the header and the time column; `lines` gets their file lines.
Records read_sample(std::string_view text, char delim, const std::string& src, std::vector<std::size_t>& lines) {
  Records sample;
  Tokenizer tok(text, delim, src);
  while (sample.size() < kSampleRecords && tok.next()) {
    sample.emplace_back(tok.fields().begin(), tok.fields().end());
    lines.push_back(tok.record_line());
  }
  if (!tok.error().empty()) throw DataError(tok.error());
  if (sample.empty())
    throw DataError(src + " is empty: there is no row to read (a CSV file needs a header line and data rows)");
  const std::size_t ncols = sample[0].size();
  if (ncols > kCsvMaxColumns)
    throw DataError(src + " line 1 has " + std::to_string(ncols) + " columns, more than the limit of " +
                    std::to_string(kCsvMaxColumns) + "; is the delimiter right? (found " + delimiter_name(delim) + ")");
  return sample;
}

[[noreturn]] void column_not_found(const Records& sample, const CsvOptions& options, std::string_view want,
                                   const char* what, const std::string& src) {
  std::string cols;
  const std::size_t ncols = sample[0].size();
  for (std::size_t j = 0; j < ncols && j < 40; ++j) cols += (j ? ", " : "") + quote_text(sample[0][j]);
  if (ncols > 40) cols += ", ...";
  throw DataError(std::string(what) + " " + quote_text(want) + " not found in " + src +
                  (options.header != 0 ? "; the first line has: " + cols : std::string()) +
                  " (give the name exactly as in the header, or the column's number from 1)");
}

// The column `want` names: by name (in the first row, which then is the header) or by 1-based
// number; -1 when `want` is empty (the time column is then detected later).
long named_column(const Records& sample, const CsvOptions& options, std::string_view want, const char* what,
                  const std::string& src, bool& header_by_name) {
  want = trim(want);
  if (want.empty()) return -1;
  const std::size_t ncols = sample[0].size();
  if (options.header != 0)
    for (std::size_t j = 0; j < ncols; ++j)
      if (sample[0][j] == want) {
        header_by_name = true;
        return long(j);
      }
  if (want.size() <= 9 && std::all_of(want.begin(), want.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const std::size_t n = std::stoul(std::string(want));
    if (n < 1 || n > ncols)
      throw DataError(std::string(what) + " " + std::string(want) + " does not exist: " + src + " has " +
                      count_of(ncols, "column") + " (number them from 1)");
    return long(n - 1);
  }
  column_not_found(sample, options, want, what, src);
}

// Which columns hold numbers in the data rows of the sample: those where numbers are at least as
// many as text cells (one stray bad cell must not hide the header; it is reported later). With
// one row only, its first cell decides for column 1, and `single_text` tells whether that row is
// a single column of text (a header without data).
std::vector<char> numeric_columns(const Records& sample, std::size_t first_data, char decimal, bool& single_text) {
  const std::size_t ncols = sample[0].size();
  std::vector<char> numeric(ncols, 1);
  std::vector<std::size_t> numbers(ncols, 0), texts(ncols, 0);
  double v;
  for (std::size_t r = first_data; r < sample.size(); ++r)
    for (std::size_t j = 0; j < ncols && j < sample[r].size(); ++j) {
      if (parse_number(sample[r][j], v, decimal) == NumberParse::Ok)
        ++numbers[j];
      else if (!is_missing_token(sample[r][j]))
        ++texts[j];
    }
  for (std::size_t j = 0; j < ncols; ++j) numeric[j] = numbers[j] >= texts[j] ? 1 : 0;
  single_text = false;
  if (sample.size() <= first_data && ncols > 0) {
    numeric[0] = is_number_or_missing(sample[0][0], decimal) ? 1 : 0;
    single_text = ncols == 1 && !numeric[0];
  }
  return numeric;
}

// Whether the first row is a header: asked for, implied by a time column named in it, or (when
// detecting) text above a numeric column other than the time column.
bool detect_header(const Records& sample, const CsvOptions& options, bool header_by_name, bool single_text,
                   const std::vector<char>& numeric, long time_idx, char decimal) {
  if (options.header == 1 || header_by_name || (options.header == -1 && single_text)) return true;
  if (options.header != -1) return false;
  for (std::size_t j = 0; j < sample[0].size(); ++j)
    if (long(j) != time_idx && numeric[j] && !is_number_or_missing(sample[0][j], decimal)) return true;
  return false;
}

// The header's names, each present and unique, or col1..colN without a header.
std::vector<std::string> column_names(const Records& sample, bool has_header, const std::string& src) {
  const std::size_t ncols = sample[0].size();
  std::vector<std::string> names(ncols);
  if (!has_header) {
    for (std::size_t j = 0; j < ncols; ++j) names[j] = "col" + std::to_string(j + 1);
    return names;
  }
  std::unordered_map<std::string_view, std::size_t> seen;
  for (std::size_t j = 0; j < ncols; ++j) {
    if (sample[0][j].empty())
      throw DataError(src + " line 1: column " + std::to_string(j + 1) +
                      " of the header has no name; give every column a name (or, for a file "
                      "without a header line, set header to 0)");
    const auto [it, fresh] = seen.emplace(sample[0][j], j);
    if (!fresh)
      throw DataError(src + " line 1: columns " + std::to_string(it->second + 1) + " and " + std::to_string(j + 1) +
                      " are both named " + quote_text(sample[0][j]) +
                      "; rename one of them in the header so that every column name is unique");
    names[j] = sample[0][j];
  }
  return names;
}

// How the file's columns map onto the table: the time column, the numeric ones and their names.
struct CsvLayout {
  char delim = ',';
  char decimal = '.';
  std::size_t ncols = 0;
  long time_idx = -1;
  long series_idx = -1;  // the long form's series column
  bool has_header = false;
  std::vector<char> numeric;           // per file column: numbers in the sample
  std::vector<std::string> names;      // per file column
  std::vector<long> target;            // per file column: its numeric column, -1 time, kSeriesCell series id
  std::vector<IgnoredColumn> ignored;  // columns left out, in file order
  std::vector<char> ignore;            // per file column: left out
  std::size_t first_line = 1;          // the file line of the first record
  IgnoredColumn comma_cell;            // read with '.': the first cell that reads with a decimal comma
};
constexpr long kSeriesCell = -2;
constexpr long kIgnoredCell = -3;

// The decimal mark: the one asked for, else ',' when a ';' or tab file's numbers read better with it.
char detect_decimal(const Records& sample, char delim, char asked) {
  if (asked != 0) return asked;
  if (delim == ',') return '.';
  std::size_t comma = 0, point_only = 0;
  double v;
  for (std::size_t r = 1; r < sample.size(); ++r)
    for (const auto& cell : sample[r]) {
      if (looks_like_decimal_comma(cell))
        ++comma;
      else if (cell.find('.') != std::string::npos && parse_number(cell, v) == NumberParse::Ok &&
               parse_number(cell, v, ',') != NumberParse::Ok)
        ++point_only;
    }
  return comma > point_only ? ',' : '.';
}

// The columns asked to be left out, each a name of the header or a 1-based number.
void ignore_asked(const Records& sample, const CsvOptions& options, const std::string& src, CsvLayout& layout,
                  bool& header_by_name) {
  layout.ignore.assign(layout.ncols, 0);
  for (const auto& want : options.ignore_columns) {
    const long j = named_column(sample, options, want, "column to ignore", src, header_by_name);
    if (j < 0) continue;
    if (j == layout.time_idx)
      throw DataError("the time column " + quote_text(want) + " cannot also be ignored; choose one or the other");
    if (j == layout.series_idx)
      throw DataError("the series column " + quote_text(want) + " cannot also be ignored; choose one or the other");
    layout.ignore[std::size_t(j)] = 1;
  }
}

// With ignore_text_columns: the columns other than the time and series ones that hold text in the
// sample, each with its first text cell.
void ignore_text(const Records& sample, const std::vector<std::size_t>& lines, CsvLayout& layout) {
  const std::size_t first_data = layout.has_header ? 1 : 0;
  for (std::size_t j = 0; j < layout.ncols; ++j) {
    if (layout.numeric[j] || layout.ignore[j] || long(j) == layout.time_idx || long(j) == layout.series_idx) continue;
    layout.ignore[j] = 2;
    IgnoredColumn found{"", lines[std::min(first_data, lines.size() - 1)], ""};
    for (std::size_t r = first_data; r < sample.size(); ++r)
      if (j < sample[r].size() && !is_number_or_missing(sample[r][j], layout.decimal)) {
        found = {"", lines[r], sample[r][j]};
        break;
      }
    layout.ignored.push_back(std::move(found));
  }
}

// The ignored columns in file order, named.
void name_ignored(CsvLayout& layout) {
  std::vector<IgnoredColumn> text = std::move(layout.ignored);
  layout.ignored.clear();
  std::size_t k = 0;
  for (std::size_t j = 0; j < layout.ncols; ++j) {
    if (!layout.ignore[j]) continue;
    IgnoredColumn c = layout.ignore[j] == 2 && k < text.size() ? text[k++] : IgnoredColumn{};
    c.name = layout.names[j];
    layout.ignored.push_back(std::move(c));
  }
}

// The detected time column: the first column (after a leading series column, not an ignored one)
// when it holds text or has a time name.
void detect_time_column(const Records& sample, const CsvOptions& options, CsvLayout& layout) {
  if (!options.time_column.empty() || options.no_time_column) return;
  std::size_t first = 0;
  while (first < layout.ncols && (long(first) == layout.series_idx || layout.ignore[first])) ++first;
  if (first >= layout.ncols) return;
  if (!layout.numeric[first] || (layout.has_header && is_time_name(sample[0][first]))) layout.time_idx = long(first);
}

CsvLayout detect_layout(std::string_view text, const CsvOptions& options, const std::string& src) {
  CsvLayout layout;
  layout.delim = options.delimiter ? options.delimiter : detect_delimiter(text, src);
  std::vector<std::size_t> lines;
  const Records sample = read_sample(text, layout.delim, src, lines);
  layout.first_line = lines[0];
  layout.ncols = sample[0].size();
  layout.decimal = detect_decimal(sample, layout.delim, options.decimal);
  for (std::size_t r = 1; r < sample.size() && layout.decimal == '.' && layout.comma_cell.line == 0; ++r)
    for (const auto& cell : sample[r])
      if (looks_like_decimal_comma(cell)) {
        layout.comma_cell = {"", lines[r], cell};
        break;
      }
  bool header_by_name = false, single_text = false;
  layout.time_idx = named_column(sample, options, options.time_column, "time column", src, header_by_name);
  layout.series_idx = named_column(sample, options, options.series_column, "series column", src, header_by_name);
  if (layout.series_idx >= 0 && layout.series_idx == layout.time_idx)
    throw DataError("the series column and the time column are the same column of " + src + "; choose two columns");
  ignore_asked(sample, options, src, layout, header_by_name);
  const std::size_t first_data = options.header == 0 ? 0 : 1;
  layout.numeric = numeric_columns(sample, first_data, layout.decimal, single_text);
  layout.has_header =
      detect_header(sample, options, header_by_name, single_text, layout.numeric, layout.time_idx, layout.decimal);
  if (layout.has_header && sample.size() == 1) throw DataError(src + " has a header line but no data rows");
  detect_time_column(sample, options, layout);
  if (options.ignore_text_columns) ignore_text(sample, lines, layout);
  layout.names = column_names(sample, layout.has_header, src);
  name_ignored(layout);
  return layout;
}

// A file whose columns are all time, series or left out: what was found (text that reads as
// numbers with a decimal comma, say), and what to check.
DataError no_numeric_column(const CsvLayout& layout, const std::string& time_name, const std::string& src) {
  Message m =
      src + " has no numeric column" +
      (layout.time_idx >= 0 ? " besides the time column " + quote_text(time_name) : std::string()) +
      (layout.ignored.empty() ? std::string() : " and the " + count_of(layout.ignored.size(), "column") + " left out") +
      "; the workbench needs at least one column of numbers" +
      (layout.ncols == 1 ? " (is the delimiter right? found " + delimiter_name(layout.delim) + ")" : "");
  if (layout.comma_cell.line > 0)
    m << "; " + quote_text(layout.comma_cell.text) + " on line " + std::to_string(layout.comma_cell.line) +
             " looks like a number with a decimal comma: "
      << Hint::use(Setting::Decimal, {"comma"});
  return DataError(m);
}

// An empty table with the layout's columns, its rows reserved.
CsvTable make_table(std::string_view text, CsvLayout& layout, const std::string& src) {
  CsvTable table;
  table.delimiter = layout.delim;
  table.has_header = layout.has_header;
  table.source = src;
  table.decimal = layout.decimal;
  table.columns = layout.names;
  table.ignored = layout.ignored;
  Series& s = table.series;
  layout.target.assign(layout.ncols, -1);
  for (std::size_t j = 0; j < layout.ncols; ++j) {
    if (layout.ignore[j]) {
      layout.target[j] = kIgnoredCell;
      continue;
    }
    if (long(j) == layout.time_idx) {
      s.time_name = layout.names[j];
      continue;
    }
    if (long(j) == layout.series_idx) {
      layout.target[j] = kSeriesCell;
      continue;
    }
    layout.target[j] = long(s.names.size());
    s.names.push_back(layout.names[j]);
  }
  if (s.names.empty()) throw no_numeric_column(layout, s.time_name, src);
  s.columns.resize(s.names.size());

  // Reserve: at most one row per line, and a row takes at least one byte per column.
  const std::size_t lines = std::size_t(std::count(text.begin(), text.end(), '\n')) + 1;
  const std::size_t estimate = std::min(lines, text.size() / std::max<std::size_t>(layout.ncols, 1) + 1);
  for (auto& c : s.columns) c.reserve(estimate);
  if (layout.time_idx >= 0) s.time_labels.reserve(estimate);
  table.row_lines.reserve(estimate);
  return table;
}

// Why a cell that is not a number cannot be read: what it looks like, and the setting that helps.
Message not_a_number(std::string_view cell, std::size_t line, std::size_t j, const CsvLayout& layout) {
  const std::string& name = layout.names[j];
  if (layout.decimal == '.' && looks_like_decimal_comma(cell))
    return Message(" looks like a number with a decimal comma, but the file is read with '.' as the decimal mark: ")
           << Hint::use(Setting::Decimal, {"comma"});
  if (line == layout.first_line && !layout.has_header)
    return Message(" is not a number; line " + std::to_string(line) +
                   " looks like a header, but no column under it reads as numbers with the " +
                   delimiter_name(layout.delim) + " delimiter and '" + std::string(1, layout.decimal) +
                   "' as the decimal mark; check the delimiter and the decimal mark")
           << Hint::where(Setting::Decimal);
  if (!layout.numeric[j] && cell.find_first_of(",;\t") == std::string_view::npos)
    return Message(" is not a number, and only the time column may hold text: ")
           << Hint::use(Setting::IgnoreColumns, {name}) << " to leave this column out, or "
           << Hint::use(Setting::TimeColumn, {name}) << " to make it the time column";
  return Message(" is not a number (check the delimiter or the decimal separator; the file is read with the " +
                 delimiter_name(layout.delim) + " delimiter and '" + std::string(1, layout.decimal) +
                 "' as the decimal mark)");
}

// One numeric cell: its number, NaN when missing, or a DataError saying why it is neither.
double parse_cell(std::string_view cell, std::size_t line, std::size_t j, const CsvLayout& layout,
                  const std::string& src) {
  double v;
  const NumberParse p = parse_number(cell, v, layout.decimal);
  if (p == NumberParse::Ok) return v;
  if (is_missing_token(cell)) return std::numeric_limits<double>::quiet_NaN();
  Message msg =
      src + " line " + std::to_string(line) + ", column " + quote_text(layout.names[j]) + ": " + quote_text(cell);
  if (p == NumberParse::NotFinite)
    msg << " is not a finite number (leave the cell empty or write NA for a missing value)";
  else
    msg << not_a_number(cell, line, j, layout);
  throw DataError(msg);
}

// Every data record into the table's columns, time labels and series ids (`ids`, first pass).
// With `place` (the second pass of a file whose series are interleaved), the vectors are already
// sized and data row r goes straight to row place[r], its row once grouped by series.
void read_rows(std::string_view text, const CsvLayout& layout, CsvTable& table, SeriesLabels* ids,
               const std::vector<std::size_t>* place = nullptr) {
  const std::string& src = table.source;
  Series& s = table.series;
  const std::string header_word = layout.has_header ? "the header has " : "the first row has ";
  Tokenizer tok(text, layout.delim, src);
  bool skip = layout.has_header;
  std::size_t row = 0;
  while (tok.next()) {
    if (skip) {
      skip = false;
      continue;
    }
    const auto& f = tok.fields();
    const std::size_t line = tok.record_line();
    if (f.size() != layout.ncols)
      throw DataError(src + " line " + std::to_string(line) + ": " + count_of(f.size(), "field") + ", but " +
                      header_word + std::to_string(layout.ncols) + " (a missing or extra " +
                      delimiter_name(layout.delim) + "? quote fields that contain the delimiter)");
    const std::size_t at = place ? (*place)[row] : 0;
    for (std::size_t j = 0; j < layout.ncols; ++j) {
      const long t = layout.target[j];
      if (t == kIgnoredCell) continue;
      if (t == kSeriesCell) {
        if (place) continue;
        if (trim(f[j]).empty())
          throw DataError(src + " line " + std::to_string(line) + ": the series column " + quote_text(layout.names[j]) +
                          " is empty; every row needs the id of its series");
        ids->add(trim(f[j]));
      } else if (t < 0) {
        if (place)
          s.time_labels[at] = f[j];
        else
          s.time_labels.emplace_back(f[j]);
      } else {
        const double v = parse_cell(f[j], line, j, layout, src);
        if (place)
          s.columns[std::size_t(t)][at] = v;
        else
          s.columns[std::size_t(t)].push_back(v);
      }
    }
    if (place)
      table.row_lines[at] = line;
    else
      table.row_lines.push_back(line);
    ++row;
  }
  if (!tok.error().empty()) throw DataError(tok.error());
  if (table.row_lines.empty()) throw DataError(src + " has a header line but no data rows");
}

// A file whose series are interleaved is read a second time, each row straight to its place:
// cheaper than moving millions of time labels about afterwards, and with no second copy of them.
void place_rows_by_series(std::string_view text, const CsvLayout& layout, CsvTable& table, SeriesLabels& ids) {
  const std::vector<std::size_t> place = grouped_places(ids);
  if (place.empty()) return;  // grouped already
  Series& s = table.series;
  const std::size_t n = place.size();
  auto fresh = [n](auto& v) {  // the first pass's memory back before the second's is taken
    v = {};
    v.resize(n);
  };
  for (auto& c : s.columns) fresh(c);
  if (!s.time_labels.empty()) fresh(s.time_labels);
  fresh(table.row_lines);
  read_rows(text, layout, table, nullptr, &place);
  ids.set_grouped();
}

}  // namespace

MissingPolicy parse_missing_policy(std::string_view name) { return parse_enum<MissingPolicy>(name); }

std::string ignored_reason(const IgnoredColumn& column) {
  if (column.line == 0) return "asked";
  return "text found at line " + std::to_string(column.line) + ": " + quote(column.text);
}

CsvTable parse_csv(std::string_view text, const CsvOptions& options, std::string_view source) {
  const std::string src(source);
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  check_options(options);
  CsvLayout layout = detect_layout(text, options, src);
  CsvTable table = make_table(text, layout, src);
  SeriesLabels ids;
  read_rows(text, layout, table, &ids);
  if (layout.series_idx >= 0) {
    place_rows_by_series(text, layout, table, ids);
    group_rows_by_series(table, std::move(ids), layout.names[std::size_t(layout.series_idx)]);
  } else {
    recount_missing(table);
  }
  return table;
}
CsvTable load_csv(const std::string& path, const CsvOptions& options) {
  // Through read_file, the one reader: a FIFO or a device is refused at once, never read.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && std::uintmax_t(st.st_size) > kCsvMaxFileBytes)
    throw DataError("cannot read " + path + ": it is larger than the limit of " +
                    std::to_string(kCsvMaxFileBytes >> 30) + " GiB for a CSV file; split it, or keep only the " +
                    "columns and rows you need");
  std::string data;
  try {
    data = read_file(path, kCsvMaxFileBytes);
  } catch (const FileError& e) {
    throw DataError(e.message);
  } catch (const std::bad_alloc&) {
    throw DataError("cannot read " + path + ": the file is too large to load into memory");
  }
  return parse_csv(data, options, path);
}

}  // namespace rnnwb
