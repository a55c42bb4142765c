#include "engine/data/sequences.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "engine/core/error.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/text.hpp"

namespace rnnwb {

std::vector<std::string> default_names(const std::string& prefix, std::size_t n) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < n; ++i) names.push_back(prefix + std::to_string(i));
  return names;
}

namespace {

// Names given for `what` ("feature", "target"): one per column, distinct, storable; defaults when empty.
void check_names(std::vector<std::string>& names, std::size_t n, const std::string& what, const std::string& prefix,
                 Setting setting) {
  if (names.empty()) {
    names = default_names(prefix, n);
    return;
  }
  if (names.size() != n)
    throw DataError(Message(std::to_string(names.size()) + " " + what + " names are given but the data has " +
                            std::to_string(n) + " " + what + (n == 1 ? "" : "s") + ": give one name per " + what)
                    << Hint::where(setting));
  std::set<std::string> seen;
  for (const std::string& name : names) {
    if (name.empty()) throw DataError("a " + what + " name is empty: give every " + what + " a name");
    if (const std::string problem = name_problem(name, "the " + what + " name"); !problem.empty())
      throw DataError(problem);
    if (!seen.insert(name).second) throw DataError("the " + what + " name " + quote(name) + " is given twice");
  }
}

}  // namespace

void check_sequences(SequenceDataset& d) {
  if (d.x.batch < 1) throw DataError("X holds no sequence (its first dimension is 0)");
  if (d.x.steps < 1 || d.x.features < 1)
    throw DataError("X has shape (" + std::to_string(d.x.batch) + ", " + std::to_string(d.x.steps) + ", " +
                    std::to_string(d.x.features) + "): each sequence needs at least one step and one feature");
  if (d.y.batch != d.x.batch)
    throw DataError("Y has " + std::to_string(d.y.batch) + " rows but X has " + std::to_string(d.x.batch) +
                    " sequences: Y's first dimension must be N, one target row per sequence");
  if (d.y.steps < 1 || d.y.features < 1) throw DataError("Y has no target values per sequence (a dimension is 0)");
  d.spans = valid_spans(d.x, "X");
  for (Index i = 0; i < d.y.batch; ++i)
    for (Index h = 0; h < d.y.steps; ++h)
      for (Index c = 0; c < d.y.features; ++c)
        if (!std::isfinite(d.y(i, h, c)))
          throw DataError("Y" +
                          (d.y_has_horizon ? "[" + std::to_string(i) + ", " + std::to_string(h) + ", "
                                           : "[" + std::to_string(i) + ", ") +
                          std::to_string(c) + "] is " + (std::isnan(d.y(i, h, c)) ? "NaN" : "infinite") +
                          ": every target must be a finite number; drop that sequence or fill its target");
  check_names(d.features, std::size_t(d.x.features), "feature", "x", Setting::FeatureNames);
  check_names(d.targets, std::size_t(d.y.features), "target", "y", Setting::TargetNames);
}

std::pair<Index, Index> valid_length_range(const SequenceDataset& d, const std::vector<std::size_t>& rows) {
  Index lo = 0, hi = 0;
  bool first = true;
  const auto see = [&](const ValidSpan& s) {
    lo = first ? s.length : std::min(lo, s.length);
    hi = first ? s.length : std::max(hi, s.length);
    first = false;
  };
  if (rows.empty())
    for (const ValidSpan& s : d.spans) see(s);
  else
    for (std::size_t r : rows) see(d.spans.at(r));
  return {lo, hi};
}

SequenceSplit split_sequences(std::size_t n, const SplitFractions& fractions, bool shuffle, std::uint64_t seed) {
  const SplitBounds b = split_bounds(n, fractions);
  const std::size_t counts[] = {b.train_end, b.validation_end - b.train_end, n - b.validation_end};
  const double wanted[] = {fractions.train, fractions.validation, fractions.test};
  const char* names[] = {"training", "validation", "test"};
  for (int k = 0; k < 3; ++k)
    if (wanted[k] > 0 && counts[k] == 0)
      throw DataError(Message("the split gives the " + std::string(names[k]) + " set none of the " + std::to_string(n) +
                              " sequences (the first floor(a*N) train, up to floor((a+b)*N) validate); raise its "
                              "fraction")
                      << Hint::where(Setting::Split) << ", set it to 0, or give more sequences");
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t(0));
  if (shuffle) Rng(seed).shuffle(order);
  SequenceSplit s;
  s.train.assign(order.begin(), order.begin() + long(b.train_end));
  s.validation.assign(order.begin() + long(b.train_end), order.begin() + long(b.validation_end));
  s.test.assign(order.begin() + long(b.validation_end), order.end());
  for (auto* list : {&s.train, &s.validation, &s.test}) std::sort(list->begin(), list->end());
  return s;
}

