// rnnwb export: a model in another format.
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "csv_flags.hpp"
#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"
#include "engine/export/model_export.hpp"
#include "engine/io/model_file.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/prediction_csv.hpp"
#include "interrupt.hpp"
#include "series_flags.hpp"

namespace rnnwb::cli {

namespace {

struct ExportOptions {
  std::string model, format, out, data, missing = "error", time_column;
  long forecast = 0;
  SeriesFlags series;
  CsvFlags csv;
};

int run_export(const ExportOptions& o) {
  std::vector<FlagPath> outputs = {{"--out", o.out}};
  if (o.format == "c") {  // the header beside the .c file is written too
    std::filesystem::path header(o.out);
    header.replace_extension(".h");
    outputs.push_back({"--out's header", header.string()});
  }
  refuse_output_over_input(outputs, {{"--model", o.model}, {"--data", o.data}});
  check_forecast_rows(o.forecast);
  for (const auto& [flag, path] : outputs) check_writable_path(path, "the export");
  TrainedModel m = load_model(o.model);
  throw_if_interrupted();
  if (o.format != "csv") {
    // ONNX and C take bare windows: a per-series model embeds the statistics of the series named.
    export_model(m, parse_export_format(o.format), o.out, o.series.series);  // from what was loaded and checked
  } else {
    if (o.data.empty()) throw ConfigError("--format csv exports predictions: give the series with --data");
    LoadedData data =
        load_data_source_with(o.data, csv_options(o.csv, o.time_column.empty() ? m.time_column : o.time_column, true),
                              series_form(o.series, &m.pipeline));
    report_ignored(data.table);
    const PredictionCsv csv = prediction_csv(m, data.table, data.source, parse_missing_policy(o.missing),
                                             Index(o.forecast), all_threads(), o.series.series);
    if (!csv.missing_note.empty()) std::cerr << "missing values: " << csv.missing_note << "\n";
    if (!csv.series_left_out.empty()) std::cerr << "warning: " << left_out_warning(csv.series_left_out) << "\n";
    throw_if_interrupted();
    write_text(o.out, csv.text);
  }
  std::cerr << "exported " << o.format << " to " << printable(o.out) << "\n";
  return kOk;
}

}  // namespace

Command add_export_command(CLI::App& root) {
  auto o = std::make_shared<ExportOptions>();
  std::vector<std::string> formats;
  std::string help = "One of:";
  for (const ExportFormatInfo& f : export_formats()) {
    formats.push_back(f.name);
    help += std::string("\n  ") + f.name + ": " + f.purpose;
  }
  formats.push_back("csv");
  help += "\n  csv: the predictions over --data (and --forecast rows), as rnnwb predict --data writes them.";
  CLI::App* c = root.add_subcommand("export", "Export a model (safetensors, onnx, c) or its predictions (csv)");
  c->add_option("--model", o->model, "Model file")->required();
  c->add_option("--format", o->format, help)->required()->check(CLI::IsMember(formats));
  c->add_option("--out", o->out, "Output file (for c: the .c file; its .h is written beside it)")->required();
  c->add_option("--data", o->data, "Series for --format csv");
  c->add_option("--forecast", o->forecast, "Closed-loop forecast rows appended to --format csv")
      ->check(whole_number_in(0, limits::kMaxForecastRows));
  c->add_option("--missing", o->missing, "Missing cells in --data: error, interpolate, ffill or drop");
  add_series_flags(c, o->series, SeriesFlagSet::Export);
  c->add_option("--time-column", o->time_column, "Time column of --data (default: the model's)");
  add_csv_flags(c, o->csv);
  return {c, [o] { return run_export(*o); }};
}

}  // namespace rnnwb::cli
