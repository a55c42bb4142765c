#include "ui/pages/sequence_results.hpp"

#include <algorithm>
#include <cmath>

#include "engine/workflow/sequence_evaluation.hpp"

namespace rnnwb::ui {

SequenceResults make_sequence_results(std::shared_ptr<const SequenceDataset> data, SequenceSplit split,
                                      Tensor3<double> predicted, Evaluation evaluation) {
  SequenceResults r;
  r.split_of.assign(std::size_t(data->size()), Split::Train);
  for (Split s : {Split::Validation, Split::Test})
    for (std::size_t i : split.of(s)) r.split_of.at(i) = s;
  r.split = std::move(split);
  r.predicted = std::move(predicted);
  r.evaluation = std::move(evaluation);
  r.data = std::move(data);
  return r;
}

SequenceResults make_sequence_results(const TrainedModel& model, std::shared_ptr<const SequenceDataset> data,
                                      Evaluation evaluation, int threads) {
  SequenceSplit split = model_sequence_split(model, std::size_t(data->size()));
  Tensor3<double> predicted = predict_sequences(model, data->x, threads);
  return make_sequence_results(std::move(data), std::move(split), std::move(predicted), std::move(evaluation));
}

SequenceResults make_sequence_results(const TrainedModel& model, std::shared_ptr<const SequenceDataset> data,
                                      int threads) {
  Evaluation e = evaluate_sequence_model(model, *data, threads);
  return make_sequence_results(model, std::move(data), std::move(e), threads);
}

TargetValues target_values(const SequenceResults& r, Index target, const std::vector<std::size_t>& rows) {
  TargetValues v;
  const Index horizon = r.data->horizon();
  v.actual.reserve(rows.size() * std::size_t(horizon));
  v.predicted.reserve(rows.size() * std::size_t(horizon));
  for (std::size_t i : rows)
    for (Index h = 0; h < horizon; ++h) {
      v.actual.push_back(r.data->y(Index(i), h, target));
      v.predicted.push_back(r.predicted(Index(i), h, target));
    }
  return v;
}

namespace {

// The `limit` largest errors first (NaN, from a diverged model, counts as the largest), ties by index.
std::vector<SequenceError> largest_first(std::vector<SequenceError> all, std::size_t limit) {
  auto key = [](double e) { return std::isnan(e) ? INFINITY : e; };
  const std::size_t n = std::min(limit, all.size());
  std::partial_sort(
      all.begin(), all.begin() + std::ptrdiff_t(n), all.end(), [&](const SequenceError& a, const SequenceError& b) {
        return key(a.abs_error) != key(b.abs_error) ? key(a.abs_error) > key(b.abs_error) : a.sequence < b.sequence;
      });
  all.resize(n);
  return all;
}

}  // namespace

std::vector<SequenceError> worst_sequences(const SequenceResults& r, Index target, std::size_t limit) {
  const Index horizon = r.data->horizon();
  std::vector<SequenceError> all(std::size_t(r.data->size()));
  for (std::size_t i = 0; i < all.size(); ++i) {
    double sum = 0;
    for (Index h = 0; h < horizon; ++h)
      sum += std::abs(r.predicted(Index(i), h, target) - r.data->y(Index(i), h, target));
    all[i] = {i, r.split_of[i], sum / double(horizon)};
  }
  return largest_first(std::move(all), limit);
}

double actual_class_probability(const SequenceResults& r, std::size_t sequence) {
  const Index label = Index(r.data->y(Index(sequence), 0, 0));
  return r.predicted(Index(sequence), 0, 1 + label);
}

std::vector<SequenceError> worst_classified(const SequenceResults& r, std::size_t limit) {
  std::vector<SequenceError> all(std::size_t(r.data->size()));
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = {i, r.split_of[i], 1.0 - actual_class_probability(r, i)};
  return largest_first(std::move(all), limit);
}

}  // namespace rnnwb::ui
