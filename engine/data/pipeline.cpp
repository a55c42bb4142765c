#include "engine/data/pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/core/memory.hpp"
#include "engine/core/text.hpp"

namespace rnnwb {

SplitFractions parse_split(std::string_view text) {
  std::vector<double> parts;
  std::string item;
  std::stringstream in{std::string(text)};
  while (std::getline(in, item, ',')) {
    try {
      std::size_t used = 0;
      parts.push_back(std::stod(item, &used));
      if (used != item.size()) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      throw ConfigError(Message() << Hint::name(Setting::Split)
                                  << " '" + std::string(text) + "': '" + item +
                                         "' is not a number; write e.g. 0.7,0.15,0.15");
    }
  }
  if (parts.size() != 3)
    throw ConfigError(Message() << Hint::name(Setting::Split)
                                << " needs three fractions (train,validation,test), e.g. 0.7,0.15,0.15");
  const SplitFractions f{parts[0], parts[1], parts[2]};
  if (!(f.train > 0) || f.validation < 0 || f.test < 0 || std::abs(f.train + f.validation + f.test - 1.0) > 1e-6)
    throw ConfigError(Message() << Hint::name(Setting::Split)
                                << " fractions must be >= 0 (train > 0) and add up to 1, got " + std::string(text));
  return f;
}

SplitBounds split_bounds(std::size_t rows, const SplitFractions& f) {
  // A tiny epsilon keeps floor(0.7 * 100) at 70 despite 0.7 * 100 = 69.99999...
  const auto at = [&](double fraction) {
    return std::min(rows, std::size_t(std::floor(fraction * double(rows) + 1e-9)));
  };
  return {rows, at(f.train), at(f.train + f.validation)};
}

int Pipeline::max_lag() const {
  int lag = 0;
  for (const auto& [name, t] : transforms) lag = std::max(lag, t.diff_lag);
  return lag;
}

const TransformMap& Pipeline::transforms_for(const std::string& id) const {
  if (!per_series()) return transforms;
  const auto it = series_transforms.find(id);
  if (it != series_transforms.end()) return it->second;
  std::string some;
  for (std::size_t i = 0; i < series_ids.size() && i < 8; ++i) some += (i ? ", " : "") + quote(series_ids[i]);
  if (series_ids.size() > 8) some += ", ... (" + std::to_string(series_ids.size()) + " in all)";
  throw DataError("the model never saw series " + quote(id) +
                  ": it scales each series by the statistics of its own training rows, so it can only predict the "
                  "series it was trained on (" +
                  some + "); train with global scaling to predict new series");
}

Pipeline Pipeline::for_series(const std::string& id) const {
  Pipeline p = *this;
  p.transforms = transforms_for(id);
  p.scale_per = ScalePer::Global;
  p.series_transforms.clear();
  return p;
}

Pipeline Pipeline::for_windows(const std::string& id) const {
  if (!per_series()) {
    if (!id.empty() && !series_ids.empty() && std::find(series_ids.begin(), series_ids.end(), id) == series_ids.end())
      throw DataError("the model was not trained on series " + quote(id) +
                      " (it scales all series alike, so its windows are taken as they are)");
    return *this;
  }
  if (id.empty()) {
    std::string ids;
    for (std::size_t i = 0; i < series_ids.size() && i < 10; ++i) ids += (i ? ", " : "") + series_ids[i];
    if (series_ids.size() > 10) ids += ", ... (" + std::to_string(series_ids.size()) + " in all)";
    throw ConfigError(Message("the model scales each series by its own statistics: say which series")
                      << Hint::where(Setting::SeriesId) << "; its series are " + ids);
  }
  return for_series(id);
}

int Pipeline::feature_index_of(const std::string& column) const {
  const auto it = std::find(features.begin(), features.end(), column);
  return it == features.end() ? -1 : int(it - features.begin());
}

std::vector<double> pre_scale(const std::vector<double>& raw, const ColumnTransform& t, const std::string& name) {
  std::vector<double> v = t.log ? log_values(raw, name) : raw;
  if (t.diff_lag > 0) {
    for (std::size_t r = v.size(); r-- > 0;)
      v[r] = r >= std::size_t(t.diff_lag) ? v[r] - v[r - std::size_t(t.diff_lag)] : NAN;
  }
  return v;
}

std::vector<double> pre_scale_series(const Series& series, const std::vector<double>& raw, const ColumnTransform& t,
                                     const std::string& name) {
  if (!series.is_panel()) return pre_scale(raw, t, name);
  std::vector<double> out(raw.size());
  for (std::size_t g = 0; g < series.series_count(); ++g) {
    const std::size_t b = series.series_begin(g), e = series.series_end(g);
    const std::vector<double> part =
        pre_scale(std::vector<double>(raw.begin() + long(b), raw.begin() + long(e)), t, name);
    std::copy(part.begin(), part.end(), out.begin() + long(b));
  }
  return out;
}

std::vector<double> transform_column(const std::vector<double>& raw, const ColumnTransform& t,
                                     const std::string& name) {
  std::vector<double> v = pre_scale(raw, t, name);
  for (double& x : v)
    if (!std::isnan(x)) x = t.scale_value(x);
  return v;
}

std::vector<SeriesSplit> split_series(const Series& series, const Pipeline& p) {
  const std::size_t count = series.series_count(), w = std::size_t(p.window), h = std::size_t(p.horizon);
  if (p.split_by == SplitBy::Series && count < 3)
    throw ConfigError(Message("splitting by series assigns whole series to training, validation and test, so it "
                              "needs at least 3 series; the data has " +
                              std::to_string(count) + ": ")
                      << Hint::use(Setting::SplitBy, {"time"}));
  const SplitBounds by_series = split_bounds(count, p.split);
  if (p.split_by == SplitBy::Series) {
    const std::size_t counts[] = {by_series.train_end, by_series.validation_end - by_series.train_end,
                                  count - by_series.validation_end};
    const double fractions[] = {p.split.train, p.split.validation, p.split.test};
    const char* names[] = {"training", "validation", "test"};
    for (int k = 0; k < 3; ++k)
      if (fractions[k] > 0 && counts[k] == 0)
        throw ConfigError(Message("split by series: the fractions give the " + std::string(names[k]) +
                                  " split none of the " + std::to_string(count) +
                                  " series (the first floor(a*S) series train, up to floor((a+b)*S) validate); "
                                  "raise its fraction")
                          << Hint::where(Setting::Split) << " or set it to 0");
  }
  std::vector<SeriesSplit> out(count);
  for (std::size_t g = 0; g < count; ++g) {
    SeriesSplit& s = out[g];
    s.begin = series.series_begin(g);
    s.end = series.series_end(g);
    const std::size_t n = s.end - s.begin;
    if (p.split_by == SplitBy::Time) {
      const SplitBounds local = split_bounds(n, p.split);
      s.bounds = {n, s.begin + local.train_end, s.begin + local.validation_end};
      s.skipped = series.is_panel() && local.train_end < w + h;  // no training window
    } else {
      const Split role = by_series.of(g);
      s.bounds = {n, role == Split::Train ? s.end : s.begin, role == Split::Test ? s.begin : s.end};
      s.skipped = n < w + h;  // no window at all
    }
  }
  return out;
}

const std::vector<double>& column_values(const Series& s, const std::string& name) {
  const int c = s.find(name);
  if (c < 0) throw DataError("no column named " + quote(name) + " in the data");
  return s.columns[std::size_t(c)];
}

namespace {

// Values so large that their statistics or scaled values overflow (1e301 squared) would train on
// infinities: loss 0, NaN metrics, a scale saved as null. Refused before training, naming the column.
void check_finite_statistics(const std::string& name, const std::vector<double>& pre, const ColumnTransform& t,
                             std::size_t begin, std::size_t end) {
  const Message advice = Message(": divide the column by a power of ten, or take its log") << Hint::where(Setting::Log);
  if (!std::isfinite(t.offset) || !std::isfinite(t.scale) || !(t.scale > 0))
    throw DataError(Message("column " + quote(name) + " has values too large to scale: its fitted " +
                            (std::isfinite(t.offset) ? "scale" : "offset") + " is not a finite number")
                    << advice);
  for (std::size_t i = begin + std::size_t(t.diff_lag); i < end; ++i)  // the first lag rows have no difference
    if (!std::isfinite(pre[i]) || !std::isfinite(t.scale_value(pre[i])))
      throw DataError(
          Message("column " + quote(name) + " row " + std::to_string(i + 1) + " becomes infinite after its transforms")
          << advice);
}

std::string fmt(double v) {
  std::ostringstream o;
  o.precision(6);
  o << v;
  return o.str();
}

void warn_out_of_range(const std::string& name, const std::vector<double>& pre, const std::vector<SeriesSplit>& plan,
                       const ColumnTransform& t, std::vector<Message>* warnings) {
  double lo = INFINITY, hi = -INFINITY, later_lo = INFINITY, later_hi = -INFINITY;
  for (const SeriesSplit& s : plan)
    for (std::size_t r = s.begin; r < s.end && !s.skipped; ++r) {
      if (std::isnan(pre[r])) continue;
      if (r < s.bounds.train_end) {
        lo = std::min(lo, pre[r]);
        hi = std::max(hi, pre[r]);
      } else {
        later_lo = std::min(later_lo, pre[r]);
        later_hi = std::max(later_hi, pre[r]);
      }
    }
  if (!std::isfinite(lo) || !std::isfinite(later_lo)) return;
  const double range = std::max(hi - lo, 1e-12), margin = 0.1 * range;
  if (later_hi <= hi + margin && later_lo >= lo - margin) return;
  const bool above = later_hi - hi >= lo - later_lo;
  const double beyond = above ? later_hi - hi : lo - later_lo;
  std::string where = t.diff_lag > 0 ? " (after differencing)" : t.log ? " (after log)" : "";
  Message msg = "column " + quote(name) + where + ": validation/test values reach " + fmt(above ? later_hi : later_lo) +
                ", " + (above ? "above" : "below") + " the training range [" + fmt(lo) + ", " + fmt(hi) + "] by " +
                fmt(std::round(100 * beyond / range)) + "% of that range; the model has never seen such values. ";
  if (t.diff_lag == 0)
    msg << "If the series trends, difference it" << Hint::where(Setting::Diff, {"1"})
        << "; if its swings grow with its level, " << Hint::use(Setting::Log) << ".";
  else
    msg << "Try " << Hint::name(Setting::Log) << ", or a split with more recent training data.";
  warnings->push_back(msg);
}

// One warning for all the series too short to train on (there may be thousands).
void warn_skipped(const Series& series, const std::vector<SeriesSplit>& plan, const Pipeline& p,
                  std::vector<Message>* warnings) {
  std::vector<std::string> ids;
  for (std::size_t g = 0; g < plan.size(); ++g)
    if (plan[g].skipped) ids.push_back(series.series_ids[g]);
  if (ids.empty()) return;
  const std::size_t need = std::size_t(p.window + p.horizon);
  if (ids.size() == plan.size())
    throw DataError(Message("every series is too short: with window " + std::to_string(p.window) + " and horizon " +
                            std::to_string(p.horizon) + " a series needs at least " + std::to_string(need) +
                            (p.split_by == SplitBy::Time ? " training rows" : " rows") +
                            " for one window; use a shorter ")
                    << Hint::name(Setting::Window) << ", a smaller " << Hint::name(Setting::Horizon) << ", or change "
                    << Hint::name(Setting::Split));
  std::string names;
  for (std::size_t i = 0; i < ids.size() && i < 10; ++i) names += (i ? ", " : "") + quote(ids[i]);
  if (ids.size() > 10) names += ", ...";
  warnings->push_back(Message(std::to_string(ids.size()) + " of " + std::to_string(plan.size()) +
                              " series are too short for one " + (p.split_by == SplitBy::Time ? "training " : "") +
                              "window (" + std::to_string(need) + " rows) and are left out: " + names + "; a shorter ")
                      << Hint::name(Setting::Window) << " keeps them");
}

// Per-series scaling: each series' scaler fitted on its own training rows.
void fit_each_series(const Series& series, const std::vector<SeriesSplit>& plan, const std::string& name,
                     const std::vector<double>& pre, const ColumnTransform& settings, Pipeline& p,
                     std::vector<Message>* warnings) {
  std::size_t constant = 0;
  std::string first_constant;
  for (std::size_t g = 0; g < plan.size(); ++g) {
    if (plan[g].skipped) continue;
    ColumnTransform t = settings;
    const std::vector<double> part(pre.begin() + long(plan[g].begin), pre.begin() + long(plan[g].bounds.train_end));
    if (!fit_scaler(t, part) && t.scaler != Scaler::None && constant++ == 0) first_constant = series.series_ids[g];
    check_finite_statistics(name, pre, t, plan[g].begin, plan[g].end);
    p.series_transforms[series.series_ids[g]][name] = t;
  }
  if (constant > 0)
    warnings->push_back("column " + quote(name) + " is constant on the training rows of " + std::to_string(constant) +
                        " series (" + quote(first_constant) + (constant > 1 ? ", ..." : "") +
                        "): left unscaled there (scale 1)");
}

}  // namespace

namespace {

// The window, horizon, season and column lists against the limits a model file holds.
void check_shape(const Pipeline& p) {
  if (p.targets.empty())
    throw ConfigError(Message("choose at least one target column") << Hint::where(Setting::Target));
  if (p.window < 1) throw ConfigError(Message("the window must be at least 1 row") << Hint::where(Setting::Window));
  if (p.horizon < 1) throw ConfigError(Message("the horizon must be at least 1 row") << Hint::where(Setting::Horizon));
  if (p.season < 0) throw ConfigError("the season must be >= 0");
  if (p.window > limits::kMaxWindow)
    throw ConfigError(Message("the window is " + std::to_string(p.window) + " rows; rnnwb takes at most " +
                              std::to_string(limits::kMaxWindow))
                      << Hint::where(Setting::Window));
  if (p.horizon > limits::kMaxHorizon)
    throw ConfigError(Message("the horizon is " + std::to_string(p.horizon) + " rows; rnnwb takes at most " +
                              std::to_string(limits::kMaxHorizon))
                      << Hint::where(Setting::Horizon));
  if (p.season > limits::kMaxSeason)
    throw ConfigError(Message("the season is " + std::to_string(p.season) + " rows; rnnwb takes at most " +
                              std::to_string(limits::kMaxSeason))
                      << Hint::where(Setting::Season));
  if (Index(p.features.size()) > limits::kMaxFeatures)
    throw ConfigError(std::to_string(p.features.size()) + " input features; rnnwb takes at most " +
                      std::to_string(limits::kMaxFeatures));
  for (const auto* list : {&p.features, &p.targets})
    for (std::size_t i = 0; i < list->size(); ++i)
      if (std::find(list->begin(), list->begin() + long(i), (*list)[i]) != list->begin() + long(i))
        throw ConfigError("column \"" + (*list)[i] + "\" is listed twice");
}

// Split by and scale per against the data: what cannot work together is refused.
void check_series_settings(const Series& series, const Pipeline& p) {
  if (p.split_by == SplitBy::Series && p.per_series())
    throw ConfigError(Message("per-series scaling fits each series on its own training rows, and a series held out "
                              "for validation or test has none: ")
                      << Hint::use(Setting::ScalePer, {"global"}) << ", or split by time");
  if (p.per_series() && !series.is_panel())
    throw ConfigError(Message("per-series scaling needs data with many series (name the series column); ")
                      << Hint::use(Setting::ScalePer, {"global"}));
}

// One column's settings before anything is fitted: no missing cell, a lag the window can take, a
// differenced target that is also a feature (its last value is added back).
ColumnTransform column_settings(const std::vector<double>& raw, const std::string& name, const PipelineConfig& config,
                                const Pipeline& p) {
  const std::size_t missing =
      std::size_t(std::count_if(raw.begin(), raw.end(), [](double v) { return std::isnan(v); }));
  if (missing > 0)
    throw DataError(Message("column " + quote(name) + " has " + std::to_string(missing) +
                            " missing values: choose a missing-value policy")
                    << Hint::where(Setting::MissingPolicy, {"interpolate", "ffill", "drop"}));
  auto it = config.column_transforms.find(name);
  const ColumnTransform t = it != config.column_transforms.end() ? it->second : config.default_transform;
  if (t.diff_lag < 0 || t.diff_lag > limits::kMaxLag)
    throw ConfigError("the differencing lag of " + quote(name) + " must be between 0 and " +
                      std::to_string(limits::kMaxLag));
  if (t.diff_lag >= p.window)
    throw ConfigError(Message("differencing lag " + std::to_string(t.diff_lag) + " of " + quote(name) +
                              " needs a window longer than the lag")
                      << Hint::where_above(Setting::Window, t.diff_lag));
  if (t.diff_lag > 0 && std::find(p.targets.begin(), p.targets.end(), name) != p.targets.end() &&
      p.feature_index_of(name) < 0)
    throw ConfigError(Message("target " + quote(name) +
                              " is differenced, so it must also be an input feature (its last value is added back "
                              "to the predicted change): ")
                      << Hint::use(Setting::Features, {name}));
  return t;
}

// Fits one column's scaler on the training rows of every series kept (pooled), and per series
// under per-series scaling.
void fit_column(const Series& series, const std::vector<SeriesSplit>& plan, const std::string& name, ColumnTransform t,
                Pipeline& p, std::vector<Message>* warnings) {
  const std::vector<double> pre = pre_scale_series(series, column_values(series, name), t, name);
  std::vector<double> train_part;
  for (const SeriesSplit& g : plan)
    if (!g.skipped)
      train_part.insert(train_part.end(), pre.begin() + long(g.begin), pre.begin() + long(g.bounds.train_end));
  if (!fit_scaler(t, train_part) && t.scaler != Scaler::None)
    warnings->push_back("column " + quote(name) + " is constant on the training rows: it is left unscaled (scale 1)");
  for (const SeriesSplit& g : plan)
    if (!g.skipped) check_finite_statistics(name, pre, t, g.begin, g.end);
  if (p.per_series())
    fit_each_series(series, plan, name, pre, t, p, warnings);
  else
    warn_out_of_range(name, pre, plan, t, warnings);
  p.transforms[name] = t;
}

}  // namespace

Pipeline fit_pipeline(const Series& series, const PipelineConfig& config, std::vector<Message>* warnings) {
  Pipeline p;
  p.targets = config.targets;
  p.features = config.features.empty() ? config.targets : config.features;
  p.window = config.window;
  p.horizon = config.horizon;
  p.split = config.split;
  p.season = config.season;
  p.split_by = config.split_by;
  p.scale_per = config.scale_per;
  p.series_name = series.series_name;
  p.series_columns = config.series_columns;
  check_shape(p);
  check_series_settings(series, p);
  std::vector<Message> ignore;
  if (!warnings) warnings = &ignore;

  const std::vector<SeriesSplit> plan = split_series(series, p);
  warn_skipped(series, plan, p, warnings);
  for (std::size_t g = 0; g < plan.size(); ++g)
    if (series.is_panel() && !plan[g].skipped) {
      p.series_ids.push_back(series.series_ids[g]);
      p.series_rows.push_back(plan[g].end - plan[g].begin);
    }
  std::vector<std::string> used = p.features;
  for (const auto& t : p.targets)
    if (std::find(used.begin(), used.end(), t) == used.end()) used.push_back(t);
  for (const std::string& name : used)
    fit_column(series, plan, name, column_settings(column_values(series, name), name, config, p), p, warnings);
  return p;
}

std::vector<std::size_t> window_rows(const Series& series, const Pipeline& p, bool need_targets) {
  std::vector<std::size_t> rows;
  const std::size_t w = std::size_t(p.window), h = std::size_t(p.horizon);
  for (std::size_t g = 0; g < series.series_count(); ++g) {
    const std::size_t b = series.series_begin(g), e = series.series_end(g);
    // Target rows j = b + window .. e (the row after the series' end too, unless targets are needed).
    for (std::size_t j = b + w; need_targets ? j + h <= e : j <= e; ++j) rows.push_back(j);
  }
  return rows;
}

// Windows are copied out (raw doubles, then floats): their size is counted in double and held
// against the machine's memory before anything is allocated.
static void check_window_memory(double windows, const Pipeline& p) {
  const double need = windows * double(p.window) * double(p.features.size()) * (sizeof(double) + sizeof(float));
  if (const double have = physical_memory_bytes(); have > 0 && need > have) {
    char text[320];
    std::snprintf(text, sizeof text,
                  "%.0f windows of %ld rows x %zu features need about %.1f GiB, more than this machine's %.1f GiB "
                  "of memory: use a shorter window",
                  windows, long(p.window), p.features.size(), need / 1073741824.0, have / 1073741824.0);
    throw ConfigError(Message(text) << Hint::where(Setting::Window) << ", fewer rows or fewer features");
  }
}

Tensor3<double> raw_windows(const Series& series, const Pipeline& p, const std::vector<std::size_t>& rows) {
  check_window_memory(double(rows.size()), p);
  Tensor3<double> raw(Index(rows.size()), p.window, Index(p.features.size()));
  for (std::size_t f = 0; f < p.features.size(); ++f) {
    const std::vector<double>& col = column_values(series, p.features[f]);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i] < std::size_t(p.window) || rows[i] > col.size() ||
          series.series_of_row(rows[i] - 1) != series.series_of_row(rows[i] - std::size_t(p.window)))
        throw DataError("internal: no full window of one series before row " + std::to_string(rows[i]));
      const double* src = col.data() + rows[i] - std::size_t(p.window);
      for (Index t = 0; t < p.window; ++t) raw(Index(i), t, Index(f)) = src[t];
    }
  }
  return raw;
}

