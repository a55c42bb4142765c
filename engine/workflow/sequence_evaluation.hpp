#pragma once
// Predictions and evaluation of a model trained on sequences (TrainedModel::sequences): metrics
// per split in original units, pooled over targets and for each target, beside the mean baseline
// (the training targets' mean of each horizon step and target).
#include "engine/core/threads.hpp"
#include "engine/data/sequences.hpp"
#include "engine/io/trained_model.hpp"
#include "engine/workflow/evaluation.hpp"

namespace rnnwb {

// Original-unit sequences (N, T, F), any T, NaN padding allowed -> original-unit predictions
// (N, H, k). DataError when F is not the model's; ConfigError for a model not trained on sequences.
Tensor3<double> predict_sequences(const TrainedModel& m, const Tensor3<double>& x, int threads = all_threads());

// The model's split (its fractions, shuffle and seed) applied to n sequences.
SequenceSplit model_sequence_split(const TrainedModel& m, std::size_t n);

// Metrics of every non-empty split of `split`: Evaluation::model and baselines["mean"], and each
// target's own in Evaluation::targets. DataError when the dataset's features or targets do not
// match the model's.
Evaluation evaluate_sequences(const TrainedModel& m, const SequenceDataset& d, const SequenceSplit& split,
                              int threads = all_threads());
// evaluate_sequences with the model's split of d.
Evaluation evaluate_sequence_model(const TrainedModel& m, const SequenceDataset& d, int threads = all_threads());

}  // namespace rnnwb
