// Runs as experiments keep them: records round-trip through JSON and session files, a run from its
// settings alone replays to a bit-identical history, sweep axes expand into grids and random points,
// and median pruning stops the runs it should.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>

#include "engine/core/error.hpp"
#include "engine/experiments/median_pruner.hpp"
#include "engine/experiments/run_execution.hpp"
#include "engine/experiments/sweep_space.hpp"
#include "engine/io/npy.hpp"
#include "engine/io/run_record.hpp"
#include "engine/io/session_file.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;

// A small, quick training on the sunspots sample.
Session sunspot_settings() {
  Session s;
  s.data_source = "sample:sunspots";
  s.pipeline.targets = {"SUNACTIVITY"};
  s.pipeline.window = 12;
  s.pipeline.season = 11;
  s.layers = {LayerSpec::lstm(6)};
  s.fit.epochs = 3;
  s.fit.batch_size = 32;
  s.fit.seed = 7;
  s.init.seed = 7;
  s.fit.threads = 1;
  return s;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(Experiments, AReplayFromTheSettingsAloneGivesABitIdenticalHistory) {
  Session two_threads = sunspot_settings();
  two_threads.fit.threads = 2;
  two_threads.fit.batch_size = 64;  // batches large enough to be split between the threads
  const RunRecord on_two = execute_run(two_threads);
  EXPECT_TRUE(compare_histories(on_two.history, execute_run(on_two.settings).history).identical);

  RunRecord first = execute_run(sunspot_settings());
  first.id = "first";
  ASSERT_EQ(first.history.size(), 3u);
  EXPECT_EQ(first.end, RunEnd::Completed);
  ASSERT_TRUE(first.model);
  EXPECT_EQ(first.settings.data_sha256.size(), 64u);  // filled from the data it trained on
  EXPECT_TRUE(first.metrics.contains("test")) << first.metrics.dump();
  EXPECT_FALSE(first.batches.empty());
  // Through the record's JSON, as a runs folder or a session keeps it.
  const RunRecord read = parse_run_record(nlohmann::json::parse(run_record_json(first).dump()), "test");
  const RunRecord again = execute_run(read.settings);
  const HistoryComparison same = compare_histories(first.history, again.history);
  EXPECT_TRUE(same.identical) << same.detail;
  for (std::size_t i = 0; i < first.history.size(); ++i)
    EXPECT_TRUE(same_bits(first.history[i].train_loss, again.history[i].train_loss));

  std::vector<EpochStats> changed = again.history;
  changed[1].val_loss = std::nextafter(changed[1].val_loss, 1e300);
  const HistoryComparison differs = compare_histories(first.history, changed);
  EXPECT_FALSE(differs.identical);
  EXPECT_EQ(differs.first_difference, 2);
  EXPECT_NE(differs.detail.find("validation loss"), std::string::npos) << differs.detail;
}

// The other kinds of data a record holds: many series (a series column) and a sequence dataset.
TEST(Experiments, ManySeriesAndSequenceRunsReplayBitIdentically) {
  Session panel;
  panel.data_source = "sample:eustock_long";
  panel.series_form.column = "index";
  panel.pipeline.targets = {"close"};
  panel.pipeline.window = 10;
  panel.layers = {LayerSpec::gru(4)};
  panel.fit.epochs = 2;
  panel.fit.threads = 1;
  const RunRecord p = execute_run(panel);
  ASSERT_EQ(p.history.size(), 2u);
  ASSERT_TRUE(p.model);
  EXPECT_EQ(p.model->pipeline.series_name, "index");
  EXPECT_TRUE(compare_histories(p.history, execute_run(p.settings).history).identical);

  const fs::path dir = fs::temp_directory_path() / "rnnwb_experiments_sequences";
  fs::create_directories(dir);
  NpyArray x{{40, 6, 2}, {}}, y{{40, 1}, {}};
  for (std::size_t i = 0; i < 40 * 6 * 2; ++i) x.data.push_back(float(std::sin(0.37 * double(i))));
  for (std::size_t n = 0; n < 40; ++n) y.data.push_back(x.data[n * 12] + x.data[n * 12 + 11]);
  write_npy((dir / "X.npy").string(), x);
  write_npy((dir / "Y.npy").string(), y);
  Session sequences;
  sequences.sequences = SequenceSession{{(dir / "X.npy").string(), (dir / "Y.npy").string(), {}, {}}, "", "", {}};
  sequences.data_source = sequences.sequences->files.x_path;
  sequences.layers = {LayerSpec::lstm(3)};
  sequences.fit.epochs = 3;
  sequences.fit.batch_size = 8;
  sequences.fit.threads = 1;
  RunRecord q = execute_run(settings_at(sequences, {{"scaler", "minmax"}}));
  q.id = "sequences";
  ASSERT_EQ(q.history.size(), 3u);
  ASSERT_TRUE(q.model && q.model->is_sequence_model());
  EXPECT_EQ(q.settings.sequences->config.feature_scaler, Scaler::MinMax);
  const RunRecord read = parse_run_record(nlohmann::json::parse(run_record_json(q).dump()), "test");
  EXPECT_TRUE(compare_histories(q.history, execute_run(read.settings).history).identical);
  fs::remove_all(dir);
}

TEST(Experiments, ARunRefusesDataThatChangedSinceItWasRecorded) {
  Session s = sunspot_settings();
  s.data_sha256 = std::string(64, 'a');
  try {
    execute_run(s);
    FAIL() << "a changed data file must be refused";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("has changed since the run"), std::string::npos) << e.what();
  }
}

