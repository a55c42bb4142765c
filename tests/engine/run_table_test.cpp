// The table of runs: settings that differ come first, the best run is the lowest validation
// loss, sorting by value, filters, and CSV quoting. Records are built by hand (no training).
#include "engine/experiments/run_table.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.hpp"

namespace rnnwb {
namespace {

RunRecord hand_run(const std::string& id, int units, double lr, std::vector<double> val_losses) {
  RunRecord r;
  r.id = id;
  r.settings.data_source = "sample:sunspots";
  r.settings.pipeline.targets = {"SUNACTIVITY"};
  r.settings.pipeline.window = 12;
  r.settings.layers = {LayerSpec::lstm(units)};
  r.settings.fit.optimizer.lr = lr;
  for (std::size_t i = 0; i < val_losses.size(); ++i) {
    EpochStats e;
    e.epoch = int(i + 1);
    e.train_loss = 1.0;
    e.val_loss = val_losses[i];
    r.history.push_back(e);
  }
  r.best_epoch = 1;
  for (std::size_t i = 0; i < val_losses.size(); ++i)
    if (val_losses[i] < val_losses[std::size_t(r.best_epoch - 1)]) r.best_epoch = int(i + 1);
  r.metrics = {{"test", {{"rmse", 10.0 * lr}, {"mae", 5.0}}},
               {"baselines", {{"persistence", {{"test", {{"rmse", 20.0}, {"mae", 6.0}}}}}}}};
  r.seconds = 1.5;
  return r;
}

std::vector<RunRecord> three_runs() {
  return {hand_run("a", 16, 0.01, {0.5, 0.4}), hand_run("b", 32, 0.001, {0.3, 0.2, 0.25}),
          hand_run("c", 32, 0.003, {0.6, 0.9})};
}

TEST(RunTable, SettingsThatDifferComeFirstThenMetricsThenTheRest) {
  const RunTable t = run_table(three_runs());
  ASSERT_GE(t.columns.size(), 8u);
  EXPECT_EQ(t.columns[0].name, "id");
  EXPECT_EQ(t.columns[1].name, "name");
  EXPECT_EQ(t.columns[2].name, "end");
  // units and lr differ; nothing else does
  EXPECT_EQ(t.columns[3].name, "units");
  EXPECT_EQ(t.columns[3].key, "layers[0].units");
  EXPECT_EQ(t.columns[4].name, "lr");
  EXPECT_EQ(t.columns[4].key, "training.optimizer.lr");
  EXPECT_TRUE(t.columns[3].differs && t.columns[4].differs);
  EXPECT_EQ(t.columns[5].name, "best val loss");
  EXPECT_EQ(t.best_loss_column, 5);
  const int window = t.column("window");
  ASSERT_GT(window, 5);
  EXPECT_FALSE(t.columns[std::size_t(window)].differs);
  EXPECT_EQ(t.rows[0][std::size_t(window)].text, "12");
  // ambiguous last segments keep their group: the schedule's patience beside early stopping's
  EXPECT_GE(t.column("patience"), 0);
  EXPECT_GE(t.column("schedule.patience"), 0);
  // test metrics beside the baseline
  const int rmse = t.column("test rmse");
  const int base = t.column("persistence test rmse");
  ASSERT_GE(rmse, 0);
  ASSERT_GE(base, 0);
  EXPECT_DOUBLE_EQ(t.rows[1][std::size_t(rmse)].value, 0.01);
  EXPECT_DOUBLE_EQ(t.rows[1][std::size_t(base)].value, 20.0);
  for (const auto& row : t.rows) EXPECT_EQ(row.size(), t.columns.size());
}

TEST(RunTable, TheBestRunIsTheLowestBestValidationLoss) {
  const RunTable t = run_table(three_runs());
  EXPECT_EQ(t.best_row, 1);  // b reached 0.2 at epoch 2
  EXPECT_DOUBLE_EQ(t.rows[1][std::size_t(t.best_loss_column)].value, 0.2);
  EXPECT_EQ(t.rows[1][std::size_t(t.column("best epoch"))].text, "2");
  EXPECT_EQ(run_table({}).best_row, -1);
  std::vector<RunRecord> failed = {hand_run("x", 8, 0.1, {})};
  failed[0].best_epoch = 0;
  failed[0].end = RunEnd::Failed;
  EXPECT_EQ(run_table(failed).best_row, -1);
}

TEST(RunTable, SortsNumbersByValueAndEmptyCellsLast) {
  std::vector<RunRecord> runs = three_runs();
  runs.push_back(hand_run("d", 8, 0.1, {}));
  runs.back().best_epoch = 0;
  const RunTable t = run_table(runs);
  EXPECT_EQ(sorted_rows(t, t.best_loss_column), (std::vector<std::size_t>{1, 0, 2, 3}));
  EXPECT_EQ(sorted_rows(t, t.best_loss_column, false), (std::vector<std::size_t>{2, 0, 1, 3}));
  // 0.001 < 0.003 < 0.01 < 0.1 by value (as text "0.01" < "0.003" would be wrong)
  EXPECT_EQ(sorted_rows(t, t.column("lr")), (std::vector<std::size_t>{1, 2, 0, 3}));
}

TEST(RunTable, FiltersByTextByColumnAndByNumber) {
  const RunTable t = run_table(three_runs());
  const std::vector<std::size_t> all = {0, 1, 2};
  EXPECT_EQ(filter_rows(t, all, ""), all);
  EXPECT_EQ(filter_rows(t, all, "units=32"), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(filter_rows(t, all, "UNITS!=32"), (std::vector<std::size_t>{0}));
  EXPECT_EQ(filter_rows(t, all, "lr<0.005"), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(filter_rows(t, all, "best val loss>0.3"), (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(filter_rows(t, all, "0.003"), (std::vector<std::size_t>{2}));
  EXPECT_EQ(filter_rows(t, all, "lr=1e-3"), (std::vector<std::size_t>{1}));
  EXPECT_THROW(filter_rows(t, all, "unit=32"), ConfigError);
  EXPECT_THROW(filter_rows(t, all, "lr<small"), ConfigError);
}

TEST(RunTable, CsvQuotesAndMarksTheBest) {
  std::vector<RunRecord> runs = three_runs();
  runs[1].name = "b, \"the good one\"";
  const RunTable t = run_table(runs);
  const std::string csv = run_table_csv(t, {1, 0});
  EXPECT_EQ(csv.substr(0, csv.find('\n')).rfind("best,id,name,end,units,lr,best val loss", 0), 0u) << csv;
  const std::size_t second = csv.find('\n') + 1;
  EXPECT_EQ(csv.substr(second, 39), "*,b,\"b, \"\"the good one\"\"\",completed,32,") << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
}

}  // namespace
}  // namespace rnnwb
