#include "engine/io/config_json.hpp"

#include <algorithm>

#include "engine/core/error.hpp"

namespace rnnwb::config_json {

void throw_missing(const char* key, const std::string& where) {
  throw FileError(where + ": the metadata has no \"" + key + "\"");
}

void throw_wrong_type(const char* key, const std::string& where) {
  throw FileError(where + ": metadata field \"" + key + "\" has the wrong type");
}

void throw_not_integer(const char* key, const json& value, const std::string& where) {
  throw FileError(where + ": metadata field \"" + key + "\" is " + value.dump() +
                  (value.is_number_float() ? ", not a whole number" : ", which is out of range"));
}

json parse_metadata(const std::string& text, const std::string& where, const std::string& what) {
  // A cheap first pass counts the depth, so a hostile file cannot make a deep DOM.
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char ch : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (ch == '\\') escaped = true;
      else if (ch == '"') in_string = false;
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '{' || ch == '[') {
      deepest = std::max(deepest, ++depth);
      if (deepest > kMaxMetadataDepth)
        throw FileError(where + ": " + what + " nests deeper than " + std::to_string(kMaxMetadataDepth) +
                        " levels; rnnwb never writes that, so the file is damaged or not from rnnwb");
    } else if (ch == '}' || ch == ']') {
      --depth;
    }
  }
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw FileError(where + ": " + what + " is not valid JSON (" + e.what() + ")");
  }
}

json from_layers(const std::vector<LayerSpec>& layers) {
  json out = json::array();
  for (const LayerSpec& l : layers)
    out.push_back({{"type", to_string(l.kind)},
                   {"units", l.units},
                   {"activation", to_string(l.activation)},
                   {"return_sequences", l.return_sequences},
                   {"dropout", l.rate}});
  return out;
}

std::vector<LayerSpec> to_layers(const json& list, const std::string& where) {
  if (!list.is_array() || list.size() > 64) throw FileError(where + ": the layer list must be an array of at most 64");
  std::vector<LayerSpec> layers;
  for (const json& l : list) {
    LayerSpec s;
    try {
      s.kind = parse_layer_kind(field<std::string>(l, "type", where));
      s.activation = parse_activation(field_or<std::string>(l, "activation", "tanh", where));
    } catch (const ModelError& e) {
      throw FileError(where + ": " + e.what());
    }
    s.units = field_or<int>(l, "units", 0, where);
    s.return_sequences = field_or<bool>(l, "return_sequences", false, where);
    s.rate = field_or<double>(l, "dropout", 0.0, where);
    if (s.units < 0 || s.units > 65536) throw FileError(where + ": a layer has " + std::to_string(s.units) + " units");
    layers.push_back(s);
  }
  return layers;
}

json from_transform(const ColumnTransform& t) {
  return {{"log", t.log},
          {"diff_lag", t.diff_lag},
          {"scaler", to_string(t.scaler)},
          {"offset", t.offset},
          {"scale", t.scale}};
}

ColumnTransform to_transform(const json& j, const std::string& where) {
  ColumnTransform c;
  c.log = field<bool>(j, "log", where);
  c.diff_lag = field<int>(j, "diff_lag", where);
  try {
    c.scaler = parse_scaler(field<std::string>(j, "scaler", where));
  } catch (const ConfigError& e) {
    throw FileError(where + ": " + e.what());
  }
  c.offset = field_or<double>(j, "offset", 0.0, where);
  c.scale = field_or<double>(j, "scale", 1.0, where);
  if (!std::isfinite(c.offset) || !(c.scale > 0) || !std::isfinite(c.scale) || c.diff_lag < 0 || c.diff_lag > 100000)
    throw FileError(where + ": a column transform is invalid (offset, scale or lag out of range)");
  return c;
}

