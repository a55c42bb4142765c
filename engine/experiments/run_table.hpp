#pragma once
// The table of runs that `rnnwb runs` prints and the workbench's Runs page shows: one row per run,
// columns for who it is (id, name, how it ended), its settings (those that differ between the
// runs first, as in TensorBoard's HParams), and its metrics (best validation loss, test metrics
// beside the baselines, seconds). Plain data, no Qt: each cell has its text and, when it is a
// number, its value for sorting. Sorting, filtering and CSV are here too so both front ends agree.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/run_record.hpp"

namespace rnnwb {

enum class RunColumnKind {
  Info,     // id, name, end, note, sweep
  Setting,  // one leaf of the run's settings (session_settings_json): "lr", "units", "window"...
  Metric,   // best validation loss, epochs, test metrics, baselines, seconds
};

struct RunColumn {
  std::string name;  // the header: a setting's short name ("lr"; "layers[1].units" when ambiguous)
  RunColumnKind kind = RunColumnKind::Info;
  std::string key;       // a setting's full path in the settings JSON ("training.optimizer.lr")
  bool differs = false;  // a setting whose value is not the same in every run
};

struct RunCell {
  std::string text;  // as shown ("" when the run has no such value)
  double value;      // the number, for sorting; NaN when the cell is not a number
};

struct RunTable {
  // In this order: id, name, end, then the settings that differ, the metrics, the note and
  // sweep, and last the settings every run has the same (differs == false).
  std::vector<RunColumn> columns;
  std::vector<std::vector<RunCell>> rows;  // rows[i] is runs[i], one cell per column
  int best_row = -1;                       // the lowest finite best_loss(); -1 when none
  int best_loss_column = -1;               // the column of best_loss() ("best val loss")

  int column(std::string_view name) const;  // by name (case-insensitive), -1 when none
};

// The table of these runs (rows in the same order).
RunTable run_table(const std::vector<RunRecord>& runs);

// Row numbers (into table.rows) in the order a sort by `column` gives: numbers by value, other
// cells by text; empty cells last either way; ties keep their order.
std::vector<std::size_t> sorted_rows(const RunTable& table, int column, bool ascending = true);

// Whether a row passes a filter: "" passes all; "NAME=TEXT" (the cell's text, case-insensitive;
// "NAME!=TEXT" its opposite), "NAME<NUMBER" / "NAME>NUMBER" (the cell's value); any other text
// is looked for in every cell (case-insensitive). Throws ConfigError for a NAME that is no
// column, or a comparison with no number, saying which columns there are.
bool row_passes(const RunTable& table, std::size_t row, std::string_view filter);
// The rows passing `filter`, in the order of `rows`.
std::vector<std::size_t> filter_rows(const RunTable& table, const std::vector<std::size_t>& rows,
                                     std::string_view filter);

// The table as CSV (RFC 4180 quoting), the given rows in that order, every column; a header line
// first; a column "best" says "*" for the best run.
std::string run_table_csv(const RunTable& table, const std::vector<std::size_t>& rows);

}  // namespace rnnwb
