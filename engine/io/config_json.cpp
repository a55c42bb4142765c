#include "engine/io/config_json.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"
#include "engine/io/model_file.hpp"

namespace rnnwb::config_json {

void throw_missing(const char* key, const std::string& where) {
  throw FileError(where + ": the metadata has no " + quote(key));
}

void throw_wrong_type(const char* key, const std::string& where) {
  throw FileError(where + ": metadata field " + quote(key) + " has the wrong type");
}

void throw_out_of_range(const char* key, const std::string& value, const std::string& range, const std::string& where) {
  throw FileError(where + ": metadata field " + quote(key) + " is " + value + "; it must be " + range);
}

void throw_not_integer(const char* key, const json& value, const std::string& where) {
  throw FileError(where + ": metadata field " + quote(key) + " is " + value.dump() +
                  (value.is_number_float() ? ", not a whole number" : ", which is out of range"));
}

json parse_metadata(const std::string& text, const std::string& where, const std::string& what) {
  // A cheap first pass counts the depth, so a hostile file cannot make a deep DOM.
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char ch : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (ch == '\\')
        escaped = true;
      else if (ch == '"')
        in_string = false;
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
  // The keys seen in each open object: a key given twice is refused (nlohmann keeps the last).
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  const json::parser_callback_t check_keys = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start)
      keys.emplace_back();
    else if (event == json::parse_event_t::object_end && !keys.empty())
      keys.pop_back();
    else if (event == json::parse_event_t::key && !keys.empty() &&
             !keys.back().insert(parsed.get<std::string>()).second && duplicate.empty())
      duplicate = parsed.get<std::string>();
    return true;
  };
  json out;
  try {
    out = json::parse(text, check_keys);
  } catch (const json::exception& e) {
    throw FileError(where + ": " + what + " is not valid JSON (" + e.what() + ")");
  }
  if (!duplicate.empty())
    throw FileError(where + ": " + what + " gives the key " + quote(duplicate) +
                    " twice; rnnwb never writes that, so the file is damaged or not from rnnwb");
  return out;
}

json from_layers(const std::vector<LayerSpec>& layers) {
  json out = json::array();
  for (const LayerSpec& l : layers) {
    out.push_back({{"type", to_string(l.kind)},
                   {"units", l.units},
                   {"activation", to_string(l.activation)},
                   {"return_sequences", l.return_sequences},
                   {"dropout", l.rate}});
    if (l.bidirectional) out.back()["bidirectional"] = true;  // absent: one direction, as older files
  }
  return out;
}

std::vector<LayerSpec> to_layers(const json& list, const std::string& where) {
  if (!list.is_array() || list.size() > std::size_t(limits::kMaxLayers))
    throw FileError(where + ": the layer list must be an array of at most " + std::to_string(limits::kMaxLayers));
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
    s.bidirectional = field_or<bool>(l, "bidirectional", false, where);
    s.rate = ranged_or<double>(l, "dropout", 0.0, 0.0, 0.999999, where);
    if (s.units < 0 || s.units > limits::kMaxUnits)
      throw FileError(where + ": a layer has " + std::to_string(s.units) + " units; rnnwb takes at most " +
                      std::to_string(limits::kMaxUnits));
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
  if (c.diff_lag < 0 || c.diff_lag > limits::kMaxLag)
    throw_out_of_range("diff_lag", std::to_string(c.diff_lag), "between 0 and " + std::to_string(limits::kMaxLag),
                       where);
  try {
    c.scaler = parse_scaler(field<std::string>(j, "scaler", where));
  } catch (const ConfigError& e) {
    throw FileError(where + ": " + e.what());
  }
  // Required: a null scale (what a non-finite one was once saved as) must not reload as 1.
  c.offset = field<double>(j, "offset", where);
  c.scale = field<double>(j, "scale", where);
  if (!std::isfinite(c.offset)) throw_out_of_range("offset", json(c.offset).dump(), "a finite number", where);
  if (!(c.scale > 0) || !std::isfinite(c.scale))
    throw_out_of_range("scale", json(c.scale).dump(), "a finite number > 0", where);
  return c;
}

json from_history(const std::vector<EpochStats>& history) {
  const auto number_or_null = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  json out = json::array();
  for (const EpochStats& e : history)
    out.push_back({{"epoch", e.epoch},
                   {"train_loss", number_or_null(e.train_loss)},
                   {"val_loss", number_or_null(e.val_loss)},
                   {"lr", e.lr},
                   {"seconds", e.seconds}});
  return out;
}

std::vector<EpochStats> to_history(const json& parent, const std::string& where) {
  const json history = field_or<json>(parent, "history", json::array(), where);
  if (!history.is_array()) throw FileError(where + ": metadata field \"history\" is not a list");
  std::vector<EpochStats> out;
  for (const json& e : history)
    out.push_back({ranged_or<int>(e, "epoch", 0, 1, limits::kMaxEpochs, where),
                   field_or<double>(e, "train_loss", NAN, where), field_or<double>(e, "val_loss", NAN, where),
                   field_or<double>(e, "lr", 0.0, where), field_or<double>(e, "seconds", 0.0, where)});
  return out;
}

