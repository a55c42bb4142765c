// The flags `rnnwb train` and `rnnwb sweep` share, and the requests and settings they make.
#include "train_options.hpp"

#include <iostream>
#include <thread>

#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"
#include "engine/data/column_roles.hpp"
#include "engine/data/log_check.hpp"
#include "engine/data/panel.hpp"
#include "engine/data/time_axis.hpp"
#include "engine/experiments/run_execution.hpp"

namespace rnnwb::cli {

namespace {

void check_columns(const LoadedData& data, const std::vector<std::string>& used) {
  for (const auto& c : used)
    if (data.table.series.find(c) < 0) {
      std::string names;
      const auto& all = data.table.series.names;
      for (std::size_t i = 0; i < all.size() && i < 40; ++i) names += (i ? ", " : "") + quote(all[i]);
      if (all.size() > 40) names += " and " + std::to_string(all.size() - 40) + " more";
      throw ConfigError("no numeric column " + quote(c) + " in " + quote(data.source) + "; its columns are: " + names);
    }
}

// The transforms, window, horizon, split and season (targets and features are set already).
void set_pipeline(const TrainOptions& o, PipelineConfig& p) {
  p.default_transform.log = o.log;
  p.default_transform.diff_lag = o.diff;
  p.default_transform.scaler = parse_scaler(o.scaler);
  p.window = o.window;
  p.horizon = o.horizon;
  p.split = parse_split(o.split);
  p.season = o.season;
}

std::vector<LayerSpec> hidden_layers(const TrainOptions& o, const std::vector<int>& units) {
  const LayerKind cell = parse_layer_kind(o.cell);
  if (!is_recurrent(cell)) throw ConfigError("--cell must be lstm, gru or rnn");
  if (o.dropout < 0 || o.dropout >= 1) throw ConfigError("--dropout must be in [0, 1)");
  std::vector<LayerSpec> layers = recurrent_stack(cell, units, o.dropout);
  for (LayerSpec& l : layers)
    if (is_recurrent(l.kind)) l.bidirectional = o.bidirectional;  // PyTorch's bidirectional=True
  return layers;
}

FitConfig fit_config(const TrainOptions& o) {
  FitConfig f;
  f.epochs = o.epochs;
  f.batch_size = o.batch_size;
  f.seed = o.seed;
  f.threads = o.threads > 0 ? o.threads
                            : int(std::clamp(std::thread::hardware_concurrency(), 1u, unsigned(limits::kMaxThreads)));
  f.loss = {parse_loss(o.loss), o.huber_delta};
  f.optimizer = OptimizerConfig::defaults(parse_optimizer(o.optimizer), o.lr);
  f.schedule.kind = parse_schedule(o.schedule);
  f.clip_norm = o.clip_norm;
  f.patience = o.patience;
  f.interval_levels = parse_interval_levels(o.intervals);
  return f;
}

// "monthly" for the steps that suggest a season.
std::string step_words(const TimeStep& step) {
  switch (step.unit) {
    case TimeUnit::Month:
      return "monthly";
    case TimeUnit::Quarter:
      return "quarterly";
    case TimeUnit::Day:
      return "daily";
    case TimeUnit::Hour:
      return "hourly";
    case TimeUnit::Week:
      return "weekly";
    default:
      return "time";
  }
}

// Without --season: a sample's own season, else the one the time column's step suggests (said on
// stderr, with how to turn it off, unless `quiet`).
int default_season(const LoadedData& data, bool quiet) {
  if (data.season > 0) {
    if (!quiet) std::cerr << "season: " << data.season << " rows (the sample's; --season 0 for none)\n";
    return data.season;
  }
  const TimeAxis axis = read_time_axis(data.table.series);
  const int season = suggest_season(axis.step);
  if (season > 0 && !quiet)
    std::cerr << "season: " << season << " rows (suggested by the " << step_words(axis.step) << " time step of "
              << quote(data.table.series.time_name) << "; --season 0 for none)\n";
  return season;
}

// Flags of one kind of dataset given with the other's input: a usage error naming them.
void refuse_flags(const CLI::App& c, std::initializer_list<const char*> flags, const std::string& why) {
  std::string given;
  for (const char* f : flags)
    if (c.get_option(f)->count() > 0) given += (given.empty() ? "" : ", ") + std::string(f);
  if (!given.empty()) throw ConfigError(given + " " + why);
}

}  // namespace

// The request for train_model; applies the missing-value policy to the loaded table (and says so).
// `season_given`: --season was on the command line (else the suggested season).
TrainRequest train_request(const TrainOptions& o, LoadedData& data, const std::vector<int>& units, bool season_given) {
  TrainRequest r;
  // Wide form: the series' values are the column "value"; a sample has its own target; else the
  // first column that is not a calendar field or an index (said, as it was not asked for).
  std::string target = o.target;
  if (target.empty() && !data.form.columns.empty()) target = kWideValueColumn;
  if (target.empty()) {
    target = default_target(data.table.series, data.default_target);
    if (target.empty()) throw ConfigError("--target is required: name the column(s) to predict");
    if (target != data.default_target)
      std::cerr << "target: " << quote(target)
                << " (the first column that is not a time, calendar or index column; choose another with --target)\n";
  }
  r.pipeline.targets = split_list(target);
  r.pipeline.features = split_list(o.features);
  check_columns(data, used_columns(r.pipeline));
  r.missing = parse_missing_policy(o.missing);
  const std::string note = apply_missing_policy(data.table, r);
  if (!note.empty()) std::cerr << "missing values: " << note << "\n";
  set_pipeline(o, r.pipeline);
  check_log_columns(data.table, log_columns(used_columns(r.pipeline), [&](const std::string& c) {
                      const auto it = r.pipeline.column_transforms.find(c);
                      return it != r.pipeline.column_transforms.end() ? it->second : r.pipeline.default_transform;
                    }));
  if (!season_given) r.pipeline.season = default_season(data, o.quiet);
  apply_series_flags(o.series, r.pipeline);
  r.pipeline.series_columns = data.form.columns;
  r.layers = hidden_layers(o, units);
  r.init = {parse_enum<InitScheme>(o.init), o.seed};
  r.fit = fit_config(o);
  r.data_sha256 = data.sha256;
  r.data_source = data.source;
  r.time_column = data.table.series.time_name;
  return r;
}

void check_flag_kinds(const TrainOptions& o, const CLI::App& c) {
  if (!o.input.empty()) {
    if (!o.data.empty()) throw ConfigError("give --data (a series) or --input (a sequence dataset), not both");
    refuse_flags(
        c,
        {"--window", "--target", "--features", "--time-column", "--horizon", "--season", "--missing", "--log", "--diff",
         "--series-column", "--series-columns", "--split-by", "--scale-per", "--ignore-columns", "--decimal"},
        "only make sense for a series (--data); a sequence dataset (--input) has its own steps and targets "
        "(the horizon is Y's shape; names come from --feature-names and --target-names)");
    if (o.targets.empty() && !is_npz_path(o.input))
      throw ConfigError("--targets Y.npy is required with --input X.npy (or give one .npz holding X and y)");
    return;
  }
  if (o.data.empty()) throw ConfigError("--data FILE.csv (a series) or --input X.npy --targets Y.npy is required");
  refuse_flags(c,
               {"--targets", "--feature-names", "--target-names", "--shuffle-split", "--task", "--class-weights",
                "--class-names"},
               "only make sense for a sequence dataset (--input X.npy --targets Y.npy); a series takes --target, "
               "--features and --split");
  if (o.window == 0) throw ConfigError("--window is required with --data: the input rows per prediction");
}

SequenceTrainRequest sequence_request(const TrainOptions& o, const std::vector<int>& units) {
  SequenceTrainRequest r;
  if (!o.task.empty() && o.task != "auto") r.data.task = parse_enum<SequenceTask>(o.task);
  r.data.class_names = split_list(o.class_names);
  r.data.class_weights = o.class_weights;
  r.data.split = parse_split(o.split);
  r.data.shuffle_split = o.shuffle_split;
  r.data.split_seed = o.seed;
  r.data.feature_scaler = r.data.target_scaler = parse_scaler(o.scaler);
  r.layers = hidden_layers(o, units);
  r.init = {parse_enum<InitScheme>(o.init), o.seed};
  r.fit = fit_config(o);
  return r;
}

// The task: --task, or from Y's dtype (integer labels: classification). A classifier trains with
// cross-entropy (the default --loss mse does not apply to it); a regression loss named for it is refused.
void set_task(const TrainOptions& o, const CLI::App& c, const SequenceDataset& d, SequenceTrainRequest& r) {
  if (o.task.empty() || o.task == "auto") r.data.task = task_of_targets(d);
  if (r.data.task != SequenceTask::Classification) {
    if (!o.class_weights.empty() || !o.class_names.empty())
      throw ConfigError(
          "--class-weights and --class-names are for classification, and this trains a regression (Y holds "
          "floats, or --task regression is given); give --task classification for whole-number labels stored as "
          "floats");
    return;
  }
  if (c.get_option("--loss")->count() > 0 && r.fit.loss.kind != LossKind::CrossEntropy)
    throw ConfigError("--loss " + o.loss +
                      " is a regression loss; a classifier trains with cross_entropy (leave --loss out, or give "
                      "--task regression to regress the labels as numbers)");
  r.fit.loss.kind = LossKind::CrossEntropy;
}

std::vector<int> unit_list(const TrainOptions& o) {
  const std::vector<int> units = int_list(o.units, "--units", 1, limits::kMaxUnits);
  if (units.empty()) throw ConfigError("--units needs at least one layer size, e.g. 64");
  return units;
}

Session settings_from_flags(const TrainOptions& o, const CLI::App& c) {
  check_flag_kinds(o, c);
  const std::vector<int> units = unit_list(o);
  if (!o.input.empty()) {
    check_data_path_text(o.input);
    if (!o.targets.empty()) check_data_path_text(o.targets);
    const SequenceFiles files{o.input, o.targets, split_list(o.feature_names), split_list(o.target_names)};
    const SequenceDataset d = load_sequence_dataset(files);
    SequenceTrainRequest r = sequence_request(o, units);
    set_task(o, c, d, r);
    return run_settings(r, files, d.x_sha256, d.y_sha256);
  }
  check_data_path_text(o.data);
  const CsvOptions csv = csv_options(o.csv, o.time_column, false);
  LoadedData data = load_data_source_with(o.data, csv, series_form(o.series));
  report_ignored(data.table);
  return run_settings(train_request(o, data, units, c.count("--season") > 0), csv, series_form(o.series));
}

void add_training_flags(CLI::App* c, TrainOptions& o) {
  c->add_option("--data", o.data, "CSV file, or sample:NAME (see `rnnwb samples`)");
  c->add_option("--input", o.input,
                "A sequence dataset instead of a series: X.npy of shape (N, T, F), float32 or float64 (a step of "
                "all NaN is padding), with --targets; or one .npz holding X and y");
  c->add_option("--targets", o.targets,
                "With --input X.npy: Y.npy of shape (N, k) or (N, H, k), one row per sequence; integer Y of shape "
                "(N, 1): class labels 0 .. C-1 (classification)");
  c->add_option("--feature-names", o.feature_names, "With --input: the F feature names, comma-separated (x0, x1...)");
  c->add_option("--target-names", o.target_names, "With --input: the k target names, comma-separated (y0, y1...)");
  c->add_flag("--shuffle-split", o.shuffle_split,
              "With --input: assign sequences to training, validation and test at random (from --seed) instead of "
              "in file order");
  c->add_option("--task", o.task,
                "With --input: auto (the default: classification when Y holds integers, else regression), regression "
                "or classification")
      ->check(CLI::IsMember({"auto", "regression", "classification"}));
  c->add_option("--class-weights", o.class_weights,
                "Classification: weigh each class in the cross-entropy loss: balanced (n / (C * count) over the "
                "training sequences) or w0,w1,.. one weight > 0 per class");
  c->add_option("--class-names", o.class_names,
                "Classification: the C class names, comma-separated, for classes 0 .. C-1 (default 0, 1, ..)");
  c->add_option("--target", o.target,
                "Column(s) to predict, comma-separated (required, except for a sample's own and for "
                "--series-columns, whose target is \"value\")");
  c->add_option("--features", o.features, "Input columns, comma-separated (default: the targets)");
  c->add_option("--time-column", o.time_column,
                "Column of time labels, by name or number from 1 (default: detected: the first column when it holds "
                "text or is named like time)");
  add_csv_flags(c, o.csv);
  add_series_flags(c, o.series, SeriesFlagSet::Training);
  c->add_option("--missing", o.missing, "Missing cells: error, interpolate, ffill or drop")->capture_default_str();
  c->add_flag("--log", o.log, "Take the log of every column first (values must be > 0)");
  c->add_option("--diff", o.diff, "Difference with this lag (1 = change from the previous row; 0 = off)")
      ->check(whole_number_in(0, limits::kMaxLag));
  c->add_option("--scaler", o.scaler, "standard, minmax, robust or none (fitted on training rows)")
      ->capture_default_str();
  c->add_option("--window", o.window, "Input rows per prediction (required with --data)")
      ->check(whole_number_in(1, limits::kMaxWindow));
  c->add_option("--horizon", o.horizon, "Rows predicted at once (direct multi-step)")
      ->capture_default_str()
      ->check(whole_number_in(1, limits::kMaxHorizon));
  c->add_option("--season", o.season, "Season length for the seasonal-naive baseline and MASE (0 = none)")
      ->check(whole_number_in(0, limits::kMaxSeason));
  c->add_option("--cell", o.cell, "lstm, gru or rnn")->capture_default_str();
  c->add_option("--units", o.units, "Units per recurrent layer; 64,32 stacks two layers")->capture_default_str();
  c->add_flag("--bidirectional", o.bidirectional,
              "Every recurrent layer reads both directions (PyTorch's bidirectional=True; twice the outputs)");
  c->add_option("--dropout", o.dropout, "Dropout rate after each recurrent layer")->check(number_in(0, 0.99));
  c->add_option("--epochs", o.epochs, "Passes over the training windows")
      ->capture_default_str()
      ->check(whole_number_in(1, limits::kMaxEpochs));
  c->add_option("--batch-size", o.batch_size, "Windows per update")
      ->capture_default_str()
      ->check(whole_number_in(1, limits::kMaxBatch));
  c->add_option("--optimizer", o.optimizer, "adam, adamw, sgd or rmsprop")->capture_default_str();
  c->add_option("--lr", o.lr, "Learning rate")->capture_default_str()->check(number_in(1e-300, 1e300));
  c->add_option("--schedule", o.schedule, "Learning-rate schedule: constant, step, cosine or plateau")
      ->capture_default_str();
  c->add_option("--loss", o.loss,
                "mse, mae or huber; a classifier (--input with class labels) trains with cross_entropy")
      ->capture_default_str();
  c->add_option("--huber-delta", o.huber_delta, "Huber loss threshold")->check(number_in(1e-12, 1e12));
  c->add_option("--patience", o.patience, "Stop after this many epochs without validation improvement (0 = off)")
      ->check(whole_number_in(0, limits::kMaxEpochs));
  c->add_option("--clip-norm", o.clip_norm, "Clip gradients to this global norm (0 = off)")->check(number_in(0, 1e12));
  c->add_option("--intervals", o.intervals,
                "Prediction intervals calibrated on the validation rows after training (split conformal): "
                "coverage levels such as 0.8,0.95, or none")
      ->capture_default_str();
  c->add_option("--split", o.split,
                "Train,validation,test fractions (chronological; by sequence in file order for --input)")
      ->capture_default_str();
  c->add_option("--seed", o.seed, "Seed for weights, shuffling and dropout")->capture_default_str();
  c->add_option("--init", o.init,
                "Weight initialisation: pytorch (the default: uniform in +-1/sqrt(units)) or keras (glorot-uniform "
                "inputs, orthogonal recurrent weights, forget-gate bias 1)")
      ->check(CLI::IsMember({"keras", "pytorch"}));
  c->add_option("--threads", o.threads, "Threads (default: all cores)")->check(whole_number_in(0, limits::kMaxThreads));
}

}  // namespace rnnwb::cli
