// Many series with a trained model: pooled and per-series metrics against a separate simple
// implementation, a global model that beats persistence on every series of a panel whose scales
// differ by 1e5, and model-file round trips for global and per-series scaling.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/data/csv_loader.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/safetensors.hpp"
#include "engine/workflow/evaluation.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/prediction_csv.hpp"
#include "engine/workflow/training.hpp"
#include "panel_fixture.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;
using Rows = std::vector<std::size_t>;

Series hand_panel() {
  CsvOptions o;
  o.series_column = "id";
  o.time_column = "t";
  return parse_csv(panel_fixture::kPanel, o, "panel.csv").series;
}

// ---- A separate, plain implementation of the metrics the issue defines. ----

struct Simple {
  double rmse = 0, mae = 0, mase = 0;
};
// errors e_i = actual_i - predicted_i, each with the MASE scale of its series.
Simple simple_metrics(const std::vector<double>& actual, const std::vector<double>& predicted,
                      const std::vector<double>& scale) {
  Simple m;
  const double n = double(actual.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double e = actual[i] - predicted[i];
    m.rmse += e * e / n;
    m.mae += std::abs(e) / n;
    m.mase += std::abs(e) / scale[i] / n;
  }
  m.rmse = std::sqrt(m.rmse);
  return m;
}

void expect_close(double got, double want, const std::string& what) {
  EXPECT_LE(std::abs(got - want), 1e-9 * std::max(1.0, std::abs(want))) << what << ": " << got << " vs " << want;
}

void expect_same(const Metrics& got, const Simple& want, const std::string& what) {
  expect_close(got.rmse, want.rmse, what + " rmse");
  expect_close(got.mae, want.mae, what + " mae");
  expect_close(got.mase, want.mase, what + " mase");
}
void expect_same(const nlohmann::json& got, const Simple& want, const std::string& what) {
  ASSERT_TRUE(got.is_object()) << what;
  expect_close(got["rmse"].get<double>(), want.rmse, what + " rmse");
  expect_close(got["mae"].get<double>(), want.mae, what + " mae");
  expect_close(got["mase"].get<double>(), want.mase, what + " mase");
}

