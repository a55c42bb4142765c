#include "engine/experiments/sweep_suggestion.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "engine/core/limits.hpp"
#include "engine/core/text.hpp"

namespace rnnwb {

namespace {

// The recurrent layers' units ("64/32") and the first one's cell, or nothing for another stack.
bool plain_units(const std::vector<LayerSpec>& layers, std::string& units, const LayerSpec*& first) {
  first = nullptr;
  units.clear();
  for (const LayerSpec& l : layers) {
    if (l.kind == LayerKind::Dropout) continue;
    if (!is_recurrent(l.kind)) return false;
    if (!first) first = &l;
    units += (units.empty() ? "" : "/") + std::to_string(l.units);
  }
  return first != nullptr;
}

std::string flag_text(bool on) { return on ? "true" : "false"; }

std::string stack_value(const Session& s, const std::string& name) {
  std::string units;
  const LayerSpec* first = nullptr;
  if (!plain_units(s.layers, units, first)) return {};
  if (name == "units") return units;
  if (name == "layers") return std::to_string(std::count(units.begin(), units.end(), '/') + 1);
  if (name == "cell") return to_string(first->kind);
  if (name == "bidirectional") return flag_text(first->bidirectional);
  double rate = 0;
  for (const LayerSpec& l : s.layers)
    if (l.kind == LayerKind::Dropout) rate = l.rate;
  return number_text(rate);
}

std::string fit_value(const Session& s, const std::string& name) {
  const FitConfig& f = s.fit;
  if (name == "lr") return number_text(f.optimizer.lr);
  if (name == "batch_size") return std::to_string(f.batch_size);
  if (name == "epochs") return std::to_string(f.epochs);
  if (name == "patience") return std::to_string(f.patience);
  if (name == "optimizer") return to_string(f.optimizer.kind);
  if (name == "weight_decay") return number_text(f.optimizer.weight_decay);
  if (name == "schedule") return to_string(f.schedule.kind);
  if (name == "loss") return to_string(f.loss.kind);
  if (name == "clip_norm") return number_text(f.clip_norm);
  if (name == "seed") return std::to_string(f.seed);
  if (name == "init") return to_string(s.init.scheme);
  return {};
}

std::string data_value(const Session& s, const std::string& name) {
  if (name == "scaler")
    return to_string(s.sequences ? s.sequences->config.feature_scaler : s.pipeline.default_transform.scaler);
  if (s.sequences) return {};
  if (name == "window") return std::to_string(s.pipeline.window);
  if (name == "horizon") return std::to_string(s.pipeline.horizon);
  if (name == "log") return flag_text(s.pipeline.default_transform.log);
  if (name == "diff") return std::to_string(s.pipeline.default_transform.diff_lag);
  return {};
}

std::string short_number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2g", v);
  return text;
}

// Half and double (a size), or the step up from zero for a count that may be off.
std::vector<std::string> whole_neighbours(const std::string& name, long v) {
  if (name == "seed") return {std::to_string(v), std::to_string(v + 1), std::to_string(v + 2)};
  if (v == 0) return {"0", name == "patience" ? "5" : "1"};
  if (name == "layers" || name == "horizon" || name == "diff")
    return v > 1 ? std::vector<std::string>{std::to_string(v - 1), std::to_string(v), std::to_string(v + 1)}
                 : std::vector<std::string>{"1", "2"};
  std::vector<std::string> out;
  if (v > 1) out.push_back(std::to_string(v / 2));
  out.push_back(std::to_string(v));
  if (v * 2 <= limits::kMaxUnits || name != "units") out.push_back(std::to_string(v * 2));
  return out;
}

std::vector<std::string> real_neighbours(const std::string& name, double v) {
  if (v <= 0) {
    if (name == "dropout") return {"0", "0.2"};
    if (name == "clip_norm") return {"0", "1"};
    return {"0", "0.0001", "0.001"};  // weight decay
  }
  if (name == "dropout") return {"0", number_text(v), short_number(std::min(0.9, v * 2))};
  return {short_number(v / 3), number_text(v), short_number(v * 3)};
}

}  // namespace

std::string sweep_value_of(const Session& s, const SweepSetting& setting) {
  const std::string& name = setting.name;
  if (setting.series_only && s.sequences) return {};
  if (name == "units" || name == "layers" || name == "cell" || name == "bidirectional" || name == "dropout")
    return stack_value(s, name);
  const std::string fit = fit_value(s, name);
  return fit.empty() ? data_value(s, name) : fit;
}

std::vector<std::string> suggested_sweep_values(const SweepSetting& setting, const std::string& current) {
  std::vector<std::string> out;
  switch (setting.kind) {
    case SweepKind::Choice:
    case SweepKind::Flag:
      if (!current.empty()) out.push_back(current);
      for (const std::string& c : setting.choices)
        if (c != current) out.push_back(c);
      return out;
    case SweepKind::Real: {
      double v = 0;
      const auto [end, ec] = std::from_chars(current.data(), current.data() + current.size(), v);
      if (ec != std::errc() || end != current.data() + current.size())
        return current.empty() ? out : std::vector<std::string>{current};
      return real_neighbours(setting.name, v);
    }
    case SweepKind::Integer:
    case SweepKind::Stack: {
      long v = 0;
      const auto [end, ec] = std::from_chars(current.data(), current.data() + current.size(), v);
      if (ec != std::errc() || end != current.data() + current.size() || v < 0)  // "64/32": as it is
        return current.empty() ? out : std::vector<std::string>{current};
      return whole_neighbours(setting.name, v);
    }
  }
  return out;
}

}  // namespace rnnwb
