// What the front ends used to compute themselves and now ask the engine for: the transform
// preview, the forecast precondition and per-step errors, the session of a recovered model and
// its best loss, the loss-history CSV, train_model with checkpoints, and the enum names.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "engine/core/enum_names.hpp"
#include "engine/core/error.hpp"
#include "engine/data/csv_loader.hpp"
#include "engine/data/pipeline.hpp"
#include "engine/io/safetensors.hpp"
#include "engine/workflow/checkpoint.hpp"
#include "engine/workflow/history_csv.hpp"
#include "engine/workflow/model_drift.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/restore.hpp"
#include "engine/workflow/step_errors.hpp"
#include "engine/workflow/training.hpp"
#include "small_model.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;

Series wave(std::size_t n) {
  Series s;
  s.names = {"a", "b"};
  s.columns.resize(2);
  for (std::size_t i = 0; i < n; ++i) {
    s.columns[0].push_back(10 + std::sin(0.3 * double(i)));
    s.columns[1].push_back(5 + std::cos(0.2 * double(i)));
  }
  return s;
}

TrainRequest small_request() {
  TrainRequest r;
  r.pipeline.targets = {"a"};
  r.pipeline.window = 6;
  r.pipeline.horizon = 2;
  r.layers = {LayerSpec::gru(4)};
  r.fit.epochs = 3;
  r.fit.threads = 1;
  r.fit.seed = 2;
  r.data_source = "wave.csv";
  return r;
}

TEST(TransformPreview, IsWhatTheEncoderFeedsTheModel) {
  const Series s = wave(80);
  PipelineConfig c;
  c.targets = {"a"};
  c.window = 6;
  c.default_transform = {true, 2, Scaler::Standard};
  const Pipeline p = fit_pipeline(s, c, nullptr);
  const ColumnTransform& t = p.transforms.at("a");
  const std::vector<double> seen = transform_column(s.columns[0], t, "a");
  ASSERT_EQ(seen.size(), 80u);
  EXPECT_TRUE(std::isnan(seen[0]) && std::isnan(seen[1]));
  // The window ending at row 9 (target row 10): its last model step is row 9.
  const Tensor3<float> x = encode_inputs(p, raw_windows(s, p, {10}));
  EXPECT_NEAR(x(0, x.steps - 1, 0), seen[9], 1e-5);
  EXPECT_NEAR(seen[9], t.scale_value(std::log(s.columns[0][9]) - std::log(s.columns[0][7])), 1e-12);
  std::vector<double> bad = s.columns[0];
  bad[3] = -1;
  EXPECT_THROW(transform_column(bad, t, "a"), DataError);
}

TEST(ForecastPrecondition, NamesTheInputsThatAreNotTargets) {
  Pipeline p;
  p.targets = {"a"};
  p.features = {"a", "b", "c"};
  EXPECT_EQ(inputs_not_predicted(p), (std::vector<std::string>{"b", "c"}));
  p.targets = {"c", "b", "a"};
  EXPECT_TRUE(inputs_not_predicted(p).empty());
}

TEST(StepErrors, OneRowPerHorizonStepOnTheTestRows) {
  const Series s = wave(120);
  TrainOutcome out = train_model(s, small_request());
  const std::vector<std::size_t> rows = window_rows(s, out.trained.pipeline, true);
  const Tensor3<double> y = predict_rows(out.trained, s, rows, 1);
  const std::vector<StepError> steps = horizon_errors(s, out.trained.pipeline, rows, y, 0);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].count, split_rows(s, out.trained.pipeline).test.size());
  EXPECT_GT(steps[0].model_rmse, 0);
  EXPECT_GT(steps[1].persistence_rmse, 0);
  EXPECT_TRUE(horizon_errors(s, out.trained.pipeline, {rows[0]}, y, 0).empty());  // test rows not predicted
}

