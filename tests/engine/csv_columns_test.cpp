// Issue 15, files a user expects to open: text columns left out (asked for, or every text column),
// the time column chosen anywhere, decimal commas detected or asked for, and the messages when a
// cell cannot be read; the choices kept in a session.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "app/cli/cli_wording.hpp"
#include "engine/core/error.hpp"
#include "engine/data/csv_loader.hpp"
#include "engine/io/session_file.hpp"

namespace rnnwb {
namespace {

template <class F>
std::string data_error(F&& f) {
  try {
    f();
  } catch (const DataError& e) {
    return cli::cli_words(e);
  }
  return "";
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const char* const kTextColumn =
    "date,city,sales,notes\n2001-01-01,Bern,1.5,ok\n2001-01-02,Basel,2.5,late\n2001-01-03,Chur,3.5,ok\n";

TEST(CsvTextColumns, RefusedWithTheColumnLineValueAndBothFlags) {
  const std::string msg = data_error([] { parse_csv(kTextColumn, {}, "shop.csv"); });
  EXPECT_TRUE(contains(msg, "shop.csv line 2, column \"city\": \"Bern\" is not a number")) << msg;
  EXPECT_TRUE(contains(msg, "pass --ignore-columns city")) << msg;
  EXPECT_TRUE(contains(msg, "pass --time-column city")) << msg;
}

TEST(CsvTextColumns, IgnoredByNameAndByNumber) {
  CsvOptions o;
  o.ignore_columns = {"city", "4"};
  const CsvTable t = parse_csv(kTextColumn, o);
  EXPECT_EQ(t.series.names, std::vector<std::string>{"sales"});
  EXPECT_EQ(t.series.time_name, "date");
  ASSERT_EQ(t.series.rows(), 3u);
  EXPECT_DOUBLE_EQ(t.series.columns[0][2], 3.5);
  ASSERT_EQ(t.ignored.size(), 2u);
  EXPECT_EQ(t.ignored[0].name, "city");
  EXPECT_EQ(t.ignored[1].name, "notes");
  EXPECT_EQ(ignored_reason(t.ignored[0]), "asked");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"date", "city", "sales", "notes"}));
}

TEST(CsvTextColumns, UnknownIgnoredColumnListsTheColumns) {
  CsvOptions o;
  o.ignore_columns = {"town"};
  const std::string msg = data_error([&] { parse_csv(kTextColumn, o); });
  EXPECT_TRUE(contains(msg, "column to ignore \"town\" not found")) << msg;
  EXPECT_TRUE(contains(msg, "\"date\", \"city\", \"sales\", \"notes\"")) << msg;
  o.ignore_columns = {"9"};
  EXPECT_TRUE(contains(data_error([&] { parse_csv(kTextColumn, o); }), "has 4 columns"));
  o.ignore_columns = {"date"};
  o.time_column = "date";
  EXPECT_TRUE(contains(data_error([&] { parse_csv(kTextColumn, o); }), "cannot also be ignored"));
}

TEST(CsvTextColumns, EveryTextColumnLeftOutSaysWhereTheTextWas) {
  CsvOptions o;
  o.ignore_text_columns = true;
  const CsvTable t = parse_csv(kTextColumn, o);
  EXPECT_EQ(t.series.names, std::vector<std::string>{"sales"});
  ASSERT_EQ(t.ignored.size(), 2u);
  EXPECT_EQ(t.ignored[0].name, "city");
  EXPECT_EQ(t.ignored[0].line, 2u);
  EXPECT_EQ(t.ignored[0].text, "Bern");
  EXPECT_EQ(ignored_reason(t.ignored[1]), "text found at line 2: \"ok\"");
}

TEST(CsvTextColumns, TextInANumericColumnLaterIsStillAnError) {
  // One bad cell must not drop a column of numbers silently.
  std::string text = "t,v\n";
  for (int i = 0; i < 60; ++i) text += std::to_string(i) + "," + std::to_string(i * 2) + "\n";
  text += "60,oops\n";
  CsvOptions o;
  o.ignore_text_columns = true;
  const std::string msg = data_error([&] { parse_csv(text, o); });
  EXPECT_TRUE(contains(msg, "line 62, column \"v\": \"oops\" is not a number")) << msg;
}

TEST(CsvTimeColumn, AnyColumnCanBeChosen) {
  CsvOptions o;
  o.time_column = "city";
  o.ignore_columns = {"notes", "date"};
  const CsvTable t = parse_csv(kTextColumn, o);
  EXPECT_EQ(t.series.time_name, "city");
  EXPECT_EQ(t.series.time_labels, (std::vector<std::string>{"Bern", "Basel", "Chur"}));
  // The column "date", no longer the time column, is then text: refused unless left out.
  CsvOptions city;
  city.time_column = "city";
  city.ignore_columns = {"notes"};
  const std::string msg = data_error([&] { parse_csv(kTextColumn, city); });
  EXPECT_TRUE(contains(msg, "column \"date\": \"2001-01-01\" is not a number")) << msg;
  CsvOptions last;
  last.time_column = "2";
  const CsvTable l = parse_csv("v,date\n1,2001-01-01\n2,2001-01-02\n", last);
  EXPECT_EQ(l.series.time_name, "date");
  EXPECT_EQ(l.series.names, std::vector<std::string>{"v"});
}