json from_fit(const FitConfig& f, const InitOptions& init) {
  const OptimizerConfig& o = f.optimizer;
  const ScheduleConfig& s = f.schedule;
  return {{"epochs", f.epochs},
          {"batch_size", f.batch_size},
          {"shuffle", f.shuffle},
          {"seed", f.seed},
          {"threads", f.threads},
          {"loss", to_string(f.loss.kind)},
          {"huber_delta", f.loss.delta},
          {"optimizer",
           {{"type", to_string(o.kind)},
            {"lr", o.lr},
            {"beta1", o.beta1},
            {"beta2", o.beta2},
            {"eps", o.eps},
            {"weight_decay", o.weight_decay},
            {"momentum", o.momentum},
            {"nesterov", o.nesterov},
            {"alpha", o.alpha}}},
          {"schedule",
           {{"type", to_string(s.kind)},
            {"step_size", s.step_size},
            {"gamma", s.gamma},
            {"t_max", s.t_max},
            {"eta_min", s.eta_min},
            {"factor", s.factor},
            {"patience", s.patience},
            {"threshold", s.threshold},
            {"min_lr", s.min_lr}}},
          {"clip_norm", f.clip_norm},
          {"patience", f.patience},
          {"min_delta", f.min_delta},
          {"restore_best", f.restore_best},
          {"init", init.scheme == InitScheme::Keras ? "keras" : "pytorch"},
          {"init_seed", init.seed}};
}

void to_fit(const json& t, FitConfig& f, InitOptions& init, const std::string& where) {
  f.epochs = field_or<int>(t, "epochs", f.epochs, where);
  f.batch_size = field_or<Index>(t, "batch_size", f.batch_size, where);
  f.shuffle = field_or<bool>(t, "shuffle", f.shuffle, where);
  f.seed = field_or<std::uint64_t>(t, "seed", f.seed, where);
  f.threads = field_or<int>(t, "threads", f.threads, where);
  f.clip_norm = field_or<double>(t, "clip_norm", f.clip_norm, where);
  f.patience = field_or<int>(t, "patience", f.patience, where);
  f.min_delta = field_or<double>(t, "min_delta", f.min_delta, where);
  f.restore_best = field_or<bool>(t, "restore_best", f.restore_best, where);
  f.loss.delta = field_or<double>(t, "huber_delta", f.loss.delta, where);
  init.scheme = field_or<std::string>(t, "init", "keras", where) == "pytorch" ? InitScheme::PyTorch : InitScheme::Keras;
  init.seed = field_or<std::uint64_t>(t, "init_seed", init.seed, where);
  try {
    f.loss.kind = parse_loss(field_or<std::string>(t, "loss", to_string(f.loss.kind), where));
    const json o = field_or<json>(t, "optimizer", json::object(), where);
    OptimizerConfig& oc = f.optimizer;
    oc.kind = parse_optimizer(field_or<std::string>(o, "type", to_string(oc.kind), where));
    oc.lr = field_or<double>(o, "lr", oc.lr, where);
    oc.beta1 = field_or<double>(o, "beta1", oc.beta1, where);
    oc.beta2 = field_or<double>(o, "beta2", oc.beta2, where);
    oc.eps = field_or<double>(o, "eps", oc.eps, where);
    oc.weight_decay = field_or<double>(o, "weight_decay", oc.weight_decay, where);
    oc.momentum = field_or<double>(o, "momentum", oc.momentum, where);
    oc.nesterov = field_or<bool>(o, "nesterov", oc.nesterov, where);
    oc.alpha = field_or<double>(o, "alpha", oc.alpha, where);
    const json s = field_or<json>(t, "schedule", json::object(), where);
    ScheduleConfig& sc = f.schedule;
    sc.kind = parse_schedule(field_or<std::string>(s, "type", to_string(sc.kind), where));
    sc.step_size = field_or<int>(s, "step_size", sc.step_size, where);
    sc.gamma = field_or<double>(s, "gamma", sc.gamma, where);
    sc.t_max = field_or<int>(s, "t_max", sc.t_max, where);
    sc.eta_min = field_or<double>(s, "eta_min", sc.eta_min, where);
    sc.factor = field_or<double>(s, "factor", sc.factor, where);
    sc.patience = field_or<int>(s, "patience", sc.patience, where);
    sc.threshold = field_or<double>(s, "threshold", sc.threshold, where);
    sc.min_lr = field_or<double>(s, "min_lr", sc.min_lr, where);
  } catch (const ConfigError& e) {
    throw FileError(where + ": " + e.what());
  }
}

}  // namespace rnnwb::config_json
