#include "engine/experiments/sweep_space.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/text.hpp"
#include "engine/data/transforms.hpp"
#include "engine/nn/init.hpp"
#include "engine/nn/layer_spec.hpp"
#include "engine/train/loss.hpp"
#include "engine/train/lr_schedule.hpp"
#include "engine/train/optimizer.hpp"

namespace rnnwb {

const std::vector<SweepSetting>& sweep_settings() {
  using K = SweepKind;
  static const std::vector<SweepSetting> settings = {
      {"units", K::Stack, "units per recurrent layer: 64, or 64/32 for two layers", {}},
      {"layers", K::Integer, "recurrent layers, each with the first layer's units", {}},
      {"cell", K::Choice, "recurrent cell", {"lstm", "gru", "rnn"}},
      {"bidirectional", K::Flag, "every recurrent layer reads both directions", {"false", "true"}},
      {"dropout", K::Real, "dropout rate after each recurrent layer, 0 to < 1", {}},
      {"lr", K::Real, "learning rate", {}},
      {"batch_size", K::Integer, "windows per update", {}},
      {"epochs", K::Integer, "passes over the training windows", {}},
      {"patience", K::Integer, "early stopping: epochs without improvement (0 = off)", {}},
      {"optimizer",
       K::Choice,
       "optimizer (with its default settings and the run's learning rate)",
       {"adam", "adamw", "sgd", "rmsprop"}},
      {"weight_decay", K::Real, "weight decay of the optimizer", {}},
      {"schedule", K::Choice, "learning-rate schedule", {"constant", "step", "cosine", "plateau"}},
      {"loss", K::Choice, "training loss", {"mse", "mae", "huber"}},
      {"clip_norm", K::Real, "gradient clipping norm (0 = off)", {}},
      {"seed", K::Integer, "seed for weights, shuffling and dropout", {}},
      {"init", K::Choice, "weight initialisation", {"keras", "pytorch"}},
      {"scaler",
       K::Choice,
       "scaler of every column, fitted on training rows",
       {"standard", "minmax", "robust", "none"}},
      {"window", K::Integer, "input rows per prediction", {}, true},
      {"horizon", K::Integer, "rows predicted at once", {}, true},
      {"log", K::Flag, "log of every used column", {"false", "true"}, true},
      {"diff", K::Integer, "differencing lag of every used column (0 = off)", {}, true},
  };
  return settings;
}

const SweepSetting* find_sweep_setting(std::string_view name) {
  std::string key(name);
  std::replace(key.begin(), key.end(), '-', '_');
  if (key == "learning_rate") key = "lr";
  if (key == "batch") key = "batch_size";
  for (const SweepSetting& s : sweep_settings())
    if (s.name == key) return &s;
  return nullptr;
}

namespace {

std::string trimmed(std::string_view t) {
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  return std::string(t);
}

std::vector<std::string> pieces(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == separator) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

[[noreturn]] void bad_value(const std::string& setting, const std::string& value, const std::string& want) {
  throw ConfigError("sweep setting " + setting + ": " + quote(value) + " is not " + want);
}

long whole_number(const std::string& setting, const std::string& value, long lo, long hi) {
  long v = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || end != value.data() + value.size() || v < lo || v > hi)
    bad_value(setting, value, "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return v;
}

double real_number(const std::string& setting, const std::string& value, double lo, double hi, bool lo_open = false) {
  double v = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(v) || v < lo || v > hi ||
      (lo_open && v <= lo))
    bad_value(setting, value,
              std::string("a number ") + (lo_open ? "above " : "from ") + number_text(lo) + " to " + number_text(hi));
  return v;
}

bool flag(const std::string& setting, const std::string& value) {
  if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "0" || value == "no" || value == "off") return false;
  bad_value(setting, value, "true or false");
}

// A stack of recurrent layers, each maybe followed by dropout: what units, layers, cell,
// bidirectional and dropout change. Any other stack is refused for these settings.
struct PlainStack {
  LayerSpec cell;
  std::vector<int> units;
  double dropout = 0;
};

