// rnnwb runs: the table of a runs folder's runs, sorted and filtered, the best marked; --csv exports it.
#include <iostream>

#include "commands.hpp"
#include "engine/core/atomic_write.hpp"
#include "engine/core/text.hpp"
#include "engine/experiments/runs_folder.hpp"
#include "run_table_text.hpp"

namespace rnnwb::cli {

namespace {

struct RunsOptions {
  std::string runs, csv, sort = "best val loss", filter;
  bool descending = false, all = false;
};

std::vector<RunRecord> records_of(const RunsListing& listing) {
  std::vector<RunRecord> out;
  for (const FolderRun& r : listing.runs) {
    out.push_back(r.record);
    const bool lost = !r.model_exists && r.record.end != RunEnd::Failed && r.record.end != RunEnd::Diverged;
    if (lost) out.back().note += (out.back().note.empty() ? "" : "; ") + std::string("model file missing");
  }
  return out;
}

int run_runs(const RunsOptions& o) {
  const RunsFolder folder = RunsFolder::open(o.runs, false);
  if (!o.csv.empty()) {
    refuse_output_over_input({{"--csv", o.csv}}, {{"the runs index", folder.index_path()}});
    check_writable_path(o.csv, "the CSV file");
  }
  const RunsListing listing = folder.list();
  for (const std::string& w : listing.warnings) std::cerr << "warning: " << terminal_safe(w) << "\n";
  const RunTable table = run_table(records_of(listing));
  const int sort = run_table_column(table, o.sort, "--sort");
  const std::vector<std::size_t> rows = filter_rows(table, sorted_rows(table, sort, !o.descending), o.filter);
  std::cout << run_table_text(table, rows, o.all);
  std::cout << rows.size() << " of " << table.rows.size() << " runs";
  if (table.best_row >= 0)
    std::cout << "; best (*): " << printable(folder.model_path(table.rows[std::size_t(table.best_row)][0].text));
  std::cout << "\n";
  if (!o.csv.empty()) {
    write_file_atomically(o.csv, run_table_csv(table, rows));
    std::cout << "table written to " << printable(o.csv) << "\n";
  }
  return kOk;
}

}  // namespace

Command add_runs_command(CLI::App& root) {
  auto o = std::make_shared<RunsOptions>();
  CLI::App* c = root.add_subcommand("runs", "List the runs of a runs folder: settings that differ, metrics, the best");
  c->add_option("--runs", o->runs, "The runs folder (train --runs or sweep wrote it)")->required();
  c->add_option("--sort", o->sort, "Sort by this column (a setting such as lr, or a metric)")->capture_default_str();
  c->add_flag("--descending", o->descending, "Sort from the largest");
  c->add_option("--filter", o->filter,
                "Only runs matching: NAME=TEXT, NAME!=TEXT, NAME<NUMBER, NAME>NUMBER, or text in any column");
  c->add_flag("--all", o->all,
              "Show every setting and metric, not only the settings that differ between runs and the main metrics");
  c->add_option("--csv", o->csv, "Also write the table (every column) as CSV here");
  return {c, [o] { return run_runs(*o); }};
}

}  // namespace rnnwb::cli
