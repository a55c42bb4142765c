// rnnwb predict: original-unit windows from .npy, or one-step predictions over a CSV (plus an
// optional closed-loop forecast beyond its end); for a model trained on sequences, sequences of any
// length (padding allowed) from .npy or .npz.
#include <cmath>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "csv_flags.hpp"
#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"
#include "engine/core/threads.hpp"
#include "engine/data/log_check.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/npy.hpp"
#include "engine/io/sequence_file.hpp"
#include "engine/workflow/mc_dropout.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/prediction_csv.hpp"
#include "engine/workflow/sequence_evaluation.hpp"
#include "interrupt.hpp"
#include "series_flags.hpp"

namespace rnnwb::cli {

namespace {

struct PredictOptions {
  std::string model, input, data, out, missing = "error", time_column;
  std::string intervals;  // a subset of the model's levels ("" = all it holds, "none" = no bands)
  long forecast = 0;
  int mc_dropout = 0;  // passes; 0 = none
  std::uint64_t seed = 0;
  int threads = 0;  // 0 = every core
  SeriesFlags series;
  CsvFlags csv;
};

int threads_of(int requested) { return requested > 0 ? requested : all_threads(); }

// (N, levels, 2, horizon, targets): predicted - and + each level's direct half width.
NpyArray interval_array(const Tensor3<double>& y, const PredictionIntervals& bands) {
  const std::size_t levels = bands.levels.size();
  NpyArray out{{std::size_t(y.batch), levels, 2, std::size_t(y.steps), std::size_t(y.features)}, {}};
  for (Index b = 0; b < y.batch; ++b)
    for (const IntervalLevel& l : bands.levels)
      for (const double sign : {-1.0, 1.0})
        for (Index k = 0; k < y.steps; ++k)
          for (Index t = 0; t < y.features; ++t)
            out.data.push_back(float(y(b, k, t) + sign * l.direct[std::size_t(k)][std::size_t(t)]));
  return out;
}

// The model's levels that --intervals keeps: all (""), none ("none"), or those listed.
void choose_levels(TrainedModel& m, const std::string& flag) {
  if (flag.empty()) return;
  m.intervals = flag == "none" ? PredictionIntervals{} : select_levels(m.intervals, parse_interval_levels(flag));
}

int predict_npy(TrainedModel& m, const PredictOptions& o) {
  m.pipeline = pipeline_for_windows(o.series, m.pipeline);  // a per-series model: that series' statistics
  if (!m.intervals.empty()) {
    refuse_output_over_input({{"the intervals file", o.out + ".intervals.npy"}},
                             {{"--model", o.model}, {"--input", o.input}});
    check_writable_path(o.out + ".intervals.npy", "the prediction intervals");
  }
  const NpyArray x = read_npy(o.input);
  const Pipeline& p = m.pipeline;
  if (x.shape.size() != 3 || x.shape[1] != std::size_t(p.window) || x.shape[2] != p.features.size())
    throw DataError(o.input + " must hold float32 windows of shape (N, " + std::to_string(p.window) + ", " +
                    std::to_string(p.features.size()) + ") in original units for this model");
  Tensor3<double> raw(Index(x.shape[0]), p.window, Index(p.features.size()));
  std::copy(x.data.begin(), x.data.end(), raw.data.begin());
  const Tensor3<double> y = predict_windows(m, raw, threads_of(o.threads));
  NpyArray out{{std::size_t(y.batch), std::size_t(y.steps), std::size_t(y.features)}, {}};
  out.data.assign(y.data.begin(), y.data.end());
  throw_if_interrupted();
  write_npy(o.out, out);
  std::cerr << "wrote " << y.batch << " predictions of shape (" << y.steps << ", " << y.features << ") to "
            << printable(o.out) << "\n";
  if (o.mc_dropout > 0) {
    std::vector<double> levels;  // the conformal ones, to read beside them
    for (const IntervalLevel& l : m.intervals.levels) levels.push_back(l.coverage);
    if (levels.empty()) levels = parse_interval_levels(kDefaultIntervalLevels);
    const SampledBands bands = mc_dropout_bands(m, raw, {}, o.mc_dropout, o.seed, levels);
    NpyArray mc{{std::size_t(y.batch), levels.size(), 2, std::size_t(y.steps), std::size_t(y.features)}, {}};
    for (Index b = 0; b < y.batch; ++b)
      for (std::size_t l = 0; l < levels.size(); ++l)
        for (const Tensor3<double>* side : {&bands.lower[l], &bands.upper[l]})
          for (Index k = 0; k < y.steps; ++k)
            for (Index t = 0; t < y.features; ++t) mc.data.push_back(float((*side)(b, k, t)));
    write_npy(o.out + ".mc_dropout.npy", mc);
    std::cerr << "wrote MC dropout intervals (" << o.mc_dropout << " passes) to " << printable(o.out)
              << ".mc_dropout.npy, laid out as the conformal ones\n";
  }
  if (!m.intervals.empty()) {
    const std::string bands_path = o.out + ".intervals.npy";
    write_npy(bands_path, interval_array(y, m.intervals));
    std::cerr << "wrote their prediction intervals to " << printable(bands_path) << ": shape (" << y.batch << ", "
              << m.intervals.levels.size() << ", 2, " << y.steps << ", " << y.features
              << "): window, level (ascending), lower / upper, horizon step, target\n";
  }
  return kOk;
}

// A sequence model: X (N, T, F) of any T -> Y (N, k), or (N, H, k) when it was trained on such targets.
int predict_sequences_npy(const TrainedModel& m, const PredictOptions& o) {
  if (!o.data.empty())
    throw ConfigError("this model was trained on sequences: give them with --input X.npy, not --data");
  if (o.forecast > 0) throw ConfigError("--forecast continues a series; this model was trained on sequences");
  if (!o.series.series.empty()) throw ConfigError("--series names a series; this model was trained on sequences");
  const SequenceModelInfo& s = *m.sequences;
  const SequenceDataset d = load_sequence_inputs(o.input, s.features);
  const Tensor3<double> y = predict_sequences(m, d.x, threads_of(o.threads));
  const bool classes = s.task == SequenceTask::Classification;  // y is (N, 1, 1 + C): class, probabilities
  NpyArray out{s.y_has_horizon && !classes
                   ? std::vector<std::size_t>{std::size_t(y.batch), std::size_t(y.steps), std::size_t(y.features)}
                   : std::vector<std::size_t>{std::size_t(y.batch), std::size_t(y.features)},
               {}};
  out.data.assign(y.data.begin(), y.data.end());
  throw_if_interrupted();
  write_npy(o.out, out);
  if (classes)
    std::cerr << "wrote class predictions for " << y.batch << " sequences to " << printable(o.out) << ": shape ("
              << y.batch << ", " << y.features << "), column 0 the class (0 .. " << s.classes.count - 1
              << "), columns 1 .. " << s.classes.count << " the probability of each class\n";
  else
    std::cerr << "wrote predictions for " << y.batch << " sequences (" << y.steps << " x " << y.features << " each) to "
              << printable(o.out) << "\n";
  return kOk;
}

int run_predict(const PredictOptions& o) {
  if (o.input.empty() == o.data.empty())
    throw ConfigError("give either --input X.npy (windows) or --data FILE.csv (a series), not both");
  refuse_output_over_input({{"--out", o.out}}, {{"--model", o.model}, {"--input", o.input}, {"--data", o.data}});
  check_forecast_rows(o.forecast);
  check_writable_path(o.out, "the predictions");
  TrainedModel m = load_model(o.model);
  choose_levels(m, o.intervals);
  if (o.mc_dropout > 0) {
    check_mc_dropout(m, o.mc_dropout);
    if (o.input.empty() || m.is_sequence_model())
      throw ConfigError(
          "--mc-dropout with predict writes <out>.mc_dropout.npy for windows given with --input; for a series, "
          "`rnnwb evaluate --mc-dropout N` reports its coverage beside the conformal intervals'");
  }
  if (m.is_sequence_model()) return predict_sequences_npy(m, o);
  if (!o.input.empty()) {
    if (o.forecast > 0) throw ConfigError("--forecast needs --data (it continues a series)");
    return predict_npy(m, o);
  }
  LoadedData data =
      load_data_source_with(o.data, csv_options(o.csv, o.time_column.empty() ? m.time_column : o.time_column, true),
                            series_form(o.series, &m.pipeline));
  report_ignored(data.table);
  check_log_transforms(data.table, m.pipeline.transforms);
  m.pipeline = pipeline_for_data(o.series, m.pipeline);
  const PredictionCsv csv = prediction_csv(m, data.table, data.source, parse_missing_policy(o.missing),
                                           Index(o.forecast), threads_of(o.threads), o.series.series);
  if (!csv.missing_note.empty()) std::cerr << "missing values: " << csv.missing_note << "\n";
  if (!csv.series_left_out.empty()) std::cerr << "warning: " << left_out_warning(csv.series_left_out) << "\n";
  throw_if_interrupted();
  write_text(o.out, csv.text);
  std::cerr << "wrote predictions to " << printable(o.out) << "\n";
  return kOk;
}

}  // namespace

Command add_predict_command(CLI::App& root) {
  auto o = std::make_shared<PredictOptions>();
  CLI::App* c = root.add_subcommand("predict", "Predict with a trained model");
  c->add_option("--model", o->model, "Model file")->required();
  c->add_option("--input", o->input,
                ".npy float32 (N, window, features) in original units -> --out .npy; for a model trained on "
                "sequences, X.npy (or .npz) of shape (N, T, F), any T, padding allowed -> --out Y.npy; for a "
                "classifier Y.npy is (N, 1 + C) float32: the class, then the probability of each of the C classes");
  c->add_option("--data", o->data, "CSV series (or sample:NAME) -> --out .csv of one-step predictions");
  c->add_option("--out", o->out, "Output file")->required();
  c->add_option("--forecast", o->forecast, "Append a closed-loop forecast of this many rows (with --data)")
      ->check(whole_number_in(0, limits::kMaxForecastRows));
  c->add_option("--intervals", o->intervals,
                "Prediction intervals to write, of those the model holds (default: all; none: no bands). With "
                "--data, columns <target>_lower_80, <target>_upper_80 (then _h2 ... for later horizon steps; "
                "forecast rows use the closed-loop fan's widths, blank beyond the steps it was calibrated for); "
                "with --input, a second file <out>.intervals.npy of shape (N, levels, 2, horizon, targets)");
  c->add_option("--mc-dropout", o->mc_dropout,
                "With --input and a model with dropout layers: also Monte Carlo dropout intervals from this many "
                "passes with dropout active, at the model's levels, to <out>.mc_dropout.npy (the layout of "
                "<out>.intervals.npy)")
      ->check(whole_number_in(0, kMaxMcDropoutPasses));
  c->add_option("--seed", o->seed, "Seed of the MC dropout masks")->capture_default_str();
  c->add_option("--missing", o->missing, "Missing cells in --data: error, interpolate, ffill or drop");
  c->add_option("--time-column", o->time_column, "Time column of --data (default: the model's)");
  add_series_flags(c, o->series, SeriesFlagSet::Data);
  add_csv_flags(c, o->csv);
  c->add_option("--threads", o->threads, "Threads (default: all cores)")
      ->check(whole_number_in(0, limits::kMaxThreads));
  return {c, [o] { return run_predict(*o); }};
}

}  // namespace rnnwb::cli
