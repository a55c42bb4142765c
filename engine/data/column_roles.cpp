#include "engine/data/column_roles.hpp"

#include <array>
#include <cmath>
#include <string_view>
#include <vector>

namespace rnnwb {
namespace {

std::string lowered(std::string_view name) {
  std::string out;
  for (const char c : name)
    if (c != ' ' && c != '_' && c != '-') out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  return out;
}

struct CalendarField {
  std::string_view name;
  double lo, hi;
};

// Calendar fields by their usual names and the whole numbers they take.
constexpr std::array<CalendarField, 16> kCalendar = {{{"year", 1000, 2999},
                                                      {"yr", 1000, 2999},
                                                      {"quarter", 1, 4},
                                                      {"qtr", 1, 4},
                                                      {"month", 1, 12},
                                                      {"week", 0, 53},
                                                      {"weekofyear", 0, 53},
                                                      {"day", 1, 31},
                                                      {"dayofmonth", 1, 31},
                                                      {"weekday", 0, 7},
                                                      {"dayofweek", 0, 7},
                                                      {"dayofyear", 1, 366},
                                                      {"hour", 0, 24},
                                                      {"minute", 0, 59},
                                                      {"second", 0, 60},
                                                      {"period", 1, 366}}};

// Names of index columns: their values must increase within each series.
constexpr std::array<std::string_view, 10> kIndexNames = {"index", "idx", "id",    "t",  "time",
                                                          "step",  "row", "rowid", "no", "obs"};

bool whole_in(const std::vector<double>& v, double lo, double hi) {
  for (const double x : v)
    if (!(x >= lo && x <= hi) || x != std::floor(x)) return false;
  return !v.empty();
}

// In each series, whole numbers that increase (strictly), or count by 1 from 0 or 1 (`counter`).
bool increasing(const Series& s, const std::vector<double>& v, bool counter) {
  if (v.empty()) return false;
  for (std::size_t g = 0; g < s.series_count(); ++g) {
    const std::size_t b = s.series_begin(g), e = s.series_end(g);
    if (b == e) continue;
    if (!std::isfinite(v[b]) || v[b] != std::floor(v[b])) return false;
    if (counter && v[b] != 0 && v[b] != 1) return false;
    for (std::size_t r = b + 1; r < e; ++r) {
      if (!std::isfinite(v[r]) || v[r] != std::floor(v[r])) return false;
      if (counter ? v[r] != v[r - 1] + 1 : !(v[r] > v[r - 1])) return false;
    }
  }
  return true;
}

}  // namespace

bool is_calendar_or_index_column(const Series& s, std::size_t column) {
  if (column >= s.columns.size()) return false;
  const std::vector<double>& v = s.columns[column];
  const std::string name = lowered(s.names[column]);
  for (const auto& f : kCalendar)
    if (name == f.name && whole_in(v, f.lo, f.hi)) return true;
  for (const auto n : kIndexNames)
    if (name == n && increasing(s, v, false)) return true;
  return v.size() > 1 && increasing(s, v, true);
}

std::string default_target(const Series& s, const std::string& declared) {
  if (!declared.empty() && s.find(declared) >= 0) return declared;
  for (std::size_t c = 0; c < s.names.size(); ++c)
    if (!is_calendar_or_index_column(s, c)) return s.names[c];
  return s.names.empty() ? std::string() : s.names.front();
}

}  // namespace rnnwb