json from_fit(const FitConfig& f, const InitOptions& init) {
  const OptimizerConfig& o = f.optimizer;
  const ScheduleConfig& s = f.schedule;
  json j = {{"epochs", f.epochs},
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
            {"intervals", f.interval_levels},
            {"patience", f.patience},
            {"min_delta", f.min_delta},
            {"restore_best", f.restore_best},
            {"init", to_string(init.scheme)},
            {"init_seed", init.seed}};
  if (!f.loss.class_weights.empty()) j["class_weights"] = f.loss.class_weights;  // cross-entropy's
  return j;
}

std::vector<double> to_interval_levels(const json& j, const std::vector<double>& fallback, const std::string& where,
                                       const char* key) {
  if (!j.contains(key)) return fallback;
  const json& list = j.at(key);
  std::vector<double> levels;
  if (!list.is_array()) throw_wrong_type(key, where);
  for (const json& v : list) {
    if (!v.is_number() || !(v.get<double>() > 0 && v.get<double>() < 1))
      throw_out_of_range(key, list.dump(), "a list of coverage levels between 0 and 1, such as [0.8, 0.95]", where);
    if (!levels.empty() && !(v.get<double>() > levels.back()))
      throw_out_of_range(key, list.dump(), "ascending and without repeats", where);
    levels.push_back(v.get<double>());
  }
  return levels;
}

void to_fit(const json& t, FitConfig& f, InitOptions& init, const std::string& where) {
  constexpr double kHuge = 1e300;
  f.epochs = ranged_or<int>(t, "epochs", f.epochs, 1, limits::kMaxEpochs, where);
  f.batch_size = ranged_or<Index>(t, "batch_size", f.batch_size, 1, limits::kMaxBatch, where);
  f.shuffle = field_or<bool>(t, "shuffle", f.shuffle, where);
  f.seed = field_or<std::uint64_t>(t, "seed", f.seed, where);
  f.threads = ranged_or<int>(t, "threads", f.threads, 0, limits::kMaxThreads, where);
  f.clip_norm = ranged_or<double>(t, "clip_norm", f.clip_norm, 0.0, kHuge, where);
  f.patience = ranged_or<int>(t, "patience", f.patience, 0, limits::kMaxEpochs, where);
  f.min_delta = ranged_or<double>(t, "min_delta", f.min_delta, 0.0, kHuge, where);
  f.restore_best = field_or<bool>(t, "restore_best", f.restore_best, where);
  f.loss.delta = ranged_or<double>(t, "huber_delta", f.loss.delta, 1e-300, kHuge, where);
  f.interval_levels = to_interval_levels(t, f.interval_levels, where);
  if (t.contains("class_weights")) {
    const json w = t["class_weights"];
    if (!w.is_array()) throw FileError(where + ": \"class_weights\" must be a list of numbers > 0");
    f.loss.class_weights.clear();
    for (const json& v : w) {
      if (!v.is_number() || !std::isfinite(v.get<double>()) || !(v.get<double>() > 0))
        throw FileError(where + ": \"class_weights\" must be a list of finite numbers > 0");
      f.loss.class_weights.push_back(v.get<double>());
    }
  }
  const std::string scheme = field_or<std::string>(t, "init", "keras", where);
  const std::optional<InitScheme> parsed = find_enum<InitScheme>(scheme);
  if (!parsed) throw_out_of_range("init", quote(scheme), "\"keras\" or \"pytorch\"", where);
  init.scheme = *parsed;
  init.seed = field_or<std::uint64_t>(t, "init_seed", init.seed, where);
  try {
    f.loss.kind = parse_loss(field_or<std::string>(t, "loss", to_string(f.loss.kind), where));
    const json o = field_or<json>(t, "optimizer", json::object(), where);
    OptimizerConfig& oc = f.optimizer;
    oc.kind = parse_optimizer(field_or<std::string>(o, "type", to_string(oc.kind), where));
    oc.lr = ranged_or<double>(o, "lr", oc.lr, 1e-300, kHuge, where);
    oc.beta1 = ranged_or<double>(o, "beta1", oc.beta1, 0.0, 0.999999999, where);
    oc.beta2 = ranged_or<double>(o, "beta2", oc.beta2, 0.0, 0.999999999, where);
    oc.eps = ranged_or<double>(o, "eps", oc.eps, 1e-300, 1.0, where);
    oc.weight_decay = ranged_or<double>(o, "weight_decay", oc.weight_decay, 0.0, kHuge, where);
    oc.momentum = ranged_or<double>(o, "momentum", oc.momentum, 0.0, 1.0, where);
    oc.nesterov = field_or<bool>(o, "nesterov", oc.nesterov, where);
    oc.alpha = ranged_or<double>(o, "alpha", oc.alpha, 0.0, 1.0, where);
    const json s = field_or<json>(t, "schedule", json::object(), where);
    ScheduleConfig& sc = f.schedule;
    sc.kind = parse_schedule(field_or<std::string>(s, "type", to_string(sc.kind), where));
    sc.step_size = ranged_or<int>(s, "step_size", sc.step_size, 1, limits::kMaxEpochs, where);
    sc.gamma = ranged_or<double>(s, "gamma", sc.gamma, 0.0, kHuge, where);
    sc.t_max = ranged_or<int>(s, "t_max", sc.t_max, 0, limits::kMaxEpochs, where);
    sc.eta_min = ranged_or<double>(s, "eta_min", sc.eta_min, 0.0, kHuge, where);
    sc.factor = ranged_or<double>(s, "factor", sc.factor, 0.0, 1.0, where);
    sc.patience = ranged_or<int>(s, "patience", sc.patience, 0, limits::kMaxEpochs, where);
    sc.threshold = ranged_or<double>(s, "threshold", sc.threshold, 0.0, kHuge, where);
    sc.min_lr = ranged_or<double>(s, "min_lr", sc.min_lr, 0.0, kHuge, where);
  } catch (const ConfigError& e) {
    throw FileError(where + ": " + e.what());
  }
}