SequenceScaling fit_sequence_scaling(const SequenceDataset& d, const std::vector<std::size_t>& train,
                                     const SequenceConfig& config, std::vector<Message>* warnings) {
  SequenceScaling s;
  std::vector<double> values;
  for (Index f = 0; f < d.x.features; ++f) {
    values.clear();
    for (std::size_t r : train) {
      const ValidSpan span = d.spans.at(r);
      for (Index t = span.first; t < span.first + span.length; ++t) values.push_back(d.x(Index(r), t, f));
    }
    ColumnTransform t;
    t.scaler = config.feature_scaler;
    if (!fit_scaler(t, values) && t.scaler != Scaler::None && warnings)
      warnings->push_back("feature " + quote(d.features.at(std::size_t(f))) +
                          " is constant on the training sequences: it is left unscaled (scale 1)");
    s.features.push_back(t);
  }
  for (Index c = 0; c < d.y.features; ++c) {
    values.clear();
    for (std::size_t r : train)
      for (Index h = 0; h < d.y.steps; ++h) values.push_back(d.y(Index(r), h, c));
    ColumnTransform t;
    t.scaler = config.target_scaler;
    if (!fit_scaler(t, values) && t.scaler != Scaler::None && warnings)
      warnings->push_back("target " + quote(d.targets.at(std::size_t(c))) +
                          " is constant on the training sequences: it is left unscaled (scale 1)");
    s.targets.push_back(t);
  }
  return s;
}

namespace {

std::vector<std::size_t> all_rows_if_empty(const std::vector<std::size_t>& rows, Index n) {
  if (!rows.empty()) return rows;
  std::vector<std::size_t> all(static_cast<std::size_t>(n));
  std::iota(all.begin(), all.end(), std::size_t(0));
  return all;
}

}  // namespace

Tensor3<float> encode_sequences(const SequenceScaling& s, const Tensor3<double>& x,
                                const std::vector<std::size_t>& rows) {
  if (std::size_t(x.features) != s.features.size())
    throw DataError("the sequences have " + std::to_string(x.features) + " features but the model takes " +
                    std::to_string(s.features.size()));
  const std::vector<std::size_t> use = all_rows_if_empty(rows, x.batch);
  Tensor3<float> out(Index(use.size()), x.steps, x.features);
  for (std::size_t i = 0; i < use.size(); ++i)
    for (Index t = 0; t < x.steps; ++t)
      for (Index f = 0; f < x.features; ++f)  // NaN padding stays NaN
        out(Index(i), t, f) = float(s.features[std::size_t(f)].scale_value(x(Index(use[i]), t, f)));
  return out;
}

Tensor3<float> encode_sequence_targets(const SequenceScaling& s, const Tensor3<double>& y,
                                       const std::vector<std::size_t>& rows) {
  const std::vector<std::size_t> use = all_rows_if_empty(rows, y.batch);
  Tensor3<float> out(Index(use.size()), 1, y.steps * y.features);
  for (std::size_t i = 0; i < use.size(); ++i)
    for (Index h = 0; h < y.steps; ++h)
      for (Index c = 0; c < y.features; ++c)
        out(Index(i), 0, h * y.features + c) = float(s.targets.at(std::size_t(c)).scale_value(y(Index(use[i]), h, c)));
  return out;
}

Tensor3<double> decode_sequence_outputs(const SequenceScaling& s, const Tensor3<float>& outputs, Index horizon) {
  const Index k = Index(s.targets.size());
  if (outputs.steps != 1 || outputs.features != horizon * k)
    throw ShapeError("the model outputs " + std::to_string(outputs.features) + " values per sequence but horizon x " +
                     "targets is " + std::to_string(horizon * k));
  Tensor3<double> out(outputs.batch, horizon, k);
  for (Index i = 0; i < outputs.batch; ++i)
    for (Index h = 0; h < horizon; ++h)
      for (Index c = 0; c < k; ++c)
        out(i, h, c) = s.targets[std::size_t(c)].unscale_value(double(outputs(i, 0, h * k + c)));
  return out;
}

std::vector<double> target_means(const Tensor3<double>& y, const std::vector<std::size_t>& rows) {
  const std::size_t per = std::size_t(y.steps * y.features);
  std::vector<double> mean(per, 0.0);
  for (std::size_t r : rows)
    for (std::size_t j = 0; j < per; ++j) mean[j] += y.data[r * per + j];
  for (double& v : mean) v = rows.empty() ? 0.0 : v / double(rows.size());
  return mean;
}

Tensor3<double> mean_forecast(const std::vector<double>& means, Index n, Index horizon, Index targets) {
  if (means.size() != std::size_t(horizon * targets)) throw ShapeError("internal: target means of the wrong size");
  Tensor3<double> out(n, horizon, targets);
  for (Index i = 0; i < n; ++i) std::copy(means.begin(), means.end(), out.data.begin() + long(i * horizon * targets));
  return out;
}

Tensor3<double> take_rows(const Tensor3<double>& t, const std::vector<std::size_t>& rows) {
  Tensor3<double> out(Index(rows.size()), t.steps, t.features);
  const std::size_t per = std::size_t(t.steps * t.features);
  for (std::size_t i = 0; i < rows.size(); ++i)
    std::copy_n(t.data.begin() + long(rows[i] * per), per, out.data.begin() + long(i * per));
  return out;
}

SequenceSets make_sequence_sets(const SequenceDataset& d, const SequenceSplit& split, const SequenceScaling& s) {
  SequenceSets sets;
  const std::pair<Dataset<float>*, const std::vector<std::size_t>*> parts[] = {
      {&sets.train, &split.train}, {&sets.validation, &split.validation}, {&sets.test, &split.test}};
  for (const auto& [set, rows] : parts) {
    if (rows->empty()) continue;
    set->x = encode_sequences(s, d.x, *rows);
    set->y = encode_sequence_targets(s, d.y, *rows);
  }
  return sets;
}

}  // namespace rnnwb
