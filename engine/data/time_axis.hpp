#pragma once
// Time axis: a time column's labels read as times, so charts, predictions and forecasts can speak
// in dates rather than row numbers. Each row keeps its row index as its x coordinate; the axis adds
// the row's time, the series' regular step, round ticks between two rows and labels beyond the end.
//
// Formats (all labels of the column in one of them, else the column stays text labels):
//   Date      1995-01-31, 1995/01/31, Jan-1-1995 (month name, day, year)
//   DateTime  2020-01-01 13:00, 2020-01-01T13:00:00, with or without seconds, optional Z
//   Quarter   1959Q1, 1959-Q1       Month  1959-01, 1959M01
//   Year      1700 (integers 1000..2999)   Number  any other numbers (a counter, 0.5 steps)
#include <cstddef>
#include <string>
#include <vector>

#include "engine/data/series.hpp"

namespace rnnwb {

enum class TimeKind { Text, Number, Year, Quarter, Month, Date, DateTime };
enum class TimeUnit { None, Second, Minute, Hour, Day, Week, Month, Quarter, Year, Number };

// The regular step between rows: `size` units (a number step's size for Number).
struct TimeStep {
  TimeUnit unit = TimeUnit::None;
  double size = 0;
};

// How the labels are written, so new labels look like the column's.
struct TimeStyle {
  bool month_name = false;    // Jan-1-1995 rather than 1995-01-01
  char date_separator = '-';  // '-' or '/' in ISO dates
  bool pad_day = true;        // Jan-01-1995
  char time_separator = ' ';  // ' ' or 'T' in datetimes
  bool seconds = false;
  bool zulu = false;          // a trailing Z
  bool quarter_dash = false;  // 1959-Q1
  bool month_m = false;       // 1959M01
  int decimals = 0;           // of numbers
};

struct TimeAxis {
  TimeKind kind = TimeKind::Text;
  // Per row: seconds since 1970-01-01 UTC (Date, DateTime), year * 12 + month - 1 (Month),
  // year * 4 + quarter - 1 (Quarter), the year or the number; empty for Text.
  std::vector<double> positions;
  TimeStep step;      // the most common positive difference between rows of a series
  double native = 0;  // that difference in `positions` units
  TimeStyle style;
  bool is_time() const { return kind != TimeKind::Text; }
};

// Reads the labels of one series (`series_starts` as in Series: rows of each series in time order;
// empty = one series). A column with any label that is not in the kind of the others is Text.
TimeAxis read_time_axis(const std::vector<std::string>& labels, const std::vector<std::size_t>& series_starts = {});
// The series' time column as an axis (Text when there is none).
TimeAxis read_time_axis(const Series& s);

// The season a step suggests: 12 monthly, 4 quarterly, 7 daily, 24 hourly, 52 weekly (a yearly
// cycle, as for months and quarters), 0 for any other step.
int suggest_season(const TimeStep& step);

// `count` labels continuing row `last_row` by the axis' step, written as the column writes them
// (a month-end date continues at month ends). Text or no step: "+1", "+2", ...
std::vector<std::string> next_time_labels(const TimeAxis& axis, std::size_t last_row, std::size_t count);
// The same for one series' labels, continuing the last one.
std::vector<std::string> next_time_labels(const std::vector<std::string>& labels, std::size_t count);

// A labelled tick at row `row` (the first row at or after a round time).
struct TimeTick {
  double row = 0;
  std::string label;
};
// At most `max_ticks` ticks on rows first_row..last_row, at the roundest times that give several:
// years at 1, 2, 5, 10... years, months at 1, 3, 6 months, days, hours, minutes, numbers at 1, 2,
// 5 x 10^k. Text axes have none.
std::vector<TimeTick> time_ticks(const TimeAxis& axis, std::size_t first_row, std::size_t last_row, int max_ticks = 8);

// A `year` time column beside a numeric `quarter` (1..4) or `month` (1..12) column: the labels
// become 1959Q1 / 1959-01 and the time column's name "year+quarter" (the period column stays a
// numeric column). Returns whether it joined them.
bool join_year_and_period(Series& s);

}  // namespace rnnwb
