// Issue 15, sensible defaults: the default target skips calendar fields and index columns (on
// made-up tables and on the shared files); and the log transform's refusal names the file line
// and the time label of the bad value.
#include "engine/data/column_roles.hpp"

#include <gtest/gtest.h>

#include <string>

#include "engine/core/error.hpp"
#include "engine/data/csv_loader.hpp"
#include "engine/data/log_check.hpp"

namespace rnnwb {
namespace {

std::string data(const std::string& file) { return std::string(RNNWB_TEST_DATA_DIR) + "/" + file; }

TEST(DefaultTarget, MacrodataSkipsYearAndQuarter) {
  const CsvTable t = load_csv(data("macrodata.csv"));
  ASSERT_EQ(t.series.names.front(), "quarter");  // year is the time column; quarter is the first numeric one
  EXPECT_TRUE(is_calendar_or_index_column(t.series, 0));
  EXPECT_EQ(default_target(t.series), "realgdp");
  CsvOptions no_time;
  no_time.no_time_column = true;  // year is then a numeric column too: still skipped
  EXPECT_EQ(default_target(load_csv(data("macrodata.csv"), no_time).series), "realgdp");
}

TEST(DefaultTarget, SharedFilesKeepTheirOnlyQuantity) {
  EXPECT_EQ(default_target(load_csv(data("sunspots.csv")).series), "SUNACTIVITY");
  EXPECT_EQ(default_target(load_csv(data("elec_equip.csv")).series), "STS.M.I7.W.TOVT.NS0016.4.000");
}

TEST(DefaultTarget, CounterColumnFirstGivesTheNextColumn) {
  EXPECT_EQ(default_target(parse_csv("t,price,volume\n0,10.5,3\n1,11,4\n2,10.8,2\n").series), "price");
  // A counter from 1 whatever its name, and one named like an index that only increases.
  EXPECT_EQ(default_target(parse_csv("n,price\n1,10.5\n2,11\n3,10.8\n").series), "price");
  EXPECT_EQ(default_target(parse_csv("id,price\n10,10.5\n20,11\n35,10.8\n").series), "price");
}

TEST(DefaultTarget, QuantitiesNamedLikeAnIndexAreKept) {
  // "t" as a temperature: not increasing, so a quantity.
  EXPECT_EQ(default_target(parse_csv("t,rain\n21.5,0\n19,3\n22,1\n").series), "t");
  // "week" holding values beyond 53 is not a week ("month" would be taken as the time column).
  EXPECT_EQ(default_target(parse_csv("week,rain\n60,0\n19,3\n22,1\n").series), "week");
  // A quantity that happens to step by 2 is no counter.
  EXPECT_EQ(default_target(parse_csv("x,y\n0,5\n2,6\n4,7\n").series), "x");
}

TEST(DefaultTarget, CalendarFieldsByNameAndRange) {
  // (A first column named year, month or day is the time column, not a numeric one.)
  const Series s = parse_csv("Quarter,Week,Hour,value\n1,1,0,5\n4,53,23,6\n3,2,7,7\n").series;
  EXPECT_TRUE(is_calendar_or_index_column(s, 0));
  EXPECT_TRUE(is_calendar_or_index_column(s, 1));
  EXPECT_TRUE(is_calendar_or_index_column(s, 2));
  EXPECT_FALSE(is_calendar_or_index_column(s, 3));
  EXPECT_EQ(default_target(s), "value");
  // Every column calendar-like: the first one, rather than none.
  EXPECT_EQ(default_target(parse_csv("quarter,hour\n1,0\n3,5\n").series), "quarter");
}

TEST(DefaultTarget, CounterPerSeriesOfAPanel) {
  CsvOptions o;
  o.series_column = "id";
  const CsvTable t = parse_csv("id,step,load\na,0,5.5\na,1,6\na,2,7\nb,0,3\nb,1,4\n", o);
  ASSERT_TRUE(t.series.is_panel());
  EXPECT_EQ(default_target(t.series), "load");
}

TEST(DefaultTarget, DeclaredDefaultIsKept) {
  const Series s = parse_csv("t,price,volume\n0,10.5,3\n1,11,4\n").series;
  EXPECT_EQ(default_target(s, "volume"), "volume");
  EXPECT_EQ(default_target(s, "missing"), "price");
}

TEST(LogCheck, NamesTheFileLineAndTheTimeLabel) {
  const CsvTable t = parse_csv("date,v,w\n2001-01,1,5\n\n2001-02,2,-1\n2001-03,0,2\n", {}, "x.csv");
  try {
    check_log_columns(t, {"w", "v"});  // w's -1 (line 4) comes before v's 0 (line 5)
    FAIL() << "no error";
  } catch (const DataError& e) {
    const std::string msg = e.what();
    // Data row 1 (0-based) is on file line 4 (a blank line before it).
    EXPECT_NE(msg.find("x.csv line 4 (date \"2001-02\"), column \"w\": -1, but the log transform needs values > 0"),
              std::string::npos)
        << msg;
  }
  EXPECT_NO_THROW(check_log_columns(t, {}));
  EXPECT_THROW(check_log_columns(t, {"v"}), DataError);  // 0 on line 5
}

TEST(LogCheck, WithoutTimeLabelsTheLineAloneAndMissingCellsAreLeftToThePolicy) {
  const CsvTable t = parse_csv("v,w\n1,NA\n-2,3\n", {}, "y.csv");
  try {
    check_log_columns(t, {"w", "v"});
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("y.csv line 3, column \"v\": -2,"), std::string::npos) << e.what();
  }
  TransformMap m;
  m["w"].log = true;
  EXPECT_NO_THROW(check_log_transforms(t, m));  // NA is the missing-value policy's to handle
}

}  // namespace
}  // namespace rnnwb
