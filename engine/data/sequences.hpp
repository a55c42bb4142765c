#pragma once
// Sequence datasets: the second kind of dataset beside a series. N sequences X (N, T, F), each one
// sample, with a target per sequence Y (N, H, k): k values (H = 1, from Y of shape (N, k)) or a
// short sequence of H steps of them. A step whose features are all NaN is padding
// (engine/core/padding.hpp says where it may be); the network reads only each sequence's valid steps.
//
// Split by sequence: in file order the first floor(a*N) sequences train, up to floor((a+b)*N)
// validate, the rest test (Keras' validation_split takes the last samples); with shuffle_split the
// sequences are assigned at random from the seed. Scaling is fitted on the training sequences only:
// each feature over all their valid steps pooled (sklearn's StandardScaler on
// X[train].reshape(-1, F) with the padding rows dropped), each target column over the training
// targets (all H steps pooled). Predictions are decoded to original units.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/dataset.hpp"
#include "engine/core/enum_names.hpp"
#include "engine/core/hint.hpp"
#include "engine/core/padding.hpp"
#include "engine/core/tensor.hpp"
#include "engine/data/pipeline.hpp"
#include "engine/data/transforms.hpp"

namespace rnnwb {

// What a sequence dataset's targets are. Only regression is implemented here; classification
// (integer class labels, softmax head, cross-entropy) slots in beside it.
enum class SequenceTask { Regression, Classification };
template <>
struct EnumNames<SequenceTask> {
  using Error = ConfigError;
  static constexpr const char* what = "task";
  static constexpr EnumName<SequenceTask> names[] = {{SequenceTask::Regression, "regression"},
                                                     {SequenceTask::Classification, "classification"}};
};

struct SequenceDataset {
  Tensor3<double> x;                           // (N, T, F) in original units; NaN steps are padding
  Tensor3<double> y;                           // (N, H, k) in original units
  bool y_has_horizon = false;                  // Y was given as (N, H, k) rather than (N, k)
  bool y_integer = false;                      // Y's file held integers (class labels)
  std::vector<std::string> features, targets;  // names (default x0.., y0..)
  std::vector<ValidSpan> spans;                // each sequence's valid steps (check_sequences fills it)
  std::string x_sha256, y_sha256;              // of X's and Y's .npy bytes (the .npz member's for an .npz)
  std::string x_source, y_source;              // where they came from (file, or file:member)

  Index size() const { return x.batch; }
  Index horizon() const { return y.steps; }
};

// "x0", "x1", ... (n names with the prefix).
std::vector<std::string> default_names(const std::string& prefix, std::size_t n);

// Checks a dataset whose x and y are set: F, H and k at least 1, as many target rows as sequences,
// the padding rules (valid_spans, which fills d.spans), finite targets, names (one per feature and
// target, distinct, text a model file can hold; empty lists get the defaults). Throws DataError
// saying what is wrong and where (0-based, as NumPy's indices).
void check_sequences(SequenceDataset& d);

// Lengths of the valid spans of the given sequences (all when rows is empty): {min, max}.
std::pair<Index, Index> valid_length_range(const SequenceDataset& d, const std::vector<std::size_t>& rows = {});

struct SequenceConfig {
  SequenceTask task = SequenceTask::Regression;
  SplitFractions split;
  bool shuffle_split = false;  // random assignment of sequences to splits (from split_seed)
  std::uint64_t split_seed = 0;
  Scaler feature_scaler = Scaler::Standard;
  Scaler target_scaler = Scaler::Standard;
};

// The sequence indices of each split, each list ascending.
struct SequenceSplit {
  std::vector<std::size_t> train, validation, test;
  const std::vector<std::size_t>& of(Split s) const {
    return s == Split::Train ? train : s == Split::Validation ? validation : test;
  }
};
// ConfigError for a split that leaves the training set empty; DataError when a non-zero fraction
// gets no sequence (too few sequences for it).
SequenceSplit split_sequences(std::size_t n, const SplitFractions& fractions, bool shuffle, std::uint64_t seed);

// The fitted scalers: one ColumnTransform (scaler, offset, scale; no log or differencing) per
// feature and per target column.
struct SequenceScaling {
  std::vector<ColumnTransform> features, targets;
};
// Fits on the training sequences' valid steps (features) and targets. Warnings (constant columns)
// are appended to `warnings`.
SequenceScaling fit_sequence_scaling(const SequenceDataset& d, const std::vector<std::size_t>& train,
                                     const SequenceConfig& config, std::vector<Message>* warnings = nullptr);

// The given sequences (all when rows is empty) scaled for the model: (n, T, F), NaN padding kept.
Tensor3<float> encode_sequences(const SequenceScaling& s, const Tensor3<double>& x,
                                const std::vector<std::size_t>& rows = {});
// Their targets scaled and flattened to the head's (n, 1, H * k) (row-major, the same data).
Tensor3<float> encode_sequence_targets(const SequenceScaling& s, const Tensor3<double>& y,
                                       const std::vector<std::size_t>& rows = {});
// Model outputs (n, 1, H * k) -> original units (n, H, k).
Tensor3<double> decode_sequence_outputs(const SequenceScaling& s, const Tensor3<float>& outputs, Index horizon);

// Per horizon step and target (H * k, row-major): the mean of the given sequences' targets.
std::vector<double> target_means(const Tensor3<double>& y, const std::vector<std::size_t>& rows);
// (n, H, k) filled with those means: the mean baseline's predictions.
Tensor3<double> mean_forecast(const std::vector<double>& means, Index n, Index horizon, Index targets);

// Rows of a tensor (for actual values of a split).
Tensor3<double> take_rows(const Tensor3<double>& t, const std::vector<std::size_t>& rows);

// The datasets fit() trains on: encoded inputs and flattened targets of each split.
struct SequenceSets {
  Dataset<float> train, validation, test;
};
SequenceSets make_sequence_sets(const SequenceDataset& d, const SequenceSplit& split, const SequenceScaling& s);

// What a model trained on sequences records (the model file's "sequences" block): everything a
// prediction on new sequences needs, and the provenance of the training data.
struct SequenceModelInfo {
  SequenceTask task = SequenceTask::Regression;
  std::vector<std::string> features, targets;
  Index horizon = 1;
  bool y_has_horizon = false;  // predictions are written as (N, H, k) rather than (N, k)
  SequenceScaling scaling;
  std::vector<double> target_means;      // (H * k, row-major): the mean baseline, over the training targets
  Index min_length = 0, max_length = 0;  // valid lengths of the training sequences
  Index steps = 0;                       // T of the training file
  std::size_t sequences = 0;             // N of the training file
  SplitFractions split;
  bool shuffle_split = false;
  std::uint64_t split_seed = 0;
  std::string x_sha256, y_sha256, x_source, y_source;
};

}  // namespace rnnwb
