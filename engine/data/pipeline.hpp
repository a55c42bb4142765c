#pragma once
// Pipeline: from a Series to model inputs and back. It picks the feature and target columns,
// fits each column's transform on the training rows, cuts windows and splits them
// chronologically, and turns model outputs back into original units.
//
// Window semantics: for target row j, the input is rows j-window .. j-1 of the feature columns
// (in original units) and the target is rows j .. j+horizon-1 of the target columns. With
// differencing of lag L the model sees the window's last window - L differenced rows
// (model_steps()), so a window in original units is all a prediction needs.
// Splits: with n rows, a window is in training when all its target rows are < floor(a*n), in
// validation when they are in [floor(a*n), floor((a+b)*n)), and in test when they are beyond.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/dataset.hpp"
#include "engine/core/enum_names.hpp"
#include "engine/core/hint.hpp"
#include "engine/core/tensor.hpp"
#include "engine/data/series.hpp"
#include "engine/data/transforms.hpp"

namespace rnnwb {

struct SplitFractions {
  double train = 0.7, validation = 0.15, test = 0.15;
};
SplitFractions parse_split(std::string_view text);  // "0.7,0.15,0.15"; throws ConfigError

enum class Split { Train, Validation, Test };
struct ConfigError;
template <>
struct EnumNames<Split> {
  using Error = ConfigError;
  static constexpr const char* what = "split";
  static constexpr EnumName<Split> names[] = {
      {Split::Train, "train"}, {Split::Validation, "validation"}, {Split::Test, "test"}};
};

// Target rows < train_end are training rows, < validation_end validation, the rest test.
struct SplitBounds {
  std::size_t rows = 0, train_end = 0, validation_end = 0;
  Split of(std::size_t row) const {
    return row < train_end ? Split::Train : row < validation_end ? Split::Validation : Split::Test;
  }
};
SplitBounds split_bounds(std::size_t rows, const SplitFractions& f);

struct PipelineConfig {
  std::vector<std::string> targets;
  std::vector<std::string> features;  // empty: the targets
  ColumnTransform default_transform;  // for every column without an entry below
  std::map<std::string, ColumnTransform> column_transforms;
  Index window = 0, horizon = 1;
  SplitFractions split;
  int season = 0;  // for the seasonal-naive baseline and MASE; 0 = none
};

// A fitted pipeline: everything a model file needs to turn original-unit windows into model
// inputs and model outputs into original units.
struct Pipeline {
  std::vector<std::string> features, targets;
  std::map<std::string, ColumnTransform> transforms;  // one per feature and target, fitted
  Index window = 0, horizon = 1;
  SplitFractions split;
  int season = 0;

  int max_lag() const;
  Index model_steps() const { return window - max_lag(); }
  // Position of a target among the features, or -1.
  int feature_index_of(const std::string& column) const;
};

// Fits the transforms on the training rows. Warnings (constant columns, validation / test values
// outside the training range) are appended to `warnings` in plain words with their fix.
Pipeline fit_pipeline(const Series& series, const PipelineConfig& config, std::vector<Message>* warnings);

// A whole column through its transform chain. pre_scale: log, then differencing (NaN for the first
// lag rows); throws DataError for a value <= 0 under log. transform_column: pre_scale, then the
// fitted scaler: what the model sees of each row (the Normalise page's preview).
std::vector<double> pre_scale(const std::vector<double>& raw, const ColumnTransform& t, const std::string& name);
std::vector<double> transform_column(const std::vector<double>& raw, const ColumnTransform& t, const std::string& name);

// Windows of every split, encoded for the model, with the first target row of each window.
struct WindowSet {
  Dataset<float> train, validation, test;
  std::vector<std::size_t> train_rows, validation_rows, test_rows;
};
WindowSet make_windows(const Series& series, const Pipeline& pipeline);

// The first target row of every window of each split (train, validation, test); throws
// DataError when a split that should have windows has none, saying how many rows it needs.
struct SplitRows {
  std::vector<std::size_t> train, validation, test;
};
SplitRows split_rows(const Series& series, const Pipeline& pipeline);

// Target rows j that have a full input window in the series (j = window .. rows), including
// j = rows, the first row beyond the end; with `need_targets`, only rows whose horizon is inside.
std::vector<std::size_t> window_rows(const Series& series, const Pipeline& pipeline, bool need_targets);

// Original-unit input windows (N, window, features) for the given target rows.
Tensor3<double> raw_windows(const Series& series, const Pipeline& pipeline, const std::vector<std::size_t>& rows);
// Original-unit windows -> model inputs (N, model_steps, features).
Tensor3<float> encode_inputs(const Pipeline& pipeline, const Tensor3<double>& raw);
// Transformed targets (N, horizon, targets) of the given target rows.
Tensor3<float> encode_targets(const Series& series, const Pipeline& pipeline, const std::vector<std::size_t>& rows);
// Model outputs (N, horizon, targets) -> original units, using the windows for differencing.
Tensor3<double> decode_outputs(const Pipeline& pipeline, const Tensor3<float>& outputs, const Tensor3<double>& raw);

}  // namespace rnnwb
