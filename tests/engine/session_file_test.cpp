// Session files restore everything the workbench showed, trained or not, and refuse files that
// are not sessions or come from a newer version.
#include "engine/io/session_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/safetensors.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;

Session example_session() {
  Session s;
  s.data_source = "sample:sunspots";
  s.data_sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  s.time_column = "YEAR";
  s.missing_policy = MissingPolicy::Interpolate;
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
  EXPECT_EQ(to_string(s.missing_policy), "interpolate");
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

// A relative data source is read from the session file's folder, whatever the current folder;
// the file itself keeps the path as it was written.
TEST_F(SessionFileTest, ARelativeDataSourceIsResolvedAgainstTheSessionFolder) {
  fs::create_directories(dir / "sub");
  Session s = example_session();
  s.data_source = "data/x.csv";
  save_session(path("sub/s.rnnwb"), s);
  EXPECT_EQ(load_session(path("sub/s.rnnwb")).data_source, (dir / "sub" / "data" / "x.csv").string());
  s.data_source = "../x.csv";
  save_session(path("sub/up.rnnwb"), s);
  EXPECT_EQ(load_session(path("sub/up.rnnwb")).data_source, (dir / "x.csv").string());
  // As written: parse_session leaves it alone, and so the file keeps it relative.
  EXPECT_EQ(parse_session(read_file(path("sub/up.rnnwb"), std::size_t(1) << 30), "up.rnnwb").data_source, "../x.csv");
  // From another current folder, with the session itself named relative to the current folder.
  const fs::path before = fs::current_path();
  fs::current_path(dir);
  const Session relative = load_session("sub/up.rnnwb");
  fs::current_path(before);
  EXPECT_EQ(relative.data_source, (dir / "x.csv").string());
}

TEST_F(SessionFileTest, AnAbsoluteDataSourceOrASampleStaysAsItIs) {
  Session s = example_session();
  save_session(path("sample.rnnwb"), s);
  EXPECT_EQ(load_session(path("sample.rnnwb")).data_source, "sample:sunspots");
  s.data_source = "/somewhere/else/x.csv";
  save_session(path("absolute.rnnwb"), s);
  EXPECT_EQ(load_session(path("absolute.rnnwb")).data_source, "/somewhere/else/x.csv");
  EXPECT_EQ(resolve_data_source("x.csv", "s.rnnwb"), (fs::current_path() / "x.csv").string());
}

// Every field the workbench reads is checked by the parser: a wrong type or an impossible value
// is a FileError naming the file and the field, never a JSON library exception.
TEST_F(SessionFileTest, WronglyTypedOrImpossibleFieldsAreFileErrorsNamingTheField) {
  struct Case {
    const char* pointer;
    const char* value;
    const char* said;
  };
  const Case cases[] = {
      {"/view/page", R"("two")", "\"page\" must be a whole number"},
      {"/view/page", "-1", "\"page\" must be a whole number, 0 or more"},
      {"/view/page", "1.5", "page"},
      {"/view/forecast_steps", R"("many")", "\"forecast_steps\" must be a whole number"},
      {"/view", "7", "\"view\" is not a JSON object"},
      {"/pipeline/window", R"("12")", "\"window\" has the wrong type"},
      {"/pipeline/window", "0", "\"window\" is 0; it must be between 1 and 1000000"},
      {"/pipeline/window", "2000000", "\"window\" is 2000000; it must be between 1 and"},
      {"/pipeline/horizon", "0", "\"horizon\" is 0; it must be between 1 and"},
      {"/pipeline/targets", R"("SUNACTIVITY")", "\"targets\" has the wrong type"},
      {"/pipeline/columns", "[1, 2]", "\"columns\" is not a JSON object"},
      {"/pipeline/split", "[0.5, 0.5]", "three fractions"},
      {"/data/missing", R"("sometimes")", "unknown missing-value policy"},
      {"/data/source", R"("")", "names no data file"},
      {"/data/source", "42", "\"source\" has the wrong type"},
      {"/data", R"("x.csv")", "source"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.pointer) + " = " + c.value);
    save_session(path("bad.rnnwb"), example_session());
    SafeTensorsFile f = read_safetensors(path("bad.rnnwb"));
    nlohmann::json j = nlohmann::json::parse(f.metadata.at("rnnwb_session"));
    j[nlohmann::json::json_pointer(c.pointer)] = nlohmann::json::parse(c.value);
    f.metadata["rnnwb_session"] = j.dump();
    write_safetensors(path("bad.rnnwb"), f);
    try {
      load_session(path("bad.rnnwb"));
      ADD_FAILURE() << "accepted";
    } catch (const FileError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(path("bad.rnnwb")), std::string::npos) << what;
      EXPECT_NE(what.find(c.said), std::string::npos) << what;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not a FileError: " << e.what();
    }
  }
}

