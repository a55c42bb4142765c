// CSV loader: delimiters, quoting, line ends, header and time-column detection, the shared sample
// files, missing cells and their policies, and the error messages.
#include "engine/data/csv_loader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "app/cli/cli_wording.hpp"
#include "engine/core/error.hpp"
#include "engine/data/panel.hpp"

namespace rnnwb {
namespace {

// The message of the DataError that `f` throws, or "" when it throws none.
template <class F>
std::string data_error(F&& f) {
  try {
    f();
  } catch (const DataError& e) {
    return cli::cli_words(e);  // as the command line says it
  }
  return "";
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(CsvDelimiter, CommaSemicolonAndTabAreDetected) {
  for (const char d : {',', ';', '\t'}) {
    std::string text = "a,b,c\n1,2.5,-3\n4,5e1,6\n";
    for (auto& c : text)
      if (c == ',') c = d;
    const CsvTable t = parse_csv(text);
    EXPECT_EQ(t.delimiter, d);
    EXPECT_TRUE(t.has_header);
    ASSERT_EQ(t.series.names, (std::vector<std::string>{"a", "b", "c"}));
    ASSERT_EQ(t.series.rows(), 2u);
    EXPECT_DOUBLE_EQ(t.series.columns[1][0], 2.5);
    EXPECT_DOUBLE_EQ(t.series.columns[1][1], 50.0);
    EXPECT_DOUBLE_EQ(t.series.columns[2][0], -3.0);
    EXPECT_TRUE(t.series.time_name.empty());
    EXPECT_TRUE(t.series.time_labels.empty());
  }
}

TEST(CsvDelimiter, SemicolonFileWithDecimalCommasIsSemicolon) {
  // Without a header, commas also split every line consistently; the semicolon leaves fewer
  // non-numeric cells... equally few here, and wins the tie. The decimal comma is then detected
  // (issue 15: it used to be refused as "not a number").
  const CsvTable t = parse_csv("x;y\n1;2\n3;4\n");
  EXPECT_EQ(t.delimiter, ';');
  const CsvTable c = parse_csv("1,5;2,5\n3,5;4,5\n");
  EXPECT_EQ(c.delimiter, ';');
  EXPECT_EQ(c.decimal, ',');
  ASSERT_EQ(c.series.columns.size(), 2u);
  EXPECT_DOUBLE_EQ(c.series.columns[0][0], 1.5);
  EXPECT_DOUBLE_EQ(c.series.columns[1][1], 4.5);
}

TEST(CsvDelimiter, ExplicitDelimiterAndSingleColumn) {
  CsvOptions o;
  o.delimiter = ';';
  const CsvTable t = parse_csv("a;b\n1;2\n", o);
  EXPECT_EQ(t.series.names.size(), 2u);
  const CsvTable single = parse_csv("value\n1\n2\n3\n");
  ASSERT_EQ(single.series.names, (std::vector<std::string>{"value"}));
  EXPECT_EQ(single.series.rows(), 3u);
  EXPECT_DOUBLE_EQ(single.series.columns[0][2], 3.0);
}

TEST(CsvQuotes, EmbeddedDelimiterQuoteAndNewline) {
  const std::string text =
      "\"when\",\"a,b\",\"say \"\"hi\"\"\"\n"
      "\"2001-01-01, noon\",1,\"2\"\n"
      "\"two\nlines\",3,4\n"
      "\"x \"\"y\"\"\",5,6\n"
      "plain,oops\n";
  const std::string msg = data_error([&] { parse_csv(text); });
  // The row after the two-line field is on file line 6.
  EXPECT_TRUE(contains(msg, "line 6")) << msg;
  const CsvTable t = parse_csv(text.substr(0, text.rfind("plain")));
  EXPECT_EQ(t.delimiter, ',');
  EXPECT_EQ(t.series.time_name, "when");
  ASSERT_EQ(t.series.names, (std::vector<std::string>{"a,b", "say \"hi\""}));
  ASSERT_EQ(t.series.time_labels, (std::vector<std::string>{"2001-01-01, noon", "two\nlines", "x \"y\""}));
  EXPECT_DOUBLE_EQ(t.series.columns[1][0], 2.0);  // a quoted number is a number
  EXPECT_DOUBLE_EQ(t.series.columns[0][2], 5.0);
  EXPECT_EQ(t.line_of_row(0), 2u);
  EXPECT_EQ(t.line_of_row(1), 3u);
  EXPECT_EQ(t.line_of_row(2), 5u);
  EXPECT_EQ(t.line_of_row(99), 0u);
}

TEST(CsvQuotes, UnclosedQuoteAndTextAfterQuoteAreExplained) {
  std::string msg = data_error([] { parse_csv("a,b\n1,\"2\n3,4\n"); });
  EXPECT_TRUE(contains(msg, "line 2")) << msg;
  EXPECT_TRUE(contains(msg, "never closed")) << msg;
  msg = data_error([] { parse_csv("a,b\n1,\"2\"x\n", CsvOptions{.delimiter = ','}); });
  EXPECT_TRUE(contains(msg, "after the closing quote")) << msg;
}

TEST(CsvLineEnds, CrlfBlankLinesAndSpaces) {
  const CsvTable t = parse_csv("a , b\r\n\r\n 1 ,  2\r\n   \r\n3,4\r\n\r\n");
  ASSERT_EQ(t.series.names, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(t.series.rows(), 2u);
  EXPECT_DOUBLE_EQ(t.series.columns[0][0], 1.0);
  EXPECT_DOUBLE_EQ(t.series.columns[1][1], 4.0);
  EXPECT_EQ(t.line_of_row(0), 3u);
  EXPECT_EQ(t.line_of_row(1), 5u);
  // No trailing newline at all.
  EXPECT_EQ(parse_csv("a,b\n1,2").series.rows(), 1u);
}

TEST(CsvLineEnds, Utf8BomIsSkipped) {
  const CsvTable t = parse_csv(
      "\xEF\xBB\xBF"
      "date,x\n2001-01-01,1\n2001-01-02,2\n");
  EXPECT_EQ(t.series.time_name, "date");
  ASSERT_EQ(t.series.names, (std::vector<std::string>{"x"}));
  EXPECT_EQ(t.series.time_labels.front(), "2001-01-01");
}

TEST(CsvHeader, DetectedOrNot) {
  const CsvTable with = parse_csv("x,y\n1,2\n3,4\n");
  EXPECT_TRUE(with.has_header);
  EXPECT_EQ(with.series.rows(), 2u);

  const CsvTable without = parse_csv("1,2\n3,4\n5,6\n");
  EXPECT_FALSE(without.has_header);
  ASSERT_EQ(without.series.names, (std::vector<std::string>{"col1", "col2"}));
  EXPECT_EQ(without.series.rows(), 3u);
  EXPECT_DOUBLE_EQ(without.series.columns[0][0], 1.0);
  EXPECT_EQ(without.line_of_row(0), 1u);

  // Text dates and no header: the first column is the time column, named col1.
  const CsvTable dates = parse_csv("2001-03-04,1.5\n2001-03-05,2.5\n");
  EXPECT_FALSE(dates.has_header);
  EXPECT_EQ(dates.series.time_name, "col1");
  ASSERT_EQ(dates.series.names, (std::vector<std::string>{"col2"}));
  EXPECT_EQ(dates.series.time_labels, (std::vector<std::string>{"2001-03-04", "2001-03-05"}));

  // Forced either way.
  CsvOptions o;
  o.header = 1;
  const CsvTable forced = parse_csv("1,2\n3,4\n", o);
  EXPECT_EQ(forced.series.names, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(forced.series.rows(), 1u);
  o.header = 0;
  EXPECT_EQ(parse_csv("1,2\n3,4\n", o).series.rows(), 2u);
}

TEST(CsvTimeColumn, TextDatesAreDetected) {
  const CsvTable t = parse_csv("when,v\nJan-1-1995,1\nFeb-1-1995,2\n1959Q1,3\n");
  EXPECT_EQ(t.series.time_name, "when");
  EXPECT_EQ(t.series.time_labels, (std::vector<std::string>{"Jan-1-1995", "Feb-1-1995", "1959Q1"}));
  EXPECT_EQ(t.series.names, (std::vector<std::string>{"v"}));
}

TEST(CsvTimeColumn, NumericFirstColumnIsTimeOnlyByItsName) {
  const CsvTable year = parse_csv("\"YEAR\",\"SUNACTIVITY\"\n1700,5\n1701,11\n");
  EXPECT_EQ(year.series.time_name, "YEAR");
  EXPECT_EQ(year.series.time_labels, (std::vector<std::string>{"1700", "1701"}));
  EXPECT_EQ(year.series.names, (std::vector<std::string>{"SUNACTIVITY"}));

  const CsvTable feature = parse_csv("index,v\n1,5\n2,11\n");
  EXPECT_TRUE(feature.series.time_name.empty());
  EXPECT_EQ(feature.series.names, (std::vector<std::string>{"index", "v"}));
}

TEST(CsvTimeColumn, ExplicitByNameAndByNumber) {
  const std::string text = "a,stamp,b\n1,100,2\n3,101,4\n";
  CsvOptions o;
  o.time_column = "stamp";
  CsvTable t = parse_csv(text, o);
  EXPECT_EQ(t.series.time_name, "stamp");
  EXPECT_EQ(t.series.time_labels, (std::vector<std::string>{"100", "101"}));
  EXPECT_EQ(t.series.names, (std::vector<std::string>{"a", "b"}));
  EXPECT_DOUBLE_EQ(t.series.columns[1][1], 4.0);

  o.time_column = "2";
  t = parse_csv(text, o);
  EXPECT_EQ(t.series.time_name, "stamp");
  EXPECT_EQ(t.series.names, (std::vector<std::string>{"a", "b"}));

  o.time_column = "nope";
  std::string msg = data_error([&] { parse_csv(text, o); });
  EXPECT_TRUE(contains(msg, "\"nope\" not found")) << msg;
  o.time_column = "7";
  msg = data_error([&] { parse_csv(text, o); });
  EXPECT_TRUE(contains(msg, "has 3 columns")) << msg;
}

TEST(CsvTimeColumn, SecondTextColumnIsAnError) {
  const std::string msg = data_error([] { parse_csv("date,name,v\n2001-01-01,abc,1\n"); });
  EXPECT_TRUE(contains(msg, "line 2")) << msg;
  EXPECT_TRUE(contains(msg, "column \"name\"")) << msg;
  EXPECT_TRUE(contains(msg, "\"abc\" is not a number")) << msg;
}

// Real series kept in the repository (tests/data/README.md says where they come from).
const std::filesystem::path kTestData = RNNWB_TEST_DATA_DIR;

TEST(CsvSharedFiles, Sunspots) {
  const CsvTable t = load_csv((kTestData / "sunspots.csv").string());
  EXPECT_TRUE(t.has_header);
  EXPECT_EQ(t.series.rows(), 309u);
  EXPECT_EQ(t.series.time_name, "YEAR");
  ASSERT_EQ(t.series.names, (std::vector<std::string>{"SUNACTIVITY"}));
  EXPECT_EQ(t.series.time_labels.front(), "1700");
  EXPECT_EQ(t.series.time_labels.back(), "2008");
  EXPECT_DOUBLE_EQ(t.series.columns[0].front(), 5.0);
  EXPECT_DOUBLE_EQ(t.series.columns[0].back(), 2.9);
  EXPECT_TRUE(t.missing.empty());
}

TEST(CsvSharedFiles, Macrodata) {
  const CsvTable t = load_csv((kTestData / "macrodata.csv").string());
  EXPECT_EQ(t.series.rows(), 203u);
  EXPECT_EQ(t.series.time_name, "year");
  const std::vector<std::string> names = {"quarter", "realgdp",  "realcons", "realinv", "realgovt", "realdpi", "cpi",
                                          "m1",      "tbilrate", "unemp",    "pop",     "infl",     "realint"};
  ASSERT_EQ(t.series.names, names);
  EXPECT_EQ(t.series.time_labels.front(), "1959");
  EXPECT_EQ(t.series.time_labels.back(), "2009");
  EXPECT_DOUBLE_EQ(t.series.columns[1].front(), 2710.349);
  EXPECT_DOUBLE_EQ(t.series.columns[1].back(), 12990.341);
  EXPECT_DOUBLE_EQ(t.series.columns[12].back(), -3.44);
  EXPECT_DOUBLE_EQ(t.series.columns[0].back(), 3.0);
}

TEST(CsvSharedFiles, ElecEquip) {
  const CsvTable t = load_csv((kTestData / "elec_equip.csv").string());
  EXPECT_EQ(t.series.rows(), 257u);
  EXPECT_EQ(t.series.time_name, "DATE");
  ASSERT_EQ(t.series.names, (std::vector<std::string>{"STS.M.I7.W.TOVT.NS0016.4.000"}));
  ASSERT_EQ(t.series.time_labels.size(), 257u);
  EXPECT_EQ(t.series.time_labels.front(), "Jan-1-1995");
  EXPECT_EQ(t.series.time_labels[1], "Feb-1-1995");
  EXPECT_EQ(t.series.time_labels.back(), "May-1-2016");
  EXPECT_DOUBLE_EQ(t.series.columns[0].front(), 66.19);
  EXPECT_DOUBLE_EQ(t.series.columns[0].back(), 97.86);
  EXPECT_EQ(t.line_of_row(256), 258u);
}

TEST(CsvLoad, MissingFileNamesPathAndReason) {
  const std::string path = "/nonexistent-dir-rnnwb/data.csv";
  std::string msg = data_error([&] { load_csv(path); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "No such file")) << msg;
  msg = data_error([] { load_csv(std::filesystem::temp_directory_path().string()); });
  EXPECT_TRUE(contains(msg, "directory")) << msg;
}

TEST(CsvLoad, ErrorsNameTheFile) {
  const auto path = std::filesystem::temp_directory_path() / "rnnwb_csv_loader_test_price.csv";
  {
    std::ofstream f(path);
    f << "day;price\n";
    for (int i = 1; i <= 15; ++i) f << "d" << i << ";" << i << "\n";
    f << "d16;12/5\n";  // (issue 15: "12,5" in a semicolon file now reads as 12.5)
  }
  const std::string msg = data_error([&] { load_csv(path.string()); });
  std::filesystem::remove(path);
  EXPECT_TRUE(contains(msg, path.string() + " line 17, column \"price\": \"12/5\" is not a number "
                                            "(check the delimiter or the decimal separator"))
      << msg;
}

TEST(CsvMissing, CellsAreCountedAndReported) {
  const CsvTable t = parse_csv("time,x,y\n1,1,NA\n2,,2\n3,n/a,null\n4,NaN,4\n5,nan,5\n6,N/A,6\n7,7,7\n8,NULL,8\n");
  EXPECT_EQ(t.series.time_name, "time");
  ASSERT_EQ(t.missing.size(), 2u);
  EXPECT_EQ(t.missing[0].name, "x");
  EXPECT_EQ(t.missing[0].count, 6u);
  EXPECT_EQ(t.missing[0].first_rows, (std::vector<std::size_t>{3, 4, 5, 6, 7}));
  EXPECT_EQ(t.missing[1].name, "y");
  EXPECT_EQ(t.missing[1].count, 2u);
  EXPECT_EQ(t.missing[1].first_rows, (std::vector<std::size_t>{2, 4}));
  EXPECT_TRUE(std::isnan(t.series.columns[0][1]));
  const std::string report = describe_missing(t);
  EXPECT_TRUE(contains(report, "8 missing cells in 2 columns")) << report;
  EXPECT_TRUE(contains(report, "\"x\": 6 (lines 3, 4, 5, 6, 7, ...)")) << report;
  EXPECT_TRUE(contains(report, "\"y\": 2 (lines 2, 4)")) << report;
  EXPECT_EQ(describe_missing(parse_csv("a\n1\n")), "no missing cells");
}

const char* kGappy = "x,other\n1,10\nNA,\n3,30\nNA,40\nNA,50\n9,60\n";

TEST(CsvMissingPolicy, InterpolateIsLinearBetweenNeighbours) {
  CsvTable t = parse_csv(kGappy);
  const std::string note = apply_missing_policy(t, MissingPolicy::Interpolate, {"x"});
  EXPECT_EQ(t.series.columns[0], (std::vector<double>{1, 2, 3, 5, 7, 9}));
  EXPECT_TRUE(contains(note, "interpolated 3 cells in column \"x\"")) << note;
  EXPECT_TRUE(std::isnan(t.series.columns[1][1]));  // other columns untouched
  ASSERT_EQ(t.missing.size(), 1u);
  EXPECT_EQ(t.missing[0].name, "other");
}

TEST(CsvMissingPolicy, InterpolateEdgesTakeNearestKnownValue) {
  CsvTable t = parse_csv("x\nNA\n2\nNA\n4\nNA\nNA\n");
  const std::string note = apply_missing_policy(t, MissingPolicy::Interpolate, {"x"});
  EXPECT_EQ(t.series.columns[0], (std::vector<double>{2, 2, 3, 4, 4, 4}));
  EXPECT_TRUE(contains(note, "1 leading cell took the first known value")) << note;
  EXPECT_TRUE(contains(note, "2 trailing cells took the last known value")) << note;
  EXPECT_TRUE(t.missing.empty());
}

TEST(CsvMissingPolicy, ForwardFill) {
  CsvTable t = parse_csv("x\nNA\n1\nNA\n3\nNA\nNA\n9\n");
  const std::string note = apply_missing_policy(t, MissingPolicy::FFill, {"x"});
  EXPECT_EQ(t.series.columns[0], (std::vector<double>{1, 1, 1, 3, 3, 3, 9}));
  EXPECT_TRUE(contains(note, "forward-filled 4 cells in column \"x\"")) << note;
  EXPECT_TRUE(contains(note, "1 leading cell took the first known value")) << note;
}

TEST(CsvMissingPolicy, DropRemovesRowsEverywhereAndKeepsLines) {
  CsvTable t = parse_csv("date,x,y\nd1,1,10\nd2,NA,20\nd3,3,\nd4,4,40\nd5,,50\n");
  const std::string note = apply_missing_policy(t, MissingPolicy::Drop, {"x"});
  EXPECT_TRUE(contains(note, "dropped 2 of 5 rows")) << note;
  EXPECT_TRUE(contains(note, "lines 3, 6")) << note;
  EXPECT_EQ(t.series.columns[0], (std::vector<double>{1, 3, 4}));
  ASSERT_EQ(t.series.columns[1].size(), 3u);
  EXPECT_TRUE(std::isnan(t.series.columns[1][1]));  // y's own gap stays: y was not named
  EXPECT_EQ(t.series.time_labels, (std::vector<std::string>{"d1", "d3", "d4"}));
  EXPECT_EQ(t.row_lines, (std::vector<std::size_t>{2, 4, 5}));
  EXPECT_EQ(t.line_of_row(1), 4u);
  ASSERT_EQ(t.missing.size(), 1u);
  EXPECT_EQ(t.missing[0].first_rows, (std::vector<std::size_t>{4}));
}

TEST(CsvMissingPolicy, ErrorPolicyListsCountsLinesAndTheFix) {
  CsvTable t = parse_csv(kGappy);
  const std::string msg = data_error([&] { apply_missing_policy(t, MissingPolicy::Error, {"x", "other"}); });
  EXPECT_TRUE(contains(msg, "\"x\" 3 (lines 3, 5, 6)")) << msg;
  EXPECT_TRUE(contains(msg, "\"other\" 1 (line 3)")) << msg;
  EXPECT_TRUE(contains(msg, "use --missing interpolate|ffill|drop")) << msg;
  // Nothing missing in the named columns: fine.
  CsvTable clean = parse_csv("a,b\n1,\n2,3\n");
  EXPECT_NO_THROW(apply_missing_policy(clean, MissingPolicy::Error, {"a"}));
}

TEST(CsvMissingPolicy, AllMissingAndUnknownColumnsAreRefused) {
  CsvTable t = parse_csv("a,b\n1,\n2,NA\n");
  std::string msg = data_error([&] { apply_missing_policy(t, MissingPolicy::Interpolate, {"b"}); });
  EXPECT_TRUE(contains(msg, "\"b\"")) << msg;
  EXPECT_TRUE(contains(msg, "all 2 cells are missing")) << msg;
  msg = data_error([&] { apply_missing_policy(t, MissingPolicy::Drop, {"zzz"}); });
  EXPECT_TRUE(contains(msg, "unknown column \"zzz\"")) << msg;
}

TEST(CsvMissingPolicy, NamesParseAndPrint) {
  for (const auto p : {MissingPolicy::Error, MissingPolicy::Interpolate, MissingPolicy::FFill, MissingPolicy::Drop})
    EXPECT_EQ(parse_missing_policy(to_string(p)), p);
  const std::string msg = data_error([] { parse_missing_policy("mean"); });
  EXPECT_TRUE(contains(msg, "error, interpolate, ffill, drop")) << msg;
}

TEST(CsvErrors, NonNumericCellNamesLineColumnAndText) {
  const std::string msg = data_error([] { parse_csv("a,price\n1,2\n3,4x\n", {}, "data.csv"); });
  // Issue 15: the message also says how the file was read.
  EXPECT_EQ(msg,
            "data.csv line 3, column \"price\": \"4x\" is not a number (check the delimiter or the "
            "decimal separator; the file is read with the comma delimiter and '.' as the decimal mark)");
  const std::string inf = data_error([] { parse_csv("a\n1\ninf\n"); });
  EXPECT_TRUE(contains(inf, "not a finite number")) << inf;
}

TEST(CsvErrors, RaggedRowsNameLineAndCounts) {
  std::string msg = data_error([] { parse_csv("a,b,c\n1,2,3\n4,5\n", {}, "r.csv"); });
  EXPECT_TRUE(contains(msg, "r.csv line 3: 2 fields, but the header has 3")) << msg;
  msg = data_error([] { parse_csv("1,2\n3,4,5\n"); });
  EXPECT_TRUE(contains(msg, "line 2: 3 fields, but the first row has 2")) << msg;
}

TEST(CsvErrors, EmptyHeaderOnlyAndNoNumericColumn) {
  for (const char* empty : {"", "\n\n", "\xEF\xBB\xBF", "  \r\n"}) {
    const std::string msg = data_error([&] { parse_csv(empty, {}, "e.csv"); });
    EXPECT_TRUE(contains(msg, "e.csv is empty")) << msg;
  }
  std::string msg = data_error([] { parse_csv("a,b\n"); });
  EXPECT_TRUE(contains(msg, "header line but no data rows")) << msg;
  msg = data_error([] { parse_csv("price\n"); });
  EXPECT_TRUE(contains(msg, "header line but no data rows")) << msg;
  msg = data_error([] { parse_csv("date\n2001-01-01\n2001-01-02\n"); });
  EXPECT_TRUE(contains(msg, "no numeric column")) << msg;
}

TEST(CsvErrors, DuplicateAndEmptyHeaderNames) {
  std::string msg = data_error([] { parse_csv("a,b,a\n1,2,3\n"); });
  EXPECT_TRUE(contains(msg, "columns 1 and 3 are both named \"a\"")) << msg;
  EXPECT_TRUE(contains(msg, "rename")) << msg;
  msg = data_error([] { parse_csv("a,,c\n1,2,3\n"); });
  EXPECT_TRUE(contains(msg, "column 2 of the header has no name")) << msg;
}

TEST(CsvErrors, ArbitraryBytesNeverCrash) {
  std::mt19937 rng(7);
  const std::string alphabet = "0123456789.,;\t\"\r\n -+eENAa\xEF\xBB\xBF";
  for (int i = 0; i < 3000; ++i) {
    std::string text(rng() % 64, ' ');
    for (auto& c : text) c = alphabet[rng() % alphabet.size()];
    try {
      CsvTable t = parse_csv(text);
      for (const auto& col : t.series.columns) EXPECT_EQ(col.size(), t.series.rows());
      EXPECT_EQ(t.row_lines.size(), t.series.rows());
      for (const auto p : {MissingPolicy::Interpolate, MissingPolicy::Drop}) {
        CsvTable copy = t;
        try {
          apply_missing_policy(copy, p, {});
        } catch (const DataError&) {
        }
      }
    } catch (const DataError&) {
    }
  }
}

}  // namespace
}  // namespace rnnwb

// The series column a front end suggests: a text column whose labels repeat (an id column the
// loader took as the time column), never a numeric time column or labels that are all different.
TEST(SuggestSeriesColumn, ATextColumnWithRepeatedLabelsIsSuggested) {
  using rnnwb::parse_csv;
  using rnnwb::suggest_series_column;
  EXPECT_EQ(suggest_series_column(parse_csv("id,v\nA,1\nA,2\nB,3\n").series), "id");
  EXPECT_EQ(suggest_series_column(parse_csv("date,v\n2020-01-01,1\n2020-01-02,2\n").series), "");
  EXPECT_EQ(suggest_series_column(parse_csv("t,v\n1,1\n1,2\n2,3\n").series), "");
  EXPECT_EQ(suggest_series_column(parse_csv("v,w\n1,1\n2,2\n").series), "");
  rnnwb::CsvOptions grouped;
  grouped.series_column = "id";
  EXPECT_EQ(suggest_series_column(parse_csv("id,v\nA,1\nA,2\nB,3\n", grouped).series), "");  // a panel already
}