namespace {

double logged(const ColumnTransform& t, double v, const char* what, Index sample, Index step, const std::string& name) {
  if (!std::isfinite(v))
    throw DataError(std::string(what) + " " + std::to_string(sample) + ", step " + std::to_string(step) + ", column " +
                    quote(name) + " is " +
                    (std::isnan(v) ? "NaN"
                     : v > 0       ? "+Inf"
                                   : "-Inf") +
                    ": windows must hold finite numbers");
  if (!t.log) return v;
  if (!(v > 0))
    throw DataError(std::string(what) + " " + std::to_string(sample) + ", step " + std::to_string(step) + ", column " +
                    quote(name) + " is " + std::to_string(v) + ": the model takes its log, so values must be > 0");
  return std::log(v);
}

}  // namespace

WindowTransforms window_transforms(const Series& series, const Pipeline& p, const std::vector<std::size_t>& rows) {
  WindowTransforms out;
  if (!p.per_series()) return out;
  out.reserve(rows.size());
  long last = -1;
  const TransformMap* map = nullptr;
  for (const std::size_t j : rows) {
    const long g = j == 0 ? 0 : long(series.series_of_row(j - 1));  // a window's series: its last input row's
    if (g != last) map = &p.transforms_for(series.series_id(std::size_t(g))), last = g;
    out.push_back(map);
  }
  return out;
}

