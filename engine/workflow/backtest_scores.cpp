// A backtest's scores beyond one fold's metrics: error by step, the test rows' out-of-range checks,
// the aggregate over folds, and conformal bands from the folds' residuals.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine/core/text.hpp"
#include "engine/workflow/backtest.hpp"
#include "engine/workflow/backtest_summary.hpp"

namespace rnnwb {

void StepSums::add(std::size_t target, std::size_t step, double actual, double model_value, double persistence_value,
                   double seasonal_value) {
  if (std::isnan(actual) || std::isnan(model_value)) return;
  auto grow = [&](auto& v) {
    if (v.size() <= target) v.resize(target + 1);
    if (v[target].size() <= step) v[target].resize(step + 1, {});
  };
  grow(model), grow(persistence), grow(seasonal), grow(count);
  model[target][step] += (actual - model_value) * (actual - model_value);
  persistence[target][step] += (actual - persistence_value) * (actual - persistence_value);
  seasonal[target][step] += (actual - seasonal_value) * (actual - seasonal_value);  // NaN without a season
  ++count[target][step];
}

void StepSums::merge(const StepSums& o) {
  for (std::size_t t = 0; t < o.count.size(); ++t)
    for (std::size_t k = 0; k < o.count[t].size(); ++k) {
      auto grow = [&](auto& v) {
        if (v.size() <= t) v.resize(t + 1);
        if (v[t].size() <= k) v[t].resize(k + 1, {});
      };
      grow(model), grow(persistence), grow(seasonal), grow(count);
      model[t][k] += o.model[t][k];
      persistence[t][k] += o.persistence[t][k];
      seasonal[t][k] += o.seasonal[t][k];
      count[t][k] += o.count[t][k];
    }
}

StepScores StepSums::scores() const {
  StepScores out(count.size());
  for (std::size_t t = 0; t < count.size(); ++t)
    for (std::size_t k = 0; k < count[t].size(); ++k) {
      const double n = double(count[t][k]);
      const auto rmse = [n](double sum) { return n > 0 ? std::sqrt(sum / n) : NAN; };
      out[t].push_back({rmse(model[t][k]), rmse(persistence[t][k]), rmse(seasonal[t][k]), count[t][k]});
    }
  return out;
}

namespace {

std::string number(double v) {
  std::ostringstream o;
  o.precision(6);
  o << v;
  return o.str();
}

struct Range {
  double lo = INFINITY, hi = -INFINITY;
  void add(double v) {
    if (std::isnan(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return !(lo <= hi); }
};

// One column: its pre-scaled test values against the pre-scaled training values.
void check_column(const std::string& name, const ColumnTransform& t, const Series& training, const Series& full,
                  const std::vector<std::size_t>& test_rows, std::size_t horizon, std::vector<Message>& out) {
  Range train, test;
  for (const double v : pre_scale_series(training, column_values(training, name), t, name)) train.add(v);
  const std::vector<double> pre = pre_scale_series(full, column_values(full, name), t, name);
  for (const std::size_t j : test_rows)
    for (std::size_t k = 0; k < horizon && j + k < pre.size(); ++k) test.add(pre[j + k]);
  if (train.empty() || test.empty()) return;
  const double range = std::max(train.hi - train.lo, 1e-12), margin = 0.1 * range;
  if (test.hi <= train.hi + margin && test.lo >= train.lo - margin) return;
  const bool above = test.hi - train.hi >= train.lo - test.lo;
  const double beyond = above ? test.hi - train.hi : train.lo - test.lo;
  const std::string where = t.diff_lag > 0 ? " (after differencing)" : t.log ? " (after log)" : "";
  out.push_back(Message("column " + quote(name) + where + ": test values reach " + number(above ? test.hi : test.lo) +
                        ", " + (above ? "above" : "below") + " this fold's training range [" + number(train.lo) + ", " +
                        number(train.hi) + "] by " + number(std::round(100 * beyond / range)) +
                        "% of that range; the model has never seen such values"));
}

}  // namespace

std::vector<Message> test_range_warnings(const Series& training, const Series& full, const Pipeline& p,
                                         const std::vector<std::size_t>& test_rows) {
  std::vector<Message> out;
  std::vector<std::string> used = p.features;
  for (const auto& t : p.targets)
    if (std::find(used.begin(), used.end(), t) == used.end()) used.push_back(t);
  for (const std::string& name : used) {
    const auto it = p.transforms.find(name);
    if (it != p.transforms.end())
      check_column(name, it->second, training, full, test_rows, std::size_t(p.horizon), out);
  }
  return out;
}

namespace {

using Field = double Metrics::*;
constexpr Field kFields[] = {&Metrics::mse,   &Metrics::rmse, &Metrics::mae, &Metrics::mape,
                             &Metrics::smape, &Metrics::r2,   &Metrics::mase};

void summarise(const std::vector<const Metrics*>& folds, Metrics& mean, Metrics& spread) {
  const double n = double(folds.size());
  for (const Field f : kFields) {
    double sum = 0, squares = 0;
    for (const Metrics* m : folds) sum += m->*f;
    mean.*f = sum / n;
    for (const Metrics* m : folds) squares += (m->*f - mean.*f) * (m->*f - mean.*f);
    spread.*f = std::sqrt(squares / n);
  }
  for (const Metrics* m : folds) mean.count += m->count;
  spread.count = mean.count;
}

}  // namespace

void summarise_folds(BacktestResult& r) {
  if (r.folds.empty()) return;
  std::vector<std::string> names = {"model"};
  for (const auto& [name, m] : r.folds.front().baselines) names.push_back(name);
  StepSums direct, closed;
  for (const std::string& name : names) {
    std::vector<const Metrics*> ms;
    for (const FoldResult& f : r.folds) ms.push_back(name == "model" ? &f.model : &f.baselines.at(name));
    summarise(ms, r.mean[name], r.spread[name]);
  }
  for (const FoldResult& f : r.folds) {
    direct.merge(f.step_sums);
    closed.merge(f.closed_loop_sums);
  }
  r.by_step = direct.scores();
  r.closed_loop_by_step = closed.scores();
}

namespace {

// Bands from the residuals of folds [0, end).
PredictionIntervals bands_from(const std::vector<FoldResult>& folds, std::size_t end,
                               const std::vector<double>& levels) {
  StepResiduals direct, closed;
  for (std::size_t i = 0; i < end; ++i) {
    add_residuals(direct, folds[i].actual, folds[i].predicted);
    const StepResiduals& c = folds[i].closed_loop_residuals;
    if (closed.size() < c.size()) closed.resize(c.size());
    for (std::size_t k = 0; k < c.size(); ++k) {
      if (closed[k].size() < c[k].size()) closed[k].resize(c[k].size());
      for (std::size_t t = 0; t < c[k].size(); ++t)
        closed[k][t].insert(closed[k][t].end(), c[k][t].begin(), c[k][t].end());
    }
  }
  return conformal_intervals(direct, closed, levels, "backtest");
}

bool bounded(const IntervalLevel& level) {
  for (const auto& step : level.direct)
    for (const double w : step)
      if (!std::isfinite(w)) return false;
  return !level.direct.empty();
}

}  // namespace

void backtest_intervals(BacktestResult& r) {
  const std::vector<double>& levels = r.config.interval_levels;
  if (levels.empty() || r.folds.empty()) return;
  r.intervals = bands_from(r.folds, r.folds.size(), levels);
  std::vector<IntervalCoverage> pooled(levels.size());
  std::vector<double> inside(levels.size()), widths(levels.size());
  for (std::size_t i = 1; i < r.folds.size(); ++i) {
    const PredictionIntervals earlier = bands_from(r.folds, i, levels);
    bool all_bounded = true;
    for (const IntervalLevel& l : earlier.levels) all_bounded = all_bounded && bounded(l);
    if (!all_bounded) continue;  // too few earlier residuals for a finite band: no honest check here
    r.coverage_folds.push_back(r.folds[i].index);
    for (std::size_t l = 0; l < levels.size(); ++l) {
      const IntervalCoverage c = interval_coverage(r.folds[i].actual, r.folds[i].predicted, earlier.levels[l]);
      inside[l] += c.empirical * double(c.count);
      widths[l] += c.mean_width * double(c.count);
      pooled[l].count += c.count;
    }
  }
  for (std::size_t l = 0; l < levels.size(); ++l) {
    pooled[l].nominal = levels[l];
    if (pooled[l].count > 0) {
      pooled[l].empirical = inside[l] / double(pooled[l].count);
      pooled[l].mean_width = widths[l] / double(pooled[l].count);
    }
  }
  r.honest_coverage = pooled;
}

}  // namespace rnnwb
