// A backtest's result as JSON (rnnwb backtest --json): per fold, the aggregate, error by step and
// the conformal bands from the folds.
#include <cmath>

#include "engine/io/config_json.hpp"
#include "engine/workflow/backtest.hpp"
#include "engine/workflow/evaluation.hpp"

namespace rnnwb {

namespace {

using json = nlohmann::json;

json finite(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json transforms_json(const TransformMap& m) {
  json j = json::object();
  for (const auto& [name, t] : m) j[name] = config_json::from_transform(t);
  return j;
}

json steps_json(const StepScores& s, const std::vector<std::string>& targets) {
  json out = json::array();
  for (std::size_t t = 0; t < s.size(); ++t) {
    json steps = json::array();
    for (std::size_t k = 0; k < s[t].size(); ++k)
      steps.push_back({{"step", k + 1},
                       {"model_rmse", finite(s[t][k].model_rmse)},
                       {"persistence_rmse", finite(s[t][k].persistence_rmse)},
                       {"seasonal_naive_rmse", finite(s[t][k].seasonal_naive_rmse)},
                       {"count", s[t][k].count}});
    out.push_back({{"target", t < targets.size() ? targets[t] : std::to_string(t)}, {"steps", steps}});
  }
  return out;
}

json fold_json(const FoldResult& f) {
  json baselines = json::object();
  for (const auto& [name, m] : f.baselines) baselines[name] = to_json(m);
  json warnings = json::array();
  for (const Message& m : f.warnings) warnings.push_back(m.neutral());
  const std::vector<std::string>& targets = f.trained->pipeline.targets;
  double train_loss = NAN;
  if (!f.fit.history.empty()) train_loss = f.fit.history.back().train_loss;
  return {{"fold", f.index},
          {"origin", f.plan.origin},
          {"origin_label", f.origin_label},
          {"train_begin", f.plan.train_begin},
          {"test_begin", f.plan.test_begin},
          {"test_end", f.plan.test_end},
          {"train_rows", f.train_rows},
          {"rows_tested", f.rows_tested},
          {"metrics", to_json(f.model)},
          {"baselines", baselines},
          {"statistics", fitted_statistics(f.trained->pipeline)},
          {"epochs_run", f.fit.epochs_run},
          {"best_epoch", f.fit.best_epoch},
          {"final_train_loss", finite(train_loss)},
          {"warnings", warnings},
          {"skipped_series", f.skipped_series},
          {"by_step", steps_json(f.step_sums.scores(), targets)},
          {"closed_loop_by_step", steps_json(f.closed_loop_sums.scores(), targets)}};
}

json widths_json(const std::vector<std::vector<double>>& w) {
  json out = json::array();
  for (const auto& step : w) {
    json row = json::array();
    for (const double v : step) row.push_back(finite(v));
    out.push_back(row);
  }
  return out;
}

json intervals_json(const BacktestResult& r) {
  json levels = json::array();
  for (const IntervalLevel& l : r.intervals.levels)
    levels.push_back(
        {{"coverage", l.coverage}, {"direct", widths_json(l.direct)}, {"closed_loop", widths_json(l.closed_loop)}});
  json honest = json::array();
  for (const IntervalCoverage& c : r.honest_coverage)
    honest.push_back({{"nominal", c.nominal},
                      {"empirical", c.count ? finite(c.empirical) : json(nullptr)},
                      {"mean_width", c.count ? finite(c.mean_width) : json(nullptr)},
                      {"count", c.count}});
  return {{"method", r.intervals.method},
          {"source", "backtest"},
          {"levels", levels},
          {"honest_coverage", honest},
          {"coverage_folds", r.coverage_folds}};
}

}  // namespace

json fitted_statistics(const Pipeline& p) {
  json j = {{"transforms", transforms_json(p.transforms)}, {"season", p.season}};
  if (p.per_series()) {
    j["series_transforms"] = json::object();
    for (const auto& [id, m] : p.series_transforms) j["series_transforms"][id] = transforms_json(m);
  }
  return j;
}

json to_json(const BacktestResult& r) {
  json folds = json::array();
  for (const FoldResult& f : r.folds) folds.push_back(fold_json(f));
  json aggregate = json::object();
  for (const auto& [name, m] : r.mean) aggregate[name] = {{"mean", to_json(m)}, {"std", to_json(r.spread.at(name))}};
  const std::vector<std::string> targets =
      r.folds.empty() ? std::vector<std::string>{} : r.folds.front().trained->pipeline.targets;
  json j = {{"folds_planned", r.plan.folds.size()},
            {"fold_size", r.plan.fold_size},
            {"gap", r.config.gap},
            {"refit", to_string(r.config.refit)},
            {"max_train_rows", r.config.max_train_rows},
            {"closed_loop_steps", r.config.closed_loop_steps},
            {"stopped", r.stopped},
            {"unfinished", r.unfinished},
            {"folds", folds},
            {"aggregate", aggregate},
            {"by_step", steps_json(r.by_step, targets)},
            {"closed_loop_by_step", steps_json(r.closed_loop_by_step, targets)},
            {"intervals", intervals_json(r)}};
  if (r.config.refit == Refit::Once)
    j["statistics_note"] = "refit once: every fold is predicted by fold 1's model, so its statistics are fold 1's";
  return j;
}

}  // namespace rnnwb
