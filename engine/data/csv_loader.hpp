#pragma once
// CSV loader: turns a delimited text file into a Series (numeric columns plus an optional time
// column), counts missing cells, and applies a missing-value policy.
//
// Format: comma, semicolon or tab delimiter (detected from the first lines unless given);
// double-quoted fields with "" escapes and delimiters / newlines inside quotes; LF, CRLF (and lone
// CR) line ends; a UTF-8 BOM is skipped; blank lines are skipped; spaces around unquoted fields are
// trimmed. Missing cells (empty, NA, N/A, NaN, null, any case) become NaN. Every problem is a
// DataError that names the file line, the column and what to do about it.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/enum_names.hpp"
#include "engine/data/series.hpp"

namespace rnnwb {

enum class MissingPolicy { Error, Interpolate, FFill, Drop };
struct DataError;
template <>
struct EnumNames<MissingPolicy> {
  using Error = DataError;
  static constexpr const char* what = "missing-value policy";
  static constexpr EnumName<MissingPolicy> names[] = {{MissingPolicy::Error, "error"},
                                                      {MissingPolicy::Interpolate, "interpolate"},
                                                      {MissingPolicy::FFill, "ffill"},
                                                      {MissingPolicy::Drop, "drop"}};
};
// Limits for files from anywhere: larger files and wider tables are refused with a message.
inline constexpr std::size_t kCsvMaxFileBytes = std::size_t(4) << 30;  // 4 GiB
inline constexpr std::size_t kCsvMaxColumns = 10'000;

// Parses "error", "interpolate", "ffill", "drop" (any case); throws DataError listing them.
MissingPolicy parse_missing_policy(std::string_view name);

struct CsvOptions {
  char delimiter = 0;           // 0 = detect among ',', ';', '\t'
  int header = -1;              // -1 detect, 0 no header (columns named "col1".."colN"), 1 header
  std::string time_column;      // name (or 1-based number as text) of the time column; empty = detect
  bool no_time_column = false;  // no time column at all (not even a detected one); time_column must be empty
  // Long-form panel: the column (name or 1-based number) whose cells name each row's series; its
  // cells are ids (text or numbers) and the rows are grouped by series (engine/data/panel.hpp).
  std::string series_column;
  // Columns (names or 1-based numbers) left out, as if the file did not have them.
  std::vector<std::string> ignore_columns;
  // Leave out every column that holds text in the first rows (other than the time and series
  // columns) instead of refusing the file; CsvTable::ignored says which and why.
  bool ignore_text_columns = false;
  // The decimal mark: 0 detects (',' for a ';' or tab file whose numbers use it, with '.' as an
  // optional thousands separator: 1.234,5), '.' or ','.
  char decimal = 0;
};

// A column of the file that is not in the table: asked for (line 0), or text found at `line`.
struct IgnoredColumn {
  std::string name;
  std::size_t line = 0;
  std::string text;
};

// Missing cells of one numeric column.
struct MissingColumn {
  std::string name;
  std::size_t count = 0;
  std::vector<std::size_t> first_rows;  // up to 5 file line numbers (1-based, counting the header line)
};

struct CsvTable {
  Series series;
  char delimiter = ',';
  bool has_header = false;
  std::vector<MissingColumn> missing;  // numeric columns with at least one missing cell, in file order
  std::string source;                  // the file path (or "<text>") used in messages
  std::vector<std::size_t> row_lines;  // 1-based file line of each data row (kept in step with Drop)
  char decimal = '.';                  // the decimal mark the numbers were read with
  std::vector<std::string> columns;    // every column of the file by name, in file order
  std::vector<IgnoredColumn> ignored;  // columns left out, in file order

  // The 1-based file line of a data row (0 when the row does not exist).
  std::size_t line_of_row(std::size_t row) const { return row < row_lines.size() ? row_lines[row] : 0; }
};

// Why a column was left out, in words: "asked" or "text found at line 3: \"abc\"".
std::string ignored_reason(const IgnoredColumn& column);

// Parses CSV text; `source` names it in error messages.
CsvTable parse_csv(std::string_view text, const CsvOptions& options = {}, std::string_view source = "<text>");
// Reads the whole file and parses it. A file that cannot be read is a DataError with the path and
// the reason.
CsvTable load_csv(const std::string& path, const CsvOptions& options = {});

// A short human report of the missing cells: per column the count and the first lines.
std::string describe_missing(const CsvTable& table);

// Applies a policy to the named numeric columns (an empty list means every numeric column); other
// columns are left as they are. Returns a one-line note of what was done (empty when nothing was missing). Throws
// DataError for an unknown column, for a column whose cells are all missing, for Error when one of the columns has a
// missing cell, and for Drop when no row would be left. Drop removes the rows from every column,
// the time labels and row_lines, and recounts `missing`.
std::string apply_missing_policy(CsvTable& table, MissingPolicy policy, const std::vector<std::string>& columns);

}  // namespace rnnwb
