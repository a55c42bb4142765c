// Session files restore everything the workbench showed, trained or not, and refuse files that
// are not sessions or come from a newer version.
#include "engine/io/session_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "engine/core/error.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/safetensors.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;

Session example_session() {
  Session s;
  s.data_source = "sample:sunspots";
  s.data_sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  s.time_column = "YEAR";
  s.missing_policy = "interpolate";
  s.pipeline.targets = {"SUNACTIVITY"};
  s.pipeline.window = 12;
  s.pipeline.horizon = 2;
  s.pipeline.season = 11;
  s.pipeline.split = {0.6, 0.2, 0.2};
  s.pipeline.default_transform = {true, 1, Scaler::MinMax};
  s.pipeline.column_transforms["SUNACTIVITY"] = {false, 0, Scaler::Robust};
  s.layers = {LayerSpec::gru(16, true), LayerSpec::dropout(0.2), LayerSpec::lstm(8)};
  s.fit.epochs = 7;
  s.fit.optimizer = OptimizerConfig::defaults(OptimizerKind::AdamW, 0.003);
  s.fit.schedule.kind = ScheduleKind::Cosine;
  s.fit.clip_norm = 1.5;
  s.init = {InitScheme::PyTorch, 42};
  s.view = {{"page", 3}, {"log_scale", true}};
  return s;
}

struct SessionFileTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("rnnwb_session_" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
  std::string path(const std::string& name) const { return (dir / name).string(); }
};

TEST_F(SessionFileTest, AnUntrainedSessionRoundTrips) {
  save_session(path("s.rnnwb"), example_session());
  const Session s = load_session(path("s.rnnwb"));
  EXPECT_EQ(s.data_source, "sample:sunspots");
  EXPECT_EQ(s.missing_policy, "interpolate");
  EXPECT_EQ(s.pipeline.window, 12);
  EXPECT_EQ(s.pipeline.horizon, 2);
  EXPECT_DOUBLE_EQ(s.pipeline.split.train, 0.6);
  EXPECT_TRUE(s.pipeline.default_transform.log);
  EXPECT_EQ(s.pipeline.column_transforms.at("SUNACTIVITY").scaler, Scaler::Robust);
  ASSERT_EQ(s.layers.size(), 3u);
  EXPECT_EQ(s.layers[0].kind, LayerKind::GRU);
  EXPECT_TRUE(s.layers[0].return_sequences);
  EXPECT_DOUBLE_EQ(s.layers[1].rate, 0.2);
  EXPECT_EQ(s.fit.optimizer.kind, OptimizerKind::AdamW);
  EXPECT_DOUBLE_EQ(s.fit.optimizer.lr, 0.003);
  EXPECT_EQ(s.fit.schedule.kind, ScheduleKind::Cosine);
  EXPECT_EQ(s.init.scheme, InitScheme::PyTorch);
  EXPECT_EQ(s.init.seed, 42u);
  EXPECT_EQ(s.view["page"], 3);
  EXPECT_FALSE(s.trained.has_value());
}

TEST_F(SessionFileTest, ATrainedSessionKeepsWeightsAndHistory) {
  Session s = example_session();
  Series series;
  series.names = {"SUNACTIVITY"};
  series.columns = {{}};
  for (int i = 0; i < 150; ++i) series.columns[0].push_back(50 + 40 * std::sin(i * 0.55));
  TrainRequest r;
  r.pipeline = s.pipeline;
  r.pipeline.default_transform = {};
  r.pipeline.column_transforms.clear();
  r.layers = s.layers;
  r.fit.epochs = 2;
  s.trained = train_model(series, r).trained;
  save_session(path("t.rnnwb"), s);
  const Session back = load_session(path("t.rnnwb"));
  ASSERT_TRUE(back.trained.has_value());
  EXPECT_EQ(back.trained->model.parameters(), s.trained->model.parameters());
  EXPECT_EQ(back.trained->history.size(), 2u);
  EXPECT_EQ(back.trained->history[1].val_loss, s.trained->history[1].val_loss);
}

TEST_F(SessionFileTest, AModelFileIsNotASessionAndSaysSo) {
  Session s = example_session();
  SafeTensorsFile f;
  f.metadata["rnnwb"] = "{}";
  write_safetensors(path("m.safetensors"), f);
  try {
    load_session(path("m.safetensors"));
    FAIL();
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("not an rnnwb session"), std::string::npos) << e.what();
  }
}

TEST_F(SessionFileTest, ANewerSessionVersionIsRefused) {
  SafeTensorsFile f;
  f.metadata["rnnwb_session"] = R"({"format_version": 2, "data": {"source": "x"}})";
  write_safetensors(path("new.rnnwb"), f);
  try {
    load_session(path("new.rnnwb"));
    FAIL();
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("newer rnnwb"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rnnwb
