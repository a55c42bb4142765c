#pragma once
// Monte Carlo dropout: a second kind of prediction interval, for models with dropout layers.
// `passes` forward passes with dropout active (the engine's training-mode dropout, its masks
// seeded by `seed`, so a run is reproducible); each level's band runs from the sampled
// predictions' (1 - c) / 2 to (1 + c) / 2 quantile (linear interpolation, as numpy's default),
// per window, horizon step and target, in original units.
#include <cstdint>
#include <vector>

#include "engine/data/intervals.hpp"
#include "engine/io/trained_model.hpp"

namespace rnnwb {

inline constexpr int kMaxMcDropoutPasses = 10000;

struct SampledBands {
  std::vector<double> levels;
  std::vector<Tensor3<double>> lower, upper;  // per level: (N, horizon, targets)
  Tensor3<double> mean;                       // the passes' mean
};

bool has_dropout(const Model<float>& model);
// Throws ConfigError for a model without dropout layers or passes outside 2 .. kMaxMcDropoutPasses.
void check_mc_dropout(const TrainedModel& m, long long passes);

// One stochastic pass over original-unit windows (as predict_windows, dropout active); `ws` keeps
// the generator, so consecutive passes draw new masks.
Tensor3<double> sampled_prediction(const TrainedModel& m, const Tensor3<double>& raw,
                                   const WindowTransforms& per_window, ModelWorkspace<float>& ws);
SampledBands mc_dropout_bands(const TrainedModel& m, const Tensor3<double>& raw, const WindowTransforms& per_window,
                              int passes, std::uint64_t seed, const std::vector<double>& levels);
// The bands on the test rows of `series`, and how well each level held there.
std::vector<IntervalCoverage> mc_dropout_coverage(const TrainedModel& m, const Series& series, int passes,
                                                  std::uint64_t seed, const std::vector<double>& levels);
// Share of actual values inside [lower, upper] and the mean of upper - lower.
IntervalCoverage band_coverage(const Tensor3<double>& actual, const Tensor3<double>& lower,
                               const Tensor3<double>& upper, double nominal);

}  // namespace rnnwb