TEST(PanelEvaluation, PooledAndPerSeriesMetricsMatchASimpleImplementation) {
  const Series s = hand_panel();
  TrainRequest r;
  r.pipeline.targets = {"x"};
  r.pipeline.window = 2;
  r.pipeline.split = {0.6, 0.2, 0.2};
  r.pipeline.season = 2;
  r.pipeline.scale_per = ScalePer::Series;
  r.layers = {LayerSpec::lstm(3)};
  r.fit.epochs = 1;
  r.fit.threads = 1;
  const TrainOutcome out = train_model(s, r);
  const Evaluation& e = out.evaluation;

  // The table by hand: A rows 0..9 = 10..19, B rows 10..15 = 100..110 step 2, C skipped.
  const std::vector<double> x = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100, 102, 104, 106, 108, 110, 1000, 1001};
  // Windows per split (split by time, fractions of each series' own rows; see panel_test.cpp).
  const std::map<Split, Rows> rows = {
      {Split::Train, {2, 3, 4, 5, 12}}, {Split::Validation, {6, 7, 13}}, {Split::Test, {8, 9, 14, 15}}};
  // MASE scales with season 2: mean |x_t - x_{t-2}| over each series' training rows: A 2, B 4.
  auto scale_of = [](std::size_t j) { return j < 10 ? 2.0 : 4.0; };
  auto of_series = [](std::size_t j) { return j < 10 ? std::string("A") : std::string("B"); };

  EXPECT_EQ(e.series_ids, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(e.series_skipped, (std::vector<std::string>{"C"}));
  ASSERT_EQ(e.series.size(), 2u);
  const nlohmann::json j = to_json(e);
  EXPECT_EQ(j["series_skipped"], nlohmann::json::array({"C"}));
  ASSERT_TRUE(j["series"].is_object());
  EXPECT_EQ(j["series"].size(), 2u);
  EXPECT_FALSE(j["series"].contains("C"));
  // What --metrics-json writes: the same, with the epochs beside.
  for (const char* key : {"train", "validation", "test", "baselines", "series", "series_skipped"})
    EXPECT_EQ(out.trained.metrics[key], j[key]) << key;

  for (const auto& [split, r_split] : rows) {
    const std::string name = to_string(split);
    // The model's predictions are the fixed input here; everything else is computed by hand.
    const Tensor3<double> pred = predict_rows(out.trained, s, r_split, 1);
    std::map<std::string, std::vector<double>> act, mod, pers, snaive, sc;
    std::vector<double> all_act, all_mod, all_pers, all_sn, all_sc;
    for (std::size_t i = 0; i < r_split.size(); ++i) {
      const std::size_t row = r_split[i];
      const std::string id = of_series(row);
      const double a = x[row], m = pred.data[i], p = x[row - 1], sn = x[row - 2];
      for (auto* v : {&act[id], &all_act}) v->push_back(a);
      for (auto* v : {&mod[id], &all_mod}) v->push_back(m);
      for (auto* v : {&pers[id], &all_pers}) v->push_back(p);
      for (auto* v : {&snaive[id], &all_sn}) v->push_back(sn);
      for (auto* v : {&sc[id], &all_sc}) v->push_back(scale_of(row));
    }
    // Pooled: the top level.
    expect_same(e.model.at(split), simple_metrics(all_act, all_mod, all_sc), "pooled " + name);
    expect_same(e.baselines.at("persistence").at(split), simple_metrics(all_act, all_pers, all_sc),
                "pooled persistence " + name);
    expect_same(e.baselines.at("seasonal_naive").at(split), simple_metrics(all_act, all_sn, all_sc),
                "pooled seasonal naive " + name);
    expect_same(j[name], simple_metrics(all_act, all_mod, all_sc), "json " + name);
    expect_same(j["baselines"]["persistence"][name], simple_metrics(all_act, all_pers, all_sc),
                "json persistence " + name);
    EXPECT_EQ(j[name]["count"].get<std::size_t>(), r_split.size());
    // Per series.
    for (std::size_t k = 0; k < 2; ++k) {
      const std::string id = e.series_ids[k];
      const Simple want = simple_metrics(act[id], mod[id], sc[id]);
      expect_same(e.series[k].model.at(split), want, id + " " + name);
      expect_same(j["series"][id][name], want, "json " + id + " " + name);
      expect_same(j["series"][id]["baselines"]["persistence"][name], simple_metrics(act[id], pers[id], sc[id]),
                  "json " + id + " persistence " + name);
      expect_same(j["series"][id]["baselines"]["seasonal_naive"][name], simple_metrics(act[id], snaive[id], sc[id]),
                  "json " + id + " seasonal naive " + name);
      EXPECT_EQ(j["series"][id][name]["count"].get<std::size_t>(), act[id].size());
    }
  }
}

// ---- A synthetic panel: six noisy sines of their own phase, scales 1 .. 1e5. ----

Series sine_panel(std::size_t rows_each, std::uint64_t seed) {
  Series s;
  s.names = {"y"};
  s.columns.resize(1);
  s.series_name = "sensor";
  s.series_starts = {0};
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.05);
  for (int g = 0; g < 6; ++g) {
    const double scale = std::pow(10.0, g), phase = 0.9 * g;
    for (std::size_t t = 0; t < rows_each; ++t)
      s.columns[0].push_back(scale * (3 + std::sin(2 * M_PI * double(t) / 16 + phase) + noise(rng)));
    s.series_ids.push_back("s" + std::to_string(g));
    s.series_starts.push_back(s.columns[0].size());
  }
  return s;
}

TrainRequest sine_request(ScalePer per, int epochs) {
  TrainRequest r;
  r.pipeline.targets = {"y"};
  r.pipeline.window = 16;
  r.pipeline.split = {0.7, 0.15, 0.15};
  r.pipeline.scale_per = per;
  r.layers = {LayerSpec::lstm(16)};
  r.fit.epochs = epochs;
  r.fit.batch_size = 32;
  r.fit.optimizer.lr = 1e-2;
  r.fit.seed = 7;
  r.fit.threads = 2;
  return r;
}

