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

NumberParse parse_number(std::string_view f, double& out) {
  const char* b = f.data();
  const char* e = b + f.size();
  if (b != e && *b == '+') {
    ++b;
    if (b != e && (*b == '+' || *b == '-')) return NumberParse::NotNumber;
  }
  if (b == e) return NumberParse::NotNumber;
  const auto r = fast_float::from_chars(b, e, out);
  if (r.ec != std::errc() || r.ptr != e) return NumberParse::NotNumber;
  if (!std::isfinite(out)) return NumberParse::NotFinite;
  return NumberParse::Ok;
}

bool is_number_or_missing(std::string_view f) {
  double v;
  return parse_number(f, v) == NumberParse::Ok || is_missing_token(f);
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
          if (!is_number_or_missing(f[j])) ++score;
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
}

using Records = std::vector<std::vector<std::string>>;

// The first records, which decide the header and the time column.
Records read_sample(std::string_view text, char delim, const std::string& src) {
  Records sample;
  Tokenizer tok(text, delim, src);
  while (sample.size() < kSampleRecords && tok.next()) sample.emplace_back(tok.fields().begin(), tok.fields().end());
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
std::vector<char> numeric_columns(const Records& sample, std::size_t first_data, bool& single_text) {
  const std::size_t ncols = sample[0].size();
  std::vector<char> numeric(ncols, 1);
  std::vector<std::size_t> numbers(ncols, 0), texts(ncols, 0);
  double v;
  for (std::size_t r = first_data; r < sample.size(); ++r)
    for (std::size_t j = 0; j < ncols && j < sample[r].size(); ++j) {
      if (parse_number(sample[r][j], v) == NumberParse::Ok)
        ++numbers[j];
      else if (!is_missing_token(sample[r][j]))
        ++texts[j];
    }
  for (std::size_t j = 0; j < ncols; ++j) numeric[j] = numbers[j] >= texts[j] ? 1 : 0;
  single_text = false;
  if (sample.size() <= first_data && ncols > 0) {
    numeric[0] = is_number_or_missing(sample[0][0]) ? 1 : 0;
    single_text = ncols == 1 && !numeric[0];
  }
  return numeric;
}

// Whether the first row is a header: asked for, implied by a time column named in it, or (when
// detecting) text above a numeric column other than the time column.
bool detect_header(const Records& sample, const CsvOptions& options, bool header_by_name, bool single_text,
                   const std::vector<char>& numeric, long time_idx) {
  if (options.header == 1 || header_by_name || (options.header == -1 && single_text)) return true;
  if (options.header != -1) return false;
  for (std::size_t j = 0; j < sample[0].size(); ++j)
    if (long(j) != time_idx && numeric[j] && !is_number_or_missing(sample[0][j])) return true;
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
  std::size_t ncols = 0;
  long time_idx = -1;
  long series_idx = -1;  // the long form's series column
  bool has_header = false;
  std::vector<char> numeric;       // per file column: numbers in the sample
  std::vector<std::string> names;  // per file column
  std::vector<long> target;        // per file column: its numeric column, -1 time, kSeriesCell series id
};
constexpr long kSeriesCell = -2;

CsvLayout detect_layout(std::string_view text, const CsvOptions& options, const std::string& src) {
  CsvLayout layout;
  layout.delim = options.delimiter ? options.delimiter : detect_delimiter(text, src);
  const Records sample = read_sample(text, layout.delim, src);
  layout.ncols = sample[0].size();
  bool header_by_name = false, single_text = false;
  layout.time_idx = named_column(sample, options, options.time_column, "time column", src, header_by_name);
  layout.series_idx = named_column(sample, options, options.series_column, "series column", src, header_by_name);
  if (layout.series_idx >= 0 && layout.series_idx == layout.time_idx)
    throw DataError("the series column and the time column are the same column of " + src + "; choose two columns");
  const std::size_t first_data = options.header == 0 ? 0 : 1;
  layout.numeric = numeric_columns(sample, first_data, single_text);
  layout.has_header = detect_header(sample, options, header_by_name, single_text, layout.numeric, layout.time_idx);
  if (layout.has_header && sample.size() == 1) throw DataError(src + " has a header line but no data rows");
  // Detected: the first column (after a leading series column) when it holds text or has a time name.
  const std::size_t first = layout.series_idx == 0 ? 1 : 0;
  if (options.time_column.empty() && layout.ncols > first) {
    if (!layout.numeric[first] || (layout.has_header && is_time_name(sample[0][first]))) layout.time_idx = long(first);
  }
  layout.names = column_names(sample, layout.has_header, src);
  return layout;
}

// An empty table with the layout's columns, its rows reserved.
CsvTable make_table(std::string_view text, CsvLayout& layout, const std::string& src) {
  CsvTable table;
  table.delimiter = layout.delim;
  table.has_header = layout.has_header;
  table.source = src;
  Series& s = table.series;
  layout.target.assign(layout.ncols, -1);
  for (std::size_t j = 0; j < layout.ncols; ++j) {
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
  if (s.names.empty())
    throw DataError(src + " has no numeric column" +
                    (layout.time_idx >= 0 ? " besides the time column " + quote_text(s.time_name) : std::string()) +
                    "; the workbench needs at least one column of numbers" +
                    (layout.ncols == 1 ? " (is the delimiter right? found " + delimiter_name(layout.delim) + ")" : ""));
  s.columns.resize(s.names.size());

  // Reserve: at most one row per line, and a row takes at least one byte per column.
  const std::size_t lines = std::size_t(std::count(text.begin(), text.end(), '\n')) + 1;
  const std::size_t estimate = std::min(lines, text.size() / std::max<std::size_t>(layout.ncols, 1) + 1);
  for (auto& c : s.columns) c.reserve(estimate);
  if (layout.time_idx >= 0) s.time_labels.reserve(estimate);
  table.row_lines.reserve(estimate);
  return table;
}

// One numeric cell: its number, NaN when missing, or a DataError saying why it is neither.
double parse_cell(std::string_view cell, std::size_t line, std::size_t j, const CsvLayout& layout,
                  const std::string& src) {
  double v;
  const NumberParse p = parse_number(cell, v);
  if (p == NumberParse::Ok) return v;
  if (is_missing_token(cell)) return std::numeric_limits<double>::quiet_NaN();
  std::string msg =
      src + " line " + std::to_string(line) + ", column " + quote_text(layout.names[j]) + ": " + quote_text(cell);
  if (p == NumberParse::NotFinite)
    msg += " is not a finite number (leave the cell empty or write NA for a missing value)";
  else if (!layout.numeric[j] && cell.find_first_of(",;\t") == std::string_view::npos)
    msg +=
        " is not a number (only one column, the time column, may hold text: remove this "
        "column or choose it as the time column)";
  else
    msg += " is not a number (check the delimiter or the decimal separator)";
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
