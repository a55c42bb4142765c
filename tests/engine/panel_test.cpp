// Many series (a panel) on a hand-made three-series file: grouping, windows, differences, splits,
// scaling, short series, missing values and baselines, each checked against values worked out by
// hand from the semantics (never read off the code's output).
#include "engine/data/panel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/data/csv_loader.hpp"
#include "engine/data/metrics.hpp"
#include "engine/data/pipeline.hpp"
#include "panel_fixture.hpp"

namespace rnnwb {
namespace {

using Rows = std::vector<std::size_t>;
using panel_fixture::kPanel;

CsvTable parse_panel(const std::string& text, const std::string& series_column = "id") {
  CsvOptions o;
  o.series_column = series_column;
  o.time_column = "t";
  return parse_csv(text, o, "panel.csv");
}

PipelineConfig config(Index window, Scaler scaler = Scaler::None) {
  PipelineConfig c;
  c.targets = {"x"};
  c.window = window;
  c.horizon = 1;
  c.split = {0.6, 0.2, 0.2};
  c.default_transform.scaler = scaler;
  return c;
}

std::string error_of(const auto& f) {
  try {
    f();
  } catch (const EngineError& e) {
    return e.what();
  }
  return "";
}

std::string joined(const std::vector<Message>& warnings) {
  std::string s;
  for (const Message& m : warnings) s += m.neutral() + "\n";
  return s;
}

// Replaces the one occurrence of `from` in `text`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(PanelGrouping, SeriesByFirstAppearanceRowsInFileOrder) {
  const CsvTable t = parse_panel(kPanel);
  const Series& s = t.series;
  ASSERT_TRUE(s.is_panel());
  EXPECT_EQ(s.series_name, "id");
  EXPECT_EQ(s.names, (std::vector<std::string>{"x"}));  // the id column is no numeric column
  EXPECT_EQ(s.series_ids, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(s.series_starts, (Rows{0, 10, 16, 18}));
  EXPECT_EQ(s.series_count(), 3u);
  EXPECT_EQ(s.series_rows(0), 10u);
  EXPECT_EQ(s.series_rows(1), 6u);
  EXPECT_EQ(s.series_rows(2), 2u);
  EXPECT_EQ(s.columns[0], (std::vector<double>{10, 11, 12, 13, 14, 15, 16, 17, 18, 19,  // A
                                               100, 102, 104, 106, 108, 110,            // B
                                               1000, 1001}));                           // C
  EXPECT_EQ(s.time_labels, (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "1", "2", "3",
                                                     "4", "5", "6", "1", "2"}));
  // Each row keeps its file line, so later messages name the right line.
  EXPECT_EQ(t.row_lines, (Rows{2, 4, 7, 8, 11, 13, 14, 16, 18, 19, 3, 6, 9, 12, 15, 17, 5, 10}));
  EXPECT_EQ(s.series_of_row(9), 0u);
  EXPECT_EQ(s.series_of_row(10), 1u);
  EXPECT_EQ(s.series_of_row(17), 2u);
  EXPECT_EQ(s.find_series("B"), 1);
  EXPECT_EQ(s.find_series("D"), -1);
  EXPECT_EQ(describe_series(s), "3 series: A (10 rows), B (6 rows), C (2 rows)");
}

TEST(PanelGrouping, ARandomInterleavingGroupsAsAPlainStableSortWould) {
  // 40 series of random lengths, rows shuffled (each series' rows keep their order); expected: a
  // plain grouping written here, series by first appearance, rows in file order.
  std::mt19937 rng(5);
  std::vector<int> owner;
  for (int g = 0; g < 40; ++g) owner.insert(owner.end(), std::size_t(1 + rng() % 30), g);
  std::shuffle(owner.begin(), owner.end(), rng);
  std::string text = "id,t,x\n";
  std::vector<int> next_t(40, 0);
  std::vector<std::string> first_seen;
  std::map<std::string, std::vector<double>> values;
  std::map<std::string, std::vector<std::string>> labels;
  for (std::size_t r = 0; r < owner.size(); ++r) {
    const std::string id = "g" + std::to_string(owner[r] * 7 % 40), t = std::to_string(++next_t[owner[r]]);
    text += id + "," + t + "," + std::to_string(r) + "\n";
    if (!values.count(id)) first_seen.push_back(id);
    values[id].push_back(double(r));
    labels[id].push_back(t);
  }
  const Series s = parse_panel(text).series;
  EXPECT_EQ(s.series_ids, first_seen);
  std::vector<double> want_x;
  std::vector<std::string> want_t;
  for (const std::string& id : first_seen) {
    want_x.insert(want_x.end(), values[id].begin(), values[id].end());
    want_t.insert(want_t.end(), labels[id].begin(), labels[id].end());
  }
  EXPECT_EQ(s.columns[0], want_x);
  EXPECT_EQ(s.time_labels, want_t);
  for (std::size_t g = 0; g < first_seen.size(); ++g) EXPECT_EQ(s.series_rows(g), values[first_seen[g]].size());

  // The same through the string form of group_rows_by_series, on the table read without its ids.
  std::string no_ids = "t,x\n";
  std::vector<std::string> ids;
  for (std::size_t r = 0, at = text.find('\n') + 1; r < owner.size(); ++r) {
    const std::size_t comma = text.find(',', at), end = text.find('\n', at);
    ids.push_back(text.substr(at, comma - at));
    no_ids += text.substr(comma + 1, end - comma);
    at = end + 1;
  }
  CsvOptions plain;
  plain.time_column = "t";
  CsvTable t = parse_csv(no_ids, plain);
  group_rows_by_series(t, ids, "id");
  EXPECT_EQ(t.series.series_ids, first_seen);
  EXPECT_EQ(t.series.series_starts, s.series_starts);
  EXPECT_EQ(t.series.columns[0], want_x);
  EXPECT_EQ(t.series.time_labels, want_t);
}

TEST(PanelGrouping, AFileSortedBySeriesKeepsItsOrder) {
  const char* text = "id,t,x\nA,1,1\nA,2,2\nB,1,3\nC,1,4\nC,2,5\n";
  const CsvTable t = parse_panel(text);
  EXPECT_EQ(t.series.series_starts, (Rows{0, 2, 3, 5}));
  EXPECT_EQ(t.series.columns[0], (std::vector<double>{1, 2, 3, 4, 5}));
  EXPECT_EQ(t.row_lines, (Rows{2, 3, 4, 5, 6}));
  // A series that comes back later is not "sorted": its rows are regrouped.
  const CsvTable u = parse_panel("id,t,x\nA,1,1\nB,1,3\nA,2,2\n");
  EXPECT_EQ(u.series.columns[0], (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(u.row_lines, (Rows{2, 4, 3}));
}

TEST(PanelGrouping, SeriesColumnByNumber) {
  const CsvTable t = parse_panel(kPanel, "1");
  EXPECT_EQ(t.series.series_name, "id");
  EXPECT_EQ(t.series.series_ids, (std::vector<std::string>{"A", "B", "C"}));
}

TEST(PanelGrouping, TimeGoingBackWithinASeriesNamesTheSeriesAndTheLine) {
  // B's third row (file line 9) goes back from t 2 to t 1; time restarting between series is fine.
  const std::string bad = replaced(kPanel, "B,3,104\n", "B,1,104\n");
  const std::string e = error_of([&] { parse_panel(bad); });
  EXPECT_NE(e.find("panel.csv line 9"), std::string::npos) << e;
  EXPECT_NE(e.find("series \"B\""), std::string::npos) << e;
  EXPECT_THROW(parse_panel(bad), DataError);
  // An equal time is not an increase either (A's row at line 8 repeats t 3).
  const std::string same = replaced(kPanel, "A,4,13\n", "A,3,13\n");
  const std::string e2 = error_of([&] { parse_panel(same); });
  EXPECT_NE(e2.find("line 8"), std::string::npos) << e2;
  EXPECT_NE(e2.find("series \"A\""), std::string::npos) << e2;
}

TEST(PanelGrouping, EmptySeriesIdIsADataErrorWithItsLine) {
  const std::string bad = replaced(kPanel, "B,4,106\n", ",4,106\n");
  const std::string e = error_of([&] { parse_panel(bad); });
  EXPECT_NE(e.find("line 12"), std::string::npos) << e;
  EXPECT_NE(e.find("empty"), std::string::npos) << e;
  EXPECT_THROW(parse_panel(bad), DataError);
  // Spaces only are empty too.
  EXPECT_THROW(parse_panel(replaced(kPanel, "B,4,106\n", "  ,4,106\n")), DataError);
}

TEST(PanelGrouping, NumericIdsLikeChickWeight) {
  // Chicks 1, 10 and 2 (ids are text: "10" comes before "2" because it appears first), unequal lengths.
  const char* text =
      "chick,time,weight\n"
      "1,0,42\n"
      "10,0,41\n"
      "1,2,51\n"
      "2,0,40\n"
      "10,2,49\n"
      "1,4,59\n";
  CsvOptions o;
  o.series_column = "chick";
  o.time_column = "time";
  const Series s = parse_csv(text, o).series;
  EXPECT_EQ(s.names, (std::vector<std::string>{"weight"}));
  EXPECT_EQ(s.series_ids, (std::vector<std::string>{"1", "10", "2"}));
  EXPECT_EQ(s.series_starts, (Rows{0, 3, 5, 6}));
  EXPECT_EQ(s.columns[0], (std::vector<double>{42, 51, 59, 41, 49, 40}));
  EXPECT_EQ(s.time_labels, (std::vector<std::string>{"0", "2", "4", "0", "2", "0"}));
}

TEST(PanelWide, ListedColumnsBecomeSeriesWithTheirSpans) {
  // SMI starts late (a leading gap), CAC ends early (a trailing gap) and has a gap inside.
  const char* text =
      "day,DAX,SMI,CAC\n"
      "1,1,,7\n"
      "2,2,20,\n"
      "3,3,30,9\n"
      "4,4,40,\n";
  CsvTable t = parse_csv(text, {}, "wide.csv");
  ASSERT_EQ(t.series.time_name, "day");
  columns_to_series(t, {"SMI", "DAX"});
  const Series& s = t.series;
  EXPECT_EQ(s.series_name, kWideSeriesColumn);
  EXPECT_EQ(s.names, (std::vector<std::string>{kWideValueColumn}));
  EXPECT_EQ(s.series_ids, (std::vector<std::string>{"SMI", "DAX"}));  // in the order listed
  EXPECT_EQ(s.series_starts, (Rows{0, 3, 7}));
  EXPECT_EQ(s.columns[0], (std::vector<double>{20, 30, 40, 1, 2, 3, 4}));
  EXPECT_EQ(s.time_labels, (std::vector<std::string>{"2", "3", "4", "1", "2", "3", "4"}));
  EXPECT_EQ(t.row_lines, (Rows{3, 4, 5, 2, 3, 4, 5}));

  CsvTable all = parse_csv(text, {}, "wide.csv");
  columns_to_series(all, {"all"});
  const Series& a = all.series;
  EXPECT_EQ(a.series_ids, (std::vector<std::string>{"DAX", "SMI", "CAC"}));  // file order
  EXPECT_EQ(a.series_starts, (Rows{0, 4, 7, 10}));
  // CAC spans rows 1..3 (its trailing gap is outside): 7, missing, 9.
  ASSERT_EQ(a.columns[0].size(), 10u);
  EXPECT_EQ(a.columns[0][7], 7);
  EXPECT_TRUE(std::isnan(a.columns[0][8]));
  EXPECT_EQ(a.columns[0][9], 9);
  ASSERT_EQ(all.missing.size(), 1u);  // the gap inside CAC stays for a missing-value policy
  EXPECT_EQ(all.missing[0].count, 1u);
  EXPECT_EQ(all.missing[0].first_rows, (Rows{3}));  // file line 3

  CsvTable unknown = parse_csv(text, {}, "wide.csv");
  EXPECT_THROW(columns_to_series(unknown, {"DAX", "FTSE"}), DataError);
  CsvTable empty_col = parse_csv("day,a,b\n1,1,\n2,2,\n", {}, "w.csv");
  EXPECT_THROW(columns_to_series(empty_col, {"b"}), DataError);
}

TEST(PanelWindows, TargetRowsReadOnlyTheirOwnSeries) {
  const Series s = parse_panel(kPanel).series;
  const Pipeline p = fit_pipeline(s, config(2), nullptr);
  // Target row j of series s needs rows j-2, j-1 of s: A j = 2..9, B j = 12..15, C none (2 rows).
  EXPECT_EQ(window_rows(s, p, true), (Rows{2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15}));
  // Without targets, the row right after each series' end too (forecasts): 10, 16, 18.
  EXPECT_EQ(window_rows(s, p, false), (Rows{2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 18}));

  const Tensor3<double> raw = raw_windows(s, p, {2, 10, 12, 16, 18});
  EXPECT_EQ(raw.data, (std::vector<double>{10, 11, 18, 19, 100, 102, 108, 110, 1000, 1001}));
  // Row 11 (B's second) would read A's last row and B's first: never.
  EXPECT_THROW(raw_windows(s, p, {11}), DataError);
  EXPECT_THROW(raw_windows(s, p, {17}), DataError);
  const Tensor3<float> y = encode_targets(s, p, {2, 9, 12, 15});
  EXPECT_EQ(y.data, (std::vector<float>{12, 19, 104, 110}));
}

TEST(PanelWindows, DifferencesStartAfreshInEachSeries) {
  const Series s = parse_panel(kPanel).series;
  ColumnTransform d;
  d.diff_lag = 1;
  const std::vector<double> v = pre_scale_series(s, s.columns[0], d, "x");
  const std::vector<double> expect = {NAN, 1, 1, 1, 1, 1, 1, 1, 1, 1, NAN, 2, 2, 2, 2, 2, NAN, 1};
  ASSERT_EQ(v.size(), expect.size());
  for (std::size_t r = 0; r < v.size(); ++r) {
    if (std::isnan(expect[r]))
      EXPECT_TRUE(std::isnan(v[r])) << "row " << r;
    else
      EXPECT_EQ(v[r], expect[r]) << "row " << r;
  }
  // Lag 2: the first two rows of every series have no difference.
  d.diff_lag = 2;
  const std::vector<double> w = pre_scale_series(s, s.columns[0], d, "x");
  for (const std::size_t r : {0u, 1u, 10u, 11u, 16u, 17u}) EXPECT_TRUE(std::isnan(w[r])) << r;
  EXPECT_EQ(w[2], 2);
  EXPECT_EQ(w[12], 4);

  // Fitted on the differences of the training rows only: A rows 1..5 (five 1s), B rows 11..12 (two 2s).
  PipelineConfig c = config(2, Scaler::Standard);
  c.default_transform.diff_lag = 1;
  const Pipeline p = fit_pipeline(s, c, nullptr);
  EXPECT_NEAR(p.transforms.at("x").offset, 1.2857142857142858, 1e-12);
  EXPECT_NEAR(p.transforms.at("x").scale, 0.45175395145262565, 1e-12);
  // Decoding a window of B adds the prediction back to B's own last value.
  const Tensor3<double> raw = raw_windows(s, p, {13});  // rows 11, 12: 102 104
  const Tensor3<float> x = encode_inputs(p, raw);
  ASSERT_EQ(x.data.size(), 1u);  // window 2 - lag 1
  EXPECT_NEAR(x.data[0], (2 - 1.2857142857142858) / 0.45175395145262565, 1e-5);
  Tensor3<float> out(1, 1, 1);
  out.data = {float((2 - 1.2857142857142858) / 0.45175395145262565)};
  EXPECT_NEAR(decode_outputs(p, out, raw).data[0], 106, 1e-4);
}

TEST(PanelSplit, ByTimeTakesFractionsOfEachSeriesOwnRows) {
  const Series s = parse_panel(kPanel).series;
  const Pipeline p = fit_pipeline(s, config(2), nullptr);
  const std::vector<SeriesSplit> plan = split_series(s, p);
  ASSERT_EQ(plan.size(), 3u);
  // A: 10 rows, train floor(6) = 6, validation to floor(8) = 8.
  EXPECT_EQ(plan[0].begin, 0u);
  EXPECT_EQ(plan[0].end, 10u);
  EXPECT_EQ(plan[0].bounds.train_end, 6u);
  EXPECT_EQ(plan[0].bounds.validation_end, 8u);
  EXPECT_FALSE(plan[0].skipped);
  // B: 6 rows, train floor(3.6) = 3, validation to floor(4.8) = 4; table rows 10 + those.
  EXPECT_EQ(plan[1].bounds.train_end, 13u);
  EXPECT_EQ(plan[1].bounds.validation_end, 14u);
  EXPECT_FALSE(plan[1].skipped);
  // C: 2 rows, train floor(1.2) = 1 < window + horizon = 3.
  EXPECT_TRUE(plan[2].skipped);

  const SplitRows r = split_rows(s, p);
  EXPECT_EQ(r.train, (Rows{2, 3, 4, 5, 12}));
  EXPECT_EQ(r.validation, (Rows{6, 7, 13}));
  EXPECT_EQ(r.test, (Rows{8, 9, 14, 15}));
  EXPECT_EQ(r.skipped, (std::vector<std::string>{"C"}));
  EXPECT_EQ(p.series_ids, (std::vector<std::string>{"A", "B"}));  // trained ids: C left out
}

TEST(PanelSplit, BySeriesAssignsWholeSeries) {
  const Series s = parse_panel(kPanel).series;
  PipelineConfig c = config(1);
  c.split_by = SplitBy::Series;
  // S = 3, 0.6 / 0.2 / 0.2: floor(1.8) = 1 training series (A), floor(2.4) = 2: B validates, C tests.
  const Pipeline p = fit_pipeline(s, c, nullptr);
  const SplitRows r = split_rows(s, p);
  EXPECT_EQ(r.train, (Rows{1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(r.validation, (Rows{11, 12, 13, 14, 15}));
  EXPECT_EQ(r.test, (Rows{17}));
  EXPECT_TRUE(r.skipped.empty());

  // Seven series of 4 rows, 0.7 / 0.15 / 0.15: floor(4.9) = 4 train, floor(5.95) = 5: one validates, two test.
  std::string text = "id,t,x\n";
  for (int t = 1; t <= 4; ++t)
    for (int g = 0; g < 7; ++g)
      text += "s" + std::to_string(g) + "," + std::to_string(t) + "," + std::to_string(g * 10 + t) + "\n";
  const Series seven = parse_panel(text).series;
  PipelineConfig c7 = config(2);
  c7.split = {0.7, 0.15, 0.15};
  c7.split_by = SplitBy::Series;
  const SplitRows r7 = split_rows(seven, fit_pipeline(seven, c7, nullptr));
  // Series g owns rows 4g..4g+3; its windows' target rows are 4g+2, 4g+3.
  EXPECT_EQ(r7.train, (Rows{2, 3, 6, 7, 10, 11, 14, 15}));
  EXPECT_EQ(r7.validation, (Rows{18, 19}));
  EXPECT_EQ(r7.test, (Rows{22, 23, 26, 27}));

  // Fewer than 3 series: a ConfigError.
  std::string two;
  for (const char* line : {"id,t,x\n", "A,1,1\n", "B,1,5\n", "A,2,2\n", "B,2,6\n", "A,3,3\n", "B,3,7\n"}) two += line;
  const Series s2 = parse_panel(two).series;
  PipelineConfig c2 = config(1);
  c2.split_by = SplitBy::Series;
  EXPECT_THROW(fit_pipeline(s2, c2, nullptr), ConfigError);
  EXPECT_NE(error_of([&] { fit_pipeline(s2, c2, nullptr); }).find("at least 3 series"), std::string::npos);
}

TEST(PanelScaling, GlobalPoolsTheTrainingRowsOfAllSeries) {
  const Series s = parse_panel(kPanel).series;
  const Pipeline p = fit_pipeline(s, config(2, Scaler::Standard), nullptr);
  // Training rows: A 10..15, B 100, 102, 104 (C skipped): mean 381 / 9, population std below.
  const std::vector<double> pooled = {10, 11, 12, 13, 14, 15, 100, 102, 104};
  double mean = 0, var = 0;
  for (double v : pooled) mean += v / 9;
  for (double v : pooled) var += (v - mean) * (v - mean) / 9;
  EXPECT_NEAR(mean, 42.333333333333336, 1e-12);
  EXPECT_NEAR(std::sqrt(var), 42.22426895623995, 1e-12);
  EXPECT_NEAR(p.transforms.at("x").offset, 42.333333333333336, 1e-12);
  EXPECT_NEAR(p.transforms.at("x").scale, 42.22426895623995, 1e-12);
  EXPECT_TRUE(p.series_transforms.empty());
  EXPECT_FALSE(p.per_series());
  EXPECT_TRUE(window_transforms(s, p, {2, 12}).empty());
  // Every window, of whichever series, is scaled by the one pooled transform.
  const Tensor3<float> x = encode_inputs(p, raw_windows(s, p, {12}));
  EXPECT_NEAR(x.data[0], (100 - 42.333333333333336) / 42.22426895623995, 1e-6);
}

TEST(PanelScaling, PerSeriesFitsEachSeriesOnItsOwnTrainingRows) {
  const Series s = parse_panel(kPanel).series;
  PipelineConfig c = config(2, Scaler::Standard);
  c.scale_per = ScalePer::Series;
  std::vector<Message> warnings;
  const Pipeline p = fit_pipeline(s, c, &warnings);
  ASSERT_TRUE(p.per_series());
  ASSERT_EQ(p.series_transforms.size(), 2u);  // A and B; C is skipped
  EXPECT_EQ(p.series_transforms.count("C"), 0u);
  const ColumnTransform& a = p.series_transforms.at("A").at("x");
  const ColumnTransform& b = p.series_transforms.at("B").at("x");
  EXPECT_NEAR(a.offset, 12.5, 1e-12);  // 10..15
  EXPECT_NEAR(a.scale, 1.707825127659933, 1e-12);
  EXPECT_NEAR(b.offset, 102, 1e-12);  // 100, 102, 104
  EXPECT_NEAR(b.scale, 1.632993161855452, 1e-12);
  EXPECT_EQ(&p.transforms_for("B"), &p.series_transforms.at("B"));
  EXPECT_THROW(p.transforms_for("C"), DataError);
  EXPECT_NEAR(p.for_series("A").transforms.at("x").offset, 12.5, 1e-12);
  EXPECT_FALSE(p.for_series("A").per_series());

  // Windows take their own series' statistics; the same windows without saying whose are refused.
  const Rows rows = {5, 12};
  const WindowTransforms per = window_transforms(s, p, rows);
  ASSERT_EQ(per.size(), 2u);
  EXPECT_EQ(per[0], &p.series_transforms.at("A"));
  EXPECT_EQ(per[1], &p.series_transforms.at("B"));
  const Tensor3<double> raw = raw_windows(s, p, rows);
  const Tensor3<float> x = encode_inputs(p, raw, per);
  EXPECT_NEAR(x.data[0], (13 - 12.5) / 1.707825127659933, 1e-6);  // A rows 3, 4
  EXPECT_NEAR(x.data[1], (14 - 12.5) / 1.707825127659933, 1e-6);
  EXPECT_NEAR(x.data[2], (100 - 102) / 1.632993161855452, 1e-6);  // B rows 10, 11
  EXPECT_NEAR(x.data[3], (102 - 102) / 1.632993161855452, 1e-6);
  EXPECT_THROW(encode_inputs(p, raw), ConfigError);
  const Tensor3<float> y = encode_targets(s, p, rows);  // targets 15 (A) and 104 (B)
  EXPECT_NEAR(y.data[0], (15 - 12.5) / 1.707825127659933, 1e-6);
  EXPECT_NEAR(y.data[1], (104 - 102) / 1.632993161855452, 1e-6);
  Tensor3<float> out(2, 1, 1);
  out.data = {1.0f, -1.0f};
  const Tensor3<double> back = decode_outputs(p, out, raw, per);
  EXPECT_NEAR(back.data[0], 12.5 + 1.707825127659933, 1e-6);
  EXPECT_NEAR(back.data[1], 102 - 1.632993161855452, 1e-6);

  // Refused together with a split by series, and on one series.
  PipelineConfig bad = config(1, Scaler::Standard);
  bad.scale_per = ScalePer::Series;
  bad.split_by = SplitBy::Series;
  EXPECT_THROW(fit_pipeline(s, bad, nullptr), ConfigError);
  Series one;
  one.names = {"x"};
  one.columns = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}};
  EXPECT_THROW(fit_pipeline(one, c, nullptr), ConfigError);
}

TEST(PanelShortSeries, SkippedWithAWarningNamingIt) {
  const Series s = parse_panel(kPanel).series;
  std::vector<Message> warnings;
  fit_pipeline(s, config(2), &warnings);
  const std::string w = joined(warnings);
  EXPECT_NE(w.find("1 of 3 series"), std::string::npos) << w;
  EXPECT_NE(w.find("\"C\""), std::string::npos) << w;
  EXPECT_EQ(w.find("\"A\""), std::string::npos) << w;
  // Window 5: A has 6 training rows (>= 6, kept), B 3 (skipped) and C: two skipped, both named.
  std::vector<Message> w5;
  const Pipeline p5 = fit_pipeline(s, config(5), &w5);
  EXPECT_NE(joined(w5).find("2 of 3 series"), std::string::npos) << joined(w5);
  EXPECT_NE(joined(w5).find("\"B\", \"C\""), std::string::npos) << joined(w5);
  EXPECT_EQ(p5.series_ids, (std::vector<std::string>{"A"}));
  EXPECT_EQ(split_rows(s, p5).train, (Rows{5}));
  // Window 6: none left is a DataError.
  EXPECT_THROW(fit_pipeline(s, config(6), nullptr), DataError);
  EXPECT_NE(error_of([&] { fit_pipeline(s, config(6), nullptr); }).find("every series is too short"),
            std::string::npos);
}

// A copy of the panel with a few cells missing: A's last value (line 19), B's first (line 3),
// B's fourth (line 12) and C's first (line 5).
std::string with_gaps() {
  std::string t = replaced(kPanel, "A,10,19\n", "A,10,\n");
  t = replaced(t, "B,1,100\n", "B,1,\n");
  t = replaced(t, "B,4,106\n", "B,4,\n");
  return replaced(t, "C,1,1000\n", "C,1,\n");
}

TEST(PanelMissing, InterpolationNeverCrossesASeries) {
  CsvTable t = parse_panel(with_gaps());
  ASSERT_EQ(t.missing.size(), 1u);
  EXPECT_EQ(t.missing[0].count, 4u);
  apply_missing_policy(t, MissingPolicy::Interpolate, {});
  const std::vector<double>& x = t.series.columns[0];
  EXPECT_EQ(x[9], 18);     // A's trailing cell: A's last known value (not towards B's 102)
  EXPECT_EQ(x[10], 102);   // B's leading cell: B's first known value (not from A's 18)
  EXPECT_EQ(x[13], 106);   // B's inner gap: halfway between 104 and 108
  EXPECT_EQ(x[16], 1001);  // C's leading cell: C's own
  EXPECT_TRUE(t.missing.empty());
}

TEST(PanelMissing, ForwardFillDoesNotCarryThePreviousSeriesValue) {
  CsvTable t = parse_panel(with_gaps());
  apply_missing_policy(t, MissingPolicy::FFill, {});
  const std::vector<double>& x = t.series.columns[0];
  EXPECT_EQ(x[9], 18);
  EXPECT_EQ(x[10], 102);  // not A's 18 carried over
  EXPECT_EQ(x[13], 104);  // the previous value of B
  EXPECT_EQ(x[16], 1001);
}

TEST(PanelMissing, DropKeepsTheSeriesStartsRight) {
  CsvTable t = parse_panel(with_gaps());
  apply_missing_policy(t, MissingPolicy::Drop, {});
  const Series& s = t.series;
  EXPECT_EQ(s.series_ids, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(s.series_starts, (Rows{0, 9, 13, 14}));  // A 9 rows, B 4, C 1
  EXPECT_EQ(s.columns[0], (std::vector<double>{10, 11, 12, 13, 14, 15, 16, 17, 18, 102, 104, 108, 110, 1001}));
  EXPECT_EQ(t.row_lines, (Rows{2, 4, 7, 8, 11, 13, 14, 16, 18, 6, 9, 15, 17, 10}));
  EXPECT_EQ(s.time_labels[9], "2");
  // A series left with no row disappears.
  CsvTable u = parse_panel(replaced(with_gaps(), "C,2,1001\n", "C,2,\n"));
  apply_missing_policy(u, MissingPolicy::Drop, {});
  EXPECT_EQ(u.series.series_ids, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(u.series.series_starts, (Rows{0, 9, 13}));
}

TEST(PanelMissing, ASeriesWithNoValueCannotBeFilled) {
  CsvTable t = parse_panel(replaced(with_gaps(), "C,2,1001\n", "C,2,\n"));
  const std::string e = error_of([&] { apply_missing_policy(t, MissingPolicy::Interpolate, {}); });
  EXPECT_NE(e.find("series \"C\""), std::string::npos) << e;
}

TEST(PanelBaselines, NeverReadAnotherSeries) {
  const Series s = parse_panel(kPanel).series;
  PipelineConfig c = config(1);
  c.season = 2;
  const Pipeline p = fit_pipeline(s, c, nullptr);
  // Persistence: the last value before the target row within its series; B's first row has none
  // (A's last value, 19, would be a cross-series read).
  const Tensor3<double> pers = persistence_forecast(s, p, {1, 9, 11, 15, 17});
  ASSERT_EQ(pers.data.size(), 5u);
  EXPECT_EQ(pers.data[0], 10);
  EXPECT_EQ(pers.data[1], 18);
  EXPECT_EQ(pers.data[2], 100);
  EXPECT_EQ(pers.data[3], 108);
  EXPECT_EQ(pers.data[4], 1000);
  // Seasonal naive (season 2): the value two rows back within the series, else none.
  const Tensor3<double> sn = seasonal_naive_forecast(s, p, {2, 11, 12, 17}, 2);
  EXPECT_EQ(sn.data[0], 10);
  EXPECT_TRUE(std::isnan(sn.data[1]));  // would be A's row 9 (19)
  EXPECT_EQ(sn.data[2], 100);
  EXPECT_TRUE(std::isnan(sn.data[3]));  // would be B's row 15 (110)
  const Tensor3<double> actual = actual_values(s, p, {9, 10, 17});
  EXPECT_EQ(actual.data, (std::vector<double>{19, 100, 1001}));
}

TEST(PanelMetrics, MaseScalesAreEachSeriesOwn) {
  const Series s = parse_panel(kPanel).series;
  PipelineConfig c = config(2);
  const Pipeline p = fit_pipeline(s, c, nullptr);
  // Mean |x_t - x_{t-1}| over each series' training rows: A rows 0..5 -> 1, B rows 10..12 -> 2,
  // C row 16 alone -> no difference, 0.
  const auto scales = mase_scales_per_series(s, p);
  ASSERT_EQ(scales.size(), 3u);
  EXPECT_EQ(scales[0], (std::vector<double>{1}));
  EXPECT_EQ(scales[1], (std::vector<double>{2}));
  EXPECT_EQ(scales[2], (std::vector<double>{0}));
  c.season = 2;  // |x_t - x_{t-2}|: A 2, B 4
  const auto seasonal = mase_scales_per_series(s, fit_pipeline(s, c, nullptr));
  EXPECT_EQ(seasonal[0], (std::vector<double>{2}));
  EXPECT_EQ(seasonal[1], (std::vector<double>{4}));
  EXPECT_EQ(window_mase_scales(s, scales, {2, 9, 12, 15}), (std::vector<double>{1, 1, 2, 2}));

  // Pooled MASE scales each error by its own series: errors 1 (A) and 2 (B) are both one scale.
  Tensor3<double> actual(2, 1, 1), predicted(2, 1, 1);
  actual.data = {12, 104};
  predicted.data = {13, 102};
  const Metrics m = compute_metrics_scaled(actual, predicted, {1, 2});
  EXPECT_DOUBLE_EQ(m.mase, 1.0);
  EXPECT_DOUBLE_EQ(m.mae, 1.5);
  EXPECT_DOUBLE_EQ(m.rmse, std::sqrt(2.5));
  EXPECT_EQ(m.count, 2u);
}

}  // namespace
}  // namespace rnnwb