TEST(PanelGlobalModel, BeatsPersistenceOnEverySeriesWithPerSeriesScaling) {
  const Series s = sine_panel(300, 1);
  const TrainOutcome out = train_model(s, sine_request(ScalePer::Series, 25));
  const Evaluation& e = out.evaluation;
  ASSERT_EQ(e.series_ids.size(), 6u);
  for (std::size_t k = 0; k < 6; ++k) {
    const double model = e.series[k].model.at(Split::Test).rmse;
    const double persistence = e.series[k].baselines.at("persistence").at(Split::Test).rmse;
    EXPECT_LT(model, persistence) << e.series_ids[k] << ": model " << model << ", persistence " << persistence;
  }
  EXPECT_LT(e.model.at(Split::Test).mase, e.baselines.at("persistence").at(Split::Test).mase);
}

TEST(PanelGlobalModel, PerSeriesScaledTrainingTargetsHaveMeanZeroAndStdOne) {
  const Series s = sine_panel(300, 2);
  const PreparedTraining prepared = prepare_training(s, sine_request(ScalePer::Series, 1));
  const Pipeline& p = prepared.pipeline;
  ASSERT_EQ(p.series_transforms.size(), 6u);
  const std::vector<SeriesSplit> plan = split_series(s, p);
  for (std::size_t g = 0; g < 6; ++g) {
    // Exactly: each series' own training rows through its own transform.
    const ColumnTransform& t = p.transforms_for(s.series_ids[g]).at("y");
    double mean = 0, sq = 0;
    const double n = double(plan[g].bounds.train_end - plan[g].begin);
    for (std::size_t r = plan[g].begin; r < plan[g].bounds.train_end; ++r) mean += t.scale_value(s.columns[0][r]) / n;
    for (std::size_t r = plan[g].begin; r < plan[g].bounds.train_end; ++r)
      sq += std::pow(t.scale_value(s.columns[0][r]) - mean, 2) / n;
    EXPECT_NEAR(mean, 0, 1e-9) << g;
    EXPECT_NEAR(std::sqrt(sq), 1, 1e-9) << g;
    // The training windows' targets as the model sees them (the first window rows have no window).
    double wm = 0, wsq = 0, count = 0;
    const auto& y = prepared.windows.train.y.data;
    for (std::size_t i = 0; i < prepared.windows.train_rows.size(); ++i)
      if (s.series_of_row(prepared.windows.train_rows[i]) == g) wm += y[i], ++count;
    wm /= count;
    for (std::size_t i = 0; i < prepared.windows.train_rows.size(); ++i)
      if (s.series_of_row(prepared.windows.train_rows[i]) == g) wsq += std::pow(y[i] - wm, 2) / count;
    EXPECT_NEAR(wm, 0, 0.1) << g;
    EXPECT_NEAR(std::sqrt(wsq), 1, 0.1) << g;
  }
  // Global scaling of the same panel leaves the small series near one value: a scale of ~1e5.
  const PreparedTraining global = prepare_training(s, sine_request(ScalePer::Global, 1));
  EXPECT_GT(global.pipeline.transforms.at("y").scale, 1e4);
}

// ---- Model files of panel models. ----

struct PanelModelFile : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("rnnwb_panel_model_" + std::to_string(::getpid()));
  Series series = sine_panel(60, 3);
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
  std::string path(const std::string& name) const { return (dir / name).string(); }
  TrainedModel trained(ScalePer per) {
    TrainRequest r = sine_request(per, 1);
    r.pipeline.window = 6;
    r.pipeline.default_transform.log = true;
    r.layers = {LayerSpec::gru(4)};
    r.fit.threads = 1;
    return train_model(series, r).trained;
  }
  // Saves, lets `damage` edit the metadata JSON, writes it back; returns load_model's FileError.
  template <class F>
  std::string load_error_after(const TrainedModel& m, F damage) {
    save_model(path("m.safetensors"), m);
    SafeTensorsFile f = read_safetensors(path("m.safetensors"));
    nlohmann::json meta = nlohmann::json::parse(f.metadata["rnnwb"]);
    damage(meta);
    f.metadata["rnnwb"] = meta.dump();
    write_safetensors(path("bad.safetensors"), f);
    try {
      load_model(path("bad.safetensors"));
    } catch (const FileError& e) {
      return e.what();
    }
    return "";
  }
};