// Many series: the series form (long or wide), split by and scale per come back; a session written
// before them (no such keys) opens as one series, split by time, scaled globally.
TEST_F(SessionFileTest, TheSeriesFormSplitByAndScalePerRoundTripAndOlderSessionsAreOneSeries) {
  Session long_form = example_session();
  long_form.data_source = "sample:eustock_long";
  long_form.series_form.column = "index";
  long_form.pipeline.split_by = SplitBy::Time;
  long_form.pipeline.scale_per = ScalePer::Series;
  save_session(path("long.rnnwb"), long_form);
  const Session l = load_session(path("long.rnnwb"));
  EXPECT_EQ(l.series_form.column, "index");
  EXPECT_TRUE(l.series_form.columns.empty());
  EXPECT_EQ(l.pipeline.scale_per, ScalePer::Series);
  EXPECT_EQ(l.pipeline.split_by, SplitBy::Time);

  Session wide = example_session();
  wide.series_form.columns = {"a", "b", "c"};
  wide.pipeline.split_by = SplitBy::Series;
  save_session(path("wide.rnnwb"), wide);
  const Session w = load_session(path("wide.rnnwb"));
  EXPECT_TRUE(w.series_form.column.empty());
  EXPECT_EQ(w.series_form.columns, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(w.pipeline.series_columns, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(w.pipeline.split_by, SplitBy::Series);
  EXPECT_EQ(w.pipeline.scale_per, ScalePer::Global);

  // An older session: the keys removed from the JSON as it is written.
  save_session(path("old.rnnwb"), long_form);
  SafeTensorsFile f = read_safetensors(path("old.rnnwb"));
  nlohmann::json j = nlohmann::json::parse(f.metadata.at("rnnwb_session"));
  j["data"].erase("series_column");
  j["data"].erase("series_columns");
  j["pipeline"].erase("split_by");
  j["pipeline"].erase("scale_per");
  f.metadata["rnnwb_session"] = j.dump();
  write_safetensors(path("old.rnnwb"), f);
  const Session o = load_session(path("old.rnnwb"));
  EXPECT_TRUE(o.series_form.empty());
  EXPECT_EQ(o.pipeline.split_by, SplitBy::Time);
  EXPECT_EQ(o.pipeline.scale_per, ScalePer::Global);

  // A wrong value is a FileError naming the field, and both forms at once are refused.
  j["pipeline"]["scale_per"] = "each";
  f.metadata["rnnwb_session"] = j.dump();
  write_safetensors(path("bad.rnnwb"), f);
  EXPECT_THROW(load_session(path("bad.rnnwb")), FileError);
  j["pipeline"].erase("scale_per");
  j["data"]["series_column"] = "index";
  j["data"]["series_columns"] = {"a"};
  f.metadata["rnnwb_session"] = j.dump();
  write_safetensors(path("bad.rnnwb"), f);
  EXPECT_THROW(load_session(path("bad.rnnwb")), FileError);
}

}  // namespace
}  // namespace rnnwb

namespace rnnwb {
namespace {

// A classifier's class names and weights are settings like the others: a session, a run record
// and the exported PyTorch project keep them (a replay trained without them before).
TEST(SessionSettings, AClassifiersNamesAndWeightsRoundTrip) {
  Session s = example_session();
  s.sequences = SequenceSession{};
  s.sequences->files.x_path = "/data/x.npz";
  s.sequences->config.task = SequenceTask::Classification;
  s.sequences->config.class_names = {"calm", "storm"};
  s.sequences->config.class_weights = "balanced";
  const nlohmann::json j = session_settings_json(s);
  EXPECT_EQ(j["sequences"]["class_weights"], "balanced");
  Session back;
  parse_session_settings(j, back, "test");
  ASSERT_TRUE(back.sequences.has_value());
  EXPECT_EQ(back.sequences->config.class_names, (std::vector<std::string>{"calm", "storm"}));
  EXPECT_EQ(back.sequences->config.class_weights, "balanced");
  // Without them the JSON is as before (the settings key of older runs is unchanged).
  s.sequences->config.class_names.clear();
  s.sequences->config.class_weights.clear();
  EXPECT_FALSE(session_settings_json(s)["sequences"].contains("class_weights"));
  EXPECT_FALSE(session_settings_json(s)["sequences"].contains("class_names"));
  nlohmann::json twice = j;
  twice["sequences"]["class_names"] = {"a", "a"};
  EXPECT_THROW(parse_session_settings(twice, back, "test"), FileError);
}

}  // namespace
}  // namespace rnnwb
