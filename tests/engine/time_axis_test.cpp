// Time axis: each label format, the step (with gaps, per series of a panel), the suggested season,
// labels beyond the end, round ticks, and year + quarter columns joined, on made-up labels and on
// the shared sample files. Expected values are worked out by hand (epoch seconds from the calendar).
#include "engine/data/time_axis.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/data/data_source.hpp"

namespace rnnwb {
namespace {

using Labels = std::vector<std::string>;
const std::filesystem::path kData = RNNWB_TEST_DATA_DIR;
constexpr double kJan2020 = 1577836800;  // 2020-01-01 00:00 UTC in seconds since 1970

std::vector<std::string> tick_labels(const std::vector<TimeTick>& ticks) {
  std::vector<std::string> out;
  for (const auto& t : ticks) out.push_back(t.label);
  return out;
}
std::vector<double> tick_rows(const std::vector<TimeTick>& ticks) {
  std::vector<double> out;
  for (const auto& t : ticks) out.push_back(t.row);
  return out;
}

TEST(TimeAxis, IsoDatesWithGapsAreDaily) {
  const TimeAxis a = read_time_axis(Labels{"2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07"});
  ASSERT_EQ(a.kind, TimeKind::Date);
  EXPECT_DOUBLE_EQ(a.positions[0], kJan2020);
  EXPECT_DOUBLE_EQ(a.positions[3], kJan2020 + 5 * 86400);
  EXPECT_EQ(a.step.unit, TimeUnit::Day);
  EXPECT_EQ(a.step.size, 1);
  EXPECT_EQ(suggest_season(a.step), 7);
  EXPECT_EQ(next_time_labels(a, 4, 2), (Labels{"2020-01-08", "2020-01-09"}));
  EXPECT_EQ(tick_labels(time_ticks(a, 0, 4, 8)),
            (Labels{"2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07"}));
}

TEST(TimeAxis, DatetimesInEitherStyleAreHourly) {
  const TimeAxis a = read_time_axis(Labels{"2020-01-01 13:00", "2020-01-01 14:00", "2020-01-01 15:00"});
  ASSERT_EQ(a.kind, TimeKind::DateTime);
  EXPECT_DOUBLE_EQ(a.positions[0], kJan2020 + 13 * 3600);
  EXPECT_EQ(a.step.unit, TimeUnit::Hour);
  EXPECT_EQ(suggest_season(a.step), 24);
  EXPECT_EQ(next_time_labels(a, 2, 10).back(), "2020-01-02 01:00");
  const TimeAxis t = read_time_axis(Labels{"2020-01-01T23:30:00Z", "2020-01-01T23:45:00Z"});
  ASSERT_EQ(t.kind, TimeKind::DateTime);
  EXPECT_EQ(t.step.unit, TimeUnit::Minute);
  EXPECT_EQ(t.step.size, 15);
  EXPECT_EQ(next_time_labels(t, 1, 1), (Labels{"2020-01-02T00:00:00Z"}));
  EXPECT_EQ(suggest_season(t.step), 0);
}

TEST(TimeAxis, MonthNameDatesAreMonthly) {
  const TimeAxis a = read_time_axis(Labels{"Oct-1-1995", "Nov-1-1995", "Dec-1-1995"});
  ASSERT_EQ(a.kind, TimeKind::Date);
  EXPECT_EQ(a.step.unit, TimeUnit::Month);
  EXPECT_EQ(suggest_season(a.step), 12);
  EXPECT_EQ(next_time_labels(a, 2, 2), (Labels{"Jan-1-1996", "Feb-1-1996"}));
}

TEST(TimeAxis, MonthEndDatesContinueAtMonthEnds) {
  const TimeAxis a = read_time_axis(Labels{"1995-01-31", "1995-02-28", "1995-03-31"});
  EXPECT_EQ(a.step.unit, TimeUnit::Month);
  EXPECT_EQ(next_time_labels(a, 2, 3), (Labels{"1995-04-30", "1995-05-31", "1995-06-30"}));
}

TEST(TimeAxis, QuartersAndMonthsInBothSpellings) {
  const TimeAxis q = read_time_axis(Labels{"1959Q3", "1959Q4"});
  ASSERT_EQ(q.kind, TimeKind::Quarter);
  EXPECT_EQ(q.step.unit, TimeUnit::Quarter);
  EXPECT_EQ(suggest_season(q.step), 4);
  EXPECT_EQ(next_time_labels(q, 1, 2), (Labels{"1960Q1", "1960Q2"}));
  EXPECT_EQ(next_time_labels(Labels{"1959-Q3", "1959-Q4"}, 1), (Labels{"1960-Q1"}));
  const TimeAxis m = read_time_axis(Labels{"1959-11", "1959-12"});
  ASSERT_EQ(m.kind, TimeKind::Month);
  EXPECT_EQ(suggest_season(m.step), 12);
  EXPECT_EQ(next_time_labels(m, 1, 1), (Labels{"1960-01"}));
  EXPECT_EQ(next_time_labels(Labels{"1959M11", "1959M12"}, 1), (Labels{"1960M01"}));
}

TEST(TimeAxis, YearsNumbersAndCounters) {
  const TimeAxis y = read_time_axis(Labels{"1700", "1701", "1702"});
  ASSERT_EQ(y.kind, TimeKind::Year);
  EXPECT_EQ(y.step.unit, TimeUnit::Year);
  EXPECT_EQ(suggest_season(y.step), 0);
  EXPECT_EQ(next_time_labels(y, 2, 2), (Labels{"1703", "1704"}));
  const TimeAxis c = read_time_axis(Labels{"0", "2", "4", "8"});  // a gap: the step is still 2
  ASSERT_EQ(c.kind, TimeKind::Number);
  EXPECT_EQ(c.step.size, 2);
  EXPECT_EQ(next_time_labels(c, 3, 1), (Labels{"10"}));
  EXPECT_EQ(next_time_labels(Labels{"0.0", "0.5", "1.0"}, 2), (Labels{"1.5", "2.0"}));
}

TEST(TimeAxis, AnythingElseIsText) {
  for (const Labels& l : {Labels{"d1", "d3"}, Labels{"2020-01-01", "soon"}, Labels{"2020-02-30"}, Labels{"1959Q5"},
                          Labels{"2020-01-01 25:00"}, Labels{""}}) {
    const TimeAxis a = read_time_axis(l);
    EXPECT_EQ(a.kind, TimeKind::Text) << l.front();
    EXPECT_TRUE(time_ticks(a, 0, l.size() - 1).empty());
    EXPECT_EQ(next_time_labels(a, l.size() - 1, 2), (Labels{"+1", "+2"}));
  }
}

TEST(TimeAxis, WeeklyDatesSuggestAYearOfWeeks) {
  const TimeAxis a = read_time_axis(Labels{"2020-01-06", "2020-01-13", "2020-01-20"});
  EXPECT_EQ(a.step.unit, TimeUnit::Week);
  EXPECT_EQ(suggest_season(a.step), 52);
  EXPECT_EQ(next_time_labels(a, 2, 1), (Labels{"2020-01-27"}));
}

TEST(TimeAxis, PanelStepIsTakenWithinEachSeries) {
  // Series 1: 1, 2, 3 (steps of 1); series 2: 10..40 (steps of 10, more of them). The jump from
  // 3 to 10 between the series is no step.
  const TimeAxis a = read_time_axis(Labels{"1", "2", "3", "10", "20", "30", "40"}, {0, 3, 7});
  EXPECT_EQ(a.step.size, 10);
  const TimeAxis b = read_time_axis(Labels{"1", "2", "3", "4", "3", "4"}, {0, 4});
  EXPECT_EQ(b.step.size, 1);  // 4 -> 3 (a new series) would be negative anyway
}

TEST(TimeAxisTicks, YearsAtFiftyYearSteps) {
  Labels years;
  for (int y = 1700; y <= 2008; ++y) years.push_back(std::to_string(y));
  const auto ticks = time_ticks(read_time_axis(years), 0, years.size() - 1, 8);
  EXPECT_EQ(tick_labels(ticks), (Labels{"1700", "1750", "1800", "1850", "1900", "1950", "2000"}));
  EXPECT_EQ(tick_rows(ticks), (std::vector<double>{0, 50, 100, 150, 200, 250, 300}));
  // Zoomed to 1701..1712: every two years.
  EXPECT_EQ(tick_labels(time_ticks(read_time_axis(years), 1, 12, 8)),
            (Labels{"1702", "1704", "1706", "1708", "1710", "1712"}));
}

TEST(TimeAxisTicks, DailyDatesWithGapsTickAtMonths) {
  Labels days;
  std::vector<std::size_t> first_of_month;
  const int month_days[] = {31, 29, 31};     // 2020 is a leap year
  for (int m = 1, weekday = 3; m <= 3; ++m)  // 2020-01-01 was a Wednesday (3)
    for (int d = 1; d <= month_days[m - 1]; ++d, weekday = (weekday + 1) % 7) {
      if (weekday == 0 || weekday == 6) continue;  // weekends are gaps
      if (first_of_month.size() < std::size_t(m)) first_of_month.push_back(days.size());
      days.push_back("2020-0" + std::to_string(m) + (d < 10 ? "-0" : "-") + std::to_string(d));
    }
  const TimeAxis a = read_time_axis(days);
  EXPECT_EQ(a.step.unit, TimeUnit::Day);
  const auto ticks = time_ticks(a, 0, days.size() - 1, 4);
  EXPECT_EQ(tick_labels(ticks), (Labels{"2020-01", "2020-02", "2020-03"}));
  EXPECT_EQ(tick_rows(ticks),
            (std::vector<double>{double(first_of_month[0]), double(first_of_month[1]), double(first_of_month[2])}));
}

TEST(TimeAxisTicks, HoursAtSixHourStepsWithTheDateAtMidnight) {
  Labels hours;
  for (int h = 0; h < 48; ++h)
    hours.push_back(std::string(h < 24 ? "2020-01-01 " : "2020-01-02 ") + (h % 24 < 10 ? "0" : "") +
                    std::to_string(h % 24) + ":00");
  const auto ticks = time_ticks(read_time_axis(hours), 0, 47, 8);
  EXPECT_EQ(tick_labels(ticks),
            (Labels{"2020-01-01", "06:00", "12:00", "18:00", "2020-01-02", "06:00", "12:00", "18:00"}));
  EXPECT_EQ(tick_rows(ticks), (std::vector<double>{0, 6, 12, 18, 24, 30, 36, 42}));
}

TEST(TimeAxisTicks, NeverMoreThanAsked) {
  Labels n;
  for (int i = 0; i < 1000; ++i) n.push_back(std::to_string(i));
  for (int most : {2, 5, 8, 13}) {
    const auto ticks = time_ticks(read_time_axis(n), 0, 999, most);
    EXPECT_LE(int(ticks.size()), most);
    EXPECT_GE(int(ticks.size()), 2);
  }
}

TEST(TimeAxisSharedFiles, ElecEquipIsMonthlyWithYearTicks) {
  const LoadedData d = load_data_source((kData / "elec_equip.csv").string());
  const TimeAxis a = read_time_axis(d.table.series);
  ASSERT_EQ(a.kind, TimeKind::Date);
  EXPECT_EQ(a.step.unit, TimeUnit::Month);
  EXPECT_EQ(suggest_season(a.step), 12);
  const auto ticks = time_ticks(a, 0, d.table.series.rows() - 1, 8);  // Jan 1995 .. May 2016
  EXPECT_EQ(tick_labels(ticks), (Labels{"1995", "2000", "2005", "2010", "2015"}));
  EXPECT_EQ(tick_rows(ticks), (std::vector<double>{0, 60, 120, 180, 240}));
  EXPECT_EQ(next_time_labels(a, d.table.series.rows() - 1, 2), (Labels{"Jun-1-2016", "Jul-1-2016"}));
}

TEST(TimeAxisSharedFiles, MacrodataJoinsYearAndQuarter) {
  const LoadedData d = load_data_source((kData / "macrodata.csv").string());
  const Series& s = d.table.series;
  EXPECT_EQ(s.time_name, "year+quarter");
  ASSERT_EQ(s.time_labels.size(), 203u);
  EXPECT_EQ(s.time_labels.front(), "1959Q1");
  EXPECT_EQ(s.time_labels[5], "1960Q2");
  EXPECT_EQ(s.time_labels.back(), "2009Q3");
  EXPECT_GE(s.find("quarter"), 0);  // still a numeric column
  const TimeAxis a = read_time_axis(s);
  EXPECT_EQ(suggest_season(a.step), 4);
  const auto ticks = time_ticks(a, 0, s.rows() - 1, 8);
  EXPECT_EQ(tick_labels(ticks), (Labels{"1960", "1970", "1980", "1990", "2000"}));
  EXPECT_EQ(tick_rows(ticks), (std::vector<double>{4, 44, 84, 124, 164}));
  EXPECT_EQ(next_time_labels(a, s.rows() - 1, 2), (Labels{"2009Q4", "2010Q1"}));
  // A model names the joined column: loading with that name finds the file's year column.
  EXPECT_EQ(load_data_source((kData / "macrodata.csv").string(), "year+quarter").table.series.time_labels.front(),
            "1959Q1");
}

TEST(TimeAxisSharedFiles, SunspotsAreYearly) {
  const LoadedData d = load_data_source((kData / "sunspots.csv").string());
  const TimeAxis a = read_time_axis(d.table.series);
  EXPECT_EQ(a.kind, TimeKind::Year);
  EXPECT_EQ(suggest_season(a.step), 0);
}

TEST(TimeAxis, JoinNeedsAYearColumnAndAPeriodInRange) {
  Series s;
  s.time_name = "year";
  s.time_labels = {"2000", "2000"};
  s.names = {"month", "v"};
  s.columns = {{11, 12}, {1, 2}};
  ASSERT_TRUE(join_year_and_period(s));
  EXPECT_EQ(s.time_labels, (Labels{"2000-11", "2000-12"}));
  EXPECT_EQ(s.time_name, "year+month");
  Series bad = s;
  bad.time_name = "year";
  bad.time_labels = {"2000", "2000"};
  bad.columns = {{11, 13}, {1, 2}};  // no month 13
  EXPECT_FALSE(join_year_and_period(bad));
  bad.time_name = "date";
  bad.columns = {{11, 12}, {1, 2}};
  EXPECT_FALSE(join_year_and_period(bad));
}

}  // namespace
}  // namespace rnnwb