SplitFractions to_split(const json& parent, const char* key, const std::string& where) {
  if (!parent.is_object() || !parent.contains(key)) return {};
  const json& v = parent.at(key);
  if (!v.is_array() || v.size() != 3 || !std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_number(); }))
    throw_out_of_range(key, v.dump().substr(0, 80), "three fractions [train, validation, test]", where);
  const SplitFractions f{v[0].get<double>(), v[1].get<double>(), v[2].get<double>()};
  if (!valid_split(f))
    throw FileError(where + ": the split fractions must be >= 0 (train > 0) and add up to 1, got " + split_text(f));
  return f;
}

int to_season(const json& parent, const std::string& where) {
  return ranged_or<int>(parent, "season", 0, 0, limits::kMaxSeason, where);
}

Index to_window(const json& parent, const std::string& where) {
  const Index w = field<Index>(parent, "window", where);
  if (w < 1 || w > limits::kMaxWindow)
    throw_out_of_range("window", std::to_string(w), "between 1 and " + std::to_string(limits::kMaxWindow), where);
  return w;
}

Index to_horizon(const json& parent, Index fallback, const std::string& where) {
  return ranged_or<Index>(parent, "horizon", fallback, 1, limits::kMaxHorizon, where);
}

std::vector<std::string> to_column_names(const json& parent, const char* key, bool required, const std::string& where) {
  const auto names = required ? field<std::vector<std::string>>(parent, key, where)
                              : field_or<std::vector<std::string>>(parent, key, {}, where);
  if (names.size() > std::size_t(limits::kMaxFeatures))
    throw_out_of_range(key, std::to_string(names.size()) + " names", "at most " + std::to_string(limits::kMaxFeatures),
                       where);
  std::set<std::string> seen;
  for (const std::string& n : names) {
    if (n.empty()) throw FileError(where + ": metadata field " + quote(key) + " holds an empty column name");
    if (const std::string problem = name_problem(n, "the column name"); !problem.empty())
      throw FileError(where + ": metadata field " + quote(key) + ": " + problem);
    if (!seen.insert(n).second)
      throw FileError(where + ": metadata field " + quote(key) + " lists the column " + quote(n) + " twice");
  }
  return names;
}

std::string to_time_column(const json& parent, const std::string& where) {
  const std::string name = field_or<std::string>(parent, "time_column", "", where);
  if (const std::string problem = name_problem(name, "the time column's name"); !problem.empty())
    throw FileError(where + ": " + problem);
  return name;
}

std::string to_sha256(const json& parent, const std::string& where) {
  const std::string hex = field_or<std::string>(parent, "sha256", "", where);
  if (!hex.empty() && (hex.size() != 64 || hex.find_first_not_of("0123456789abcdef") != std::string::npos))
    throw_out_of_range("sha256", quote(hex), "64 lowercase hex digits (a SHA-256), as rnnwb writes it", where);
  return hex;
}

FitStatus to_fit_status(const json& parent, const std::string& where) {
  const std::string status = field_or<std::string>(parent, "fit_status", "", where);
  // fit()'s outcomes, a checkpoint's "in_progress", "interrupted" (a model the workbench restored
  // from a recovery file), and "" (not recorded).
  if (const std::optional<FitStatus> known = find_enum<FitStatus>(status)) return *known;
  throw_out_of_range("fit_status", quote(status),
                     "one of completed, early_stopped, cancelled, diverged, in_progress, interrupted", where);
}

std::string to_text(const json& parent, const char* key, const std::string& where) {
  const std::string text = field_or<std::string>(parent, key, "", where);
  if (text.size() > 4096) throw_out_of_range(key, quote(text), "at most 4096 bytes", where);
  if (const std::string problem = name_problem(text, std::string("metadata field \"") + key + "\""); !problem.empty())
    throw FileError(where + ": " + problem);
  return text;
}

}  // namespace rnnwb::config_json
