#include "engine/data/panel.hpp"

#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "engine/core/enum_names.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/data/missing.hpp"

namespace rnnwb {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Rows in the new order (order[new row] = old row): series by first appearance, rows of one series
// in file order. Empty when the rows are grouped already (a file sorted by series), so nothing moves.
std::vector<std::size_t> grouped_order(const SeriesLabels& labels, std::vector<std::size_t>& starts) {
  const std::size_t n = labels.of_row.size(), count_ids = labels.ids.size();
  std::vector<std::size_t> count(count_ids, 0);
  bool grouped = true;
  for (std::size_t r = 0; r < n; ++r) {
    const std::uint32_t g = labels.of_row[r];
    // Grouped: each row is of the previous row's series or of the next new one.
    if (r > 0 && g != labels.of_row[r - 1] && g != labels.of_row[r - 1] + 1) grouped = false;
    ++count[g];
  }
  starts.assign(count_ids + 1, 0);
  for (std::size_t s = 0; s < count_ids; ++s) starts[s + 1] = starts[s] + count[s];
  if (grouped) return {};
  std::vector<std::size_t> next(starts.begin(), starts.end() - 1), order(n);
  for (std::size_t r = 0; r < n; ++r) order[next[labels.of_row[r]]++] = r;
  return order;
}

// v[i] = old v[order[i]]: into a new vector (sequential writes) for numbers, which are small.
template <class T>
void permute(std::vector<T>& v, const std::vector<std::size_t>& order) {
  if (order.empty() || v.size() != order.size()) return;
  std::vector<T> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[order[i]];
  v = std::move(out);
}

// The same in place, by following the permutation's cycles, for text: a second copy of the time
// labels of millions of rows would double the table's memory.
void permute_in_place(std::vector<std::string>& v, const std::vector<std::size_t>& order) {
  if (order.empty() || v.size() != order.size()) return;
  std::vector<char> done(v.size(), 0);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (done[i] || order[i] == i) continue;
    std::string first = std::move(v[i]);
    std::size_t j = i;
    for (;;) {
      done[j] = 1;
      const std::size_t k = order[j];
      if (k == i) {
        v[j] = std::move(first);
        break;
      }
      v[j] = std::move(v[k]);
      j = k;
    }
  }
}

// A time label as a number when it is one (a year, a day, a timestamp).
bool as_number(const std::string& label, double& v) {
  char* end = nullptr;
  v = std::strtod(label.c_str(), &end);
  return !label.empty() && end == label.c_str() + label.size() && std::isfinite(v);
}

// ISO-like labels ("2020-01-31", "2020-01-31 10:00"): digits first, so that text order is time order.
bool iso_like(const std::string& label) {
  return label.size() >= 7 && std::isdigit(static_cast<unsigned char>(label[0])) && label[4] == '-';
}

// Time must increase within each series when its labels can be ordered (numbers or ISO dates).
// Each label is read as a number once.
void check_time_order(const CsvTable& table) {
  const Series& s = table.series;
  if (s.time_labels.size() != s.rows()) return;
  std::vector<double> value;
  for (std::size_t k = 0; k < s.series_count(); ++k) {
    const std::size_t b = s.series_begin(k), e = s.series_end(k);
    bool numbers = true, iso = true;
    value.resize(e - b);
    for (std::size_t r = b; r < e && (numbers || iso); ++r) {
      numbers = numbers && as_number(s.time_labels[r], value[r - b]);
      iso = iso && iso_like(s.time_labels[r]);
    }
    if (!numbers && !iso) continue;
    for (std::size_t r = b + 1; r < e; ++r) {
      const bool increases = numbers ? value[r - b] > value[r - b - 1] : s.time_labels[r] > s.time_labels[r - 1];
      if (!increases)
        throw DataError(table.source + " line " + std::to_string(table.line_of_row(r)) + ": series " +
                        quote(s.series_ids[k]) + " goes back in time (" + quote(s.time_name) + " " +
                        quote(s.time_labels[r]) + " after " + quote(s.time_labels[r - 1]) +
                        "); a series' rows must be in time order: sort the file by series and time");
    }
  }
}

}  // namespace

void SeriesLabels::add(std::string_view id) {
  if (!of_row.empty() && ids[last_] == id) {
    of_row.push_back(last_);
    return;
  }
  if (const auto it = index_.find(id); it != index_.end()) {
    last_ = it->second;
  } else {
    last_ = std::uint32_t(ids.size());
    index_.emplace(std::string(id), last_);
    ids.emplace_back(id);
  }
  of_row.push_back(last_);
}

void SeriesLabels::set_grouped() {
  std::vector<std::size_t> count(ids.size(), 0);
  for (const std::uint32_t g : of_row) ++count[g];
  std::size_t r = 0;
  for (std::uint32_t g = 0; g < ids.size(); ++g)
    for (std::size_t k = 0; k < count[g]; ++k) of_row[r++] = g;
}