TEST(Restore, SessionOfAModelDropsItsHeadAndKeepsItsChoices) {
  const Series s = wave(120);
  TrainRequest r = small_request();
  r.pipeline.default_transform.log = true;
  TrainOutcome out = train_model(s, r);
  const Session session = session_of(out.trained, MissingPolicy::FFill);
  EXPECT_EQ(session.missing_policy, MissingPolicy::FFill);
  EXPECT_EQ(session.data_source, "wave.csv");
  ASSERT_EQ(session.layers.size(), 1u);
  EXPECT_EQ(session.layers[0].kind, LayerKind::GRU);
  EXPECT_EQ(session.pipeline.window, 6);
  EXPECT_EQ(session.pipeline.horizon, 2);
  EXPECT_TRUE(session.pipeline.column_transforms.at("a").log);
  EXPECT_FALSE(session.trained);
}

// The model keeps its own settings: the request it was trained with shows no drift, and each
// change a user can make is named once, with the value now and the model's.
TEST(ModelDrift, NamesEachSettingThatDiffersFromTheModels) {
  const Series s = wave(120);
  const TrainRequest r = small_request();
  const TrainOutcome out = train_model(s, r);
  EXPECT_TRUE(settings_drift(r, out.trained).empty());

  TrainRequest stacked = r;  // several layers, dropout and a bidirectional one come back as they went in
  stacked.layers = {LayerSpec::lstm(4, true), LayerSpec::dropout(0.2), LayerSpec::gru(3)};
  stacked.layers[0].bidirectional = true;
  stacked.fit.epochs = 1;
  EXPECT_TRUE(settings_drift(stacked, train_model(s, stacked).trained).empty());

  TrainRequest faster = r;
  faster.fit.threads = 4;  // the speed, not the model
  EXPECT_TRUE(settings_drift(faster, out.trained).empty());

  TrainRequest changed = r;
  changed.pipeline.window = 9;
  changed.fit.optimizer.lr = 0.5;
  changed.pipeline.column_transforms["a"].log = true;
  changed.layers = {LayerSpec::lstm(4)};
  const std::vector<SettingDrift> drift = settings_drift(changed, out.trained);
  std::map<std::string, std::pair<std::string, std::string>> by_name;
  for (const SettingDrift& d : drift) by_name[d.setting] = {d.now, d.model};
  ASSERT_EQ(by_name.size(), 4u) << drift.front().setting;
  EXPECT_EQ(by_name.at("window"), std::make_pair(std::string("9"), std::string("6")));
  EXPECT_EQ(by_name.at("optimizer lr").first, "0.5");
  EXPECT_NE(by_name.at("transform of a").first, by_name.at("transform of a").second);
  EXPECT_TRUE(by_name.count("layers"));

  TrainRequest other_data = r;
  other_data.data_sha256 = std::string(64, 'f');
  TrainedModel recorded = out.trained;
  recorded.data_sha256 = std::string(64, 'e');
  ASSERT_EQ(settings_drift(other_data, recorded).size(), 1u);
  EXPECT_EQ(settings_drift(other_data, recorded)[0].setting, "data file (SHA-256)");
}

