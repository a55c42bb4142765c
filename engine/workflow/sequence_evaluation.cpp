#include "engine/workflow/sequence_evaluation.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace rnnwb {

namespace {

const SequenceModelInfo& info_of(const TrainedModel& m) {
  if (!m.sequences)
    throw ConfigError("this model was trained on a series, not on sequences: give it windows or a series (--data)");
  return *m.sequences;
}

// One target's columns (n, H, 1) of (n, H, k).
Tensor3<double> target_column(const Tensor3<double>& t, Index c) {
  Tensor3<double> out(t.batch, t.steps, 1);
  for (Index i = 0; i < t.batch; ++i)
    for (Index h = 0; h < t.steps; ++h) out(i, h, 0) = t(i, h, c);
  return out;
}

void add_metrics(Evaluation& e, Split split, const Tensor3<double>& actual, const Tensor3<double>& predicted,
                 const Tensor3<double>& mean) {
  e.model[split] = compute_metrics(actual, predicted, {});
  e.baselines["mean"][split] = compute_metrics(actual, mean, {});
}

}  // namespace

Tensor3<double> predict_sequences(const TrainedModel& m, const Tensor3<double>& x, int threads) {
  const SequenceModelInfo& s = info_of(m);
  if (std::size_t(x.features) != s.features.size())
    throw DataError("the sequences have " + std::to_string(x.features) + " features per step but the model takes " +
                    std::to_string(s.features.size()));
  const Tensor3<float> out = m.model.predict(encode_sequences(s.scaling, x), 256, threads);
  return decode_sequence_outputs(s.scaling, out, s.horizon);
}

SequenceSplit model_sequence_split(const TrainedModel& m, std::size_t n) {
  const SequenceModelInfo& s = info_of(m);
  return split_sequences(n, s.split, s.shuffle_split, s.split_seed);
}

Evaluation evaluate_sequences(const TrainedModel& m, const SequenceDataset& d, const SequenceSplit& split,
                              int threads) {
  const SequenceModelInfo& s = info_of(m);
  if (d.y.features != Index(s.targets.size()) || d.y.steps != s.horizon)
    throw DataError("the targets have " + std::to_string(d.y.steps) + " step(s) of " + std::to_string(d.y.features) +
                    " value(s) per sequence but the model predicts " + std::to_string(s.horizon) + " of " +
                    std::to_string(s.targets.size()));
  Evaluation e;
  e.target_names = s.targets;
  e.targets.resize(s.targets.size());
  for (Split which : {Split::Train, Split::Validation, Split::Test}) {
    const std::vector<std::size_t>& rows = split.of(which);
    if (rows.empty()) continue;
    const Tensor3<double> actual = take_rows(d.y, rows);
    const Tensor3<double> predicted = predict_sequences(m, take_rows(d.x, rows), threads);
    const Tensor3<double> mean = mean_forecast(s.target_means, Index(rows.size()), s.horizon, d.y.features);
    add_metrics(e, which, actual, predicted, mean);
    for (Index c = 0; c < d.y.features; ++c)
      add_metrics(e.targets[std::size_t(c)], which, target_column(actual, c), target_column(predicted, c),
                  target_column(mean, c));
  }
  return e;
}

Evaluation evaluate_sequence_model(const TrainedModel& m, const SequenceDataset& d, int threads) {
  return evaluate_sequences(m, d, model_sequence_split(m, std::size_t(d.size())), threads);
}

}  // namespace rnnwb
