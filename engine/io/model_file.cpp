#include "engine/io/model_file.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"
#include "engine/io/config_json.hpp"
#include "engine/io/interval_metadata.hpp"
#include "engine/io/model_selftest.hpp"
#include "engine/io/safetensors.hpp"
#include "engine/io/sequence_metadata.hpp"
#include "engine/io/series_metadata.hpp"
#include "engine/nn/stack_shape.hpp"

namespace rnnwb {

using json = nlohmann::json;
using config_json::field;
using config_json::field_or;

namespace {}  // namespace

// What parse_split accepts: fractions >= 0, train > 0, adding up to 1.
bool valid_split(const SplitFractions& f) {
  return f.train > 0 && f.validation >= 0 && f.test >= 0 && std::isfinite(f.train + f.validation + f.test) &&
         std::abs(f.train + f.validation + f.test - 1.0) <= 1e-6;
}

std::string split_text(const SplitFractions& f) {
  return json(f.train).dump() + "," + json(f.validation).dump() + "," + json(f.test).dump();
}

json model_metadata(const TrainedModel& m) {
  const Pipeline& p = m.pipeline;
  json transforms = json::object();
  for (const auto& [name, t] : p.transforms) transforms[name] = config_json::from_transform(t);
  const json history = config_json::from_history(m.history);
  json meta = {{"format_version", p.per_series() ? kPerSeriesFormatVersion : 1},
               {"rnnwb_version", kRnnwbVersion},
               {"input_features", m.model.input_features()},
               {"layers", config_json::from_layers(m.model.layers())},
               {"window", p.window},
               {"horizon", p.horizon},
               {"model_steps", p.model_steps()},
               {"features", p.features},
               {"targets", p.targets},
               {"time_column", m.time_column},
               {"transforms", transforms},
               {"split", {p.split.train, p.split.validation, p.split.test}},
               {"season", p.season},
               {"training", config_json::from_fit(m.training, {m.init, m.init_seed})},
               {"history", history},
               {"best_epoch", m.best_epoch},
               {"fit_status", to_string(m.fit_status)},
               {"metrics", m.metrics.is_null() ? json::object() : m.metrics},
               {"data", {{"sha256", m.data_sha256}, {"source", m.data_source}, {"rows", m.data_rows}}}};
  if (has_series_metadata(p)) meta["series"] = series_metadata(p);
  if (!m.intervals.empty()) meta["intervals"] = interval_metadata(m.intervals);
  if (!m.trained_by.empty()) meta["trained_by"] = trained_by_json(m.trained_by);
  if (m.missing != MissingPolicy::Error) meta["data"]["missing"] = to_string(m.missing);
  if (m.sequences) {
    meta["format_version"] = kSequenceFormatVersion;
    meta["dataset"] = "sequences";
    meta["sequences"] = sequence_metadata(*m.sequences);
  }
  return meta;
}

void save_model(const std::string& path, const TrainedModel& m) {
  SafeTensorsFile file;
  for (const NamedTensor& t : m.model.tensors()) {
    SafeTensor st;
    st.name = t.name;
    for (Index d : t.shape) st.shape.push_back(std::size_t(d));
    st.data.assign(m.model.parameters().data() + t.offset, m.model.parameters().data() + t.offset + t.size);
    file.tensors.push_back(std::move(st));
  }
  file.metadata["rnnwb"] = model_metadata(m).dump();
  file.metadata["format"] = "pt";  // what safetensors' PyTorch helpers expect
  file.metadata[kSelfTestKey] = make_selftest(m.model, m.pipeline.model_steps()).dump();
  write_safetensors(path, file);
}

namespace {

void check_format_version(const json& meta, const std::string& where) {
  const int version = field<int>(meta, "format_version", where);
  if (version > kModelFormatVersion)
    throw FileError(where + ": written by a newer rnnwb (model format " + std::to_string(version) +
                    ", this build reads up to " + std::to_string(kModelFormatVersion) + "); update rnnwb to open it");
  if (version < 1) throw FileError(where + ": unknown model format version " + std::to_string(version));
}

std::vector<LayerSpec> read_layers(const json& meta, const std::string& where) {
  std::vector<LayerSpec> layers = config_json::to_layers(field<json>(meta, "layers", where), where);
  if (layers.empty()) throw FileError(where + ": the layer list is empty");
  return layers;
}

Index read_input_features(const json& meta, const std::string& where) {
  const Index features = field<Index>(meta, "input_features", where);
  if (features < 1 || features > limits::kMaxFeatures)
    throw FileError(where + ": input_features is " + std::to_string(features) + "; it must be between 1 and " +
                    std::to_string(limits::kMaxFeatures));
  return features;
}

// The transform of every feature and target; a differenced target must also be a feature.
void read_transforms(const json& meta, Pipeline& p, const std::string& where) {
  const json transforms = field<json>(meta, "transforms", where);
  for (const auto* list : {&p.features, &p.targets})
    for (const std::string& name : *list) {
      if (!transforms.contains(name)) throw FileError(where + ": no transform stored for column " + quote(name));
      const ColumnTransform c = config_json::to_transform(transforms.at(name), where);
      if (c.diff_lag >= p.window)
        throw FileError(where + ": the differencing lag of column " + quote(name) + " is not shorter than the window");
      p.transforms[name] = c;
    }
  for (const std::string& name : p.targets)
    if (p.transforms[name].diff_lag > 0 && p.feature_index_of(name) < 0)
      throw FileError(where + ": target " + quote(name) + " is differenced but is not an input feature, so its " +
                      "predictions cannot be turned back into values");
}

Pipeline read_pipeline(const json& meta, Index features, const std::string& where) {
  Pipeline p;
  p.features = config_json::to_column_names(meta, "features", true, where);
  p.targets = config_json::to_column_names(meta, "targets", true, where);
  p.window = config_json::to_window(meta, where);
  if (!meta.contains("horizon")) throw FileError(where + ": the metadata has no \"horizon\"");
  p.horizon = config_json::to_horizon(meta, 1, where);
  p.season = config_json::to_season(meta, where);
  if (meta.contains("split")) p.split = config_json::to_split(meta, "split", where);
  if (Index(p.features.size()) != features)
    throw FileError(where + ": the model takes " + std::to_string(features) + " features but " +
                    std::to_string(p.features.size()) + " feature names are listed");
  if (p.targets.empty()) throw FileError(where + ": the model has no targets");
  read_transforms(meta, p, where);
  read_series_metadata(meta, p, where);
  return p;
}

// The network the layer list describes, checked against the pipeline and the tensors' sizes
// before its weights are copied in.
// classes: C for a sequence classifier (its head), 0 otherwise (horizon x targets outputs).
Model<float> build_checked_model(Index features, const std::vector<LayerSpec>& layers, const Pipeline& p, Index classes,
                                 const std::vector<SafeTensor>& tensors, const std::string& where) {
  // The weights the layer list needs, counted before the model is built: a few bytes of metadata
  // must not make the loader allocate and initialise gigabytes for weights the file does not hold.
  const StackShape stack = [&] {
    try {
      return describe_stack(features, layers);
    } catch (const ModelError& e) {
      throw FileError(where + ": its layer list is invalid: " + e.what());
    }
  }();
  const double needed = double(stack.parameters);
  std::size_t held = 0;
  for (const SafeTensor& t : tensors) held += t.data.size();
  if (needed > double(held))
    throw FileError(where + ": its layer list needs " + std::to_string(static_cast<unsigned long long>(needed)) +
                    " weights but its tensors hold only " + std::to_string(held) + " values");

  Model<float> model = [&] {
    try {
      return Model<float>(features, layers, {});
    } catch (const ModelError& e) {
      throw FileError(where + ": its layer list is invalid: " + e.what());
    }
  }();
  const OutputShape os = model.output_shape(p.model_steps());
  if (classes > 0) {  // a sequence classifier: one logit per class
    if (os.steps != 1 || os.features != classes)
      throw FileError(where + ": the layers output " + std::to_string(os.features) + " values but the model has " +
                      std::to_string(classes) + " classes (one logit each)");
    return model;
  }
  if (os.steps != 1 || os.features != p.horizon * Index(p.targets.size()))
    throw FileError(where + ": the layers output " + std::to_string(os.features) + " values but horizon x targets is " +
                    std::to_string(p.horizon * Index(p.targets.size())));
  return model;
}

// Each tensor the network needs, by name, of its shape and finite, into the parameter vector.
void copy_weights(Model<float>& model, const std::vector<SafeTensor>& tensors, const std::string& where) {
  if (tensors.size() != model.tensors().size())
    throw FileError(where + ": it holds " + std::to_string(tensors.size()) + " tensors but its layer list needs " +
                    std::to_string(model.tensors().size()));
  for (const NamedTensor& t : model.tensors()) {
    const auto it = std::find_if(tensors.begin(), tensors.end(), [&](const SafeTensor& x) { return x.name == t.name; });
    if (it == tensors.end()) throw FileError(where + ": tensor " + t.name + " is missing");
    const std::vector<std::size_t> expected(t.shape.begin(), t.shape.end());
    if (it->shape != expected || Index(it->data.size()) != t.size)
      throw FileError(where + ": tensor " + t.name + " has shape " + shape_list_text(it->shape) +
                      " but the layer list needs " + shape_list_text(expected));
    for (float v : it->data)
      if (!std::isfinite(v)) throw FileError(where + ": tensor " + t.name + " holds NaN or infinite weights");
    std::copy(it->data.begin(), it->data.end(), model.parameters().data() + t.offset);
  }
}

// How the model was trained and how well it did: everything in the metadata besides the network
// and the pipeline.
void read_training_record(const json& meta, TrainedModel& m, const std::string& where) {
  m.time_column = config_json::to_time_column(meta, where);
  m.best_epoch = config_json::ranged_or<int>(meta, "best_epoch", 0, 0, limits::kMaxEpochs, where);
  m.fit_status = config_json::to_fit_status(meta, where);
  m.metrics = field_or<json>(meta, "metrics", json::object(), where);
  if (!m.metrics.is_object()) throw FileError(where + ": metadata field \"metrics\" is not a JSON object");
  const json data = field_or<json>(meta, "data", json::object(), where);
  m.data_sha256 = config_json::to_sha256(data, where);
  m.data_source = config_json::to_text(data, "source", where);
  m.data_rows = field_or<std::size_t>(data, "rows", 0, where);
  try {
    m.missing = parse_missing_policy(field_or<std::string>(data, "missing", "error", where));
  } catch (const std::exception& e) {
    throw FileError(where + ": data.missing: " + e.what());
  }
  m.history = config_json::to_history(meta, where);
  InitOptions init;
  config_json::to_fit(field_or<json>(meta, "training", json::object(), where), m.training, init, where);
  m.init = init.scheme;
  m.init_seed = init.seed;
  m.trained_by = read_trained_by(meta, where);
}

}  // namespace

TrainedModel model_from_parts(const json& meta, const std::vector<SafeTensor>& tensors, const std::string& where) {
  check_format_version(meta, where);
  const std::vector<LayerSpec> layers = read_layers(meta, where);
  const Index features = read_input_features(meta, where);
  std::optional<SequenceModelInfo> sequences;
  if (is_sequence_metadata(meta, where)) {
    sequences = read_sequence_metadata(meta, where);
    if (Index(sequences->features.size()) != features)
      throw FileError(where + ": the model takes " + std::to_string(features) + " features but " +
                      std::to_string(sequences->features.size()) + " feature names are listed");
  }
  Pipeline p = sequences ? sequence_pipeline(*sequences) : read_pipeline(meta, features, where);
  const Index classes =
      sequences && sequences->task == SequenceTask::Classification ? sequences->classes.count : Index(0);
  Model<float> model = build_checked_model(features, layers, p, classes, tensors, where);
  copy_weights(model, tensors, where);
  TrainedModel m{std::move(model),
                 std::move(p),
                 {},
                 InitScheme::Keras,
                 0,
                 {},
                 0,
                 FitStatus::Unknown,
                 json::object(),
                 "",
                 "",
                 0,
                 "",
                 std::move(sequences),
                 {},
                 {},
                 MissingPolicy::Error};
  read_training_record(meta, m, where);
  m.intervals = read_interval_metadata(meta, m.pipeline.horizon, Index(m.pipeline.targets.size()), where);
  return m;
}

json model_file_metadata(const SafeTensorsFile& file, const std::string& path) {
  const auto it = file.metadata.find("rnnwb");
  if (it == file.metadata.end())
    throw FileError(path + " is a safetensors file but not an rnnwb model (its metadata has no \"rnnwb\" entry)");
  json meta = config_json::parse_metadata(it->second, path, "the rnnwb metadata");
  if (!meta.is_object()) throw FileError(path + ": the rnnwb metadata is not a JSON object");
  return meta;
}

TrainedModel load_model(const std::string& path) {
  const SafeTensorsFile file = read_safetensors(path);
  TrainedModel m = model_from_parts(model_file_metadata(file, path), file.tensors, path);
  // Last, once the file is otherwise whole: older files have no self-test and load as before.
  const auto selftest = file.metadata.find(kSelfTestKey);
  if (selftest != file.metadata.end()) check_selftest(m.model, selftest->second, path);
  return m;
}

}  // namespace rnnwb