TEST(CsvTimeColumn, NoTimeColumnKeepsAYearColumnAsNumbers) {
  CsvOptions o;
  o.no_time_column = true;
  const CsvTable t = parse_csv("year,v\n2001,1\n2002,2\n", o);
  EXPECT_TRUE(t.series.time_name.empty());
  EXPECT_EQ(t.series.names, (std::vector<std::string>{"year", "v"}));
  EXPECT_EQ(parse_csv("year,v\n2001,1\n2002,2\n").series.time_name, "year");
}

TEST(CsvDecimal, SemicolonFileWithDecimalCommasAndThousandPoints) {
  const CsvTable t = parse_csv("date;temp;sales\n2001-01;95,6;1.234,5\n2001-02;-0,25;12\n2001-03;NA;2.000.001\n");
  EXPECT_EQ(t.delimiter, ';');
  EXPECT_EQ(t.decimal, ',');
  EXPECT_TRUE(t.has_header);
  EXPECT_EQ(t.series.names, (std::vector<std::string>{"temp", "sales"}));
  EXPECT_DOUBLE_EQ(t.series.columns[0][0], 95.6);
  EXPECT_DOUBLE_EQ(t.series.columns[0][1], -0.25);
  EXPECT_TRUE(std::isnan(t.series.columns[0][2]));
  EXPECT_DOUBLE_EQ(t.series.columns[1][0], 1234.5);
  EXPECT_DOUBLE_EQ(t.series.columns[1][2], 2000001.0);
}

TEST(CsvDecimal, TabFileIsDetectedAndPointFilesStayPoint) {
  EXPECT_DOUBLE_EQ(parse_csv("a\tb\n1,5\t2\n3\t4,75\n").series.columns[1][1], 4.75);
  const CsvTable p = parse_csv("a;b\n1.5;2\n3;4.75\n");
  EXPECT_EQ(p.decimal, '.');
  EXPECT_DOUBLE_EQ(p.series.columns[0][0], 1.5);
}

TEST(CsvDecimal, QuotedCommaNumberInACommaFileIsTextAndSaysSo) {
  const std::string msg = data_error([] { parse_csv("a,b\n1,\"95,6\"\n2,\"96,1\"\n", {}, "x.csv"); });
  EXPECT_TRUE(contains(msg, "x.csv line 2, column \"b\": \"95,6\" looks like a number with a decimal comma")) << msg;
  EXPECT_TRUE(contains(msg, "use --decimal comma")) << msg;
  CsvOptions o;
  o.decimal = ',';
  EXPECT_DOUBLE_EQ(parse_csv("a,b\n1,\"95,6\"\n2,\"96,1\"\n", o).series.columns[1][1], 96.1);
}

TEST(CsvDecimal, PointAskedOnACommaFileNamesTheHeaderLineNotAColumnOfIt) {
  CsvOptions o;
  o.decimal = '.';
  const std::string msg = data_error([&] { parse_csv("gdp;cpi\n95,6;1,5\n96,1;1,7\n", o, "eu.csv"); });
  // The header is not taken for data: the message says what line 1 looks like and what to check.
  EXPECT_TRUE(contains(msg, "eu.csv line 1")) << msg;
  EXPECT_TRUE(contains(msg, "looks like a header")) << msg;
  EXPECT_TRUE(contains(msg, "decimal mark")) << msg;
  EXPECT_FALSE(contains(msg, "only the time column may hold text")) << msg;
}

TEST(CsvDecimal, BadThousandsGroupingIsNotANumber) {
  CsvOptions o;
  o.decimal = ',';
  o.delimiter = ';';
  EXPECT_TRUE(contains(data_error([&] { parse_csv("a;b\n1;1.23,5\n", o); }), "\"1.23,5\" is not a number"));
  EXPECT_TRUE(contains(data_error([&] { parse_csv("a;b\n1;1,5.3\n", o); }), "\"1,5.3\" is not a number"));
  o.decimal = ';';
  EXPECT_TRUE(contains(data_error([&] { parse_csv("a;b\n1;2\n", o); }), "decimal mark"));
}

TEST(CsvSession, ReadingChoicesRoundTrip) {
  const auto dir = std::filesystem::temp_directory_path() / ("rnnwb_csv_session_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  Session s;
  s.data_source = "/data/shop.csv";
  s.data_sha256 = std::string(64, 'a');
  s.pipeline.targets = {"sales"};
  s.pipeline.window = 2;
  s.csv.time_column = "city";
  s.csv.ignore_columns = {"notes", "4"};
  s.csv.ignore_text_columns = true;
  s.csv.decimal = ',';
  const std::string path = (dir / "s.rnnwb").string();
  save_session(path, s);
  const Session back = load_session(path);
  EXPECT_EQ(back.csv.time_column, "city");
  EXPECT_EQ(back.csv.ignore_columns, (std::vector<std::string>{"notes", "4"}));
  EXPECT_TRUE(back.csv.ignore_text_columns);
  EXPECT_FALSE(back.csv.no_time_column);
  EXPECT_EQ(back.csv.decimal, ',');
  s.csv = {};
  s.csv.no_time_column = true;
  save_session(path, s);
  EXPECT_TRUE(load_session(path).csv.no_time_column);
  EXPECT_EQ(load_session(path).csv.decimal, 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rnnwb