TEST(Experiments, RecordsRoundTripThroughJsonAndSessions) {
  RunRecord r = execute_run(sunspot_settings());
  r.id = "20261202-015000-abcdef12";
  r.name = "small LSTM";
  r.note = "first try — ünïcode";
  r.sweep = "sweep-1";
  const nlohmann::json j = run_record_json(r);
  const RunRecord back = parse_run_record(nlohmann::json::parse(j.dump()), "test");
  EXPECT_EQ(back.id, r.id);
  EXPECT_EQ(back.name, r.name);
  EXPECT_EQ(back.note, r.note);
  EXPECT_EQ(back.sweep, r.sweep);
  EXPECT_EQ(back.best_epoch, r.best_epoch);
  EXPECT_EQ(back.end, r.end);
  EXPECT_EQ(back.started_at, r.started_at);
  EXPECT_EQ(back.metrics, r.metrics);
  EXPECT_EQ(back.batches.size(), r.batches.size());
  EXPECT_EQ(settings_key(back.settings), settings_key(r.settings));
  EXPECT_TRUE(same_bits(back.best_loss(), r.best_loss()));

  Session session = sunspot_settings();
  session.runs = {r, r};
  session.runs[1].id = "second";
  session.runs[1].model = nullptr;  // a run kept without weights
  const fs::path path = fs::temp_directory_path() / "rnnwb_experiments_session.safetensors";
  save_session(path.string(), session);
  const Session loaded = load_session(path.string());
  fs::remove(path);
  ASSERT_EQ(loaded.runs.size(), 2u);
  EXPECT_FALSE(loaded.trained);
  ASSERT_TRUE(loaded.runs[0].model);
  EXPECT_FALSE(loaded.runs[1].model);
  EXPECT_EQ(loaded.runs[0].model->model.parameters(), r.model->model.parameters());
  EXPECT_EQ(loaded.runs[1].id, "second");

  nlohmann::json bad = j;
  bad["id"] = "../escape";
  EXPECT_THROW(parse_run_record(bad, "test"), FileError);
  bad = j;
  bad["end"] = "exploded";
  EXPECT_THROW(parse_run_record(bad, "test"), FileError);
  bad = j;
  bad["best_epoch"] = 99;
  EXPECT_THROW(parse_run_record(bad, "test"), FileError);
}

TEST(Experiments, BatchCurvesAreDecimatedEvenly) {
  BatchDecimator d;
  for (int i = 0; i < 100000; ++i) d.add({1 + i / 1000, Index(i % 1000 + 1), 1000, double(i)});
  ASSERT_LE(d.points().size(), 2 * kMaxBatchPoints);
  ASSERT_GE(d.points().size(), kMaxBatchPoints / 2);
  const double step = d.points()[1].loss - d.points()[0].loss;
  for (std::size_t i = 1; i < d.points().size(); ++i) EXPECT_EQ(d.points()[i].loss - d.points()[i - 1].loss, step);
}

TEST(Experiments, GridAxesExpandIntoEveryCombination) {
  const std::vector<SweepAxis> axes = {parse_sweep_axis("units=16,32,64"), parse_sweep_axis("lr=0.001, 0.01")};
  const std::vector<SweepPoint> grid = grid_points(axes);
  ASSERT_EQ(grid.size(), 6u);
  EXPECT_EQ(point_text(grid[0]), "units=16 lr=0.001");
  EXPECT_EQ(point_text(grid[5]), "units=64 lr=0.01");
  const Session s = settings_at(sunspot_settings(), grid[3]);
  ASSERT_EQ(s.layers.size(), 1u);
  EXPECT_EQ(s.layers[0].units, 32);
  EXPECT_EQ(s.fit.optimizer.lr, 0.01);

  EXPECT_THROW(parse_sweep_axis("colour=red"), ConfigError);
  EXPECT_THROW(parse_sweep_axis("units=16,-3"), ConfigError);
  EXPECT_THROW(parse_sweep_axis("lr=0"), ConfigError);
  EXPECT_THROW(parse_sweep_axis("lr=1e-2:1e-4"), ConfigError);
  EXPECT_THROW(parse_sweep_axis("cell=transformer"), ConfigError);
  EXPECT_THROW(grid_points({parse_sweep_axis("lr=1e-4:1e-2:log")}), ConfigError);
  EXPECT_THROW(grid_points({parse_sweep_axis("lr=0.1"), parse_sweep_axis("learning-rate=0.2")}), ConfigError);
}

