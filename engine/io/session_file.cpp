#include "engine/io/session_file.hpp"

#include <filesystem>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/data/csv_loader.hpp"
#include "engine/io/config_json.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/safetensors.hpp"

namespace rnnwb {

using json = nlohmann::json;
using config_json::field;
using config_json::field_or;

namespace {

json sequences_json(const SequenceSession& q) {
  const SequenceConfig& c = q.config;
  json out = {{"x", q.files.x_path},
              {"y", q.files.y_path},
              {"features", q.files.features},
              {"targets", q.files.targets},
              {"x_sha256", q.x_sha256},
              {"y_sha256", q.y_sha256},
              {"task", to_string(c.task)},
              {"split", {c.split.train, c.split.validation, c.split.test}},
              {"shuffle_split", c.shuffle_split},
              {"split_seed", c.split_seed},
              {"feature_scaler", to_string(c.feature_scaler)},
              {"target_scaler", to_string(c.target_scaler)}};
  // A classifier's class names and loss weights: written only when set, so that the settings (and
  // their key) of everything else stay as before.
  if (!c.class_names.empty()) out["class_names"] = c.class_names;
  if (!c.class_weights.empty()) out["class_weights"] = c.class_weights;
  return out;
}

SequenceSession parse_sequences(const json& q, const std::string& where) {
  if (!q.is_object()) throw FileError(where + ": metadata field \"sequences\" is not a JSON object");
  SequenceSession out;
  out.files.x_path = field<std::string>(q, "x", where);
  out.files.y_path = field_or<std::string>(q, "y", "", where);
  if (out.files.x_path.empty())
    throw FileError(where + ": sequences.x is empty: the session names no X file (save it again from the workbench)");
  for (const std::string* path : {&out.files.x_path, &out.files.y_path})
    if (const std::string problem = name_problem(*path, "the sequence data path"); !path->empty() && !problem.empty())
      throw FileError(where + ": " + problem);
  out.files.features = field_or<std::vector<std::string>>(q, "features", {}, where);
  out.files.targets = field_or<std::vector<std::string>>(q, "targets", {}, where);
  out.x_sha256 = field_or<std::string>(q, "x_sha256", "", where);
  out.y_sha256 = field_or<std::string>(q, "y_sha256", "", where);
  SequenceConfig& c = out.config;
  try {
    c.task = parse_enum<SequenceTask>(field_or<std::string>(q, "task", "regression", where));
    c.feature_scaler = parse_scaler(field_or<std::string>(q, "feature_scaler", "standard", where));
    c.target_scaler = parse_scaler(field_or<std::string>(q, "target_scaler", "standard", where));
  } catch (const std::exception& e) {
    throw FileError(where + ": sequences: " + e.what());
  }
  if (q.contains("split")) c.split = config_json::to_split(q, "split", where);
  c.shuffle_split = field_or<bool>(q, "shuffle_split", false, where);
  c.split_seed = field_or<std::uint64_t>(q, "split_seed", 0, where);
  c.class_names = config_json::to_column_names(q, "class_names", false, where);
  c.class_weights = config_json::to_text(q, "class_weights", where);
  return out;
}

const char* decimal_name(char decimal) { return decimal == ',' ? "comma" : decimal == '.' ? "point" : "auto"; }

json csv_json(const CsvOptions& o) {
  return {{"time_column", o.time_column},
          {"no_time_column", o.no_time_column},
          {"ignore_columns", o.ignore_columns},
          {"ignore_text_columns", o.ignore_text_columns},
          {"decimal", decimal_name(o.decimal)}};
}

// data.csv (absent in sessions written before it: everything detected).
CsvOptions parse_csv_options(const json& data, const std::string& where) {
  CsvOptions o;
  if (!data.contains("csv")) return o;
  const json c = field<json>(data, "csv", where);
  o.time_column = field_or<std::string>(c, "time_column", "", where);
  o.no_time_column = field_or<bool>(c, "no_time_column", false, where);
  o.ignore_columns = field_or<std::vector<std::string>>(c, "ignore_columns", {}, where);
  o.ignore_text_columns = field_or<bool>(c, "ignore_text_columns", false, where);
  const std::string decimal = field_or<std::string>(c, "decimal", "auto", where);
  if (decimal != "auto" && decimal != "point" && decimal != "comma")
    throw FileError(where + ": data.csv.decimal is " + quote(decimal) + "; it must be auto, point or comma");
  o.decimal = decimal == "comma" ? ',' : decimal == "point" ? '.' : 0;
  for (const std::string& name : o.ignore_columns)
    if (const std::string problem = name_problem(name, "an ignored column's name"); !problem.empty())
      throw FileError(where + ": data.csv.ignore_columns: " + problem);
  return o;
}

}  // namespace

json session_settings_json(const Session& s) {
  const PipelineConfig& p = s.pipeline;
  json columns = json::object();
  for (const auto& [name, t] : p.column_transforms) columns[name] = config_json::from_transform(t);
  json out = {{"data",
               {{"source", s.data_source},
                {"sha256", s.data_sha256},
                {"time_column", s.time_column},
                {"series_column", s.series_form.column},
                {"series_columns", s.series_form.columns},
                {"missing", to_string(s.missing_policy)},
                {"csv", csv_json(s.csv)}}},
              {"pipeline",
               {{"targets", p.targets},
                {"features", p.features},
                {"window", p.window},
                {"horizon", p.horizon},
                {"split", {p.split.train, p.split.validation, p.split.test}},
                {"season", p.season},
                {"split_by", to_string(p.split_by)},
                {"scale_per", to_string(p.scale_per)},
                {"default_transform", config_json::from_transform(p.default_transform)},
                {"columns", columns}}},
              {"layers", config_json::from_layers(s.layers)},
              {"training", config_json::from_fit(s.fit, s.init)}};
  if (s.sequences) {
    out["data"]["kind"] = "sequences";
    out["sequences"] = sequences_json(*s.sequences);
  }
  return out;
}

namespace {

json session_json(const Session& s) {
  json out = session_settings_json(s);
  out["format_version"] = kSessionFormatVersion;
  out["rnnwb_version"] = kRnnwbVersion;
  out["view"] = s.view;
  return out;
}

}  // namespace

void parse_session_settings(const json& j, Session& s, const std::string& where) {
  const json data = field<json>(j, "data", where);
  s.data_source = field<std::string>(data, "source", where);
  if (s.data_source.empty())
    throw FileError(where +
                    ": the session names no data file (data.source is empty); save the session again "
                    "from the workbench with a series open");
  if (const std::string problem = name_problem(s.data_source, "the data path"); !problem.empty())
    throw FileError(where + ": " + problem);
  s.data_sha256 = config_json::to_sha256(data, where);
  s.time_column = config_json::to_time_column(data, where);
  try {
    s.missing_policy = parse_missing_policy(field_or<std::string>(data, "missing", "error", where));
  } catch (const std::exception& e) {
    throw FileError(where + ": data.missing: " + e.what());
  }
  // Many series (absent in sessions written before them: one series).
  s.series_form.column = field_or<std::string>(data, "series_column", "", where);
  s.series_form.columns = field_or<std::vector<std::string>>(data, "series_columns", {}, where);
  for (const std::string& name : s.series_form.columns)
    if (const std::string problem = name_problem(name, "the series column name"); !problem.empty())
      throw FileError(where + ": data.series_columns: " + problem);
  if (!s.series_form.column.empty() && !s.series_form.columns.empty())
    throw FileError(where + ": data names both a series column and columns that are series; keep one");
  s.csv = parse_csv_options(data, where);
  if (j.contains("sequences")) s.sequences = parse_sequences(j.at("sequences"), where);
  // A sequence dataset's session: the series pipeline (window, targets, transforms) is unused, so
  // it is not read (the sequences block holds the split and scalers).
  if (!s.sequences) {
    const json p = field<json>(j, "pipeline", where);
    PipelineConfig& pc = s.pipeline;
    pc.targets = config_json::to_column_names(p, "targets", true, where);
    pc.features = config_json::to_column_names(p, "features", false, where);
    pc.window = config_json::to_window(p, where);
    pc.horizon = config_json::to_horizon(p, 1, where);
    pc.season = config_json::to_season(p, where);
    try {
      pc.split_by = parse_enum<SplitBy>(field_or<std::string>(p, "split_by", "time", where));
      pc.scale_per = parse_enum<ScalePer>(field_or<std::string>(p, "scale_per", "global", where));
    } catch (const std::exception& e) {
      throw FileError(where + ": pipeline: " + e.what());
    }
    pc.series_columns = s.series_form.columns;
    if (p.contains("split")) pc.split = config_json::to_split(p, "split", where);
    if (p.contains("default_transform"))
      pc.default_transform = config_json::to_transform(p["default_transform"], where);
    const json columns = field_or<json>(p, "columns", json::object(), where);
    if (!columns.is_object()) throw FileError(where + ": metadata field \"columns\" is not a JSON object");
    for (const auto& [name, t] : columns.items()) {
      if (const std::string problem = name_problem(name, "the column name"); !problem.empty())
        throw FileError(where + ": " + problem);
      pc.column_transforms[name] = config_json::to_transform(t, where);
    }
  }
  s.layers = config_json::to_layers(field_or<json>(j, "layers", json::array(), where), where);
  config_json::to_fit(field_or<json>(j, "training", json::object(), where), s.fit, s.init, where);
}

namespace {

// A run's tensors are stored under "runs/<id>/" beside the current model's.
std::string run_tensor_prefix(const std::string& id) { return "runs/" + id + "/"; }

void add_tensors(SafeTensorsFile& file, const TrainedModel& m, const std::string& prefix) {
  for (const NamedTensor& t : m.model.tensors()) {
    SafeTensor st{prefix + t.name, {}, {}};
    for (Index d : t.shape) st.shape.push_back(std::size_t(d));
    const float* begin = m.model.parameters().data() + t.offset;
    st.data.assign(begin, begin + t.size);
    file.tensors.push_back(std::move(st));
  }
}

json runs_json(const std::vector<RunRecord>& runs, SafeTensorsFile& file) {
  json out = json::array();
  for (const RunRecord& r : runs) {
    json j = run_record_json(r);
    if (r.model) {
      j["model"] = model_metadata(*r.model);
      add_tensors(file, *r.model, run_tensor_prefix(r.id));
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<RunRecord> parse_runs(const std::string& text, const std::vector<SafeTensor>& tensors,
                                  const std::string& where) {
  const json list = config_json::parse_metadata(text, where, "the session's runs");
  if (!list.is_array()) throw FileError(where + ": the \"rnnwb_runs\" metadata is not a list of runs");
  std::vector<RunRecord> runs;
  for (const json& j : list) {
    RunRecord r = parse_run_record(j, where);
    for (const RunRecord& earlier : runs)
      if (earlier.id == r.id) throw FileError(where + ": two runs have the id " + quote(r.id));
    if (j.contains("model")) {
      const std::string prefix = run_tensor_prefix(r.id);
      std::vector<SafeTensor> own;
      for (const SafeTensor& t : tensors)
        if (t.name.starts_with(prefix)) own.push_back({t.name.substr(prefix.size()), t.shape, t.data});
      r.model = std::make_shared<const TrainedModel>(
          model_from_parts(field<json>(j, "model", where), own, where + " (run " + r.id + ")"));
    }
    runs.push_back(std::move(r));
  }
  return runs;
}

}  // namespace

void save_session(const std::string& path, const Session& s) {
  SafeTensorsFile file;
  if (s.trained) {
    add_tensors(file, *s.trained, "");
    file.metadata["rnnwb"] = model_metadata(*s.trained).dump();
  }
  if (!s.runs.empty()) file.metadata["rnnwb_runs"] = runs_json(s.runs, file).dump();
  file.metadata["rnnwb_session"] = session_json(s).dump();
  write_safetensors(path, file);
}

Session parse_session(std::string_view bytes, const std::string& where) {
  const SafeTensorsFile file = parse_safetensors(bytes, where);
  const auto it = file.metadata.find("rnnwb_session");
  if (it == file.metadata.end())
    throw FileError(where +
                    " is not an rnnwb session (no \"rnnwb_session\" metadata); a model file opens with "
                    "File > Open model instead");
  const json j = config_json::parse_metadata(it->second, where, "the session metadata");
  const int version = field<int>(j, "format_version", where);
  if (version > kSessionFormatVersion)
    throw FileError(where + ": written by a newer rnnwb (session format " + std::to_string(version) +
                    "); update rnnwb to open it");

  Session s;
  parse_session_settings(j, s, where);
  s.view = field_or<json>(j, "view", json::object(), where);
  if (!s.view.is_object()) throw FileError(where + ": metadata field \"view\" is not a JSON object");
  // The entries the workbench reads: whole numbers >= 0 (it checks the upper bounds it knows).
  for (const char* key : {"page", "forecast_steps"}) {
    if (!s.view.contains(key) || s.view.at(key).is_null()) continue;
    const json& value = s.view.at(key);
    if (!value.is_number() || field<int>(s.view, key, where) < 0)
      throw FileError(where + ": view entry \"" + key + "\" must be a whole number, 0 or more, got " + value.dump() +
                      " (save the session again from the workbench)");
  }

  // The current model's tensors are those outside runs/ (a run's are checked with its record).
  std::vector<SafeTensor> current;
  for (const SafeTensor& t : file.tensors)
    if (!t.name.starts_with("runs/")) current.push_back(t);
  const auto model = file.metadata.find("rnnwb");
  if (model != file.metadata.end()) {
    const json meta = config_json::parse_metadata(model->second, where, "the model metadata");
    s.trained = model_from_parts(meta, current, where);
  } else if (!current.empty()) {
    throw FileError(where + ": it holds weights but no model description");
  }
  if (const auto runs = file.metadata.find("rnnwb_runs"); runs != file.metadata.end())
    s.runs = parse_runs(runs->second, file.tensors, where);
  return s;
}

std::string resolve_data_source(const std::string& source, const std::string& session_path) {
  namespace fs = std::filesystem;
  if (source.empty() || source.starts_with("sample:") || fs::path(source).is_absolute()) return source;
  std::error_code ec;
  fs::path folder = fs::absolute(fs::path(session_path), ec).parent_path();
  if (ec) folder = fs::path(session_path).parent_path();
  return (folder / fs::path(source)).lexically_normal().string();
}

Session load_session(const std::string& path) {
  Session s = parse_session(read_file(path, kSafetensorsMaxFile), path);
  s.data_source = resolve_data_source(s.data_source, path);
  if (s.sequences) {
    s.sequences->files.x_path = resolve_data_source(s.sequences->files.x_path, path);
    s.sequences->files.y_path = resolve_data_source(s.sequences->files.y_path, path);
  }
  return s;
}

}  // namespace rnnwb
