#include "engine/io/model_selftest.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

#include "engine/core/error.hpp"
#include "engine/core/rng.hpp"

namespace rnnwb {

using json = nlohmann::json;

namespace {

constexpr std::uint64_t kSelfTestSeed = 0x5e1f7e57;  // fixed: the same windows on every save

// The network's outputs for `x`, on one thread (the stored outputs must not depend on the machine).
Tensor3<float> outputs_of(const Model<float>& model, const Tensor3<float>& x) { return model.predict(x, x.batch, 1); }

json tensor_json(const Tensor3<float>& t) {
  json values = json::array();
  for (float v : t.data) values.push_back(double(v));
  return {{"shape", {t.batch, t.steps, t.features}}, {"values", std::move(values)}};
}

// Throws std::exception (json's or ours) for anything that is not a whole (b, t, f) tensor.
Tensor3<float> tensor_from(const json& j) {
  const json& shape = j.at("shape");
  if (!shape.is_array() || shape.size() != 3) throw std::invalid_argument("shape is not [batch, steps, features]");
  const Index b = shape[0].get<Index>(), t = shape[1].get<Index>(), f = shape[2].get<Index>();
  if (b < 1 || t < 1 || f < 1 || b > kSelfTestWindows || b * t * f > kSelfTestMaxValues * 2)
    throw std::invalid_argument("shape out of range");
  const json& values = j.at("values");
  if (!values.is_array() || Index(values.size()) != b * t * f) throw std::invalid_argument("values do not fill shape");
  Tensor3<float> out(b, t, f);
  for (std::size_t i = 0; i < out.data.size(); ++i) out.data[i] = float(values[i].get<double>());
  return out;
}

[[noreturn]] void refuse(const std::string& where, const std::string& detail) {
  throw FileError(where +
                  ": the file's self-test no longer reproduces its outputs: the file was damaged or was written by a "
                  "different engine; retrain or re-export (" +
                  detail + ")");
}

}  // namespace

json make_selftest(const Model<float>& model, Index steps) {
  const Index features = model.input_features();
  const Index windows =
      std::clamp<Index>(kSelfTestMaxValues / std::max<Index>(steps * features, 1), 1, kSelfTestWindows);
  Tensor3<float> x(windows, steps, features);
  Rng rng(kSelfTestSeed);
  for (float& v : x.data) v = float(rng.uniform(-2.0, 2.0));  // model inputs are scaled to about this range
  return {
      {"tolerance", kSelfTestTolerance}, {"inputs", tensor_json(x)}, {"outputs", tensor_json(outputs_of(model, x))}};
}

void check_selftest(const Model<float>& model, std::string_view text, const std::string& where) {
  Tensor3<float> x, expected;
  try {
    const json j = json::parse(text);
    x = tensor_from(j.at("inputs"));
    expected = tensor_from(j.at("outputs"));
  } catch (const std::exception&) {
    refuse(where, "its \"" + std::string(kSelfTestKey) + "\" entry is not a readable self-test");
  }
  if (x.features != model.input_features())
    refuse(where, "its inputs have " + std::to_string(x.features) + " features, the network takes " +
                      std::to_string(model.input_features()));
  Tensor3<float> y;
  try {
    y = outputs_of(model, x);
  } catch (const std::exception& e) {
    refuse(where, std::string("the network cannot run its inputs: ") + e.what());
  }
  if (y.batch != expected.batch || y.steps != expected.steps || y.features != expected.features)
    refuse(where, "the outputs have a different shape");
  for (std::size_t i = 0; i < y.data.size(); ++i) {
    const double stored = expected.data[i], now = y.data[i];
    if (!(std::abs(stored - now) <= kSelfTestTolerance * std::abs(stored) + kSelfTestAbsoluteTolerance))
      refuse(where,
             "output " + std::to_string(i) + " was " + std::to_string(stored) + ", is now " + std::to_string(now));
  }
}

}  // namespace rnnwb
