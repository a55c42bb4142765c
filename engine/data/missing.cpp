#include "engine/data/missing.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace rnnwb {
namespace {

// The missing cells of one column: their count and first file lines.
MissingColumn missing_in(const CsvTable& table, std::size_t c) {
  const Series& s = table.series;
  MissingColumn m;
  m.name = s.names[c];
  const auto& col = s.columns[c];
  for (std::size_t r = 0; r < col.size(); ++r) {
    if (!std::isnan(col[r])) continue;
    if (m.count < kMissingFirstLines) m.first_rows.push_back(table.line_of_row(r));
    ++m.count;
  }
  return m;
}

// The series indices of the named columns (every numeric column when none is named), each once.
std::vector<std::size_t> select_columns(const CsvTable& table, const std::vector<std::string>& columns) {
  const Series& s = table.series;
  std::vector<std::size_t> sel;
  if (columns.empty()) {
    for (std::size_t c = 0; c < s.columns.size(); ++c) sel.push_back(c);
    return sel;
  }
  for (const auto& name : columns) {
    const int c = s.find(name);
    if (c < 0) {
      std::string have;
      for (std::size_t i = 0; i < s.names.size() && i < 40; ++i) have += (i ? ", " : "") + quote(s.names[i]);
      if (s.names.size() > 40) have += " and " + std::to_string(s.names.size() - 40) + " more";
      throw DataError("unknown column " + quote(name) + " in " + table.source + "; the numeric columns are " + have);
    }
    if (std::find(sel.begin(), sel.end(), std::size_t(c)) == sel.end()) sel.push_back(std::size_t(c));
  }
  return sel;
}

// The missing cells of the selected columns; a column with no value at all is refused.
std::vector<MissingColumn> count_selected(const CsvTable& table, const std::vector<std::size_t>& sel) {
  const Series& s = table.series;
  std::vector<MissingColumn> miss;
  for (const std::size_t c : sel) {
    if (c >= s.columns.size() || c >= s.names.size()) continue;
    MissingColumn m = missing_in(table, c);
    if (m.count > 0 && m.count == s.columns[c].size())
      throw DataError("column " + quote(m.name) + " of " + table.source + " has no values: all " +
                      std::to_string(m.count) + " cells are missing (remove it from the columns you use)");
    miss.push_back(std::move(m));
  }
  return miss;
}

// Leading gap: the cells before the first known value take it. Returns the first known row.
std::size_t fill_leading(double* col, std::size_t n) {
  const double* known = std::find_if(col, col + n, [](double v) { return !std::isnan(v); });
  const std::size_t first_known = std::size_t(known - col);
  for (std::size_t r = 0; r < first_known && first_known < n; ++r) col[r] = col[first_known];
  return first_known;
}

// One column interpolated; returns how many trailing cells took the last known value.
std::size_t interpolate_column(double* col, std::size_t n, std::size_t first_known) {
  std::size_t prev = first_known;  // last known row
  for (std::size_t r = first_known + 1; r < n; ++r) {
    if (std::isnan(col[r])) continue;
    if (r > prev + 1) {
      const double a = col[prev], b = col[r], span = double(r - prev);
      for (std::size_t i = prev + 1; i < r; ++i) col[i] = a + (b - a) * (double(i - prev) / span);
    }
    prev = r;
  }
  for (std::size_t i = prev + 1; i < n; ++i) col[i] = col[prev];
  return n - prev - 1;
}

void forward_fill_column(double* col, std::size_t n, std::size_t first_known) {
  for (std::size_t r = first_known + 1; r < n; ++r)
    if (std::isnan(col[r])) col[r] = col[r - 1];
}

// The note's part for one column: "2 cells in column "x" (1 leading cell took the first known value)".
std::string column_note(const MissingColumn& m, std::size_t leading, std::size_t trailing) {
  std::string note = count_of(m.count, "cell") + " in column " + quote(m.name);
  std::string extra;
  if (leading) extra += count_of(leading, "leading cell") + " took the first known value";
  if (trailing)
    extra += (extra.empty() ? "" : ", ") + count_of(trailing, "trailing cell") + " took the last known value";
  if (!extra.empty()) note += " (" + extra + ")";
  return note;
}

// Interpolate and FFill share the walk over the columns, and within a column over its series, so
// that no value is carried across a boundary; `interpolate` picks the column filler.
std::string fill_missing(CsvTable& table, const std::vector<std::size_t>& columns,
                         const std::vector<MissingColumn>& missing, bool interpolate) {
  const Series& s = table.series;
  std::string note = interpolate ? "interpolated " : "forward-filled ";
  bool first = true;
  for (std::size_t k = 0; k < columns.size() && k < missing.size(); ++k) {
    if (!missing[k].count) continue;
    auto& col = table.series.columns[columns[k]];
    std::size_t leading = 0, trailing = 0;
    for (std::size_t g = 0; g < s.series_count(); ++g) {
      double* part = col.data() + s.series_begin(g);
      const std::size_t n = s.series_rows(g);
      const std::size_t first_known = fill_leading(part, n);
      if (first_known == n && n > 0) {
        if (!s.is_panel()) continue;  // cannot happen: all-missing columns were refused
        throw DataError(Message("series " + quote(s.series_ids[g]) + " has no value in column " +
                                quote(s.names[columns[k]]) + " (" + count_of(n, "row") +
                                ", all missing), so there is nothing to fill from; remove the series or ")
                        << Hint::use(Setting::MissingPolicy, {"drop"}));
      }
      if (n == 0) continue;
      leading += first_known;
      if (interpolate)
        trailing += interpolate_column(part, n, first_known);
      else
        forward_fill_column(part, n, first_known);
    }
    note += (first ? "" : ", ") + column_note(missing[k], leading, trailing);
    first = false;
  }
  if (s.is_panel()) note += ", within each series";
  return note;
}

}  // namespace

