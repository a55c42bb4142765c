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
//
// Many series (a panel, series.hpp): all of the above holds within each series on its own rows:
// no window, difference or split crosses a series boundary (split by time, fractions of the
// series' own rows). Split by series instead assigns whole series: the first floor(a*S) are
// training, up to floor((a+b)*S) validation, the rest test. Scaling is fitted on the training rows
// of all series pooled (global) or on each series' own (per series). A series too short for one
// training window (split by time), or for one window (split by series), is skipped: it takes part
// in nothing, and is named in a warning.
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

enum class SplitBy { Time, Series };
template <>
struct EnumNames<SplitBy> {
  using Error = ConfigError;
  static constexpr const char* what = "split-by";
  static constexpr EnumName<SplitBy> names[] = {{SplitBy::Time, "time"}, {SplitBy::Series, "series"}};
};
enum class ScalePer { Global, Series };
template <>
struct EnumNames<ScalePer> {
  using Error = ConfigError;
  static constexpr const char* what = "scale-per";
  static constexpr EnumName<ScalePer> names[] = {{ScalePer::Global, "global"}, {ScalePer::Series, "series"}};
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
  SplitBy split_by = SplitBy::Time;
  ScalePer scale_per = ScalePer::Global;
  std::vector<std::string> series_columns;  // the wide form's columns, recorded for later predictions
};

using TransformMap = std::map<std::string, ColumnTransform>;  // column -> its fitted transform

// A fitted pipeline: everything a model file needs to turn original-unit windows into model
// inputs and model outputs into original units.
struct Pipeline {
  std::vector<std::string> features, targets;
  TransformMap transforms;  // one per feature and target, fitted (global scaling)
  Index window = 0, horizon = 1;
  SplitFractions split;
  int season = 0;
  SplitBy split_by = SplitBy::Time;
  ScalePer scale_per = ScalePer::Global;
  // Many series: the series column ("series" for wide form), the wide form's columns, the ids
  // trained on (skipped ones left out) and, with per-series scaling, each id's transforms.
  std::string series_name;
  std::vector<std::string> series_columns;
  std::vector<std::string> series_ids;
  std::vector<std::size_t> series_rows;  // rows of each of series_ids in the training data
  std::map<std::string, TransformMap> series_transforms;

  bool per_series() const { return scale_per == ScalePer::Series; }
  // The transforms of a series: its own with per-series scaling (DataError for an id the model
  // never saw, listing some it did), else the global ones.
  const TransformMap& transforms_for(const std::string& id) const;
  // This pipeline with one series' transforms as its global ones: what an export or a prediction
  // on bare windows of that series uses.
  Pipeline for_series(const std::string& id) const;
  // The pipeline for bare windows of series `id` (predict on windows, ONNX and C exports): a
  // per-series model needs the id (ConfigError listing some ids without it; DataError for an id
  // it never saw); a global model takes its global statistics (DataError for an id it never saw).
  Pipeline for_windows(const std::string& id) const;
  int max_lag() const;
  Index model_steps() const { return window - max_lag(); }
  // Position of a target among the features, or -1.
  int feature_index_of(const std::string& column) const;
};

// How one series of the data is split: its rows [begin, end), the bounds of its splits (in the
// table's row numbers: rows < bounds.train_end train, ...), and whether it is skipped.
struct SeriesSplit {
  std::size_t begin = 0, end = 0;
  SplitBounds bounds;
  bool skipped = false;
};
// The values of the numeric column `name`; DataError when the data has no such column.
const std::vector<double>& column_values(const Series& s, const std::string& name);

struct Pipeline;
// One entry per series of the data (one for a single series). ConfigError for split by series
// with fewer than 3 series or on a single series.
std::vector<SeriesSplit> split_series(const Series& series, const Pipeline& pipeline);

// Fits the transforms on the training rows. Warnings (constant columns, validation / test values
// outside the training range) are appended to `warnings` in plain words with their fix.
Pipeline fit_pipeline(const Series& series, const PipelineConfig& config, std::vector<Message>* warnings);

// A whole column through its transform chain. pre_scale: log, then differencing (NaN for the first
// lag rows); throws DataError for a value <= 0 under log. transform_column: pre_scale, then the
// fitted scaler: what the model sees of each row (the Normalise page's preview).
std::vector<double> pre_scale(const std::vector<double>& raw, const ColumnTransform& t, const std::string& name);
std::vector<double> transform_column(const std::vector<double>& raw, const ColumnTransform& t, const std::string& name);

// A column through pre_scale within each series (differences never reach into another series).
std::vector<double> pre_scale_series(const Series& series, const std::vector<double>& raw, const ColumnTransform& t,
                                     const std::string& name);

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
  std::vector<std::string> skipped;  // series too short for a window (many series only)
};
SplitRows split_rows(const Series& series, const Pipeline& pipeline);

// Target rows j that have a full input window in the series (j = window .. rows), including
// j = rows, the first row beyond the end; with `need_targets`, only rows whose horizon is inside.
std::vector<std::size_t> window_rows(const Series& series, const Pipeline& pipeline, bool need_targets);

// Original-unit input windows (N, window, features) for the given target rows.
Tensor3<double> raw_windows(const Series& series, const Pipeline& pipeline, const std::vector<std::size_t>& rows);
// Original-unit windows -> model inputs (N, model_steps, features).
Tensor3<float> encode_inputs(const Pipeline& pipeline, const Tensor3<double>& raw,
                             const std::vector<const TransformMap*>& per_window = {});
// Transformed targets (N, horizon, targets) of the given target rows.
Tensor3<float> encode_targets(const Series& series, const Pipeline& pipeline, const std::vector<std::size_t>& rows);
// Model outputs (N, horizon, targets) -> original units, using the windows for differencing.
Tensor3<double> decode_outputs(const Pipeline& pipeline, const Tensor3<float>& outputs, const Tensor3<double>& raw,
                               const std::vector<const TransformMap*>& per_window = {});

// The transforms of each window's series (by its last input row), for a per-series model; empty
// (every window takes the pipeline's global transforms) otherwise. DataError for a series the
// model never saw. encode_inputs and decode_outputs take it as `per_window`.
using WindowTransforms = std::vector<const TransformMap*>;
WindowTransforms window_transforms(const Series& series, const Pipeline& pipeline,
                                   const std::vector<std::size_t>& rows);

}  // namespace rnnwb
