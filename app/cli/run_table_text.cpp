#include "run_table_text.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace rnnwb::cli {

namespace {

// The first two test metrics (rmse and mae; accuracy and macro F1), and the baselines' first.
bool main_metric(const RunTable& t, std::size_t c) {
  const std::string& name = t.columns[c].name;
  if (name.rfind("test ", 0) != 0) return true;
  int before = 0;
  for (std::size_t k = 0; k < c; ++k) before += t.columns[k].name.rfind("test ", 0) == 0;
  return before < 2;
}

bool shown(const RunTable& t, std::size_t c, bool all_settings) {
  const RunColumn& col = t.columns[c];
  if (col.kind == RunColumnKind::Setting) return all_settings || col.differs;
  if (col.kind == RunColumnKind::Metric) return all_settings || main_metric(t, c);
  if (col.name == "id" || col.name == "end") return true;
  // name, note, sweep: only when some run has one
  return std::any_of(t.rows.begin(), t.rows.end(), [&](const auto& row) { return !row[c].text.empty(); }) &&
         col.name == "name";
}

}  // namespace

std::string run_table_text(const RunTable& t, const std::vector<std::size_t>& rows, bool all_settings) {
  std::vector<std::size_t> cols;
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    if (shown(t, c, all_settings)) cols.push_back(c);
  std::vector<std::size_t> width;
  for (std::size_t c : cols) {
    std::size_t w = t.columns[c].name.size();
    for (std::size_t r : rows) w = std::max(w, terminal_safe(t.rows[r][c].text).size());
    width.push_back(std::min<std::size_t>(w, 40));
  }
  auto cell = [&](std::string s, std::size_t k, bool right) {
    if (s.size() > width[k]) s = s.substr(0, width[k] - 1) + "~";
    const std::string pad(width[k] - s.size(), ' ');
    return right ? pad + s : s + pad;
  };
  std::string out = "  ";
  for (std::size_t k = 0; k < cols.size(); ++k) out += (k ? "  " : "") + cell(t.columns[cols[k]].name, k, false);
  out += "\n";
  for (std::size_t r : rows) {
    out += int(r) == t.best_row ? "* " : "  ";
    for (std::size_t k = 0; k < cols.size(); ++k) {
      const RunCell& c = t.rows[r][cols[k]];
      out += (k ? "  " : "") + cell(terminal_safe(c.text), k, !std::isnan(c.value));
    }
    out += "\n";
  }
  return out;
}

int run_table_column(const RunTable& table, const std::string& name, const std::string& flag) {
  const int c = table.column(name);
  if (c >= 0) return c;
  std::string names;
  for (const RunColumn& col : table.columns) names += (names.empty() ? "" : ", ") + col.name;
  throw ConfigError(flag + " " + quote(name) + " is no column of the runs table; its columns are " + names);
}

}  // namespace rnnwb::cli
