#include "engine/workflow/mc_dropout.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/data/metrics.hpp"

namespace rnnwb {

bool has_dropout(const Model<float>& model) {
  return std::any_of(model.layers().begin(), model.layers().end(),
                     [](const LayerSpec& l) { return l.kind == LayerKind::Dropout; });
}

void check_mc_dropout(const TrainedModel& m, long long passes) {
  if (!has_dropout(m.model))
    throw ConfigError(
        "--mc-dropout samples the model's dropout layers, and this model has none: train it with --dropout "
        "(e.g. 0.2), or use its conformal intervals");
  if (passes < 2 || passes > kMaxMcDropoutPasses)
    throw ConfigError("--mc-dropout " + std::to_string(passes) + ": choose 2 to " +
                      std::to_string(kMaxMcDropoutPasses) + " passes (100 is a common choice)");
}

Tensor3<double> sampled_prediction(const TrainedModel& m, const Tensor3<double>& raw,
                                   const WindowTransforms& per_window, ModelWorkspace<float>& ws) {
  const Pipeline& p = m.pipeline;
  const Tensor3<float> x = encode_inputs(p, raw, per_window);
  Tensor3<float> out(x.batch, 1, p.horizon * Index(p.targets.size()));
  SeqMatrix<float> chunk;
  std::vector<Index> rows;
  for (Index begin = 0; begin < x.batch; begin += 256) {
    const Index n = std::min<Index>(256, x.batch - begin);
    rows.resize(std::size_t(n));
    for (Index i = 0; i < n; ++i) rows[std::size_t(i)] = begin + i;
    gather_batch(x, rows.data(), n, chunk);
    scatter_batch(m.model.forward(ws, chunk, true), out, begin);  // training mode: dropout active
  }
  Tensor3<float> shaped(out.batch, p.horizon, Index(p.targets.size()));
  shaped.data = out.data;
  return decode_outputs(p, shaped, raw, per_window);
}

namespace {

// numpy.quantile's default (linear) on sorted values.
double quantile_of_sorted(const std::vector<double>& v, double q) {
  const double at = q * double(v.size() - 1);
  const std::size_t lo = std::size_t(std::floor(at)), hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (at - double(lo)) * (v[hi] - v[lo]);
}

}  // namespace

SampledBands mc_dropout_bands(const TrainedModel& m, const Tensor3<double>& raw, const WindowTransforms& per_window,
                              int passes, std::uint64_t seed, const std::vector<double>& levels) {
  check_mc_dropout(m, passes);
  ModelWorkspace<float> ws(seed);
  std::vector<Tensor3<double>> samples;
  for (int k = 0; k < passes; ++k) samples.push_back(sampled_prediction(m, raw, per_window, ws));
  const Tensor3<double>& first = samples.front();
  SampledBands out{levels, {}, {}, Tensor3<double>(first.batch, first.steps, first.features)};
  for (std::size_t l = 0; l < levels.size(); ++l) {
    out.lower.push_back(out.mean);
    out.upper.push_back(out.mean);
  }
  std::vector<double> values(static_cast<std::size_t>(passes));
  for (std::size_t i = 0; i < first.data.size(); ++i) {
    for (int k = 0; k < passes; ++k) values[std::size_t(k)] = samples[std::size_t(k)].data[i];
    double sum = 0;
    for (double v : values) sum += v;
    out.mean.data[i] = sum / passes;
    std::sort(values.begin(), values.end());
    for (std::size_t l = 0; l < levels.size(); ++l) {
      out.lower[l].data[i] = quantile_of_sorted(values, (1 - levels[l]) / 2);
      out.upper[l].data[i] = quantile_of_sorted(values, (1 + levels[l]) / 2);
    }
  }
  return out;
}

IntervalCoverage band_coverage(const Tensor3<double>& actual, const Tensor3<double>& lower,
                               const Tensor3<double>& upper, double nominal) {
  IntervalCoverage c;
  c.nominal = nominal;
  std::vector<std::size_t> inside(std::size_t(actual.steps)), count(std::size_t(actual.steps));
  double width = 0, in = 0;
  for (Index b = 0; b < actual.batch; ++b)
    for (Index s = 0; s < actual.steps; ++s)
      for (Index t = 0; t < actual.features; ++t) {
        const double a = actual(b, s, t);
        if (std::isnan(a)) continue;
        const bool hit = a >= lower(b, s, t) && a <= upper(b, s, t);
        in += hit;
        inside[std::size_t(s)] += hit;
        ++count[std::size_t(s)];
        ++c.count;
        width += upper(b, s, t) - lower(b, s, t);
      }
  if (c.count > 0) {
    c.empirical = in / double(c.count);
    c.mean_width = width / double(c.count);
  }
  for (std::size_t s = 0; s < inside.size(); ++s)
    c.empirical_by_step.push_back(count[s] ? double(inside[s]) / double(count[s]) : 0.0);
  return c;
}

std::vector<IntervalCoverage> mc_dropout_coverage(const TrainedModel& m, const Series& series, int passes,
                                                  std::uint64_t seed, const std::vector<double>& levels) {
  const std::vector<std::size_t> test = split_rows(series, m.pipeline).test;
  if (test.empty()) return {};
  const SampledBands bands = mc_dropout_bands(m, raw_windows(series, m.pipeline, test),
                                              window_transforms(series, m.pipeline, test), passes, seed, levels);
  const Tensor3<double> actual = actual_values(series, m.pipeline, test);
  std::vector<IntervalCoverage> out;
  for (std::size_t l = 0; l < levels.size(); ++l)
    out.push_back(band_coverage(actual, bands.lower[l], bands.upper[l], levels[l]));
  return out;
}

}  // namespace rnnwb