// A recovery file of a many-series training reopens the same series form, split and scaling.
TEST(Restore, SessionOfAPanelModelKeepsItsSeriesFormAndScaling) {
  std::string text = "id,a\n";
  for (int t = 0; t < 60; ++t) text += "p," + std::to_string(std::sin(0.3 * t)) + "\n";
  for (int t = 0; t < 60; ++t) text += "q," + std::to_string(100 + 10 * std::cos(0.2 * t)) + "\n";
  CsvOptions o;
  o.series_column = "id";
  const CsvTable table = parse_csv(text, o, "panel.csv");
  TrainRequest r = small_request();
  r.pipeline.scale_per = ScalePer::Series;
  const TrainOutcome out = train_model(table.series, r);
  const Session session = session_of(out.trained, MissingPolicy::Error);
  EXPECT_EQ(session.series_form.column, "id");
  EXPECT_TRUE(session.series_form.columns.empty());
  EXPECT_EQ(session.pipeline.scale_per, ScalePer::Series);
  EXPECT_EQ(session.pipeline.split_by, SplitBy::Time);

  TrainedModel wide = out.trained;
  wide.pipeline.series_name = "series";
  wide.pipeline.series_columns = {"x", "y"};
  wide.pipeline.split_by = SplitBy::Series;
  const Session from_wide = session_of(wide, MissingPolicy::Error);
  EXPECT_EQ(from_wide.series_form.columns, (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(from_wide.series_form.column.empty());
  EXPECT_EQ(from_wide.pipeline.split_by, SplitBy::Series);
}

// A sequence model's session names its files (an .npz member's source is the archive), its split,
// shuffle and scalers: what the PyTorch project and File > Open Model rebuild it from.
TEST(Restore, SessionOfASequenceModelNamesItsFilesAndSplit) {
  TrainedModel m = testing::small_trained_model();
  SequenceModelInfo q;
  q.features = {"a"};
  q.targets = {"y"};
  q.x_source = "/data/recipes.npz:X";
  q.y_source = "/data/recipes.npz:y";
  q.x_sha256 = std::string(64, '1');
  q.y_sha256 = std::string(64, '2');
  q.split = {0.6, 0.2, 0.2};
  q.shuffle_split = true;
  q.split_seed = 7;
  q.scaling.features = {ColumnTransform{false, 0, Scaler::MinMax}};
  q.scaling.targets = {ColumnTransform{false, 0, Scaler::Robust}};
  m.sequences = q;
  Session s = session_of(m, MissingPolicy::Error);
  ASSERT_TRUE(s.sequences.has_value());
  EXPECT_EQ(s.sequences->files.x_path, "/data/recipes.npz");
  EXPECT_EQ(s.sequences->files.y_path, "");
  EXPECT_EQ(s.sequences->x_sha256, q.x_sha256);
  EXPECT_TRUE(s.sequences->config.shuffle_split);
  EXPECT_EQ(s.sequences->config.split_seed, 7u);
  EXPECT_DOUBLE_EQ(s.sequences->config.split.validation, 0.2);
  EXPECT_EQ(s.sequences->config.feature_scaler, Scaler::MinMax);
  EXPECT_EQ(s.sequences->config.target_scaler, Scaler::Robust);
  // Two .npy files keep both paths.
  m.sequences->x_source = "/data/X.npy";
  m.sequences->y_source = "/data/Y.npy";
  s = session_of(m, MissingPolicy::Error);
  EXPECT_EQ(s.sequences->files.x_path, "/data/X.npy");
  EXPECT_EQ(s.sequences->files.y_path, "/data/Y.npy");
}

TEST(Restore, BestLossComesFromTheRecordElseTheHistory) {
  TrainedModel m = testing::small_trained_model();
  m.history = {{1, 0.5, 0.7, 0.01, 1}, {2, 0.4, 0.6, 0.01, 1}, {3, 0.3, NAN, 0.01, 1}};
  m.best_epoch = 2;
  EXPECT_DOUBLE_EQ(best_loss(m, nullptr), 0.6);
  RecoveryInfo r;
  r.best_epoch = 2;
  r.best_loss = NAN;
  r.monitored = "training";
  EXPECT_DOUBLE_EQ(best_loss(m, &r), 0.4);
  r.best_loss = 0.25;
  EXPECT_DOUBLE_EQ(best_loss(m, &r), 0.25);
  m.best_epoch = 3;  // no validation loss at the best epoch: the training loss
  EXPECT_DOUBLE_EQ(best_loss(m, nullptr), 0.3);
  m.best_epoch = 9;
  EXPECT_TRUE(std::isnan(best_loss(m, nullptr)));
  const FitResult fit = restored_fit(m, &r);
  EXPECT_EQ(fit.status, FitStatus::Cancelled);
  EXPECT_EQ(fit.epochs_run, 3);
  EXPECT_DOUBLE_EQ(fit.best_loss, 0.25);
}

TEST(HistoryCsv, EveryNumberReadsBackExactly) {
  const std::vector<EpochStats> h = {{1, 0.1 + 0.2, NAN, 1e-3 / 3, 0.123456789012345},
                                     {2, 1.0 / 3, 2.0 / 3, 1e-3, 12.5}};
  const std::string csv = history_csv(h);
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "epoch,train_loss,val_loss,lr,seconds");
  std::getline(in, line);
  EXPECT_EQ(line.substr(0, 4), "1,0.");
  EXPECT_NE(line.find(",,"), std::string::npos);  // no validation loss: empty
  std::vector<double> v;
  for (const std::string& row : {line, [&] {
                                   std::string l;
                                   std::getline(in, l);
                                   return l;
                                 }()}) {
    std::istringstream cells(row);
    std::string cell;
    while (std::getline(cells, cell, ',')) v.push_back(cell.empty() ? NAN : std::stod(cell));
  }
  ASSERT_EQ(v.size(), 10u);
  EXPECT_EQ(v[1], h[0].train_loss);
  EXPECT_EQ(v[3], h[0].lr);
  EXPECT_EQ(v[4], h[0].seconds);
  EXPECT_EQ(v[6], h[1].train_loss);
  EXPECT_EQ(v[7], h[1].val_loss);
}

struct TrainModelTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("rnnwb_train_model_" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(TrainModelTest, RemovesItsCheckpointUnlessTheCallerKeepsIt) {
  const Series s = wave(120);
  TrainRequest r = small_request();
  r.missing = MissingPolicy::Interpolate;
  const std::string file = (dir / "ck.safetensors").string();
  TrainingRun run;
  run.checkpoint = {file, 0, {{"writer", "test"}}};
  int observed = 0;
  bool written = false, there_after_fit = false;
  run.observe = [&](PreparedTraining& prepared) -> TrainingObserver* {
    observed = int(prepared.windows.train.size());
    return nullptr;
  };
  run.after_fit = [&](const FitResult&, const Checkpointer* c) {
    written = c && c->writes() > 0;
    there_after_fit = fs::exists(file);
  };
  run.caller_removes_checkpoint = true;
  TrainOutcome kept = train_model(s, r, run);
  EXPECT_GT(observed, 0);
  EXPECT_TRUE(written && there_after_fit);
  ASSERT_TRUE(kept.checkpointer);
  const LoadedCheckpoint ck = load_checkpoint(file);
  ASSERT_TRUE(ck.recovery);
  EXPECT_EQ(ck.recovery->context.value("missing", ""), "interpolate");
  EXPECT_EQ(ck.recovery->context.value("writer", ""), "test");
  EXPECT_EQ(kept.checkpointer->remove(), "");
  EXPECT_FALSE(fs::exists(file));

  run.caller_removes_checkpoint = false;
  written = false;
  TrainOutcome removed = train_model(s, r, run);
  EXPECT_TRUE(written);
  EXPECT_FALSE(there_after_fit);  // removed as soon as fit() returned
  EXPECT_FALSE(removed.checkpointer);
  EXPECT_FALSE(fs::exists(file));
  EXPECT_EQ(removed.trained.fit_status, FitStatus::Completed);
}

TEST(EnumNames, OneRuleForEveryEnum) {
  EXPECT_EQ(parse_enum<Scaler>("  MinMax\t"), Scaler::MinMax);
  EXPECT_EQ(parse_enum<OptimizerKind>("AdamW"), OptimizerKind::AdamW);
  EXPECT_EQ(parse_enum<LayerKind>("simple_rnn"), LayerKind::SimpleRNN);  // an alias
  EXPECT_EQ(to_string(LayerKind::SimpleRNN), "rnn");                     // the written name
  EXPECT_EQ(parse_enum<ScheduleKind>("reduce-on-plateau"), ScheduleKind::ReduceOnPlateau);
  EXPECT_EQ(to_string(ScheduleKind::ReduceOnPlateau), "plateau");
  EXPECT_EQ(to_string(FitStatus::EarlyStopped), "early_stopped");
  EXPECT_EQ(to_string(FitStatus::Interrupted), "interrupted");
  EXPECT_EQ(find_enum<FitStatus>(""), FitStatus::Unknown);
  EXPECT_EQ(to_string(Split::Validation), "validation");
  EXPECT_FALSE(find_enum<LossKind>("l2"));
  try {
    parse_enum<LossKind>("l2");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "unknown loss \"l2\"; use one of: mse, mae, huber, cross_entropy");
  }
  EXPECT_EQ(enum_name_list<LayerKind>(), "rnn, lstm, gru, dense, dropout");  // aliases not listed
  EXPECT_THROW(parse_enum<MissingPolicy>("mean"), DataError);
  EXPECT_THROW(parse_enum<Activation>("gelu"), ModelError);
}

}  // namespace
}  // namespace rnnwb