namespace {

// The transform of a column for window n: its series' under per-series scaling.
const ColumnTransform& transform_of(const Pipeline& p, const WindowTransforms& per_window, Index n,
                                    const std::string& name) {
  if (per_window.empty()) return p.transforms.at(name);
  if (std::size_t(n) >= per_window.size() || !per_window[std::size_t(n)])
    throw ShapeError("internal: one series transform per window is needed");
  return per_window[std::size_t(n)]->at(name);
}

// The transforms of one column for every window, looked up once per run of windows of one series.
std::vector<const ColumnTransform*> column_transforms(const Pipeline& p, const WindowTransforms& per_window,
                                                      Index count, const std::string& name) {
  std::vector<const ColumnTransform*> out(static_cast<std::size_t>(count), nullptr);
  const TransformMap* last = nullptr;
  const ColumnTransform* t = nullptr;
  for (Index n = 0; n < count; ++n) {
    const TransformMap* map = per_window.empty() ? nullptr : per_window[std::size_t(n)];
    if (!t || map != last) t = &transform_of(p, per_window, n, name), last = map;
    out[std::size_t(n)] = t;
  }
  return out;
}

}  // namespace

Tensor3<float> encode_inputs(const Pipeline& p, const Tensor3<double>& raw, const WindowTransforms& per_window) {
  if (raw.steps != p.window || raw.features != Index(p.features.size()))
    throw ShapeError("input windows must be (N, " + std::to_string(p.window) + ", " +
                     std::to_string(p.features.size()) + ") in original units, got (N, " + std::to_string(raw.steps) +
                     ", " + std::to_string(raw.features) + ")");
  const Index lag = p.max_lag(), steps = p.model_steps();
  Tensor3<float> x(raw.batch, steps, raw.features);
  if (p.per_series() && per_window.empty())
    throw ConfigError(Message("the model scales each series by its own statistics: say which series the windows are of")
                      << Hint::where(Setting::SeriesId));
  for (Index f = 0; f < raw.features; ++f) {
    const std::string& name = p.features[std::size_t(f)];
    const std::vector<const ColumnTransform*> ts = column_transforms(p, per_window, raw.batch, name);
    for (Index n = 0; n < raw.batch; ++n)
      for (Index s = 0; s < steps; ++s) {
        const ColumnTransform& t = *ts[std::size_t(n)];
        const Index r = s + lag;
        double v = logged(t, raw(n, r, f), "input window", n, r, name);
        if (t.diff_lag > 0) v -= logged(t, raw(n, r - t.diff_lag, f), "input window", n, r - t.diff_lag, name);
        x(n, s, f) = float(t.scale_value(v));
      }
  }
  return x;
}

