// rnnwb evaluate: a trained model's metrics on a series, beside the baselines; for a model trained
// on sequences, on a sequence dataset (--input X.npy --targets Y.npy, or --input data.npz).
#include <iostream>

#include "cli_wording.hpp"
#include "commands.hpp"
#include "csv_flags.hpp"
#include "diagnostics_text.hpp"
#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"
#include "engine/core/threads.hpp"
#include "engine/data/log_check.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/sequence_file.hpp"
#include "engine/workflow/mc_dropout.hpp"
#include "engine/workflow/residual_report.hpp"
#include "engine/workflow/sequence_evaluation.hpp"
#include "interrupt.hpp"
#include "series_flags.hpp"

namespace rnnwb::cli {

namespace {

struct EvaluateOptions {
  std::string model, data, metrics_json, missing = "error", time_column, input, targets;
  int threads = 0;                         // 0 = every core
  bool diagnostics = false, json = false;  // --diagnostics: residual report; --json: one JSON document on stdout
  int acf_lags = 0, steps_ahead = 0;       // 0: the report's defaults
  int mc_dropout = 0;                      // passes; 0 = none
  std::uint64_t seed = 0;
  SeriesFlags series;
  CsvFlags csv;
};

void write_metrics(const EvaluateOptions& o, const TrainedModel& m, const Evaluation& e,
                   const std::vector<IntervalCoverage>& mc = {}) {
  if (o.metrics_json.empty()) return;
  nlohmann::json j = to_json(e);
  if (!mc.empty()) j["mc_dropout_intervals"] = intervals_json(mc, "mc_dropout");
  j["epochs_run"] = m.history.size();
  j["best_epoch"] = m.best_epoch;
  throw_if_interrupted();
  write_text(o.metrics_json, j.dump(2) + "\n");
}

int evaluate_sequences_cli(const EvaluateOptions& o, const TrainedModel& m) {
  if (o.input.empty() || !o.data.empty())
    throw ConfigError(
        "this model was trained on sequences: give them with --input X.npy --targets Y.npy (or "
        "--input data.npz), not --data");
  const SequenceModelInfo& s = *m.sequences;
  const SequenceDataset d = load_sequence_dataset({o.input, o.targets, {}, {}});
  const bool same = d.x_sha256 == s.x_sha256 && d.y_sha256 == s.y_sha256;
  if (o.diagnostics)
    throw ConfigError("--diagnostics is for models trained on a series; this one was trained on sequences");
  std::cout << (same ? "data: the same sequences the model was trained on\n"
                     : "data: NOT the sequences the model was trained on (different SHA-256); splits are cut by "
                       "the model's fractions of these\n");
  const Evaluation e = evaluate_sequence_model(m, d, o.threads > 0 ? o.threads : all_threads());
  std::cout << metrics_table(e);
  write_metrics(o, m, e);
  return kOk;
}

int run_evaluate(const EvaluateOptions& o) {
  refuse_output_over_input({{"--metrics-json", o.metrics_json}},
                           {{"--model", o.model}, {"--data", o.data}, {"--input", o.input}, {"--targets", o.targets}});
  if (!o.metrics_json.empty()) check_writable_path(o.metrics_json, "the metrics file");
  TrainedModel m = load_model(o.model);
  if (o.mc_dropout > 0) check_mc_dropout(m, o.mc_dropout);
  if (m.is_sequence_model()) {
    if (o.mc_dropout > 0) throw ConfigError("--mc-dropout is for models trained on a series");
    return evaluate_sequences_cli(o, m);
  }
  if (o.data.empty() || !o.input.empty() || !o.targets.empty())
    throw ConfigError(
        "this model was trained on a series: give it with --data FILE.csv (--input and --targets are "
        "for models trained on sequences)");
  LoadedData data =
      load_data_source_with(o.data, csv_options(o.csv, o.time_column.empty() ? m.time_column : o.time_column, true),
                            series_form(o.series, &m.pipeline));
  report_ignored(data.table);
  check_log_transforms(data.table, m.pipeline.transforms);
  m.pipeline = pipeline_for_data(o.series, m.pipeline);
  std::vector<std::string> used = m.pipeline.features;
  for (const auto& t : m.pipeline.targets)
    if (std::find(used.begin(), used.end(), t) == used.end()) used.push_back(t);
  for (const auto& c : used)
    if (data.table.series.find(c) < 0)
      throw DataError(quote(data.source) + " has no column " + quote(c) + " that the model needs");
  const std::string note = apply_missing_policy(data.table, parse_missing_policy(o.missing), used);
  if (!note.empty()) std::cerr << "missing values: " << note << "\n";
  std::ostream& notes = o.json ? std::cerr : std::cout;  // --json: stdout holds the JSON alone
  if (!m.data_sha256.empty())
    notes << (m.data_sha256 == data.sha256 ? "data: the same file the model was trained on\n"
                                           : "data: NOT the file the model was trained on (different SHA-256); "
                                             "splits are cut by the model's fractions of this file\n");
  const int threads = o.threads > 0 ? o.threads : all_threads();
  const Evaluation e = evaluate_model(m, data.table.series, threads);
  std::vector<IntervalCoverage> mc;
  if (o.mc_dropout > 0) {
    std::vector<double> levels;  // the conformal ones, to read beside them
    for (const IntervalLevel& l : m.intervals.levels) levels.push_back(l.coverage);
    if (levels.empty()) levels = parse_interval_levels(kDefaultIntervalLevels);
    mc = mc_dropout_coverage(m, data.table.series, o.mc_dropout, o.seed, levels);
  }
  write_metrics(o, m, e, mc);
  nlohmann::json j = {{"metrics", to_json(e)}};
  if (!mc.empty()) j["mc_dropout_intervals"] = intervals_json(mc, "mc_dropout");
  if (!o.json) {
    std::cout << metrics_table(e);
    if (!mc.empty()) std::cout << "\n" << interval_lines(mc, "MC dropout, " + std::to_string(o.mc_dropout) + " passes");
  }
  if (o.diagnostics) {
    const ResidualReport r = residual_report(m, data.table.series, {o.acf_lags, o.steps_ahead, 10, threads});
    if (o.json)
      j["diagnostics"] = to_json(r, cli_hint);
    else
      std::cout << "\n" << diagnostics_text(r);
  }
  if (o.json) std::cout << j.dump(2) << "\n";
  return kOk;
}

}  // namespace

Command add_evaluate_command(CLI::App& root) {
  auto o = std::make_shared<EvaluateOptions>();
  CLI::App* c =
      root.add_subcommand("evaluate", "Metrics of a trained model on a series or sequences, beside the baselines");
  c->add_option("--model", o->model, "Model file")->required();
  c->add_option("--data", o->data, "CSV series, or sample:NAME");
  c->add_option("--input", o->input, "For a model trained on sequences: X.npy (N, T, F), or one .npz holding X and y");
  c->add_option("--targets", o->targets, "With --input X.npy: Y.npy (N, k) or (N, H, k)");
  c->add_option("--metrics-json", o->metrics_json, "Write the metrics as JSON here");
  c->add_option("--missing", o->missing, "Missing cells: error, interpolate, ffill or drop");
  c->add_option("--time-column", o->time_column, "Time column (default: the model's)");
  c->add_flag("--diagnostics", o->diagnostics,
              "Residual diagnostics of the test rows: autocorrelation with its band, Ljung-Box, histogram, "
              "largest errors, closed-loop error by step ahead");
  c->add_flag("--json", o->json,
              "Print one JSON document (metrics, and diagnostics with --diagnostics) instead of text");
  c->add_option("--acf-lags", o->acf_lags,
                "With --diagnostics: lags of the autocorrelation (default 2 x season, else 24)")
      ->check(whole_number_in(1, 10000));
  c->add_option("--steps-ahead", o->steps_ahead,
                "With --diagnostics: closed-loop steps ahead (default min(24, half the test rows))")
      ->check(whole_number_in(1, limits::kMaxForecastRows));
  add_series_flags(c, o->series, SeriesFlagSet::Data);
  add_csv_flags(c, o->csv);
  c->add_option("--mc-dropout", o->mc_dropout,
                "Also Monte Carlo dropout intervals from this many passes with dropout active (a model with "
                "dropout layers), their coverage on the test rows beside the conformal ones")
      ->check(whole_number_in(0, kMaxMcDropoutPasses));
  c->add_option("--seed", o->seed, "Seed of the MC dropout masks")->capture_default_str();
  c->add_option("--threads", o->threads, "Threads (default: all cores)")
      ->check(whole_number_in(0, limits::kMaxThreads));
  return {c, [o] { return run_evaluate(*o); }};
}

}  // namespace rnnwb::cli
