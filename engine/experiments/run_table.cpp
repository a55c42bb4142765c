#include "engine/experiments/run_table.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace rnnwb {

using json = nlohmann::json;

namespace {

// One setting leaf: its path segments and its value as text and number.
struct SettingLeaf {
  std::vector<std::string> path;
  RunCell cell;
};

std::string lower_text(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

RunCell scalar_cell(const json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return {v.dump(), v.get<double>()};
  if (v.is_number()) return {number_text(v.get<double>()), v.get<double>()};
  if (v.is_boolean()) return {v.get<bool>() ? "true" : "false", v.get<bool>() ? 1.0 : 0.0};
  if (v.is_string()) return {v.get<std::string>(), NAN};
  if (v.is_null()) return {"", NAN};
  return {v.dump(), NAN};
}

bool all_scalars(const json& a) {
  return std::all_of(a.begin(), a.end(), [](const json& v) { return v.is_primitive(); });
}

// The leaves of a settings JSON: objects open up, a list of objects (the layers) by index, a list
// of plain values is one leaf ("0.7,0.15,0.15").
void flatten(const json& j, std::vector<std::string>& path, std::vector<SettingLeaf>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      path.push_back(k);
      flatten(v, path, out);
      path.pop_back();
    }
  } else if (j.is_array() && !all_scalars(j)) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      std::string last = path.back();
      path.back() = last + "[" + std::to_string(i) + "]";
      flatten(j[i], path, out);
      path.back() = last;
    }
  } else if (j.is_array()) {
    std::string text;
    for (const json& v : j) text += (text.empty() ? "" : ",") + scalar_cell(v).text;
    out.push_back({path, {text, j.size() == 1 ? scalar_cell(j[0]).value : NAN}});
  } else {
    out.push_back({path, scalar_cell(j)});
  }
}

std::string joined(const std::vector<std::string>& path, std::size_t from) {
  std::string s;
  for (std::size_t i = from; i < path.size(); ++i) s += (s.empty() ? "" : ".") + path[i];
  return s;
}

// Short headers: the last segment ("lr") when no other setting ends so, else the path without
// its group ("schedule.patience"), else the whole path ("layers[1].units").
std::map<std::string, std::string> short_names(const std::map<std::string, std::vector<std::string>>& paths) {
  static const std::set<std::string> groups = {"data", "pipeline", "training", "sequences"};
  std::map<std::string, int> last_count, ungrouped_count;
  auto ungrouped = [](const std::vector<std::string>& p) {
    return p.size() > 1 && groups.count(p[0]) ? joined(p, 1) : joined(p, 0);
  };
  for (const auto& [key, p] : paths) {
    ++last_count[p.back()];
    ++ungrouped_count[ungrouped(p)];
  }
  std::map<std::string, std::string> out;
  for (const auto& [key, p] : paths)
    out[key] = last_count[p.back()] == 1 ? p.back() : ungrouped_count[ungrouped(p)] == 1 ? ungrouped(p) : key;
  return out;
}

RunCell metric_cell(double v) {
  if (!std::isfinite(v)) return {std::isnan(v) ? "" : number_text(v), v};
  char text[32];
  std::snprintf(text, sizeof text, "%.5g", v);
  return {text, v};
}

double json_number(const json& j, const std::vector<std::string>& path) {
  const json* at = &j;
  for (const std::string& k : path) {
    if (!at->is_object() || !at->contains(k)) return NAN;
    at = &(*at)[k];
  }
  return at->is_number() ? at->get<double>() : NAN;
}

struct MetricSpec {
  std::string name;
  std::vector<std::string> path;  // in RunRecord::metrics
};

// The test split's metrics any run has, in a fixed order, and each baseline's first of them.
std::vector<MetricSpec> metric_specs(const std::vector<RunRecord>& runs) {
  static const char* preferred[] = {"rmse", "mae", "mase", "r2", "smape", "accuracy", "macro_f1", "log_loss"};
  std::vector<MetricSpec> out;
  std::set<std::string> baselines;
  for (const char* m : preferred) {
    const bool any = std::any_of(runs.begin(), runs.end(), [&](const RunRecord& r) {
      return !std::isnan(json_number(r.metrics, {"test", m}));
    });
    if (any) out.push_back({std::string("test ") + m, {"test", m}});
  }
  for (const RunRecord& r : runs)
    if (r.metrics.contains("baselines") && r.metrics["baselines"].is_object())
      for (const auto& [name, v] : r.metrics["baselines"].items()) baselines.insert(name);
  const std::size_t model_metrics = out.size();
  for (const std::string& b : baselines)
    if (model_metrics > 0) out.push_back({b + " " + out[0].name, {"baselines", b, "test", out[0].path[1]}});
  return out;
}