std::vector<std::size_t> grouped_places(const SeriesLabels& labels) {
  std::vector<std::size_t> starts;
  const std::vector<std::size_t> order = grouped_order(labels, starts);
  std::vector<std::size_t> place(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) place[order[i]] = i;
  return place;
}

void group_rows_by_series(CsvTable& table, const std::vector<std::string>& labels, const std::string& series_column) {
  SeriesLabels interned;
  interned.of_row.reserve(labels.size());
  for (const std::string& label : labels) interned.add(label);
  group_rows_by_series(table, std::move(interned), series_column);
}

void group_rows_by_series(CsvTable& table, SeriesLabels&& labels, const std::string& series_column) {
  Series& s = table.series;
  if (labels.of_row.size() != s.rows()) throw DataError("internal: one series id per row is needed");
  std::vector<std::size_t> starts;
  const std::vector<std::size_t> order = grouped_order(labels, starts);
  labels.of_row = {};  // its memory back before the columns move
  for (auto& col : s.columns) permute(col, order);
  permute_in_place(s.time_labels, order);
  permute(table.row_lines, order);
  s.series_name = series_column;
  s.series_ids = std::move(labels.ids);
  s.series_starts = std::move(starts);
  for (const std::string& id : s.series_ids)
    if (const std::string problem = name_problem(id, "the series id"); !problem.empty()) throw DataError(problem);
  check_time_order(table);
  recount_missing(table);
}

void columns_to_series(CsvTable& table, const std::vector<std::string>& columns) {
  Series& s = table.series;
  if (s.is_panel()) throw ConfigError("the data already names its series by a column; take columns as series or that");
  std::vector<std::size_t> chosen;
  if (columns.size() == 1 && enum_names_detail::same_name(columns[0], "all")) {
    for (std::size_t c = 0; c < s.names.size(); ++c) chosen.push_back(c);
  } else {
    for (const std::string& name : columns) {
      const int c = s.find(trimmed(name));
      if (c < 0) throw DataError("no numeric column named " + quote(name) + " in " + table.source);
      if (std::find(chosen.begin(), chosen.end(), std::size_t(c)) == chosen.end()) chosen.push_back(std::size_t(c));
    }
  }
  if (chosen.empty()) throw ConfigError("name at least one column to take as a series");
  Series out;
  out.names = {kWideValueColumn};
  out.columns.resize(1);
  out.time_name = s.time_name;
  out.series_name = kWideSeriesColumn;
  out.series_starts = {0};
  std::vector<std::size_t> lines;
  for (const std::size_t c : chosen) {
    const std::vector<double>& col = s.columns[c];
    std::size_t b = 0, e = col.size();
    while (b < e && std::isnan(col[b])) ++b;
    while (e > b && std::isnan(col[e - 1])) --e;
    if (b == e) throw DataError("column " + quote(s.names[c]) + " of " + table.source + " has no values");
    out.columns[0].insert(out.columns[0].end(), col.begin() + long(b), col.begin() + long(e));
    if (!s.time_labels.empty())
      out.time_labels.insert(out.time_labels.end(), s.time_labels.begin() + long(b), s.time_labels.begin() + long(e));
    lines.insert(lines.end(), table.row_lines.begin() + long(b), table.row_lines.begin() + long(e));
    out.series_ids.push_back(s.names[c]);
    out.series_starts.push_back(out.columns[0].size());
  }
  s = std::move(out);
  table.row_lines = std::move(lines);
  check_time_order(table);
  recount_missing(table);
}

std::string suggest_series_column(const Series& s) {
  if (s.is_panel() || s.time_name.empty() || s.time_labels.empty()) return {};
  // Numbers that repeat are a time column with duplicates (an error to explain), not ids.
  double v = 0;
  if (std::all_of(s.time_labels.begin(), s.time_labels.end(), [&](const std::string& l) { return as_number(l, v); }))
    return {};
  std::unordered_set<std::string_view> seen;
  for (const std::string& label : s.time_labels)
    if (!seen.insert(label).second) return s.time_name;
  return {};
}

std::string describe_series(const Series& s, std::size_t shown) {
  std::string text = count_of(s.series_count(), "series");
  if (s.series_count() == 1 && !s.is_panel()) return text + " (" + count_of(s.rows(), "row") + ")";
  text = std::to_string(s.series_count()) + " series: ";
  for (std::size_t k = 0; k < s.series_count() && k < shown; ++k)
    text += (k ? ", " : "") + s.series_ids[k] + " (" + count_of(s.series_rows(k), "row") + ")";
  if (s.series_count() > shown) text += ", ... (" + std::to_string(s.series_count() - shown) + " more)";
  return text;
}

}  // namespace rnnwb