PlainStack plain_stack(const std::vector<LayerSpec>& layers, const std::string& setting) {
  PlainStack s;
  bool found = false;
  for (const LayerSpec& l : layers) {
    if (is_recurrent(l.kind)) {
      if (!found) s.cell = l;
      found = true;
      s.units.push_back(l.units);
    } else if (l.kind == LayerKind::Dropout) {
      s.dropout = l.rate;
    } else {
      throw ConfigError("sweep setting " + setting +
                        " changes a stack of recurrent layers (with dropout), and this stack has a " +
                        to_string(l.kind) + " layer; vary the stack on the Model page instead");
    }
  }
  if (!found) throw ConfigError("sweep setting " + setting + " needs a recurrent layer in the stack");
  return s;
}

std::vector<LayerSpec> rebuilt(const PlainStack& s) {
  std::vector<LayerSpec> layers;
  for (std::size_t i = 0; i < s.units.size(); ++i) {
    LayerSpec l = s.cell;
    l.units = s.units[i];
    l.return_sequences = i + 1 < s.units.size();
    layers.push_back(l);
    if (s.dropout > 0) layers.push_back(LayerSpec::dropout(s.dropout));
  }
  return layers;
}

std::vector<int> stack_units(const std::string& value) {
  std::vector<int> units;
  for (const std::string& part : pieces(value, '/'))
    units.push_back(int(whole_number("units", trimmed(part), 1, limits::kMaxUnits)));
  if (units.empty() || units.size() > std::size_t(limits::kMaxLayers / 2))
    bad_value("units", value, "units per layer such as 64 or 64/32");
  return units;
}

void apply_stack(Session& s, const std::string& setting, const std::string& value) {
  PlainStack stack = plain_stack(s.layers, setting);
  if (setting == "units") {
    stack.units = stack_units(value);
  } else if (setting == "layers") {
    stack.units.assign(std::size_t(whole_number(setting, value, 1, limits::kMaxLayers / 2)), stack.units.front());
  } else if (setting == "cell") {
    const LayerKind kind = parse_layer_kind(value);
    if (!is_recurrent(kind)) bad_value(setting, value, "lstm, gru or rnn");
    stack.cell.kind = kind;
    stack.cell.activation = Activation::Tanh;
  } else if (setting == "bidirectional") {
    stack.cell.bidirectional = flag(setting, value);
  } else {
    stack.dropout = real_number(setting, value, 0, 0.99);
  }
  s.layers = rebuilt(stack);
}

// Every transform the pipeline applies: the default and each column's own.
template <class F>
void each_transform(Session& s, const std::string& setting, F change) {
  if (s.sequences) throw ConfigError("sweep setting " + setting + " is for a series; a sequence dataset has none");
  change(s.pipeline.default_transform);
  for (auto& [name, t] : s.pipeline.column_transforms) change(t);
}

bool apply_fit(Session& s, const std::string& setting, const std::string& value) {
  FitConfig& f = s.fit;
  if (setting == "lr") {
    f.optimizer.lr = real_number(setting, value, 0, 1e6, true);
  } else if (setting == "batch_size") {
    f.batch_size = whole_number(setting, value, 1, limits::kMaxBatch);
  } else if (setting == "epochs") {
    f.epochs = int(whole_number(setting, value, 1, limits::kMaxEpochs));
  } else if (setting == "patience") {
    f.patience = int(whole_number(setting, value, 0, limits::kMaxEpochs));
  } else if (setting == "optimizer") {
    f.optimizer = OptimizerConfig::defaults(parse_optimizer(value), f.optimizer.lr);
  } else if (setting == "weight_decay") {
    f.optimizer.weight_decay = real_number(setting, value, 0, 1e6);
  } else if (setting == "schedule") {
    f.schedule.kind = parse_schedule(value);
  } else if (setting == "loss") {
    const LossKind kind = parse_loss(value);
    if (kind == LossKind::CrossEntropy || f.loss.kind == LossKind::CrossEntropy)
      throw ConfigError(
          "sweep setting loss: a classifier trains with cross_entropy, a regression with mse, mae or "
          "huber; the loss cannot switch between them");
    f.loss.kind = kind;
  } else if (setting == "clip_norm") {
    f.clip_norm = real_number(setting, value, 0, 1e12);
  } else if (setting == "seed") {
    f.seed = std::uint64_t(whole_number(setting, value, 0, std::numeric_limits<long>::max()));
    s.init.seed = f.seed;
  } else if (setting == "init") {
    s.init.scheme = parse_enum<InitScheme>(value);
  } else {
    return false;
  }
  return true;
}

}  // namespace

