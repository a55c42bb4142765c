#pragma once
// What the Predict page shows of a model trained on sequences, computed once off the GUI thread:
// the dataset, its split by sequence, the model's prediction for every sequence in original units
// and the engine's evaluation (per split and target, beside the mean baseline). The helpers below
// read one target out of it (points of a scatter, residuals, the worst-predicted sequences); no Qt.
#include <cstddef>
#include <memory>
#include <vector>

#include "engine/data/sequences.hpp"
#include "engine/io/trained_model.hpp"
#include "engine/workflow/evaluation.hpp"

namespace rnnwb::ui {

struct SequenceResults {
  std::shared_ptr<const SequenceDataset> data;
  SequenceSplit split;
  std::vector<Split> split_of;  // per sequence: the split it belongs to
  Tensor3<double> predicted;    // (N, H, k): the model's prediction of every sequence
  Evaluation evaluation;        // evaluate_sequences on `split`
};

// Predicts every sequence of `data` with the model (a model trained on sequences) and evaluates it
// on the model's own split. Throws what predict_sequences / evaluate_sequences throw.
SequenceResults make_sequence_results(const TrainedModel& model, std::shared_ptr<const SequenceDataset> data,
                                      int threads);
// From parts already computed (WorkbenchDocument::SequenceOutcome): `predicted` (N, H, k) of every
// sequence of `data` in file order, `split` the model's.
SequenceResults make_sequence_results(std::shared_ptr<const SequenceDataset> data, SequenceSplit split,
                                      Tensor3<double> predicted, Evaluation evaluation);
// The same with an evaluation already made (TrainOutcome::evaluation): only the predictions are computed.
SequenceResults make_sequence_results(const TrainedModel& model, std::shared_ptr<const SequenceDataset> data,
                                      Evaluation evaluation, int threads);

// Actual and predicted values of one target of the given sequences, every horizon step
// (sequence-major): the points of a predicted-vs-actual scatter.
struct TargetValues {
  std::vector<double> actual, predicted;
};
TargetValues target_values(const SequenceResults& r, Index target, const std::vector<std::size_t>& rows);

// How badly one sequence is predicted for one target: the mean absolute error over its horizon
// steps (|predicted - actual| for H = 1).
struct SequenceError {
  std::size_t sequence = 0;
  Split split = Split::Train;
  double abs_error = 0;
};
// The `limit` sequences with the largest error for `target`, largest first (ties: lower index first).
std::vector<SequenceError> worst_sequences(const SequenceResults& r, Index target, std::size_t limit);

// A classifier (predicted holds the prediction table (N, 1, 1 + C): the class, then each class's
// probability): the probability it gives each sequence's actual class.
double actual_class_probability(const SequenceResults& r, std::size_t sequence);
// The `limit` sequences whose actual class gets the lowest probability, lowest first; abs_error
// is 1 - that probability (ties: lower index first).
std::vector<SequenceError> worst_classified(const SequenceResults& r, std::size_t limit);

}  // namespace rnnwb::ui
