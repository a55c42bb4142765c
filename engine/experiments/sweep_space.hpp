#pragma once
// What a sweep varies: axes such as "units=16,32,64" (a list) or "lr=1e-4:1e-2:log" (a range, for
// random search), expanded into points (a full grid, or N random draws from a seed), each applied to
// the base settings to give one run's settings. Shared by `rnnwb sweep` and the workbench's sweep
// dialog, which lists sweep_settings() to choose from.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/io/session_file.hpp"

namespace rnnwb {

enum class SweepKind { Integer, Real, Choice, Flag, Stack };
struct SweepSetting {
  std::string name;  // as in the grid text: "units", "lr", "batch_size"...
  SweepKind kind;
  std::string help;                  // what it changes, in words
  std::vector<std::string> choices;  // Choice: the values it takes
  bool series_only = false;          // a sequence dataset has no window, horizon or transforms
};
// Every setting a sweep can vary, in the order dialogs list them.
const std::vector<SweepSetting>& sweep_settings();
// The setting of that name (aliases: "batch-size" for "batch_size"...), or null.
const SweepSetting* find_sweep_setting(std::string_view name);

struct SweepAxis {
  std::string setting;
  std::vector<std::string> values;  // a list of values; empty for a range
  bool range = false;               // lo:hi, drawn uniformly (log-uniformly with log_scale)
  double lo = 0, hi = 0;
  bool log_scale = false;
};
// "name=v1,v2,..." or, for a number setting, "name=lo:hi" or "name=lo:hi:log". Throws ConfigError
// saying what is wrong (an unknown setting names the ones there are; each value is checked as
// apply_sweep_value would).
SweepAxis parse_sweep_axis(std::string_view text);

using SweepPoint = std::vector<std::pair<std::string, std::string>>;  // (setting, value) per axis
// The full grid, the first axis slowest. A range cannot be a grid axis (ConfigError: use --random).
// Throws ConfigError when two axes vary the same setting or the grid exceeds kMaxSweepRuns.
inline constexpr std::size_t kMaxSweepRuns = 100000;
std::vector<SweepPoint> grid_points(const std::vector<SweepAxis>& axes);
// `count` random points from `seed`: a list axis draws one of its values, a range a number in it
// (rounded for a whole-number setting). Points repeat only when the space has fewer than `count`;
// then each point of the grid comes once. The same axes, count and seed give the same points.
std::vector<SweepPoint> random_points(const std::vector<SweepAxis>& axes, std::size_t count, std::uint64_t seed);

// "units=32 lr=0.003"
std::string point_text(const SweepPoint& point);
// Sets one setting on run settings; throws ConfigError for an unknown setting, a value it cannot
// take, or one that does not apply (a window for a sequence dataset; units on a stack that is not
// a plain recurrent one).
void apply_sweep_value(Session& settings, const std::string& setting, const std::string& value);
Session settings_at(const Session& base, const SweepPoint& point);

}  // namespace rnnwb
