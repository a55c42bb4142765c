// rnnwb backtest: walk-forward backtesting with the train flags: K folds of rolling origin, each
// trained on the rows before its origin only, tested on the next block beside the baselines;
// with --seeds, the whole backtest per seed and the spread of its RMSE.
#include <algorithm>
#include <iostream>

#include "app/cli/cli_wording.hpp"
#include "backtest_text.hpp"
#include "commands.hpp"
#include "engine/core/error.hpp"
#include "engine/core/seed_list.hpp"
#include "engine/core/text.hpp"
#include "engine/data/intervals.hpp"
#include "engine/workflow/backtest.hpp"
#include "interrupt.hpp"
#include "train_options.hpp"

namespace rnnwb::cli {

namespace {

struct BacktestFlags {
  TrainOptions train;
  int folds = 5, jobs = 1;
  long fold_size = 0, gap = 0, max_train_rows = 0, closed_loop = 0;
  std::string refit = "every", seeds;
  bool json = false;
};

// While it lives, Ctrl-C stops the backtest (the folds under way end; finished folds are shown).
struct InterruptibleBacktest {
  explicit InterruptibleBacktest(TrainingControl& control) { set_interruptible_training(&control); }
  ~InterruptibleBacktest() { set_interruptible_training(nullptr); }
  InterruptibleBacktest(const InterruptibleBacktest&) = delete;
  InterruptibleBacktest& operator=(const InterruptibleBacktest&) = delete;
};

BacktestConfig backtest_config(const BacktestFlags& f) {
  BacktestConfig c;
  c.folds = f.folds;
  c.fold_size = std::size_t(f.fold_size);
  c.refit = parse_enum<Refit>(f.refit);
  c.gap = std::size_t(f.gap);
  c.max_train_rows = std::size_t(f.max_train_rows);
  c.closed_loop_steps = Index(f.closed_loop);
  c.jobs = f.jobs;
  c.interval_levels = parse_interval_levels(f.train.intervals);  // the shared --intervals: from the folds here
  return c;
}

// Progress on stderr: a line when a fold starts and one when it ends.
BacktestRun progress_run(const BacktestFlags& f, TrainingControl& control) {
  BacktestRun run;
  run.control = &control;
  if (f.train.quiet) return run;
  run.progress = [](const BacktestProgress& p) {
    if (p.kind == BacktestProgress::Kind::FoldStarted)
      std::cerr << "fold " << p.fold << "/" << p.folds << ": training\n";
    else if (p.kind == BacktestProgress::Kind::FoldFinished)
      std::cerr << (p.result ? fold_line(*p.result, p.folds) : "fold " + std::to_string(p.fold) + ": stopped") << "\n";
  };
  return run;
}

void print_warnings(const BacktestResult& r) {
  for (const FoldResult& f : r.folds) {
    for (const Message& w : f.warnings) std::cerr << "warning: fold " << f.index << ": " << cli_words(w) << "\n";
    for (const std::string& s : f.skipped_series) std::cerr << "note: fold " << f.index << " skips " << s << "\n";
  }
}

// --seeds: the backtest once per seed; the spread of the aggregate RMSE and the best seed.
int run_seeds(const BacktestFlags& f, const Series& series, TrainRequest request, const BacktestConfig& c,
              TrainingControl& control) {
  const std::vector<std::uint64_t> seeds = parse_seed_list(f.seeds);
  nlohmann::json runs = nlohmann::json::array();
  std::vector<std::pair<double, std::uint64_t>> rmse;
  for (const std::uint64_t seed : seeds) {
    request.fit.seed = seed;
    request.init.seed = seed;
    if (!f.train.quiet) std::cerr << "seed " << seed << ":\n";
    const BacktestResult r = run_backtest(series, request, c, progress_run(f, control));
    throw_if_interrupted("the backtest was stopped");
    const double value = r.mean.count("model") ? r.mean.at("model").rmse : NAN;
    rmse.emplace_back(value, seed);
    runs.push_back({{"seed", seed}, {"backtest", to_json(r)}});
    if (!f.json) std::cout << "seed " << seed << ":\n" << backtest_table(r) << "\n";
  }
  std::vector<std::pair<double, std::uint64_t>> sorted = rmse;
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted.size() % 2 ? sorted[sorted.size() / 2].first
                                          : (sorted[sorted.size() / 2 - 1].first + sorted[sorted.size() / 2].first) / 2;
  if (f.json) {
    std::cout << nlohmann::json{{"seeds", runs},
                                {"rmse_min", sorted.front().first},
                                {"rmse_median", median},
                                {"rmse_max", sorted.back().first},
                                {"best_seed", sorted.front().second}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "over " << seeds.size() << " seeds, the mean RMSE over folds: min " << sorted.front().first
              << ", median " << median << ", max " << sorted.back().first << "; best seed " << sorted.front().second
              << "\n";
  }
  return kOk;
}

int run_backtest_command(const BacktestFlags& f, const CLI::App& c) {
  const TrainOptions& o = f.train;
  if (!o.input.empty())
    throw ConfigError(
        "rnnwb backtest rolls an origin through a time series (--data); a sequence dataset (--input) has no time "
        "order between its sequences to roll over: use rnnwb train, whose test split holds sequences it never saw");
  check_flag_kinds(o, c);
  if (o.data.empty()) throw ConfigError("--data is required: the CSV series to backtest (or sample:NAME)");
  const BacktestConfig config = backtest_config(f);
  const std::vector<int> units = unit_list(o);
  const CsvOptions csv = csv_options(o.csv, o.time_column, false);
  LoadedData data = load_data_source_with(o.data, csv, series_form(o.series));
  report_ignored(data.table);
  const TrainRequest request = train_request(o, data, units, c.count("--season") > 0);
  TrainingControl control;
  const InterruptibleBacktest interruptible(control);
  if (!f.seeds.empty()) return run_seeds(f, data.table.series, request, config, control);
  const BacktestResult r = run_backtest(data.table.series, request, config, progress_run(f, control));
  throw_if_interrupted("the backtest was stopped; nothing was written");
  print_warnings(r);
  if (f.json)
    std::cout << to_json(r).dump(2) << "\n";
  else
    std::cout << backtest_table(r);
  return kOk;
}

}  // namespace

Command add_backtest_command(CLI::App& root) {
  auto f = std::make_shared<BacktestFlags>();
  CLI::App* c = root.add_subcommand(
      "backtest", "Walk-forward backtest: train on the rows before each of K origins, test on the block after it");
  add_training_flags(c, f->train);
  c->add_option("--folds", f->folds, "Folds (origins): the last K blocks of the data are tested one after another")
      ->capture_default_str()
      ->check(whole_number_in(1, 1000));
  c->add_option("--fold-size", f->fold_size,
                "Test rows per fold (default: the test split's rows divided by the folds, at least the horizon)")
      ->check(whole_number_in(1, 100000000));
  c->add_option("--refit", f->refit,
                "every: each fold trains its own model from the same seed; once: fold 1's model predicts every fold")
      ->capture_default_str()
      ->check(CLI::IsMember({"every", "once"}));
  c->add_option("--gap", f->gap, "Rows skipped between each origin and its test block")
      ->check(whole_number_in(0, 100000000));
  c->add_option("--max-train-rows", f->max_train_rows,
                "A sliding window: each fold trains on the last this many rows before its origin (0 = all of them)")
      ->check(whole_number_in(0, 100000000));
  c->add_option("--closed-loop", f->closed_loop,
                "Also forecast this many steps closed-loop from each origin and report the error by step (every "
                "input feature must be a target)")
      ->check(whole_number_in(0, 100000));
  c->add_option("--jobs", f->jobs, "Folds trained at once (each on threads / jobs threads)")
      ->capture_default_str()
      ->check(whole_number_in(1, 256));
  c->add_option("--seeds", f->seeds, "Backtest once per seed (e.g. 1-5) and report the spread of the RMSE");
  c->add_flag("--json", f->json, "Print the result as JSON (per fold: origin, metrics, baselines, statistics)");
  c->add_flag("--quiet", f->train.quiet, "No progress output");
  return {c, [f, c] { return run_backtest_command(*f, *c); }};
}

}  // namespace rnnwb::cli
