// Walk-forward backtesting: where the folds fall, that nothing after an origin reaches its fold
// (the leakage test), parallel folds, refit once, many series, error by step and stopping.
#include "engine/workflow/backtest.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "engine/core/error.hpp"
#include "engine/workflow/prediction.hpp"

namespace rnnwb {
namespace {

Series wave(std::size_t rows, double phase = 0) {
  Series s;
  s.names = {"y"};
  s.columns.resize(1);
  for (std::size_t i = 0; i < rows; ++i) {
    const double t = double(i);
    s.columns[0].push_back(10 + 0.05 * t + std::sin(0.5 * t + phase) + 0.1 * std::cos(1.7 * t));
    s.time_labels.push_back("t" + std::to_string(i));
  }
  s.time_name = "time";
  return s;
}

// Three series of the given lengths, one after the other (a panel).
Series panel(const std::vector<std::size_t>& lengths) {
  Series s;
  s.names = {"y"};
  s.columns.resize(1);
  s.series_name = "id";
  for (std::size_t g = 0; g < lengths.size(); ++g) {
    const Series one = wave(lengths[g], double(g));
    s.series_ids.push_back(std::string(1, char('A' + g)));
    s.series_starts.push_back(s.columns[0].size());
    s.columns[0].insert(s.columns[0].end(), one.columns[0].begin(), one.columns[0].end());
  }
  s.series_starts.push_back(s.columns[0].size());
  return s;
}

TrainRequest tiny_request(Index horizon = 1) {
  TrainRequest r;
  r.pipeline.targets = {"y"};
  r.pipeline.window = 6;
  r.pipeline.horizon = horizon;
  r.pipeline.split = {0.7, 0.2, 0.1};
  r.layers = {LayerSpec::lstm(4)};
  r.fit.epochs = 3;
  r.fit.batch_size = 16;
  r.fit.seed = 3;
  r.fit.threads = 1;
  return r;
}

BacktestConfig folds(int k, std::size_t size) {
  BacktestConfig c;
  c.folds = k;
  c.fold_size = size;
  return c;
}

TEST(BacktestPlan, TheLastBlocksEndAtTheEndOfTheData) {
  BacktestConfig c = folds(3, 10);
  c.gap = 2;
  c.max_train_rows = 40;
  const BacktestPlan plan = plan_backtest(wave(100), tiny_request().pipeline, c);
  ASSERT_EQ(plan.folds.size(), 3u);
  const std::size_t origins[] = {68, 78, 88};  // 100 - 2 - 30, then one block each
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(plan.folds[i].origin, origins[i]);
    EXPECT_EQ(plan.folds[i].train_begin, origins[i] - 40);
    EXPECT_EQ(plan.folds[i].test_begin, origins[i] + 2);
    EXPECT_EQ(plan.folds[i].test_end, origins[i] + 12);
  }
  EXPECT_EQ(plan.folds.back().test_end, 100u);
}

TEST(BacktestPlan, DefaultFoldSizeIsTheTestSplitSharedByTheFolds) {
  // floor(100 x 0.1) / 2 = 5 rows per fold.
  EXPECT_EQ(plan_backtest(wave(100), tiny_request().pipeline, folds(2, 0)).fold_size, 5u);
  // At least the horizon.
  EXPECT_EQ(plan_backtest(wave(100), tiny_request(8).pipeline, folds(5, 0)).fold_size, 8u);
}

TEST(BacktestPlan, RefusesWhatCannotWork) {
  const PipelineConfig p = tiny_request(2).pipeline;
  try {
    plan_backtest(wave(60), p, folds(10, 10));
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("too few rows for 10 folds of 10 rows"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("use at most 5 folds"), std::string::npos) << e.what();
  }
  EXPECT_THROW(plan_backtest(wave(60), p, folds(2, 1)), ConfigError);  // below the horizon
  EXPECT_THROW(plan_backtest(wave(60), p, folds(0, 5)), ConfigError);
  BacktestConfig sliding = folds(2, 5);
  sliding.max_train_rows = 5;
  EXPECT_THROW(plan_backtest(wave(60), p, sliding), ConfigError);
}

// The standard scaler of the first rows of the series: mean and population std of the training
// part of split (1 - v, v, 0), computed here by hand.
std::pair<double, double> mean_std(const std::vector<double>& x, std::size_t rows) {
  const double mean = std::accumulate(x.begin(), x.begin() + long(rows), 0.0) / double(rows);
  double squares = 0;
  for (std::size_t i = 0; i < rows; ++i) squares += (x[i] - mean) * (x[i] - mean);
  return {mean, std::sqrt(squares / double(rows))};
}

TEST(Backtest, EachFoldsStatisticsComeFromItsTrainingRowsAlone) {
  const Series s = wave(120);
  const BacktestResult r = run_backtest(s, tiny_request(), folds(3, 12));
  ASSERT_EQ(r.folds.size(), 3u);
  for (const FoldResult& f : r.folds) {
    const std::size_t o = f.plan.origin;
    const std::size_t train = std::size_t(std::floor(0.8 * double(o) + 1e-9));  // 1 - v = 0.8 of the rows before o
    const auto [mean, sd] = mean_std(s.columns[0], train);
    const ColumnTransform& t = f.trained->pipeline.transforms.at("y");
    EXPECT_NEAR(t.offset, mean, 1e-9) << "fold " << f.index;
    EXPECT_NEAR(t.scale, sd, 1e-9) << "fold " << f.index;
    EXPECT_EQ(f.train_rows, o);
    // fit_pipeline on the fold's rows alone, from a Series built here.
    Series alone;
    alone.names = {"y"};
    alone.columns = {std::vector<double>(s.columns[0].begin(), s.columns[0].begin() + long(o))};
    PipelineConfig c = tiny_request().pipeline;
    c.split = {0.8, 0.2, 0.0};
    const Pipeline p = fit_pipeline(alone, c, nullptr);
    EXPECT_EQ(p.transforms.at("y").offset, t.offset);
    EXPECT_EQ(p.transforms.at("y").scale, t.scale);
  }
}

TEST(Backtest, AValueChangedAfterAnOriginDoesNotReachThatFold) {
  const Series s = wave(120);
  const BacktestResult before = run_backtest(s, tiny_request(), folds(3, 12));
  Series changed = s;
  const std::size_t row = before.folds[0].plan.origin;  // the first row fold 1 must not see
  changed.columns[0][row] += 50;
  const BacktestResult after = run_backtest(changed, tiny_request(), folds(3, 12));
  const FoldResult &a = before.folds[0], &b = after.folds[0];
  EXPECT_EQ(fitted_statistics(a.trained->pipeline), fitted_statistics(b.trained->pipeline));
  ASSERT_EQ(a.fit.history.size(), b.fit.history.size());
  for (std::size_t e = 0; e < a.fit.history.size(); ++e) {
    EXPECT_EQ(a.fit.history[e].train_loss, b.fit.history[e].train_loss);
    EXPECT_EQ(a.fit.history[e].val_loss, b.fit.history[e].val_loss);
  }
  EXPECT_EQ(a.trained->model.parameters(), b.trained->model.parameters());
  // Fold 3 scales on that row (its first 86 rows): its statistics do move (the test can fail);
  // fold 2 validates on it: its validation loss moves.
  EXPECT_NE(fitted_statistics(before.folds[2].trained->pipeline), fitted_statistics(after.folds[2].trained->pipeline));
  EXPECT_NE(before.folds[1].fit.history.back().val_loss, after.folds[1].fit.history.back().val_loss);
  // And fold 1's out-of-range check now flags its test values against its own training range.
  bool flagged = false;
  for (const Message& m : b.warnings)
    flagged = flagged || m.neutral().find("this fold's training range") != std::string::npos;
  EXPECT_TRUE(flagged);
}

TEST(Backtest, ParallelFoldsGiveTheSequentialResult) {
  const Series s = wave(120);
  BacktestConfig c = folds(3, 10);
  const BacktestResult one = run_backtest(s, tiny_request(), c);
  c.jobs = 3;
  const BacktestResult three = run_backtest(s, tiny_request(), c);
  ASSERT_EQ(one.folds.size(), three.folds.size());
  for (std::size_t i = 0; i < one.folds.size(); ++i) {
    EXPECT_EQ(one.folds[i].predicted.data, three.folds[i].predicted.data);
    EXPECT_EQ(one.folds[i].model.rmse, three.folds[i].model.rmse);
  }
  EXPECT_EQ(to_json(one).dump(), to_json(three).dump());
}

TEST(Backtest, RefitOnceReusesTheFirstFoldsModel) {
  const Series s = wave(120);
  BacktestConfig c = folds(3, 10);
  c.refit = Refit::Once;
  const BacktestResult r = run_backtest(s, tiny_request(), c);
  ASSERT_EQ(r.folds.size(), 3u);
  const BacktestResult every = run_backtest(s, tiny_request(), folds(3, 10));
  EXPECT_EQ(r.folds[0].trained->model.parameters(), every.folds[0].trained->model.parameters());
  for (const FoldResult& f : r.folds) {
    EXPECT_EQ(f.trained.get(), r.folds[0].trained.get());
    std::vector<std::size_t> rows;
    for (std::size_t j = f.plan.test_begin; j < f.plan.test_end; ++j) rows.push_back(j);
    EXPECT_EQ(predict_rows(*every.folds[0].trained, s, rows, 1).data, f.predicted.data) << "fold " << f.index;
  }
  EXPECT_TRUE(to_json(r).contains("statistics_note"));
}

TEST(Backtest, ScoresTheTestBlockBesideTheBaselines) {
  BacktestConfig c = folds(2, 10);
  const Series s = wave(100);
  TrainRequest req = tiny_request();
  req.pipeline.season = 4;
  const BacktestResult r = run_backtest(s, req, c);
  for (const FoldResult& f : r.folds) {
    ASSERT_EQ(f.rows_tested, 10u);
    double persistence = 0, seasonal = 0;
    for (std::size_t j = f.plan.test_begin; j < f.plan.test_end; ++j) {
      persistence += std::pow(s.columns[0][j] - s.columns[0][j - 1], 2);
      seasonal += std::pow(s.columns[0][j] - s.columns[0][j - 4], 2);
    }
    EXPECT_NEAR(f.baselines.at("persistence").rmse, std::sqrt(persistence / 10), 1e-9);
    EXPECT_NEAR(f.baselines.at("seasonal_naive").rmse, std::sqrt(seasonal / 10), 1e-9);
  }
  // The aggregate: mean and population standard deviation over the folds.
  const double a = r.folds[0].model.rmse, b = r.folds[1].model.rmse;
  EXPECT_NEAR(r.mean.at("model").rmse, (a + b) / 2, 1e-12);
  EXPECT_NEAR(r.spread.at("model").rmse, std::abs(a - b) / 2, 1e-12);
}

TEST(Backtest, ManySeriesShareTheOriginsByPosition) {
  const Series s = panel({80, 80, 50});
  const BacktestResult r = run_backtest(s, tiny_request(), folds(3, 10));
  ASSERT_EQ(r.folds.size(), 3u);
  const std::size_t origins[] = {50, 60, 70};
  for (std::size_t i = 0; i < 3; ++i) {
    const FoldResult& f = r.folds[i];
    EXPECT_EQ(f.plan.origin, origins[i]);
    // Series C (50 rows) has no rows after position 50: A and B are tested, 10 windows each.
    EXPECT_EQ(f.rows_tested, 20u);
    ASSERT_EQ(f.skipped_series.size(), 1u);
    EXPECT_EQ(f.skipped_series[0].rfind("C", 0), 0u) << f.skipped_series[0];
    EXPECT_EQ(f.train_rows, 2 * origins[i] + std::min<std::size_t>(50, origins[i]));
  }
}

TEST(Backtest, HorizonTwoGivesTheErrorByStepAcrossFolds) {
  const Series s = wave(120);
  const BacktestResult r = run_backtest(s, tiny_request(2), folds(3, 10));
  ASSERT_EQ(r.by_step.size(), 1u);
  ASSERT_EQ(r.by_step[0].size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    double model = 0, persistence = 0;
    std::size_t n = 0;
    for (const FoldResult& f : r.folds)
      for (Index w = 0; w < f.actual.batch; ++w) {
        model += std::pow(f.actual(w, Index(k), 0) - f.predicted(w, Index(k), 0), 2);
        const std::size_t j = f.plan.test_begin + std::size_t(w);  // the window's first target row
        persistence += std::pow(f.actual(w, Index(k), 0) - s.columns[0][j - 1], 2);
        ++n;
      }
    EXPECT_EQ(r.by_step[0][k].count, n);
    EXPECT_EQ(n, 3u * 9u);  // 10 rows per block hold 9 two-step forecasts
    EXPECT_NEAR(r.by_step[0][k].model_rmse, std::sqrt(model / double(n)), 1e-9);
    EXPECT_NEAR(r.by_step[0][k].persistence_rmse, std::sqrt(persistence / double(n)), 1e-9);
  }
}

TEST(Backtest, ClosedLoopForecastsFromEachOrigin) {
  const Series s = panel({80, 80});
  BacktestConfig c = folds(2, 10);
  c.closed_loop_steps = 4;
  const BacktestResult r = run_backtest(s, tiny_request(), c);
  ASSERT_EQ(r.closed_loop_by_step.size(), 1u);
  ASSERT_EQ(r.closed_loop_by_step[0].size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    double persistence = 0, model = 0;
    for (const FoldResult& f : r.folds) {
      Series cut = s;  // each series cut at the origin, by hand
      for (std::size_t g = 0; g < 2; ++g) {
        const std::size_t b = s.series_starts[g], o = f.plan.origin;
        persistence += std::pow(s.columns[0][b + o + k] - s.columns[0][b + o - 1], 2);
        Series one;
        one.names = {"y"};
        one.columns = {std::vector<double>(s.columns[0].begin() + long(b), s.columns[0].begin() + long(b + o))};
        const auto forecast = forecast_closed_loop(*f.trained, one, 4, 1);
        model += std::pow(s.columns[0][b + o + k] - forecast[k][0], 2);
      }
    }
    EXPECT_EQ(r.closed_loop_by_step[0][k].count, 4u);  // 2 folds x 2 series
    EXPECT_NEAR(r.closed_loop_by_step[0][k].persistence_rmse, std::sqrt(persistence / 4), 1e-9);
    EXPECT_NEAR(r.closed_loop_by_step[0][k].model_rmse, std::sqrt(model / 4), 1e-9);
  }
  TrainRequest exogenous = tiny_request();
  exogenous.pipeline.features = {"y", "x"};
  EXPECT_THROW(run_backtest(s, exogenous, c), ConfigError);
}

TEST(Backtest, StopEndsTheUnfinishedFolds) {
  TrainingControl control;
  BacktestRun run;
  run.control = &control;
  int started = 0;
  run.progress = [&](const BacktestProgress& p) {
    if (p.kind == BacktestProgress::Kind::FoldStarted) ++started;
    if (p.kind == BacktestProgress::Kind::FoldFinished && p.fold == 1) control.request_stop();
  };
  const BacktestResult r = run_backtest(wave(120), tiny_request(), folds(3, 10), run);
  ASSERT_EQ(r.folds.size(), 1u);
  EXPECT_EQ(r.folds[0].index, 1);
  EXPECT_EQ(r.unfinished, (std::vector<int>{2, 3}));
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(started, 1);
  EXPECT_TRUE(to_json(r)["stopped"].get<bool>());
}

TEST(Backtest, ConformalBandsFromTheFoldsAndAnHonestCoverage) {
  BacktestConfig c = folds(3, 20);
  c.interval_levels = {0.8};
  const BacktestResult r = run_backtest(wave(160), tiny_request(), c);
  ASSERT_EQ(r.intervals.levels.size(), 1u);
  EXPECT_EQ(r.intervals.source, "backtest");
  // Pooled: the 48th smallest of 60 absolute residuals (ceil(61 x 0.8) = 49th, 1-based: index 48).
  std::vector<double> abs;
  for (const FoldResult& f : r.folds)
    for (Index w = 0; w < f.actual.batch; ++w) abs.push_back(std::abs(f.actual(w, 0, 0) - f.predicted(w, 0, 0)));
  std::sort(abs.begin(), abs.end());
  ASSERT_EQ(abs.size(), 60u);
  EXPECT_DOUBLE_EQ(r.intervals.levels[0].direct[0][0], abs[48]);
  // Folds 2 and 3 are checked with the bands of the folds before them.
  EXPECT_EQ(r.coverage_folds, (std::vector<int>{2, 3}));
  ASSERT_EQ(r.honest_coverage.size(), 1u);
  EXPECT_EQ(r.honest_coverage[0].count, 40u);
  // By hand: fold 2 inside the 17th smallest of fold 1's 20 residuals (ceil(21 x 0.8)), fold 3
  // inside the 33rd of folds 1 and 2's 40 (ceil(41 x 0.8)).
  auto residuals = [&](std::size_t end) {
    std::vector<double> out;
    for (std::size_t i = 0; i < end; ++i)
      for (Index w = 0; w < r.folds[i].actual.batch; ++w)
        out.push_back(std::abs(r.folds[i].actual(w, 0, 0) - r.folds[i].predicted(w, 0, 0)));
    std::sort(out.begin(), out.end());
    return out;
  };
  const double widths[] = {residuals(1)[16], residuals(2)[32]};
  std::size_t inside = 0;
  double width_sum = 0;
  for (std::size_t i = 1; i < 3; ++i)
    for (Index w = 0; w < r.folds[i].actual.batch; ++w) {
      inside += std::abs(r.folds[i].actual(w, 0, 0) - r.folds[i].predicted(w, 0, 0)) <= widths[i - 1];
      width_sum += 2 * widths[i - 1];
    }
  EXPECT_NEAR(r.honest_coverage[0].empirical, double(inside) / 40, 1e-12);
  EXPECT_NEAR(r.honest_coverage[0].mean_width, width_sum / 40, 1e-9);
}

}  // namespace
}  // namespace rnnwb