namespace {

void apply_checked(Session& s, const std::string& name, const std::string& raw) {
  const SweepSetting* found = find_sweep_setting(name);
  if (!found) {
    std::string names;
    for (const SweepSetting& k : sweep_settings()) names += (names.empty() ? "" : ", ") + k.name;
    throw ConfigError("a sweep cannot vary " + quote(name) + "; it varies " + names);
  }
  const std::string& setting = found->name;
  const std::string value = trimmed(raw);
  if (found->series_only && s.sequences)
    throw ConfigError("sweep setting " + setting + " is for a series; a sequence dataset has its own steps");
  if (setting == "units" || setting == "layers" || setting == "cell" || setting == "bidirectional" ||
      setting == "dropout") {
    apply_stack(s, setting, value);
  } else if (apply_fit(s, setting, value)) {
  } else if (setting == "scaler") {
    const Scaler scaler = parse_scaler(value);
    if (s.sequences) {
      s.sequences->config.feature_scaler = scaler;
      if (s.sequences->config.task != SequenceTask::Classification) s.sequences->config.target_scaler = scaler;
    } else {
      each_transform(s, setting, [&](ColumnTransform& t) { t.scaler = scaler; });
    }
  } else if (setting == "window") {
    s.pipeline.window = whole_number(setting, value, 1, limits::kMaxWindow);
  } else if (setting == "horizon") {
    s.pipeline.horizon = whole_number(setting, value, 1, limits::kMaxHorizon);
  } else if (setting == "log") {
    const bool on = flag(setting, value);
    each_transform(s, setting, [&](ColumnTransform& t) { t.log = on; });
  } else if (setting == "diff") {
    const int lag = int(whole_number(setting, value, 0, limits::kMaxLag));
    each_transform(s, setting, [&](ColumnTransform& t) { t.diff_lag = lag; });
  }
}

}  // namespace

void apply_sweep_value(Session& s, const std::string& name, const std::string& raw) {
  try {
    apply_checked(s, name, raw);
  } catch (const ConfigError&) {
    throw;
  } catch (const std::exception& e) {  // the enum parsers' ModelError: a value a setting cannot take
    throw ConfigError("sweep setting " + name + ": " + e.what());
  }
}

Session settings_at(const Session& base, const SweepPoint& point) {
  Session s = base;
  for (const auto& [setting, value] : point) apply_sweep_value(s, setting, value);
  return s;
}

namespace {

// A value checked against the setting alone (as if applied to a plain LSTM(64) series session).
void check_value(const std::string& setting, const std::string& value) {
  Session probe;
  probe.layers = {LayerSpec::lstm(64)};
  apply_sweep_value(probe, setting, value);
}

}  // namespace

SweepAxis parse_sweep_axis(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos)
    throw ConfigError("sweep axis " + quote(text) + " needs the form name=v1,v2,... (or name=lo:hi[:log])");
  SweepAxis axis;
  const std::string name = trimmed(text.substr(0, eq));
  const SweepSetting* setting = find_sweep_setting(name);
  if (!setting) {
    check_value(name, "");  // throws, naming the settings a sweep varies
    throw ConfigError("a sweep cannot vary " + quote(name));
  }
  axis.setting = setting->name;
  const std::string values = trimmed(text.substr(eq + 1));
  const bool number =
      setting->kind == SweepKind::Integer || setting->kind == SweepKind::Real || setting->kind == SweepKind::Stack;
  if (number && values.find(':') != std::string::npos) {
    const std::vector<std::string> parts = pieces(values, ':');
    if (parts.size() < 2 || parts.size() > 3 || (parts.size() == 3 && trimmed(parts[2]) != "log"))
      throw ConfigError("sweep range " + quote(text) + " must be lo:hi or lo:hi:log");
    axis.range = true;
    axis.log_scale = parts.size() == 3;
    axis.lo = real_number(axis.setting, trimmed(parts[0]), -1e300, 1e300);
    axis.hi = real_number(axis.setting, trimmed(parts[1]), -1e300, 1e300);
    if (!(axis.lo < axis.hi)) throw ConfigError("sweep range " + quote(text) + ": lo must be below hi");
    if (axis.log_scale && axis.lo <= 0) throw ConfigError("sweep range " + quote(text) + ": a log range needs lo > 0");
    for (double end : {axis.lo, axis.hi}) {
      const std::string v = setting->kind != SweepKind::Real ? std::to_string(std::llround(end)) : number_text(end);
      check_value(axis.setting, v);
    }
    return axis;
  }
  for (const std::string& v : pieces(values, ',')) {
    const std::string value = trimmed(v);
    check_value(axis.setting, value);
    if (std::find(axis.values.begin(), axis.values.end(), value) == axis.values.end()) axis.values.push_back(value);
  }
  if (axis.values.empty()) throw ConfigError("sweep axis " + quote(text) + " lists no values");
  return axis;
}