Tensor3<float> encode_targets(const Series& series, const Pipeline& p, const std::vector<std::size_t>& rows) {
  Tensor3<float> y(Index(rows.size()), p.horizon, Index(p.targets.size()));
  const WindowTransforms per_window = window_transforms(series, p, rows);
  for (std::size_t c = 0; c < p.targets.size(); ++c) {
    const std::vector<double>& col = column_values(series, p.targets[c]);
    const std::vector<const ColumnTransform*> ts = column_transforms(p, per_window, Index(rows.size()), p.targets[c]);
    for (std::size_t i = 0; i < rows.size(); ++i)
      for (Index k = 0; k < p.horizon; ++k) {
        const ColumnTransform& t = *ts[i];
        const std::size_t r = rows[i] + std::size_t(k);
        if (r >= col.size()) throw DataError("internal: target row beyond the data");
        double v = logged(t, col[r], "row", Index(r), 0, p.targets[c]);
        if (t.diff_lag > 0) v -= logged(t, col[r - std::size_t(t.diff_lag)], "row", Index(r), 0, p.targets[c]);
        y(Index(i), k, Index(c)) = float(t.scale_value(v));
      }
  }
  return y;
}

Tensor3<double> decode_outputs(const Pipeline& p, const Tensor3<float>& out, const Tensor3<double>& raw,
                               const WindowTransforms& per_window) {
  if (out.steps != p.horizon || out.features != Index(p.targets.size()) || out.batch != raw.batch)
    throw ShapeError("internal: model output shape does not match the pipeline");
  if (p.per_series() && per_window.empty())
    throw ConfigError(Message("the model scales each series by its own statistics: say which series the windows are of")
                      << Hint::where(Setting::SeriesId));
  Tensor3<double> y(out.batch, out.steps, out.features);
  for (std::size_t c = 0; c < p.targets.size(); ++c) {
    const std::vector<const ColumnTransform*> ts = column_transforms(p, per_window, out.batch, p.targets[c]);
    const int f = p.feature_index_of(p.targets[c]);
    for (Index n = 0; n < out.batch; ++n)
      for (Index k = 0; k < p.horizon; ++k) {
        const ColumnTransform& t = *ts[std::size_t(n)];
        double v = t.unscale_value(double(out(n, k, Index(c))));  // log space when t.log
        if (t.diff_lag > 0) {
          // Add back the value lag rows earlier: from the window, or an earlier predicted step.
          const Index back = k - t.diff_lag;
          v += back < 0 ? logged(t, raw(n, p.window + back, f), "input window", n, p.window + back, p.targets[c])
                        : (t.log ? std::log(y(n, back, Index(c))) : y(n, back, Index(c)));
        }
        y(n, k, Index(c)) = t.log ? std::exp(v) : v;
      }
  }
  return y;
}