void add_column(RunTable& t, RunColumn c, const std::vector<RunCell>& cells) {
  t.columns.push_back(std::move(c));
  for (std::size_t i = 0; i < t.rows.size(); ++i) t.rows[i].push_back(cells[i]);
}

// The settings columns of every run, keyed by their full path, in the settings JSON's order.
void add_setting_columns(RunTable& t, const std::vector<RunRecord>& runs, bool differing) {
  std::vector<std::map<std::string, RunCell>> values(runs.size());
  std::map<std::string, std::vector<std::string>> paths;
  std::vector<std::string> order;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::vector<SettingLeaf> leaves;
    std::vector<std::string> path;
    flatten(session_settings_json(runs[i].settings), path, leaves);
    for (SettingLeaf& leaf : leaves) {
      const std::string key = joined(leaf.path, 0);
      if (paths.emplace(key, leaf.path).second) order.push_back(key);
      values[i][key] = leaf.cell;
    }
  }
  const std::map<std::string, std::string> names = short_names(paths);
  for (const std::string& key : order) {
    std::vector<RunCell> cells;
    for (auto& v : values) cells.push_back(v.count(key) ? v[key] : RunCell{"", NAN});
    const bool differs =
        std::any_of(cells.begin(), cells.end(), [&](const RunCell& c) { return c.text != cells[0].text; });
    if (differs == differing) add_column(t, {names.at(key), RunColumnKind::Setting, key, differs}, cells);
  }
}

template <class F>
std::vector<RunCell> cells_of(const std::vector<RunRecord>& runs, F f) {
  std::vector<RunCell> out;
  for (const RunRecord& r : runs) out.push_back(f(r));
  return out;
}

void add_metric_columns(RunTable& t, const std::vector<RunRecord>& runs) {
  t.best_loss_column = int(t.columns.size());
  add_column(t, {"best val loss", RunColumnKind::Metric, "", false},
             cells_of(runs, [](const RunRecord& r) { return metric_cell(r.best_loss()); }));
  add_column(t, {"best epoch", RunColumnKind::Metric, "", false}, cells_of(runs, [](const RunRecord& r) {
               return RunCell{r.best_epoch > 0 ? std::to_string(r.best_epoch) : "",
                              r.best_epoch > 0 ? double(r.best_epoch) : NAN};
             }));
  add_column(t, {"epochs run", RunColumnKind::Metric, "", false}, cells_of(runs, [](const RunRecord& r) {
               return RunCell{std::to_string(r.history.size()), double(r.history.size())};
             }));
  for (const MetricSpec& m : metric_specs(runs))
    add_column(t, {m.name, RunColumnKind::Metric, "", false},
               cells_of(runs, [&](const RunRecord& r) { return metric_cell(json_number(r.metrics, m.path)); }));
  add_column(t, {"seconds", RunColumnKind::Metric, "", false}, cells_of(runs, [](const RunRecord& r) {
               char text[32];
               std::snprintf(text, sizeof text, "%.1f", r.seconds);
               return RunCell{text, r.seconds};
             }));
}

RunCell text_cell(const std::string& s) { return {s, NAN}; }

}  // namespace

int RunTable::column(std::string_view name) const {
  const std::string wanted = lower_text(name);
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (lower_text(columns[c].name) == wanted) return int(c);
  return -1;
}

RunTable run_table(const std::vector<RunRecord>& runs) {
  RunTable t;
  t.rows.resize(runs.size());
  add_column(t, {"id", RunColumnKind::Info, "", false},
             cells_of(runs, [](const RunRecord& r) { return text_cell(r.id); }));
  add_column(t, {"name", RunColumnKind::Info, "", false},
             cells_of(runs, [](const RunRecord& r) { return text_cell(r.name); }));
  add_column(t, {"end", RunColumnKind::Info, "", false},
             cells_of(runs, [](const RunRecord& r) { return text_cell(to_string(r.end)); }));
  add_setting_columns(t, runs, true);
  add_metric_columns(t, runs);
  add_column(t, {"note", RunColumnKind::Info, "", false},
             cells_of(runs, [](const RunRecord& r) { return text_cell(r.note); }));
  add_column(t, {"sweep", RunColumnKind::Info, "", false},
             cells_of(runs, [](const RunRecord& r) { return text_cell(r.sweep); }));
  add_setting_columns(t, runs, false);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const double loss = runs[i].best_loss();
    if (std::isfinite(loss) && (t.best_row < 0 || loss < runs[std::size_t(t.best_row)].best_loss()))
      t.best_row = int(i);
  }
  return t;
}

