// rnnwb export: a model in another format.
#include <filesystem>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "csv_flags.hpp"
#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"
#include "engine/export/model_export.hpp"
#include "engine/export/pytorch_script.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/sequence_file.hpp"
#include "engine/io/session_file.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/prediction_csv.hpp"
#include "engine/workflow/restore.hpp"
#include "interrupt.hpp"
#include "series_flags.hpp"

namespace rnnwb::cli {

namespace {

struct ExportOptions {
  std::string model, session, format, out, data, missing, time_column;  // missing: empty = the model's
  bool resume = false;
  long forecast = 0;
  SeriesFlags series;
  CsvFlags csv;
};

// A model file records its data path as it was given to the training: relative to where that ran,
// which is often the model's own folder. The first of the two that exists; neither: --data is needed.
std::string located_data(const std::string& recorded, const std::string& model_path) {
  if (recorded.empty() || recorded.starts_with("sample:") || std::filesystem::path(recorded).is_absolute())
    return recorded;
  const std::string beside_model = resolve_data_source(recorded, model_path);
  for (const std::string& candidate : {beside_model, recorded})
    if (std::filesystem::exists(candidate)) return candidate;
  throw DataError("the model's data " + printable(recorded) + " is neither beside the model (" +
                  printable(beside_model) + ") nor in the current folder: give the data to train on with --data");
}

// The settings a PyTorch project trains with: a session's, or those a model was trained with
// (its CSV reading and missing-value policy from the flags, which a model file does not record);
// --data names other data of the same form.
Session script_settings(const ExportOptions& o, const TrainedModel* m) {
  Session s;
  if (!o.session.empty()) {
    s = load_session(o.session);
  } else {
    s = session_of(*m, o.missing.empty() ? m->missing : parse_missing_policy(o.missing));
    s.csv = csv_options(o.csv, o.time_column.empty() ? m->time_column : o.time_column, true);
    if (o.data.empty() && s.sequences) {
      s.sequences->files.x_path = located_data(s.sequences->files.x_path, o.model);
      s.sequences->files.y_path = located_data(s.sequences->files.y_path, o.model);
      s.data_source = s.sequences->files.x_path;
    } else if (o.data.empty()) {
      s.data_source = located_data(s.data_source, o.model);
    }
  }
  if (!o.data.empty()) {
    if (s.sequences) {
      // A new X alone would be paired with the model's old Y: the targets come with it, in one .npz.
      if (!is_npz_path(o.data))
        throw ConfigError("--data " + printable(o.data) +
                          ": other sequences need their targets with them: give an .npz holding both "
                          "(np.savez(path, X=X, y=y))");
      s.sequences->files.x_path = o.data;
      s.sequences->files.y_path.clear();
      s.sequences->x_sha256.clear();
      s.sequences->y_sha256.clear();
    }
    s.data_source = o.data;
    s.data_sha256.clear();  // other data: nothing to compare it with
  }
  return s;
}

int run_pytorch_script(const ExportOptions& o) {
  if (o.model.empty() == o.session.empty())
    throw ConfigError(
        "--format pytorch-script exports the settings of a model (--model M) or of a saved "
        "session (--session S): give one of them");
  refuse_output_over_input({{"--out", o.out}}, {{"--model", o.model}, {"--session", o.session}, {"--data", o.data}});
  std::optional<TrainedModel> model;
  if (!o.model.empty()) model = load_model(o.model);
  const Session settings = script_settings(o, model ? &*model : nullptr);
  const TrainedModel* resume = nullptr;
  if (o.resume) {
    if (model)
      resume = &*model;
    else if (settings.trained)
      resume = &*settings.trained;
    else
      throw ConfigError("--resume continues from trained weights, but the session " + printable(o.session) +
                        " holds no trained model; train it first, or export without --resume");
  }
  throw_if_interrupted();
  export_pytorch_script(settings, o.out, resume);
  std::cerr << "exported a PyTorch training project to " << printable(o.out)
            << (resume ? " (resuming from the model's weights)" : "") << "\n  run it: cd " << printable(o.out)
            << " && python3 train.py   (several processes or machines: torchrun, as its README.md says)\n"
            << "  then:   rnnwb evaluate --model " << printable(o.out) << "/model.safetensors --data ...\n";
  return kOk;
}

int run_export(const ExportOptions& o) {
  if (o.format == "pytorch-script") return run_pytorch_script(o);
  if (o.model.empty()) throw ConfigError("--model is required for --format " + o.format);
  if (o.resume || !o.session.empty()) throw ConfigError("--resume and --session belong to --format pytorch-script");
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
    const PredictionCsv csv =
        prediction_csv(m, data.table, data.source, o.missing.empty() ? m.missing : parse_missing_policy(o.missing),
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
  formats.push_back("pytorch-script");
  help +=
      "\n  pytorch-script: a Python project (train.py, pipeline.py, config.json, README.md) that trains the same "
      "network on the same data with PyTorch, alone or under torchrun (DistributedDataParallel); --out is its folder.";
  CLI::App* c = root.add_subcommand(
      "export", "Export a model (safetensors, onnx, c), its predictions (csv) or its training (pytorch-script)");
  c->add_option("--model", o->model, "Model file (required but for pytorch-script from a --session)");
  c->add_option("--session", o->session,
                "pytorch-script: a saved workbench session whose settings the project trains with");
  c->add_flag("--resume", o->resume,
              "pytorch-script: continue from the model's weights and fitted statistics instead of a fresh start");
  c->add_option("--format", o->format, help)->required()->check(CLI::IsMember(formats));
  c->add_option("--out", o->out,
                "Output file (for c: the .c file; its .h is written beside it; for pytorch-script: a new folder)")
      ->required();
  c->add_option("--data", o->data,
                "Series for --format csv; for pytorch-script, data to train on instead of the model's");
  c->add_option("--forecast", o->forecast, "Closed-loop forecast rows appended to --format csv")
      ->check(whole_number_in(0, limits::kMaxForecastRows));
  c->add_option("--missing", o->missing,
                "Missing cells in --data: error, interpolate, ffill or drop (default: what the model's training did)");
  add_series_flags(c, o->series, SeriesFlagSet::Export);
  c->add_option("--time-column", o->time_column, "Time column of --data (default: the model's)");
  add_csv_flags(c, o->csv);
  return {c, [o] { return run_export(*o); }};
}

}  // namespace rnnwb::cli