namespace {

void check_axes(const std::vector<SweepAxis>& axes) {
  std::set<std::string> seen;
  for (const SweepAxis& a : axes)
    if (!seen.insert(a.setting).second) throw ConfigError("two sweep axes vary " + a.setting + "; give it once");
}

}  // namespace

std::vector<SweepPoint> grid_points(const std::vector<SweepAxis>& axes) {
  check_axes(axes);
  std::size_t total = 1;
  for (const SweepAxis& a : axes) {
    if (a.range)
      throw ConfigError("sweep axis " + a.setting + " is a range (" + number_text(a.lo) + ":" + number_text(a.hi) +
                        "); a grid needs listed values: give them, or search the range with --random N");
    total *= a.values.size();
    if (total > kMaxSweepRuns)
      throw ConfigError("the grid has more than " + std::to_string(kMaxSweepRuns) +
                        " points; list fewer values or use --random N");
  }
  std::vector<SweepPoint> points(axes.empty() ? 0 : 1);
  for (const SweepAxis& a : axes) {
    std::vector<SweepPoint> next;
    for (const SweepPoint& p : points)
      for (const std::string& v : a.values) {
        SweepPoint q = p;
        q.emplace_back(a.setting, v);
        next.push_back(std::move(q));
      }
    points = std::move(next);
  }
  return points;
}

std::vector<SweepPoint> random_points(const std::vector<SweepAxis>& axes, std::size_t count, std::uint64_t seed) {
  check_axes(axes);
  if (count > kMaxSweepRuns)
    throw ConfigError("--random asks for more than " + std::to_string(kMaxSweepRuns) + " runs");
  const bool all_lists = std::none_of(axes.begin(), axes.end(), [](const SweepAxis& a) { return a.range; });
  if (all_lists) {
    std::size_t total = 1;
    for (const SweepAxis& a : axes) total = std::min(total * a.values.size(), kMaxSweepRuns + 1);
    if (total <= count) return grid_points(axes);  // the whole space, each point once
  }
  Rng rng(seed);
  std::vector<SweepPoint> points;
  std::set<std::string> seen;
  for (std::size_t tries = 0; points.size() < count && tries < count * 100 + 100; ++tries) {
    SweepPoint p;
    for (const SweepAxis& a : axes) {
      if (!a.range) {
        p.emplace_back(a.setting, a.values[rng.below(a.values.size())]);
        continue;
      }
      const double u = rng.uniform();
      const double v =
          a.log_scale ? std::exp(std::log(a.lo) + u * (std::log(a.hi) - std::log(a.lo))) : a.lo + u * (a.hi - a.lo);
      const bool whole = find_sweep_setting(a.setting)->kind != SweepKind::Real;
      // Four significant digits keep the values readable in tables (1e-4:1e-2 gives 0.0003162).
      char text[32];
      std::snprintf(text, sizeof text, "%.4g", v);
      p.emplace_back(a.setting, whole ? std::to_string(std::llround(v)) : std::string(text));
    }
    if (seen.insert(point_text(p)).second) points.push_back(std::move(p));
  }
  return points;
}

std::string point_text(const SweepPoint& point) {
  std::string out;
  for (const auto& [setting, value] : point) out += (out.empty() ? "" : " ") + setting + "=" + value;
  return out;
}

}  // namespace rnnwb
