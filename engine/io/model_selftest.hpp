#pragma once
// A model file's self-test, as frugally-deep keeps one: at save time a few deterministic input
// windows of the model's input shape and the outputs the network gave for them, stored as the
// safetensors metadata entry "rnnwb_selftest" (JSON; apart from the "rnnwb" entry, so the model's
// metadata and its tensors are the same with or without it, and readers of the weights never see
// it). Loading runs the windows again and refuses a file whose outputs no longer match: a file
// damaged in transit (a weight changed in place), or an engine that computes differently.
// Files written before the self-test existed have no entry and load as before.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/nn/model.hpp"

namespace rnnwb {

inline constexpr const char* kSelfTestKey = "rnnwb_selftest";
// The most input values a self-test stores (its windows are fewer when one window is larger).
inline constexpr Index kSelfTestMaxValues = 30'000;
inline constexpr int kSelfTestWindows = 3;
// Outputs match when |stored - now| <= tolerance * |stored| + absolute tolerance (as numpy's
// allclose): float rounding that differs between CPUs or thread counts stays far below it; a
// changed weight does not.
inline constexpr double kSelfTestTolerance = 1e-4;
inline constexpr double kSelfTestAbsoluteTolerance = 1e-6;

// The self-test of `model` on windows of `steps` steps: {"tolerance", "absolute_tolerance", "inputs": {"shape",
// "values"}, "outputs": {"shape", "values"}}. The inputs come from a fixed seed, so they are the same on every save.
nlohmann::json make_selftest(const Model<float>& model, Index steps);
// Runs a stored self-test (the metadata entry's text) on `model`; throws FileError naming `where`
// when the entry is unreadable or the outputs differ beyond the tolerance.
void check_selftest(const Model<float>& model, std::string_view text, const std::string& where);

}  // namespace rnnwb
