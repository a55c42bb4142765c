// Where a backtest's folds fall, and the Series of one fold's rows.
#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/workflow/backtest.hpp"

namespace rnnwb {

namespace {

constexpr int kMaxFolds = 1000;

// The fewest rows a fold's training Series needs: one training window (window + horizon rows in
// the training part of split (1 - v, v, 0)) and, with v > 0, one validation window (horizon rows).
std::size_t min_training_rows(const PipelineConfig& p) {
  const double v = p.split.validation;
  const SplitFractions f{1.0 - v, v, 0.0};
  const std::size_t w = std::size_t(p.window), h = std::size_t(p.horizon);
  for (std::size_t n = w + h;; ++n) {
    const SplitBounds b = split_bounds(n, f);
    if (b.train_end >= w + h && (v <= 0 || n - b.train_end >= h)) return n;
  }
}

std::size_t longest_series(const Series& s) {
  std::size_t longest = 0;
  for (std::size_t g = 0; g < s.series_count(); ++g) longest = std::max(longest, s.series_rows(g));
  return longest;
}

void check_settings(const PipelineConfig& p, const BacktestConfig& c) {
  if (c.folds < 1 || c.folds > kMaxFolds)
    throw ConfigError("the number of folds must be between 1 and " + std::to_string(kMaxFolds) + ", got " +
                      std::to_string(c.folds));
  if (c.jobs < 1) throw ConfigError("the backtest's jobs must be at least 1");
  if (p.split_by == SplitBy::Series)
    throw ConfigError(Message("a backtest rolls its origin through time, so it splits by time: ")
                      << Hint::use(Setting::SplitBy, {"time"}));
  if (p.window < 1 || p.horizon < 1) throw ConfigError(Message("the window and horizon must be at least 1 row"));
  if (c.fold_size > 0 && c.fold_size < std::size_t(p.horizon))
    throw ConfigError("the fold size (" + std::to_string(c.fold_size) + " rows) must be at least the horizon (" +
                      std::to_string(p.horizon) + " rows): each test block holds whole forecasts");
  if (c.closed_loop_steps < 0 || c.closed_loop_steps > 100000)
    throw ConfigError("the closed-loop steps must be between 0 and 100000");
}

}  // namespace

BacktestPlan plan_backtest(const Series& series, const PipelineConfig& p, const BacktestConfig& c) {
  check_settings(p, c);
  BacktestPlan plan;
  plan.longest = longest_series(series);
  plan.min_train_rows = min_training_rows(p);
  const std::size_t k = std::size_t(c.folds), h = std::size_t(p.horizon);
  const std::size_t default_size = std::size_t(std::floor(double(plan.longest) * p.split.test + 1e-9)) / k;
  plan.fold_size = c.fold_size > 0 ? c.fold_size : std::max(h, default_size);
  if (c.max_train_rows > 0 && c.max_train_rows < plan.min_train_rows)
    throw ConfigError("the sliding window of " + std::to_string(c.max_train_rows) +
                      " training rows is too short: with this window, horizon and validation fraction a fold "
                      "needs at least " +
                      std::to_string(plan.min_train_rows) + " training rows");
  const std::size_t need = plan.min_train_rows + c.gap + k * plan.fold_size;
  if (plan.longest < need) {
    const std::size_t room =
        plan.longest > plan.min_train_rows + c.gap ? plan.longest - plan.min_train_rows - c.gap : 0;
    throw DataError(Message("too few rows for " + std::to_string(k) + " folds of " + std::to_string(plan.fold_size) +
                            " rows: the " + (series.is_panel() ? "longest series has " : "data has ") +
                            std::to_string(plan.longest) + " rows, and each fold tests " +
                            std::to_string(plan.fold_size) + " rows" +
                            (c.gap ? " after a gap of " + std::to_string(c.gap) : std::string()) +
                            " while the first one needs at least " + std::to_string(plan.min_train_rows) +
                            " training rows before it (window " + std::to_string(p.window) + ", horizon " +
                            std::to_string(p.horizon) + ", its validation share), " + std::to_string(need) +
                            " rows in all; use at most " + std::to_string(room / plan.fold_size) +
                            " folds, a smaller fold size (at most " + std::to_string(room / k) +
                            " rows), a smaller gap, or a shorter ")
                    << Hint::name(Setting::Window));
  }
  for (std::size_t i = 0; i < k; ++i) {
    FoldPlan f;
    f.origin = plan.longest - c.gap - (k - i) * plan.fold_size;
    f.train_begin = c.max_train_rows > 0 && f.origin > c.max_train_rows ? f.origin - c.max_train_rows : 0;
    f.test_begin = f.origin + c.gap;
    f.test_end = f.test_begin + plan.fold_size;
    plan.folds.push_back(f);
  }
  return plan;
}

SeriesCut cut_series(const Series& s, const std::function<std::pair<std::size_t, std::size_t>(std::size_t)>& range) {
  SeriesCut cut;
  Series& out = cut.series;
  out.names = s.names;
  out.columns.assign(s.columns.size(), {});
  out.time_name = s.time_name;
  out.series_name = s.series_name;
  for (std::size_t g = 0; g < s.series_count(); ++g) {
    const std::size_t n = s.series_rows(g);
    auto [b, e] = range(g);
    e = std::min(e, n);
    if (b >= e) continue;
    const std::size_t first = s.series_begin(g) + b, last = s.series_begin(g) + e;
    if (s.is_panel()) {
      out.series_ids.push_back(s.series_ids[g]);
      out.series_starts.push_back(out.columns.empty() ? out.time_labels.size() : out.columns.front().size());
    }
    for (std::size_t c = 0; c < s.columns.size(); ++c)
      out.columns[c].insert(out.columns[c].end(), s.columns[c].begin() + long(first),
                            s.columns[c].begin() + long(last));
    if (!s.time_labels.empty())
      out.time_labels.insert(out.time_labels.end(), s.time_labels.begin() + long(first),
                             s.time_labels.begin() + long(last));
    cut.source.push_back(g);
  }
  if (s.is_panel()) out.series_starts.push_back(out.rows());
  return cut;
}

}  // namespace rnnwb