void expect_same_transform(const ColumnTransform& a, const ColumnTransform& b, const std::string& what) {
  EXPECT_EQ(a.log, b.log) << what;
  EXPECT_EQ(a.diff_lag, b.diff_lag) << what;
  EXPECT_EQ(a.scaler, b.scaler) << what;
  EXPECT_EQ(a.offset, b.offset) << what;  // exactly: the file keeps every bit
  EXPECT_EQ(a.scale, b.scale) << what;
}

TEST_F(PanelModelFile, BothScalingModesRoundTripExactly) {
  for (const ScalePer per : {ScalePer::Global, ScalePer::Series}) {
    const std::string mode = to_string(per);
    const TrainedModel m = trained(per);
    save_model(path(mode + ".safetensors"), m);
    const SafeTensorsFile f = read_safetensors(path(mode + ".safetensors"));
    const nlohmann::json meta = model_file_metadata(f, path(mode + ".safetensors"));
    EXPECT_EQ(meta["format_version"], per == ScalePer::Series ? 2 : 1) << mode;
    ASSERT_TRUE(meta.contains("series")) << mode;
    EXPECT_EQ(meta["series"]["scale_per"], mode);
    EXPECT_EQ(meta["series"]["transforms"].size(), per == ScalePer::Series ? 6u : 0u) << mode;

    const TrainedModel back = load_model(path(mode + ".safetensors"));
    const Pipeline &a = m.pipeline, &b = back.pipeline;
    EXPECT_EQ(b.series_name, "sensor") << mode;
    EXPECT_EQ(b.series_ids, (std::vector<std::string>{"s0", "s1", "s2", "s3", "s4", "s5"})) << mode;
    EXPECT_EQ(b.series_ids, a.series_ids) << mode;
    EXPECT_EQ(b.split_by, SplitBy::Time) << mode;
    EXPECT_EQ(b.scale_per, per) << mode;
    EXPECT_EQ(b.series_columns, a.series_columns) << mode;
    expect_same_transform(b.transforms.at("y"), a.transforms.at("y"), mode + " global");
    ASSERT_EQ(b.series_transforms.size(), a.series_transforms.size()) << mode;
    for (const auto& [id, map] : a.series_transforms)
      expect_same_transform(b.series_transforms.at(id).at("y"), map.at("y"), mode + " " + id);
    const Rows rows = window_rows(series, a, true);
    EXPECT_EQ(predict_rows(back, series, rows, 1).data, predict_rows(m, series, rows, 1).data) << mode;
  }
  // The per-series statistics really differ from series to series (so the check above means something).
  const TrainedModel per = trained(ScalePer::Series);
  EXPECT_GT(
      per.pipeline.series_transforms.at("s5").at("y").offset - per.pipeline.series_transforms.at("s0").at("y").offset,
      10);
}

TEST_F(PanelModelFile, SplitBySeriesRoundTrips) {
  TrainRequest r = sine_request(ScalePer::Global, 1);
  r.pipeline.window = 6;
  r.pipeline.split_by = SplitBy::Series;
  r.pipeline.split = {0.5, 0.25, 0.25};
  r.layers = {LayerSpec::gru(4)};
  const TrainedModel m = train_model(series, r).trained;
  save_model(path("s.safetensors"), m);
  EXPECT_EQ(model_metadata(m)["format_version"], 1);
  const TrainedModel back = load_model(path("s.safetensors"));
  EXPECT_EQ(back.pipeline.split_by, SplitBy::Series);
  EXPECT_EQ(back.pipeline.series_ids, m.pipeline.series_ids);
}

