// rnnwb sweep: the train flags as base settings, --grid axes (or --random N draws) as the points,
// every configuration trained into a runs folder (several at once with --jobs), resumable, with
// optional median pruning; then the sweep's runs sorted by validation loss and the best run's path.
#include <cstdio>
#include <iostream>
#include <set>

#include "commands.hpp"
#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"
#include "engine/core/threads.hpp"
#include "engine/experiments/run_table.hpp"
#include "engine/experiments/sweep_runner.hpp"
#include "interrupt.hpp"
#include "run_table_text.hpp"
#include "train_options.hpp"

namespace rnnwb::cli {

namespace {

struct SweepFlags {
  TrainOptions train;
  std::vector<std::string> grid;
  std::size_t random = 0;
  std::uint64_t search_seed = 0;
  int jobs = 1, prune_startup = 3, prune_warmup = 1;
  bool prune = false;
};

// While it lives, Ctrl-C stops the sweep (the runs under way; finished runs stay).
struct InterruptibleSweep {
  explicit InterruptibleSweep(TrainingControl& control) { set_interruptible_training(&control); }
  ~InterruptibleSweep() { set_interruptible_training(nullptr); }
  InterruptibleSweep(const InterruptibleSweep&) = delete;
  InterruptibleSweep& operator=(const InterruptibleSweep&) = delete;
};

std::vector<SweepPoint> sweep_points(const SweepFlags& f, const CLI::App& c) {
  if (f.grid.empty()) throw ConfigError("--grid is required: what the sweep varies, e.g. --grid \"units=16,32,64\"");
  std::vector<SweepAxis> axes;
  for (const std::string& g : f.grid) axes.push_back(parse_sweep_axis(g));
  if (f.random > 0) return random_points(axes, f.random, c.count("--search-seed") ? f.search_seed : f.train.seed);
  return grid_points(axes);
}

// The runs to do: every point's settings, less those whose settings key the folder has already.
std::vector<SweepJob> pending_jobs(const Session& base, const std::vector<SweepPoint>& points,
                                   const RunsListing& listing, std::size_t& skipped) {
  std::set<std::string> done;
  for (const FolderRun& r : listing.runs) done.insert(r.key);
  std::vector<SweepJob> jobs;
  std::set<std::string> planned;
  skipped = 0;
  for (const SweepPoint& p : points) {
    Session s = settings_at(base, p);
    const std::string key = settings_key(s);
    if (done.count(key)) {
      ++skipped;
    } else if (planned.insert(key).second) {
      jobs.push_back({p, std::move(s)});
    }
  }
  return jobs;
}

void print_finished(const RunRecord& r, const SweepJob& job, std::size_t done, std::size_t total) {
  char loss[32];
  std::snprintf(loss, sizeof loss, "%.5g", r.best_loss());
  std::cerr << "[" << done << "/" << total << "] " << r.id << "  " << point_text(job.point) << "  ";
  if (r.best_epoch > 0) std::cerr << (r.has_validation() ? "val loss " : "loss ") << loss << "  ";
  std::cerr << to_string(r.end);
  if (r.end == RunEnd::Failed || r.end == RunEnd::Pruned) std::cerr << ": " << terminal_safe(r.message);
  std::cerr << "\n";
}

// The sweep's runs in the folder, best validation loss first, and the best run's model.
void print_results(const RunsFolder& folder, const std::string& key) {
  std::vector<RunRecord> runs;
  for (const FolderRun& r : folder.list().runs)
    if (r.record.sweep == key) runs.push_back(r.record);
  const RunTable table = run_table(runs);
  std::cout << run_table_text(table, sorted_rows(table, table.best_loss_column));
  if (table.best_row < 0) {
    std::cout << "no run of the sweep finished an epoch\n";
    return;
  }
  std::cout << "best run: " << printable(folder.model_path(table.rows[std::size_t(table.best_row)][0].text)) << "\n";
}

int run_sweep_command(SweepFlags& f, const CLI::App& c) {
  if (f.train.runs.empty()) throw ConfigError("--runs DIR is required: the folder the sweep's runs are kept in");
  const std::vector<SweepPoint> points = sweep_points(f, c);  // bad axes fail before anything is made
  const RunsFolder folder = RunsFolder::open(f.train.runs, true);
  TrainingControl stop;
  const InterruptibleSweep interruptible(stop);
  Session base = settings_from_flags(f.train, c);
  // Each job's threads are part of its settings (and key): set before any key is computed.
  base.fit.threads = f.train.threads > 0 ? f.train.threads : std::max(1, all_threads() / f.jobs);
  const std::string key = sweep_key(base, f.grid, f.random, c.count("--search-seed") ? f.search_seed : f.train.seed);
  const RunsListing listing = folder.list();
  for (const std::string& w : listing.warnings) std::cerr << "warning: " << terminal_safe(w) << "\n";
  std::size_t skipped = 0;
  const std::vector<SweepJob> jobs = pending_jobs(base, points, listing, skipped);
  std::cerr << "sweep " << key << ": " << points.size() << " configurations";
  if (skipped > 0) std::cerr << ", " << skipped << " already in " << printable(folder.dir()) << " (skipped)";
  if (jobs.empty()) {
    std::cerr << "; nothing left to run\n";
  } else {
    std::cerr << "; running " << jobs.size() << ", " << std::min<std::size_t>(std::size_t(f.jobs), jobs.size())
              << " at a time on " << base.fit.threads << (base.fit.threads == 1 ? " thread" : " threads") << " each\n";
  }

  MedianPruner pruner({f.prune_startup, f.prune_warmup});
  if (f.prune)  // the sweep's earlier runs count (a resumed sweep)
    for (const FolderRun& r : listing.runs)
      if (r.record.sweep == key && r.record.end != RunEnd::Failed) pruner.add_history(r.record.history);
  SweepOptions options;
  options.jobs = f.jobs;
  options.key = key;
  options.pruner = f.prune ? &pruner : nullptr;
  options.stop = &stop;
  std::size_t done = 0;
  options.finished = [&](const RunRecord& r, const SweepJob& job) { print_finished(r, job, ++done, jobs.size()); };
  run_sweep(folder, jobs, options);
  throw_if_interrupted("the sweep stopped; the runs that finished (" + std::to_string(done) + ") are in " +
                       folder.dir() + " (run the same command again to resume)");
  print_results(folder, key);
  return kOk;
}

}  // namespace

Command add_sweep_command(CLI::App& root) {
  auto f = std::make_shared<SweepFlags>();
  CLI::App* c = root.add_subcommand(
      "sweep", "Train every configuration of a grid (or random draws) into a runs folder; resumable, in parallel");
  add_training_flags(c, f->train);
  c->add_option("--grid", f->grid,
                "What to vary (repeat for more axes): NAME=V1,V2,... such as \"units=16,32,64\" or "
                "\"lr=0.001,0.003\"; with --random also a range NAME=LO:HI or NAME=LO:HI:log")
      ->required();
  c->add_option("--random", f->random, "Random search: this many points drawn from the axes (0 = the full grid)")
      ->check(whole_number_in(0, std::int64_t(kMaxSweepRuns)));
  c->add_option("--search-seed", f->search_seed, "Seed of the random search's draws (default: --seed)");
  c->add_option("--jobs", f->jobs,
                "Configurations trained at once; each gets cores / jobs threads (unless --threads says)")
      ->capture_default_str()
      ->check(whole_number_in(1, limits::kMaxThreads));
  c->add_flag("--prune", f->prune,
              "Median pruning: stop a run whose validation loss at an epoch is worse than the median of the "
              "sweep's earlier runs there");
  c->add_option("--prune-startup", f->prune_startup, "Runs that must finish before any is pruned")
      ->capture_default_str()
      ->check(whole_number_in(0, 1000000));
  c->add_option("--prune-warmup", f->prune_warmup, "No run is pruned in its first this many epochs")
      ->capture_default_str()
      ->check(whole_number_in(0, limits::kMaxEpochs));
  c->add_option("--runs", f->train.runs, "The runs folder (created when missing; a sweep started again resumes)")
      ->required();
  return {c, [f, c] { return run_sweep_command(*f, *c); }};
}

}  // namespace rnnwb::cli
