// run_backtest: each fold trained on its own training rows (train_model on a Series cut at its
// origin), then scored on its test block of the full series beside the baselines.
#include "engine/workflow/backtest.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/core/error.hpp"
#include "engine/workflow/backtest_summary.hpp"
#include "engine/workflow/prediction.hpp"

namespace rnnwb {

namespace {

// Serialises a front end's progress callback across the folds' threads.
class ProgressSink {
 public:
  explicit ProgressSink(const BacktestRun& run, int folds) : run_(run), folds_(folds) {}
  void report(BacktestProgress p) {
    if (!run_.progress) return;
    p.folds = folds_;
    std::lock_guard lock(mutex_);
    run_.progress(p);
  }

 private:
  const BacktestRun& run_;
  int folds_;
  std::mutex mutex_;
};

class FoldEpochs : public TrainingObserver {
 public:
  FoldEpochs(ProgressSink& sink, int fold) : sink_(sink), fold_(fold) {}
  void on_epoch_end(const EpochStats& s) override {
    BacktestProgress p;
    p.kind = BacktestProgress::Kind::Epoch;
    p.fold = fold_;
    p.epoch = s;
    sink_.report(p);
  }

 private:
  ProgressSink& sink_;
  int fold_;
};

// The fold's own training rows of every series: [train_begin, origin).
SeriesCut training_cut(const Series& series, const FoldPlan& f) {
  return cut_series(series, [&f](std::size_t) { return std::pair{f.train_begin, f.origin}; });
}

TrainRequest fold_request(const TrainRequest& request, int threads) {
  TrainRequest r = request;
  const double v = request.pipeline.split.validation;
  r.pipeline.split = {1.0 - v, v, 0.0};  // the last share v of the training rows early-stops; no test rows
  r.fit.threads = threads;
  return r;
}

struct FoldModel {
  std::shared_ptr<const TrainedModel> trained;
  FitResult fit;
  std::vector<Message> warnings;
  Series training;  // the rows it trained on
  bool stopped = false;
};

FoldModel train_fold(const Series& series, const TrainRequest& request, const FoldPlan& f, int threads,
                     ProgressSink& sink, int fold, TrainingControl* control) {
  FoldModel m;
  m.training = training_cut(series, f).series;
  FoldEpochs epochs(sink, fold);
  TrainingRun run;
  run.observe = [&epochs](PreparedTraining&) -> TrainingObserver* { return &epochs; };
  run.control = control;
  run.evaluate = false;
  TrainOutcome out = train_model(m.training, fold_request(request, threads), run);
  m.stopped = out.fit.status == FitStatus::Cancelled || (control && control->stop_requested());
  m.fit = out.fit;
  m.warnings = std::move(out.warnings);
  m.trained = std::make_shared<const TrainedModel>(std::move(out.trained));
  return m;
}

bool trained_on(const Pipeline& p, const Series& full, std::size_t g) {
  return !full.is_panel() ||
         std::find(p.series_ids.begin(), p.series_ids.end(), full.series_ids[g]) != p.series_ids.end();
}

std::string series_name(const Series& full, std::size_t g) {
  return full.is_panel() ? full.series_ids[g] : "the series";
}

// The fold's test windows: first target rows at positions [test_begin, test_end - horizon] of every
// series the model trained on, with a full window inside the series.
std::vector<std::size_t> fold_test_rows(const Series& full, const Pipeline& p, const FoldPlan& f,
                                        std::vector<std::string>& skipped) {
  std::vector<std::size_t> rows;
  const std::size_t w = std::size_t(p.window), h = std::size_t(p.horizon);
  for (std::size_t g = 0; g < full.series_count(); ++g) {
    if (!trained_on(p, full, g)) {
      skipped.push_back(series_name(full, g) + " (too short to train on before this origin)");
      continue;
    }
    const std::size_t b = full.series_begin(g), n = full.series_rows(g), before = rows.size();
    for (std::size_t pos = std::max(f.test_begin, w); pos + h <= f.test_end && pos + h <= n; ++pos)
      rows.push_back(b + pos);
    if (rows.size() == before) skipped.push_back(series_name(full, g) + " (no test rows in this fold)");
  }
  return rows;
}

// Per window and target: the MASE scale of the window's series over the fold's training rows.
std::vector<double> fold_mase_scales(const Series& full, const SeriesCut& cut, const Pipeline& p,
                                     const std::vector<std::size_t>& rows) {
  Pipeline whole = p;
  whole.split = {1.0, 0.0, 0.0};
  const std::vector<std::vector<double>> own = mase_scales_per_series(cut.series, whole);
  std::vector<std::vector<double>> per_series(full.series_count(), std::vector<double>(p.targets.size(), NAN));
  for (std::size_t k = 0; k < cut.source.size(); ++k) per_series[cut.source[k]] = own[k];
  return window_mase_scales(full, per_series, rows);
}

void add_direct_steps(FoldResult& r, const Tensor3<double>& persistence, const Tensor3<double>* seasonal) {
  for (Index n = 0; n < r.actual.batch; ++n)
    for (Index k = 0; k < r.actual.steps; ++k)
      for (Index t = 0; t < r.actual.features; ++t)
        r.step_sums.add(std::size_t(t), std::size_t(k), r.actual(n, k, t), r.predicted(n, k, t), persistence(n, k, t),
                        seasonal ? (*seasonal)(n, k, t) : NAN);
}

void score_direct(const Series& full, const SeriesCut& cut, const std::vector<std::size_t>& rows, int threads,
                  FoldResult& r) {
  const TrainedModel& m = *r.trained;
  const Pipeline& p = m.pipeline;
  r.rows_tested = rows.size();
  r.actual = actual_values(full, p, rows);
  r.predicted = predict_rows(m, full, rows, threads);
  const std::vector<double> scales = fold_mase_scales(full, cut, p, rows);
  r.model = compute_metrics_scaled(r.actual, r.predicted, scales);
  const Tensor3<double> persistence = persistence_forecast(full, p, rows);
  r.baselines["persistence"] = compute_metrics_scaled(r.actual, persistence, scales);
  std::optional<Tensor3<double>> seasonal;
  if (p.season > 0) {
    seasonal = seasonal_naive_forecast(full, p, rows, p.season);
    r.baselines["seasonal_naive"] = compute_metrics_scaled(r.actual, *seasonal, scales);
  }
  add_direct_steps(r, persistence, seasonal ? &*seasonal : nullptr);
}

// Closed-loop forecasts of `steps` rows from the origin, for every series the model trained on.
void score_closed_loop(const Series& full, const SeriesCut& cut, Index steps, int threads, FoldResult& r) {
  const TrainedModel& m = *r.trained;
  const Pipeline& p = m.pipeline;
  const std::size_t o = r.plan.origin, season = std::size_t(std::max(0, p.season));
  r.closed_loop_residuals.assign(std::size_t(steps), std::vector<std::vector<double>>(p.targets.size()));
  for (std::size_t k = 0; k < cut.source.size(); ++k) {
    const std::size_t g = cut.source[k], b = full.series_begin(g), n = full.series_rows(g);
    if (!trained_on(p, full, g) || cut.series.series_rows(k) < std::size_t(p.window) || o >= n) continue;
    const auto forecast = forecast_closed_loop(m, cut.series, steps, threads, k);
    for (std::size_t t = 0; t < p.targets.size(); ++t) {
      const std::vector<double>& x = column_values(full, p.targets[t]);
      for (std::size_t s = 0; s < std::size_t(steps) && o + s < n; ++s) {
        const double actual = x[b + o + s];
        const std::size_t back = season > 0 ? season * (s / season + 1) : 0;
        const double seasonal = season > 0 && o + s >= back ? x[b + o + s - back] : NAN;
        r.closed_loop_residuals[s][t].push_back(actual - forecast[s][t]);
        r.closed_loop_sums.add(t, s, actual, forecast[s][t], x[b + o - 1], seasonal);
      }
    }
  }
}

std::string origin_label(const Series& full, std::size_t origin) {
  if (full.time_labels.empty()) return "";
  for (std::size_t g = 0; g < full.series_count(); ++g)
    if (full.series_rows(g) > origin) return full.time_labels[full.series_begin(g) + origin];
  return "";
}

// Scores fold `i` with the model `model` (trained on its own rows, or fold 1's with refit once).
FoldResult score_fold(const Series& full, const BacktestPlan& plan, std::size_t i, const FoldModel& model,
                      const BacktestConfig& config, int threads) {
  FoldResult r;
  r.index = int(i) + 1;
  r.plan = plan.folds[i];
  r.origin_label = origin_label(full, r.plan.origin);
  r.trained = model.trained;
  r.fit = model.fit;
  r.train_rows = model.training.rows();
  r.warnings = model.warnings;
  const SeriesCut cut = training_cut(full, r.plan);
  const std::vector<std::size_t> rows = fold_test_rows(full, r.trained->pipeline, r.plan, r.skipped_series);
  if (rows.empty())
    throw DataError("fold " + std::to_string(r.index) + " has no test rows: no series the model trained on has rows " +
                    std::to_string(r.plan.test_begin + 1) + " to " + std::to_string(r.plan.test_end) +
                    "; use fewer folds or a smaller fold size");
  score_direct(full, cut, rows, threads, r);
  const std::vector<Message> range = test_range_warnings(model.training, full, r.trained->pipeline, rows);
  r.warnings.insert(r.warnings.end(), range.begin(), range.end());
  if (config.closed_loop_steps > 0) score_closed_loop(full, cut, config.closed_loop_steps, threads, r);
  return r;
}

// work(i) for every fold, on `jobs` threads taking the next fold in order; the first error (by
// fold) is rethrown once every thread has ended.
void run_folds(std::size_t folds, int jobs, const std::function<void(std::size_t)>& work) {
  std::vector<std::exception_ptr> errors(folds);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto worker = [&] {
    for (std::size_t i; !failed && (i = next++) < folds;) {
      try {
        work(i);
      } catch (...) {
        errors[i] = std::current_exception();
        failed = true;
      }
    }
  };
  if (jobs <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

void check_closed_loop(const PipelineConfig& p, const BacktestConfig& c) {
  if (c.closed_loop_steps <= 0) return;
  const std::vector<std::string>& features = p.features.empty() ? p.targets : p.features;
  for (const std::string& f : features)
    if (std::find(p.targets.begin(), p.targets.end(), f) == p.targets.end())
      throw ConfigError(
          "a closed-loop backtest feeds predictions back as inputs, so every input feature must be a "
          "target; \"" +
          f + "\" is not: drop the closed-loop steps or make it a target");
}

}  // namespace

BacktestResult run_backtest(const Series& series, const TrainRequest& request, const BacktestConfig& config,
                            const BacktestRun& run) {
  BacktestResult result;
  result.config = config;
  result.plan = plan_backtest(series, request.pipeline, config);
  check_closed_loop(request.pipeline, config);
  fit_pipeline(training_cut(series, result.plan.folds.front()).series, fold_request(request, 1).pipeline, nullptr);
  const std::size_t k = result.plan.folds.size();
  const int jobs = config.refit == Refit::Once ? 1 : std::min(config.jobs, int(k));
  const int threads = std::max(1, request.fit.threads / jobs);
  ProgressSink sink(run, int(k));
  std::vector<std::optional<FoldResult>> done(k);
  std::optional<FoldModel> first;  // refit once: fold 1's model for every fold
  auto fold_work = [&](std::size_t i) {
    if (run.control && run.control->stop_requested()) return;
    sink.report({BacktestProgress::Kind::FoldStarted, int(i) + 1, 0, {}, nullptr});
    std::optional<FoldModel> own;
    if (config.refit == Refit::Every || !first) {
      own = train_fold(series, request, result.plan.folds[i], threads, sink, int(i) + 1, run.control);
      if (config.refit == Refit::Once) first = own;
    }
    const FoldModel& model = own ? *own : *first;
    if (model.stopped) {
      sink.report({BacktestProgress::Kind::FoldFinished, int(i) + 1, 0, {}, nullptr});
      return;
    }
    done[i] = score_fold(series, result.plan, i, model, config, threads);
    sink.report({BacktestProgress::Kind::FoldFinished, int(i) + 1, 0, {}, &*done[i]});
  };
  run_folds(k, jobs, fold_work);
  for (std::size_t i = 0; i < k; ++i) {
    if (done[i])
      result.folds.push_back(std::move(*done[i]));
    else
      result.unfinished.push_back(int(i) + 1);
  }
  result.stopped = !result.unfinished.empty();
  summarise_folds(result);
  backtest_intervals(result);
  return result;
}

}  // namespace rnnwb