SplitRows split_rows(const Series& series, const Pipeline& p) {
  const std::vector<SeriesSplit> plan = split_series(series, p);
  const std::size_t w = std::size_t(p.window), h = std::size_t(p.horizon);
  SplitRows s;
  for (std::size_t g = 0; g < plan.size(); ++g) {
    const SeriesSplit& part = plan[g];
    if (part.skipped) {
      s.skipped.push_back(series.series_ids[g]);
      continue;
    }
    for (std::size_t j = part.begin + w; j + h <= part.end; ++j) {
      const std::size_t last = j + h - 1;
      if (last < part.bounds.train_end)
        s.train.push_back(j);
      else if (j >= part.bounds.train_end && last < part.bounds.validation_end)
        s.validation.push_back(j);
      else if (j >= part.bounds.validation_end)
        s.test.push_back(j);
    }
  }
  auto need = [&](const std::vector<std::size_t>& rows, double fraction, const char* split, std::size_t rows_needed) {
    if (fraction > 0 && rows.empty())
      throw DataError(Message("too few rows: " + std::string(series.is_panel() ? "the series' " : "") +
                              std::to_string(series.rows()) + " rows with window " + std::to_string(p.window) +
                              " and horizon " + std::to_string(p.horizon) + " leave no " + split + " window (the " +
                              split + " split needs at least " + std::to_string(rows_needed) +
                              (series.is_panel() ? " rows in some series" : " rows") + "); use a shorter ")
                      << Hint::name(Setting::Window) << ", a smaller " << Hint::name(Setting::Horizon) << ", or change "
                      << Hint::name(Setting::Split));
  };
  const bool whole = p.split_by == SplitBy::Series;
  need(s.train, p.split.train, "training", w + h);
  need(s.validation, p.split.validation, "validation", whole ? w + h : h);
  need(s.test, p.split.test, "test", whole ? w + h : h);
  return s;
}

WindowSet make_windows(const Series& series, const Pipeline& p) {
  const SplitRows rows = split_rows(series, p);
  check_window_memory(double(rows.train.size() + rows.validation.size() + rows.test.size()), p);
  auto encode = [&](const std::vector<std::size_t>& r) {
    return Dataset<float>{encode_inputs(p, raw_windows(series, p, r), window_transforms(series, p, r)),
                          encode_targets(series, p, r)};
  };
  return {encode(rows.train), encode(rows.validation), encode(rows.test), rows.train, rows.validation, rows.test};
}

}  // namespace rnnwb