TEST_F(PanelModelFile, ADamagedSeriesBlockIsAFileError) {
  const TrainedModel m = trained(ScalePer::Series);
  // An id without its transforms.
  EXPECT_NE(load_error_after(m, [](nlohmann::json& j) { j["series"]["transforms"].erase("s3"); })
                .find("no transforms stored for series \"s3\""),
            std::string::npos);
  // A column missing from one id.
  EXPECT_NE(load_error_after(m, [](nlohmann::json& j) { j["series"]["transforms"]["s1"].erase("y"); })
                .find("has no transform for column"),
            std::string::npos);
  // An id whose log setting contradicts the model's.
  EXPECT_NE(load_error_after(m, [](nlohmann::json& j) { j["series"]["transforms"]["s2"]["y"]["log"] = false; })
                .find("differently"),
            std::string::npos);
  // Transforms of an id the list does not hold.
  EXPECT_NE(load_error_after(
                m, [](nlohmann::json& j) { j["series"]["transforms"]["extra"] = j["series"]["transforms"]["s0"]; })
                .find("series.transforms holds 7"),
            std::string::npos);
  // No ids at all, or no transforms at all.
  EXPECT_NE(load_error_after(m, [](nlohmann::json& j) { j["series"]["ids"] = nlohmann::json::array(); }), "");
  EXPECT_NE(load_error_after(m, [](nlohmann::json& j) { j["series"].erase("transforms"); }), "");
  EXPECT_NE(load_error_after(m, [](nlohmann::json& j) { j["series"]["scale_per"] = "sometimes"; }), "");
  EXPECT_NE(load_error_after(m, [](nlohmann::json& j) { j["series"]["ids"][0] = 5; }), "");
  // The undamaged file loads.
  EXPECT_EQ(load_error_after(m, [](nlohmann::json&) {}), "");
}

// A per-series model cannot scale a series it never saw (one skipped as too short): the predictions
// CSV of the whole file leaves that series out instead of failing, and names it; asked for that
// series alone, it is a DataError. A global model predicts the skipped series too; a series shorter
// than the window (no prediction, no forecast) is left out by both rather than failing the file.
TEST(PanelPredictionCsv, APerSeriesModelLeavesOutTheSeriesItNeverSaw) {
  CsvOptions o;
  o.series_column = "id";
  o.time_column = "t";
  for (const ScalePer per : {ScalePer::Series, ScalePer::Global}) {
    const Series s = hand_panel();
    TrainRequest r;
    r.pipeline.targets = {"x"};
    r.pipeline.window = 5;  // A trains; B (6 rows, 3 of them training) and C are skipped
    r.pipeline.split = {0.6, 0.2, 0.2};
    r.pipeline.scale_per = per;
    r.layers = {LayerSpec::lstm(2)};
    r.fit.epochs = 1;
    r.fit.threads = 1;
    const TrainOutcome out = train_model(s, r);
    ASSERT_EQ(out.trained.pipeline.series_ids, (std::vector<std::string>{"A"}));
    CsvTable table = parse_csv(panel_fixture::kPanel, o, "panel.csv");
    const PredictionCsv csv = prediction_csv(out.trained, table, "panel.csv", MissingPolicy::Error, 2, 1);
    // Rows: A's targets 5..9 (t 6..10) and, unless left out, B's one window (t 6); then forecasts.
    std::size_t a_rows = 0, b_rows = 0;
    std::istringstream lines(csv.text);
    std::string line;
    std::getline(lines, line);
    // (issue 17: the default 80% and 95% intervals add their columns)
    EXPECT_EQ(line, "id,t,split,x,x_predicted,x_lower_80,x_upper_80,x_lower_95,x_upper_95");
    while (std::getline(lines, line)) a_rows += line.rfind("A,", 0) == 0, b_rows += line.rfind("B,", 0) == 0;
    EXPECT_EQ(a_rows, 5u + 2u) << to_string(per);
    if (per == ScalePer::Series) {
      EXPECT_EQ(b_rows, 0u);
      EXPECT_EQ(csv.series_left_out, (std::vector<std::string>{"B", "C"}));
      CsvTable again = parse_csv(panel_fixture::kPanel, o, "panel.csv");
      EXPECT_THROW(prediction_csv(out.trained, again, "panel.csv", MissingPolicy::Error, 0, 1, "B"), DataError);
    } else {
      EXPECT_EQ(b_rows, 1u + 2u);
      EXPECT_EQ(csv.series_left_out, (std::vector<std::string>{"C"}));  // 2 rows: no window, no forecast
    }
  }
}

}  // namespace
}  // namespace rnnwb