TEST(Experiments, StackSettingsRebuildAPlainRecurrentStack) {
  Session s = sunspot_settings();
  s.layers = {LayerSpec::gru(8, true), LayerSpec::dropout(0.1), LayerSpec::gru(4)};
  apply_sweep_value(s, "units", "32/16/8");
  ASSERT_EQ(s.layers.size(), 6u);
  EXPECT_EQ(s.layers[0].kind, LayerKind::GRU);
  EXPECT_TRUE(s.layers[0].return_sequences);
  EXPECT_FALSE(s.layers[4].return_sequences);
  EXPECT_EQ(s.layers[5].rate, 0.1);
  apply_sweep_value(s, "layers", "1");
  ASSERT_EQ(s.layers.size(), 2u);
  EXPECT_EQ(s.layers[0].units, 32);
  apply_sweep_value(s, "cell", "lstm");
  apply_sweep_value(s, "dropout", "0");
  ASSERT_EQ(s.layers.size(), 1u);
  EXPECT_EQ(s.layers[0].kind, LayerKind::LSTM);
  s.layers.push_back(LayerSpec::dense(3));
  EXPECT_THROW(apply_sweep_value(s, "units", "8"), ConfigError);

  Session q = sunspot_settings();
  q.sequences = SequenceSession{};
  EXPECT_THROW(apply_sweep_value(q, "window", "5"), ConfigError);
  apply_sweep_value(q, "scaler", "robust");
  EXPECT_EQ(q.sequences->config.feature_scaler, Scaler::Robust);
}

TEST(Experiments, RandomPointsAreReproducibleAndStayInTheirRanges) {
  const std::vector<SweepAxis> axes = {parse_sweep_axis("lr=1e-4:1e-2:log"), parse_sweep_axis("units=8:64"),
                                       parse_sweep_axis("cell=lstm,gru")};
  const std::vector<SweepPoint> a = random_points(axes, 20, 5);
  ASSERT_EQ(a.size(), 20u);
  EXPECT_EQ(point_text(a[7]), point_text(random_points(axes, 20, 5)[7]));
  EXPECT_NE(point_text(a[7]), point_text(random_points(axes, 20, 6)[7]));
  int below_1e3 = 0;
  for (const SweepPoint& p : a) {
    const double lr = std::stod(p[0].second);
    EXPECT_GE(lr, 1e-4 * 0.9999);
    EXPECT_LE(lr, 1e-2 * 1.0001);
    below_1e3 += lr < 1e-3;
    const int units = std::stoi(p[1].second);
    EXPECT_GE(units, 8);
    EXPECT_LE(units, 64);
  }
  EXPECT_GT(below_1e3, 3);  // log-uniform: about half the draws lie below 1e-3
  // A space smaller than the count: every grid point once.
  EXPECT_EQ(random_points({parse_sweep_axis("units=4,8"), parse_sweep_axis("cell=lstm,gru")}, 10, 1).size(), 4u);
}

TEST(Experiments, MedianPruningStopsRunsWorseThanTheEarlierOnes) {
  MedianPruner pruner({2, 1});
  const auto history = [](std::vector<double> losses) {
    std::vector<EpochStats> h;
    for (std::size_t i = 0; i < losses.size(); ++i) h.push_back({int(i + 1), 1.0, losses[i], 1e-3, 0.0});
    return h;
  };
  EXPECT_FALSE(pruner.should_prune(3, 100.0));  // no earlier runs yet
  pruner.add_history(history({1.0, 0.8, 0.6}));
  EXPECT_FALSE(pruner.should_prune(3, 100.0));  // one run is below the startup count
  pruner.add_history(history({1.2, 1.0, 0.8}));
  EXPECT_DOUBLE_EQ(pruner.median_at(2), 0.9);
  EXPECT_FALSE(pruner.should_prune(1, 100.0));  // warm-up epoch
  EXPECT_TRUE(pruner.should_prune(2, 0.95));
  EXPECT_FALSE(pruner.should_prune(2, 0.85));
  EXPECT_FALSE(pruner.should_prune(4, 100.0));  // no earlier run reached epoch 4

  // In a run: a learning rate far too small cannot beat the median of two good runs, and is pruned.
  Session good = sunspot_settings();
  good.fit.epochs = 6;
  good.fit.optimizer.lr = 0.01;
  MedianPruner live({2, 1});
  live.add_history(execute_run(good).history);
  live.add_history(execute_run(settings_at(good, {{"seed", "8"}})).history);
  Session poor = settings_at(good, {{"lr", "1e-7"}});
  const RunRecord pruned = execute_run(poor, {nullptr, nullptr, &live});
  EXPECT_EQ(pruned.end, RunEnd::Pruned) << pruned.message;
  EXPECT_LT(pruned.history.size(), 6u);
  EXPECT_NE(pruned.message.find("median"), std::string::npos) << pruned.message;
}

}  // namespace
}  // namespace rnnwb
