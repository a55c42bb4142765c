// rnnwb train: a CSV series, or a sequence dataset (--input X.npy --targets Y.npy, or --input data.npz),
// in; a trained model file out, with metrics against the baselines.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "app/cli/cli_wording.hpp"
#include "commands.hpp"
#include "csv_flags.hpp"
#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/seed_list.hpp"
#include "engine/core/text.hpp"
#include "engine/data/column_roles.hpp"
#include "engine/data/log_check.hpp"
#include "engine/data/panel.hpp"
#include "engine/data/time_axis.hpp"
#include "engine/experiments/run_execution.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/sequence_file.hpp"
#include "engine/workflow/checkpoint.hpp"
#include "engine/workflow/history_csv.hpp"
#include "engine/workflow/seed_spread.hpp"
#include "engine/workflow/sequence_training.hpp"
#include "engine/workflow/training.hpp"
#include "interrupt.hpp"
#include "progress_printer.hpp"
#include "run_recorder.hpp"
#include "seed_spread_text.hpp"
#include "series_flags.hpp"
#include "train_options.hpp"

namespace rnnwb::cli {

namespace {

// Nothing may be written over the data, nor one output over another; and a training must not be
// lost to an output that cannot be written at the end.
void check_outputs(const TrainOptions& o) {
  refuse_output_over_input({{"--out", o.out},
                            {"--metrics-json", o.metrics_json},
                            {"--history-csv", o.history_csv},
                            {"--checkpoint", o.checkpoint}},
                           {{"--data", o.data},
                            {"--input", o.input},
                            {"--targets", o.targets},
                            {"the runs index", o.runs.empty() ? "" : o.runs + "/runs.jsonl"}});
  if (!o.checkpoint.empty()) check_checkpoint_path(o.checkpoint);
  if (!o.seeds.empty())
    parse_seed_list(o.seeds);  // a bad list fails before any training  // fail now, not after the first epoch
  if (o.out.empty() && o.runs.empty())
    throw ConfigError(
        "--out FILE.safetensors is required (or --runs DIR, to keep the run and its model in a runs "
        "folder)");
  if (!o.out.empty()) check_writable_path(o.out, "the model file");
  if (!o.metrics_json.empty()) check_writable_path(o.metrics_json, "the metrics file");
  if (!o.history_csv.empty()) check_writable_path(o.history_csv, "the history file");
}

// While it lives, a signal stops the training (and a throw cannot leave a dangling control set).
struct InterruptibleTraining {
  explicit InterruptibleTraining(TrainingControl& control) { set_interruptible_training(&control); }
  ~InterruptibleTraining() { set_interruptible_training(nullptr); }
  InterruptibleTraining(const InterruptibleTraining&) = delete;
  InterruptibleTraining& operator=(const InterruptibleTraining&) = delete;
};

// Progress on the terminal, Ctrl-C stops at the next batch, checkpoints with --checkpoint. The
// checkpoint is kept until the model file is written: a training stopped by a signal leaves it.
TrainingRun training_run(const TrainOptions& o, TrainingObserver& observer, TrainingControl& control) {
  TrainingRun run;
  run.observe = [&observer](PreparedTraining&) -> TrainingObserver* { return &observer; };
  run.control = &control;
  if (!o.checkpoint.empty()) {
    run.checkpoint = {o.checkpoint, o.checkpoint_every, {{"writer", "rnnwb train"}}};
    run.on_checkpoint_error = [reported = std::set<std::string>()](const std::string& error) mutable {
      if (reported.insert(error).second) std::cerr << "\nwarning: checkpoint not updated: " << error << "\n";
    };
  }
  run.caller_removes_checkpoint = true;
  run.after_fit = [&o](const FitResult& result, const Checkpointer* checkpointer) {
    set_interruptible_training(nullptr);
    if (interrupt_signal() == 0) return;
    // Stopped by a signal: nothing is saved; a checkpoint written so far stays for recovery.
    throw_if_interrupted(checkpointer && checkpointer->writes() > 0
                             ? "training stopped after " + std::to_string(result.epochs_run) +
                                   " epochs; the best weights so far are in the checkpoint " + o.checkpoint
                             : "training stopped after " + std::to_string(result.epochs_run) +
                                   " epochs; no model was written");
  };
  return run;
}

void remove_checkpoint(const TrainOutcome& out) {
  if (!out.checkpointer) return;
  if (const std::string error = out.checkpointer->remove(); !error.empty()) std::cerr << "warning: " << error << "\n";
}

void save_trained(const TrainOptions& o, const TrainOutcome& out) {
  throw_if_interrupted("training had finished, but no model was written");
  if (o.out.empty()) {  // --runs alone: the runs folder holds the model
    remove_checkpoint(out);
    return;
  }
  try {
    save_model(o.out, out.trained);
  } catch (const FileError& e) {
    if (out.checkpointer && out.checkpointer->writes() > 0)
      throw FileError(Message(e.message) << "; the best weights so far are still in the checkpoint " + o.checkpoint);
    throw;
  }
  remove_checkpoint(out);  // the --out file is the result now
  std::cout << "model saved to " << printable(o.out) << "\n";
  if (!o.metrics_json.empty()) {
    throw_if_interrupted("the model was written to " + o.out + ", the metrics were not");
    write_text(o.metrics_json, out.trained.metrics.dump(2) + "\n");
  }
  if (!o.history_csv.empty()) {
    throw_if_interrupted("the model was written to " + o.out + ", the history was not");
    write_text(o.history_csv, history_csv(out.trained.history));
  }
}

// One training of the given seed, recorded in the runs folder when there is one.
using TrainSeed = std::function<TrainOutcome(std::uint64_t seed, ProgressPrinter&)>;

SeedOutcome seed_outcome(std::uint64_t seed, const TrainOutcome& out) {
  return rnnwb::seed_outcome(seed, out.fit.best_loss, out.trained.metrics);
}

// --seeds: each seed trained in turn, the spread printed, the run with the lowest validation loss
// returned (and so saved). A diverged seed counts as a run that lost.
TrainOutcome train_seeds(const TrainOptions& o, const TrainSeed& train_one) {
  const std::vector<std::uint64_t> seeds = parse_seed_list(o.seeds);
  std::vector<SeedOutcome> outcomes;
  std::optional<TrainOutcome> best;
  for (std::uint64_t seed : seeds) {
    if (!o.quiet) std::cerr << "seed " << seed << " (" << outcomes.size() + 1 << " of " << seeds.size() << ")\n";
    ProgressPrinter progress(o.epochs, isatty(STDERR_FILENO) != 0);
    TrainOutcome out = train_one(seed, progress);
    SeedOutcome s = seed_outcome(seed, out);
    if (out.fit.status == FitStatus::Diverged) s.validation_loss = s.test_rmse = INFINITY;
    outcomes.push_back(s);
    if (!best || s.validation_loss < seed_outcome(best->trained.init_seed, *best).validation_loss) {
      if (best) remove_checkpoint(*best);
      best = std::move(out);
    } else {
      remove_checkpoint(out);
    }
  }
  const SeedSpread spread = seed_spread(outcomes);
  std::cout << seed_spread_table(spread) << "\n";
  return std::move(*best);
}

TrainOutcome train_once_or_seeds(const TrainOptions& o, std::uint64_t seed, const TrainSeed& train_one) {
  if (!o.seeds.empty()) return train_seeds(o, train_one);
  ProgressPrinter progress(o.epochs, isatty(STDERR_FILENO) != 0);
  return train_one(seed, progress);
}

int run_train_sequences(const TrainOptions& o, const CLI::App& c, const std::vector<int>& units) {
  SequenceTrainRequest r = sequence_request(o, units);
  check_data_path_text(o.input);
  if (!o.targets.empty()) check_data_path_text(o.targets);
  const SequenceFiles files{o.input, o.targets, split_list(o.feature_names), split_list(o.target_names)};
  const SequenceDataset d = load_sequence_dataset(files);
  set_task(o, c, d, r);
  const auto [shortest, longest] = valid_length_range(d);
  std::cerr << "data: " << d.size() << " sequences of " << d.x.steps << " steps (valid lengths " << shortest << " to "
            << longest << ") x " << d.x.features << " features; "
            << (r.data.task == SequenceTask::Classification
                    ? std::string("class labels (classification)")
                    : "targets (" + std::to_string(d.horizon()) + " x " + std::to_string(d.y.features) + ")")
            << "\n";
  throw_if_interrupted();
  TrainingControl control;
  const InterruptibleTraining interruptible(control);
  const TrainSeed train_one = [&](std::uint64_t seed, ProgressPrinter& progress) {
    SequenceTrainRequest seeded = r;
    seeded.init.seed = seeded.fit.seed = seed;
    RunRecorder recorder(o.runs, o.quiet ? nullptr : &progress);
    SequenceTrainingRun run{training_run(o, recorder, control), {}};
    run.observe = [&recorder](PreparedSequenceTraining&) -> TrainingObserver* { return &recorder; };
    TrainOutcome out = train_sequence_model(d, seeded, run);
    for (const auto& w : out.warnings) std::cerr << "warning: " << cli_words(w) << "\n";
    recorder.record(run_settings(seeded, files, d.x_sha256, d.y_sha256), out);
    return out;
  };
  const TrainOutcome out = train_once_or_seeds(o, r.fit.seed, train_one);
  if (out.fit.status == FitStatus::Diverged) {
    remove_checkpoint(out);
    std::cerr << "rnnwb: " << out.fit.message << "\n";
    return kDiverged;
  }
  std::cout << out.trained.model.summary(longest) << "\n"
            << "training " << out.fit.message << "\n\n"
            << metrics_table(out.evaluation);
  save_trained(o, out);
  return kOk;
}

int run_train(const TrainOptions& o, const CLI::App& c) {
  check_flag_kinds(o, c);
  check_outputs(o);
  const std::vector<int> units = unit_list(o);
  if (!o.input.empty()) return run_train_sequences(o, c, units);
  check_data_path_text(o.data);  // before reading a file that could not be recorded anyway
  const CsvOptions csv = csv_options(o.csv, o.time_column, false);
  LoadedData data = load_data_source_with(o.data, csv, series_form(o.series));
  report_ignored(data.table);
  if (data.table.series.is_panel()) std::cerr << "data: " << describe_series(data.table.series) << "\n";
  throw_if_interrupted();
  const TrainRequest r = train_request(o, data, units, c.count("--season") > 0);

  TrainingControl control;
  const InterruptibleTraining interruptible(control);
  const TrainSeed train_one = [&](std::uint64_t seed, ProgressPrinter& progress) {
    TrainRequest seeded = r;
    seeded.init.seed = seeded.fit.seed = seed;
    RunRecorder recorder(o.runs, o.quiet ? nullptr : &progress);
    TrainOutcome out = train_model(data.table.series, seeded, training_run(o, recorder, control));
    for (const auto& w : out.warnings) std::cerr << "warning: " << cli_words(w) << "\n";
    recorder.record(run_settings(seeded, csv, series_form(o.series)), out);
    return out;
  };
  const TrainOutcome out = train_once_or_seeds(o, r.fit.seed, train_one);
  if (out.fit.status == FitStatus::Diverged) {
    remove_checkpoint(out);  // training ended under our control: the checkpoint only survives a crash
    std::cerr << "rnnwb: " << out.fit.message << "\n";
    return kDiverged;
  }
  std::cout << out.trained.model.summary(out.trained.pipeline.model_steps()) << "\n"
            << "training " << out.fit.message << "\n\n"
            << metrics_table(out.evaluation);
  save_trained(o, out);
  return kOk;
}

}  // namespace

Command add_train_command(CLI::App& root) {
  auto o = std::make_shared<TrainOptions>();
  CLI::App* c = root.add_subcommand("train", "Train a recurrent network on a CSV series or a sequence dataset");
  add_training_flags(c, *o);
  c->add_option("--out", o->out, "Model file to write (.safetensors; optional with --runs)");
  c->add_option("--runs", o->runs,
                "Also keep the run in this runs folder (created when missing): its settings, loss curves, metrics "
                "and model, for `rnnwb runs` and `rnnwb replay`");
  c->add_option("--metrics-json", o->metrics_json, "Write the metrics as JSON here");
  c->add_option("--history-csv", o->history_csv, "Write the loss history as CSV here");
  c->add_option("--checkpoint", o->checkpoint,
                "Crash recovery: during training, write the best weights and the loss history so far to this "
                "file (a model file marked as a recovery file; `rnnwb inspect` and `rnnwb predict` read it). "
                "It is written atomically and removed when training ends, so only a crash or a kill leaves it");
  c->add_option("--checkpoint-every", o->checkpoint_every,
                "Write the checkpoint at most every this many seconds (0 = after every epoch)")
      ->capture_default_str()
      ->check(number_in(0, 1e9));
  c->add_option("--seeds", o->seeds,
                "Multi-seed check: train once per seed (1-5, or 1,4,9), print the spread of the test RMSE, and "
                "keep the run with the lowest validation loss (every run goes to --runs when given)")
      ->excludes(c->get_option("--seed"));
  c->add_flag("--quiet", o->quiet, "No progress output (nor the note of the season chosen for you)");
  return {c, [o, c] { return run_train(*o, *c); }};
}

}  // namespace rnnwb::cli