void recount_missing(CsvTable& t) {
  t.missing.clear();
  const auto& s = t.series;
  for (std::size_t c = 0; c < s.columns.size() && c < s.names.size(); ++c) {
    MissingColumn m = missing_in(t, c);
    if (m.count) t.missing.push_back(std::move(m));
  }
}

std::string format_lines(const std::vector<std::size_t>& lines, std::size_t count) {
  std::string s = lines.size() == 1 ? "line " : "lines ";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(lines[i]);
  }
  if (count > lines.size()) s += ", ...";
  return s;
}

std::string count_of(std::size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

std::string describe_missing(const CsvTable& table) {
  if (table.missing.empty()) return "no missing cells";
  std::size_t total = 0;
  for (const auto& m : table.missing) total += m.count;
  std::string s =
      count_of(total, "missing cell") + " in " + count_of(table.missing.size(), "column") + " of " + table.source + ":";
  for (const auto& m : table.missing)
    s += "\n  " + quote(m.name) + ": " + std::to_string(m.count) + " (" + format_lines(m.first_rows, m.count) + ")";
  return s;
}

void refuse_missing(const CsvTable& table, const std::vector<MissingColumn>& missing) {
  std::string msg = table.source + " has missing cells: ";
  bool first = true;
  for (const auto& m : missing) {
    if (!m.count) continue;
    msg += (first ? "" : "; ") + quote(m.name) + " " + std::to_string(m.count) + " (" +
           format_lines(m.first_rows, m.count) + ")";
    first = false;
  }
  throw DataError(Message(msg + "; ") << Hint::use(Setting::MissingPolicy, {"interpolate", "ffill", "drop"}));
}

std::string interpolate_missing(CsvTable& table, const std::vector<std::size_t>& columns,
                                const std::vector<MissingColumn>& missing) {
  return fill_missing(table, columns, missing, true);
}

std::string forward_fill_missing(CsvTable& table, const std::vector<std::size_t>& columns,
                                 const std::vector<MissingColumn>& missing) {
  return fill_missing(table, columns, missing, false);
}

std::string drop_missing_rows(CsvTable& table, const std::vector<std::size_t>& columns) {
  Series& s = table.series;
  const std::size_t rows = s.rows();
  std::vector<char> drop(rows, 0);
  std::size_t dropped = 0;
  for (const std::size_t c : columns) {
    if (c >= s.columns.size()) continue;
    const auto& col = s.columns[c];
    for (std::size_t r = 0; r < col.size() && r < rows; ++r)
      if (std::isnan(col[r]) && !drop[r]) drop[r] = 1, ++dropped;
  }
  if (dropped == rows)
    throw DataError(Message("dropping the rows with missing cells would leave no row of " + table.source + "; ")
                    << Hint::use(Setting::MissingPolicy, {"interpolate", "ffill"}) << ", or select other columns");
  std::vector<std::size_t> lines;
  for (std::size_t r = 0; r < rows && lines.size() < kMissingFirstLines; ++r)
    if (drop[r]) lines.push_back(table.line_of_row(r));
  auto compact = [&](auto& v) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < v.size(); ++r)
      if (r >= rows || !drop[r]) {
        if (w != r) v[w] = std::move(v[r]);
        ++w;
      }
    v.resize(w);
  };
  for (auto& col : s.columns) compact(col);
  compact(s.time_labels);
  compact(table.row_lines);
  if (s.is_panel()) {  // each series keeps its rows left; one left with none is dropped
    std::vector<std::size_t> starts = {0};
    std::vector<std::string> ids;
    for (std::size_t g = 0; g + 1 < s.series_starts.size(); ++g) {
      std::size_t kept = 0;
      for (std::size_t r = s.series_starts[g]; r < s.series_starts[g + 1]; ++r) kept += !drop[r];
      if (kept == 0) continue;
      ids.push_back(std::move(s.series_ids[g]));
      starts.push_back(starts.back() + kept);
    }
    s.series_ids = std::move(ids);
    s.series_starts = std::move(starts);
  }
  return "dropped " + std::to_string(dropped) + " of " + count_of(rows, "row") + " with a missing cell (" +
         format_lines(lines, dropped) + ")";
}

std::string apply_missing_policy(CsvTable& table, MissingPolicy policy, const std::vector<std::string>& columns) {
  const std::vector<std::size_t> sel = select_columns(table, columns);
  const std::vector<MissingColumn> miss = count_selected(table, sel);
  std::size_t total = 0;
  for (const auto& m : miss) total += m.count;
  if (total == 0) return "";  // nothing to report

  std::string note;
  switch (policy) {
    case MissingPolicy::Error:
      refuse_missing(table, miss);
    case MissingPolicy::Interpolate:
      note = interpolate_missing(table, sel, miss);
      break;
    case MissingPolicy::FFill:
      note = forward_fill_missing(table, sel, miss);
      break;
    case MissingPolicy::Drop:
      note = drop_missing_rows(table, sel);
      break;
  }
  recount_missing(table);
  return note;
}

}  // namespace rnnwb