std::vector<std::size_t> sorted_rows(const RunTable& table, int column, bool ascending) {
  std::vector<std::size_t> rows(table.rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  if (column < 0 || std::size_t(column) >= table.columns.size()) return rows;
  const std::size_t c = std::size_t(column);
  auto empty = [&](std::size_t r) { return table.rows[r][c].text.empty(); };
  std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
    if (empty(a) || empty(b)) return !empty(a) && empty(b);
    const RunCell& x = table.rows[a][c];
    const RunCell& y = table.rows[b][c];
    if (!std::isnan(x.value) && !std::isnan(y.value) && x.value != y.value)
      return ascending ? x.value < y.value : x.value > y.value;
    if (!std::isnan(x.value) && !std::isnan(y.value)) return false;
    return ascending ? x.text < y.text : x.text > y.text;
  });
  return rows;
}

namespace {

std::string column_list(const RunTable& t) {
  std::string s;
  for (const RunColumn& c : t.columns) s += (s.empty() ? "" : ", ") + c.name;
  return s;
}

// A filter's column, its operator and its operand; op is 0 for a plain text search.
struct FilterTerm {
  int column = -1;
  std::string op, operand;
};

FilterTerm parse_filter(const RunTable& t, std::string_view filter) {
  const std::size_t at = filter.find_first_of("=<>!");
  FilterTerm f;
  if (at == std::string_view::npos || at == 0) return f;
  const std::string name(filter.substr(0, at));
  f.op = filter.substr(at, 2) == "!=" ? "!=" : std::string(1, filter[at]);
  f.operand = std::string(filter.substr(at + f.op.size()));
  f.column = t.column(name);
  if (f.column < 0)
    throw ConfigError("the filter " + quote(filter) + " names no column " + quote(name) + "; the columns are " +
                      column_list(t));
  return f;
}

double filter_number(const FilterTerm& f, std::string_view filter) {
  try {
    std::size_t used = 0;
    const double v = std::stod(f.operand, &used);
    if (used == f.operand.size()) return v;
  } catch (const std::exception&) {
  }
  throw ConfigError("the filter " + quote(filter) + " compares with " + quote(f.operand) +
                    ", which is not a number; write it as NAME<NUMBER, e.g. \"best val loss<0.1\"");
}

// A cell equals an operand by number when both are ("lr=1e-3" finds 0.001), else by text.
bool same_value(const RunCell& c, const std::string& operand) {
  char* end = nullptr;
  const double v = std::strtod(operand.c_str(), &end);
  if (!operand.empty() && *end == 0 && !std::isnan(c.value)) return c.value == v;
  return lower_text(c.text) == lower_text(operand);
}

}  // namespace

bool row_passes(const RunTable& table, std::size_t row, std::string_view filter) {
  if (filter.empty()) return true;
  const FilterTerm f = parse_filter(table, filter);
  const std::vector<RunCell>& cells = table.rows.at(row);
  if (f.column < 0) {
    const std::string wanted = lower_text(filter);
    return std::any_of(cells.begin(), cells.end(),
                       [&](const RunCell& c) { return lower_text(c.text).find(wanted) != std::string::npos; });
  }
  const RunCell& c = cells[std::size_t(f.column)];
  if (f.op == "=" || f.op == "!=") return (f.op == "=") == same_value(c, f.operand);
  if (f.op == "!") throw ConfigError("the filter " + quote(filter) + " has a lone '!'; write NAME!=TEXT");
  const double v = filter_number(f, filter);
  return f.op == "<" ? c.value < v : c.value > v;  // NaN passes neither
}

std::vector<std::size_t> filter_rows(const RunTable& table, const std::vector<std::size_t>& rows,
                                     std::string_view filter) {
  std::vector<std::size_t> out;
  for (std::size_t r : rows)
    if (row_passes(table, r, filter)) out.push_back(r);
  return out;
}

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string run_table_csv(const RunTable& table, const std::vector<std::size_t>& rows) {
  std::string out = "best";
  for (const RunColumn& c : table.columns) out += "," + csv_field(c.name);
  out += "\n";
  for (std::size_t r : rows) {
    out += int(r) == table.best_row ? "*" : "";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const RunCell& cell = table.rows[r][c];
      // metrics at full precision (the table shows five digits); whole numbers as they are
      const bool metric = table.columns[c].kind == RunColumnKind::Metric && std::isfinite(cell.value) &&
                          cell.value != std::floor(cell.value);
      out += "," + csv_field(metric ? number_text(cell.value) : cell.text);
    }
    out += "\n";
  }
  return out;
}

}  // namespace rnnwb
