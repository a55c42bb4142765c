// rnnwb evaluate: a trained model's metrics on a series, beside the baselines.
#include <iostream>

#include "commands.hpp"
#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"
#include "engine/core/threads.hpp"
#include "engine/io/model_file.hpp"
#include "interrupt.hpp"
#include "series_flags.hpp"

namespace rnnwb::cli {

namespace {

struct EvaluateOptions {
  std::string model, data, metrics_json, missing = "error", time_column;
  int threads = 0;  // 0 = every core
  SeriesFlags series;
};

int run_evaluate(const EvaluateOptions& o) {
  refuse_output_over_input({{"--metrics-json", o.metrics_json}}, {{"--model", o.model}, {"--data", o.data}});
  if (!o.metrics_json.empty()) check_writable_path(o.metrics_json, "the metrics file");
  TrainedModel m = load_model(o.model);
  LoadedData data = load_data_source(o.data, o.time_column.empty() ? m.time_column : o.time_column,
                                     series_form(o.series, &m.pipeline));
  m.pipeline = pipeline_for_data(o.series, m.pipeline);
  std::vector<std::string> used = m.pipeline.features;
  for (const auto& t : m.pipeline.targets)
    if (std::find(used.begin(), used.end(), t) == used.end()) used.push_back(t);
  for (const auto& c : used)
    if (data.table.series.find(c) < 0)
      throw DataError(quote(data.source) + " has no column " + quote(c) + " that the model needs");
  const std::string note = apply_missing_policy(data.table, parse_missing_policy(o.missing), used);
  if (!note.empty()) std::cerr << "missing values: " << note << "\n";
  if (!m.data_sha256.empty())
    std::cout << (m.data_sha256 == data.sha256 ? "data: the same file the model was trained on\n"
                                               : "data: NOT the file the model was trained on (different SHA-256); "
                                                 "splits are cut by the model's fractions of this file\n");
  const Evaluation e = evaluate_model(m, data.table.series, o.threads > 0 ? o.threads : all_threads());
  std::cout << metrics_table(e);
  if (!o.metrics_json.empty()) {
    nlohmann::json j = to_json(e);
    j["epochs_run"] = m.history.size();
    j["best_epoch"] = m.best_epoch;
    throw_if_interrupted();
    write_text(o.metrics_json, j.dump(2) + "\n");
  }
  return kOk;
}

}  // namespace

Command add_evaluate_command(CLI::App& root) {
  auto o = std::make_shared<EvaluateOptions>();
  CLI::App* c = root.add_subcommand("evaluate", "Metrics of a trained model on a series, beside the baselines");
  c->add_option("--model", o->model, "Model file")->required();
  c->add_option("--data", o->data, "CSV series, or sample:NAME")->required();
  c->add_option("--metrics-json", o->metrics_json, "Write the metrics as JSON here");
  c->add_option("--missing", o->missing, "Missing cells: error, interpolate, ffill or drop");
  c->add_option("--time-column", o->time_column, "Time column (default: the model's)");
  add_series_flags(c, o->series, SeriesFlagSet::Data);
  c->add_option("--threads", o->threads, "Threads (default: all cores)")
      ->check(whole_number_in(0, limits::kMaxThreads));
  return {c, [o] { return run_evaluate(*o); }};
}

}  // namespace rnnwb::cli
