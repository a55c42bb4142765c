#pragma once
// What a sweep dialog prefills: the value a setting has in the current settings, written as a
// sweep axis writes it, and a few values around it to try (the current one first).
#include <string>
#include <vector>

#include "engine/experiments/sweep_space.hpp"

namespace rnnwb {

// "32", "0.001", "lstm", "true"...; empty when the setting does not apply to these settings (a
// window for a sequence dataset, units of a stack that is not a plain recurrent one).
std::string sweep_value_of(const Session& settings, const SweepSetting& setting);
// The current value and its neighbours: half and double for sizes, a third and three times for
// rates, every choice of a choice (the current one first), both values of a flag. Every value is
// one apply_sweep_value accepts on a plain stack.
std::vector<std::string> suggested_sweep_values(const SweepSetting& setting, const std::string& current);

}  // namespace rnnwb
