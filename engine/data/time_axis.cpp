#include "engine/data/time_axis.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string_view>

namespace rnnwb {

namespace {

constexpr double kDay = 86400.0;
const char* const kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms).
long long days_from_civil(long long y, int m, int d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  long long y;
  int m, d;
};

Civil civil_from_days(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const int d = int(doy - (153 * mp + 2) / 5 + 1);
  const int m = int(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

int days_in_month(long long y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

// Reads exactly `width` digits (0 = one or more) at `at`.
std::optional<int> digits(std::string_view s, std::size_t& at, std::size_t width) {
  std::size_t n = 0;
  while (at + n < s.size() && s[at + n] >= '0' && s[at + n] <= '9' && (width == 0 || n < width)) ++n;
  if (n == 0 || (width && n != width) || n > 9) return std::nullopt;
  int v = 0;
  std::from_chars(s.data() + at, s.data() + at + n, v);
  at += n;
  return v;
}

bool eat(std::string_view s, std::size_t& at, char c) {
  if (at < s.size() && s[at] == c) return ++at, true;
  return false;
}

struct Parsed {
  TimeKind kind = TimeKind::Text;
  double pos = 0;
  TimeStyle style;
};

// A time of day after a date: HH:MM[:SS[.fff]][Z].
bool parse_clock(std::string_view s, std::size_t at, Parsed& p) {
  const auto h = digits(s, at, 2);
  if (!h || !eat(s, at, ':')) return false;
  const auto mi = digits(s, at, 2);
  if (!mi || *h > 23 || *mi > 59) return false;
  double sec = 0;
  if (eat(s, at, ':')) {
    const auto ss = digits(s, at, 2);
    if (!ss || *ss > 60) return false;
    sec = *ss;
    p.style.seconds = true;
    if (eat(s, at, '.')) {
      const std::size_t from = at - 1;
      if (!digits(s, at, 0)) return false;
      sec += std::strtod(std::string(s.substr(from, at - from)).c_str(), nullptr);
    }
  }
  p.style.zulu = eat(s, at, 'Z');
  if (at != s.size()) return false;
  p.kind = TimeKind::DateTime;
  p.pos += *h * 3600.0 + *mi * 60.0 + sec;
  return true;
}

bool set_date(Parsed& p, long long y, int m, int d) {
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
  p.kind = TimeKind::Date;
  p.pos = double(days_from_civil(y, m, d)) * kDay;
  return true;
}

// 1995-01-31, 1995/01/31, a time after it, 1995-01, 1995-Q1.
bool parse_iso(std::string_view s, Parsed& p) {
  std::size_t at = 0;
  const auto y = digits(s, at, 4);
  if (!y || at >= s.size()) return false;
  const char sep = s[at++];
  if (sep != '-' && sep != '/') return false;
  if (sep == '-' && eat(s, at, 'Q')) {
    const auto q = digits(s, at, 1);
    if (!q || *q < 1 || *q > 4 || at != s.size()) return false;
    p.kind = TimeKind::Quarter, p.pos = *y * 4.0 + *q - 1, p.style.quarter_dash = true;
    return true;
  }
  const auto m = digits(s, at, 2);
  if (!m) return false;
  if (at == s.size()) {
    if (sep != '-' || *m < 1 || *m > 12) return false;
    p.kind = TimeKind::Month, p.pos = *y * 12.0 + *m - 1;
    return true;
  }
  if (!eat(s, at, sep)) return false;
  const auto d = digits(s, at, 2);
  if (!d || !set_date(p, *y, *m, *d)) return false;
  p.style.date_separator = sep;
  if (at == s.size()) return true;
  const char t = s[at++];
  if (t != ' ' && t != 'T') return false;
  p.style.time_separator = t;
  return parse_clock(s, at, p);
}

// 1959Q1, 1959M01.
bool parse_period(std::string_view s, Parsed& p) {
  std::size_t at = 0;
  const auto y = digits(s, at, 4);
  if (!y || at >= s.size()) return false;
  const char c = s[at++];
  if (c == 'Q') {
    const auto q = digits(s, at, 1);
    if (!q || *q < 1 || *q > 4 || at != s.size()) return false;
    p.kind = TimeKind::Quarter, p.pos = *y * 4.0 + *q - 1;
    return true;
  }
  if (c != 'M') return false;
  const auto m = digits(s, at, 2);
  if (!m || *m < 1 || *m > 12 || at != s.size()) return false;
  p.kind = TimeKind::Month, p.pos = *y * 12.0 + *m - 1, p.style.month_m = true;
  return true;
}

// Jan-1-1995.
bool parse_month_name(std::string_view s, Parsed& p) {
  if (s.size() < 8 || s[3] != '-') return false;
  int m = 0;
  for (int i = 0; i < 12 && !m; ++i) {
    bool same = true;
    for (int k = 0; k < 3; ++k) same = same && std::tolower((unsigned char)s[k]) == std::tolower(kMonthNames[i][k]);
    if (same) m = i + 1;
  }
  std::size_t at = 4;
  const std::size_t day_at = at;
  const auto d = digits(s, at, 0);
  if (!m || !d || !eat(s, at, '-')) return false;
  const bool padded = at - day_at == 3 && s[day_at] == '0';
  const auto y = digits(s, at, 4);
  if (!y || at != s.size() || !set_date(p, *y, m, *d)) return false;
  p.style.month_name = true, p.style.pad_day = padded;
  return true;
}

bool parse_number(std::string_view s, Parsed& p) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return false;
  const auto dot = s.find('.');
  p.style.decimals =
      dot == std::string_view::npos || s.find_first_of("eE") != std::string_view::npos ? 0 : int(s.size() - dot - 1);
  const bool year = dot == std::string_view::npos && s.size() == 4 && v >= 1000 && v <= 2999;
  p.kind = year ? TimeKind::Year : TimeKind::Number;
  p.pos = v;
  return true;
}

Parsed parse_label(std::string_view s) {
  Parsed p;
  if (parse_iso(s, p) || parse_period(s, p) || parse_month_name(s, p) || parse_number(s, p)) return p;
  return Parsed{};
}

// Merges one label's kind into the column's: dates beside datetimes are datetimes (midnight
// written as a date), years beside other numbers are numbers; any other mix is text.
TimeKind merge_kind(TimeKind a, TimeKind b) {
  if (a == b) return a;
  auto either = [&](TimeKind x, TimeKind y) { return (a == x && b == y) || (a == y && b == x); };
  if (either(TimeKind::Date, TimeKind::DateTime)) return TimeKind::DateTime;
  if (either(TimeKind::Year, TimeKind::Number)) return TimeKind::Number;
  return TimeKind::Text;
}

double unit_seconds(TimeUnit u) {
  switch (u) {
    case TimeUnit::Second:
      return 1;
    case TimeUnit::Minute:
      return 60;
    case TimeUnit::Hour:
      return 3600;
    case TimeUnit::Day:
      return kDay;
    case TimeUnit::Week:
      return 7 * kDay;
    case TimeUnit::Month:
      return 28 * kDay;  // the shortest, so a month step is never under it
    case TimeUnit::Quarter:
      return 89 * kDay;
    case TimeUnit::Year:
      return 365 * kDay;
    default:
      return 0;
  }
}

// A difference of `d` seconds between dates as a calendar step.
TimeStep seconds_step(double d) {
  const double days = d / kDay;
  if (std::fmod(d, kDay) == 0) {
    if (days == 7) return {TimeUnit::Week, 1};
    if (days >= 28 && days <= 31) return {TimeUnit::Month, 1};
    if (days >= 89 && days <= 92) return {TimeUnit::Quarter, 1};
    if (days >= 181 && days <= 184) return {TimeUnit::Month, 6};
    if (days == 365 || days == 366) return {TimeUnit::Year, 1};
    return {TimeUnit::Day, days};
  }
  if (std::fmod(d, 3600) == 0) return {TimeUnit::Hour, d / 3600};
  if (std::fmod(d, 60) == 0) return {TimeUnit::Minute, d / 60};
  return {TimeUnit::Second, d};
}

TimeStep step_of(TimeKind kind, double d) {
  switch (kind) {
    case TimeKind::Date:
    case TimeKind::DateTime:
      return seconds_step(d);
    case TimeKind::Month:
      return d == 3    ? TimeStep{TimeUnit::Quarter, 1}
             : d == 12 ? TimeStep{TimeUnit::Year, 1}
                       : TimeStep{TimeUnit::Month, d};
    case TimeKind::Quarter:
      return d == 4 ? TimeStep{TimeUnit::Year, 1} : TimeStep{TimeUnit::Quarter, d};
    case TimeKind::Year:
      return {TimeUnit::Year, d};
    case TimeKind::Number:
      return {TimeUnit::Number, d};
    default:
      return {};
  }
}

// The most common positive difference between consecutive rows of each series (0 when none).
double common_difference(const std::vector<double>& pos, const std::vector<std::size_t>& starts) {
  std::map<double, std::size_t> counts;
  for (std::size_t g = 0; g + 1 < starts.size(); ++g)
    for (std::size_t r = starts[g] + 1; r < starts[g + 1]; ++r) {
      const double d = pos[r] - pos[r - 1];
      if (d > 0) ++counts[std::round(d * 1e6) / 1e6];  // 0.1 + 0.2 steps count as one
    }
  double best = 0;
  std::size_t most = 0;
  for (const auto& [d, n] : counts)
    if (n > most) best = d, most = n;
  return best;
}

}  // namespace

TimeAxis read_time_axis(const std::vector<std::string>& labels, const std::vector<std::size_t>& series_starts) {
  TimeAxis axis;
  if (labels.empty()) return axis;
  std::vector<double> pos(labels.size());
  TimeKind kind = TimeKind::Text;
  for (std::size_t r = 0; r < labels.size(); ++r) {
    const Parsed p = parse_label(labels[r]);
    kind = r == 0 ? p.kind : merge_kind(kind, p.kind);
    if (kind == TimeKind::Text) return axis;
    pos[r] = p.pos;
    if (r == 0) axis.style = p.style;
    axis.style.seconds = axis.style.seconds || p.style.seconds;
    axis.style.decimals = std::max(axis.style.decimals, p.style.decimals);
    if (p.kind == TimeKind::DateTime)
      axis.style.time_separator = p.style.time_separator, axis.style.zulu = p.style.zulu;
  }
  std::vector<std::size_t> starts = series_starts.empty() ? std::vector<std::size_t>{0} : series_starts;
  if (starts.back() != labels.size()) starts.push_back(labels.size());
  axis.kind = kind;
  axis.positions = std::move(pos);
  axis.native = common_difference(axis.positions, starts);
  if (axis.native > 0) axis.step = step_of(kind, axis.native);
  return axis;
}

TimeAxis read_time_axis(const Series& s) {
  std::vector<std::size_t> starts;
  if (s.is_panel()) starts = s.series_starts;
  return read_time_axis(s.time_labels, starts);
}

int suggest_season(const TimeStep& step) {
  if (step.size != 1) return 0;
  switch (step.unit) {
    case TimeUnit::Month:
      return 12;
    case TimeUnit::Quarter:
      return 4;
    case TimeUnit::Day:
      return 7;
    case TimeUnit::Hour:
      return 24;
    case TimeUnit::Week:
      return 52;
    default:
      return 0;
  }
}

namespace {

std::string two_digits(long long v) {
  char b[24];
  std::snprintf(b, sizeof b, "%02lld", v);
  return b;
}

std::string format_date(const TimeStyle& st, long long days) {
  const Civil c = civil_from_days(days);
  if (st.month_name)
    return std::string(kMonthNames[c.m - 1]) + "-" + (st.pad_day ? two_digits(c.d) : std::to_string(c.d)) + "-" +
           std::to_string(c.y);
  const std::string sep(1, st.date_separator);
  return std::to_string(c.y) + sep + two_digits(c.m) + sep + two_digits(c.d);
}

std::string format_clock(double seconds_of_day, bool seconds) {
  const long long t = std::llround(seconds_of_day);
  std::string out = two_digits(t / 3600) + ":" + two_digits(t / 60 % 60);
  if (seconds) out.append(":").append(two_digits(t % 60));  // append: "x" + ... trips GCC 12's -Wrestrict
  return out;
}

std::string format_number(double v, int decimals) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

long long floor_div(long long a, long long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// A row's position written as the column writes its labels.
std::string format_position(const TimeAxis& a, double pos) {
  const TimeStyle& st = a.style;
  const long long whole = std::llround(pos);
  switch (a.kind) {
    case TimeKind::Date:
      return format_date(st, std::llround(std::floor(pos / kDay)));
    case TimeKind::DateTime: {
      const double days = std::floor(pos / kDay);
      return format_date(st, (long long)days) + st.time_separator + format_clock(pos - days * kDay, st.seconds) +
             (st.zulu ? "Z" : "");
    }
    case TimeKind::Month:
      return std::to_string(floor_div(whole, 12)) + (st.month_m ? "M" : "-") +
             two_digits(whole - 12 * floor_div(whole, 12) + 1);
    case TimeKind::Quarter:
      return std::to_string(floor_div(whole, 4)) + (st.quarter_dash ? "-Q" : "Q") +
             std::to_string(whole - 4 * floor_div(whole, 4) + 1);
    case TimeKind::Year:
      return std::to_string(whole);
    default:
      return format_number(pos, st.decimals);
  }
}

bool is_date(TimeKind k) { return k == TimeKind::Date || k == TimeKind::DateTime; }

int step_months(const TimeStep& s) {
  switch (s.unit) {
    case TimeUnit::Month:
      return int(s.size);
    case TimeUnit::Quarter:
      return int(3 * s.size);
    case TimeUnit::Year:
      return int(12 * s.size);
    default:
      return 0;
  }
}

// `k` calendar steps of `months` after the date at `pos`; a month-end date stays at month ends.
double add_months(double pos, int months) {
  const long long days = (long long)std::floor(pos / kDay);
  const double clock = pos - double(days) * kDay;
  const Civil c = civil_from_days(days);
  const bool month_end = c.d == days_in_month(c.y, c.m);
  const long long total = c.y * 12 + c.m - 1 + months;
  const long long y = floor_div(total, 12);
  const int m = int(total - 12 * y + 1);
  const int d = month_end ? days_in_month(y, m) : std::min(c.d, days_in_month(y, m));
  return double(days_from_civil(y, m, d)) * kDay + clock;
}

std::vector<std::string> offsets(std::size_t count) {
  std::vector<std::string> out;
  for (std::size_t k = 1; k <= count; ++k) {
    std::string label(1, '+');  // appended, not "+" + ..., which trips GCC 12's -Wrestrict
    label += std::to_string(k);
    out.push_back(std::move(label));
  }
  return out;
}

}  // namespace

std::vector<std::string> next_time_labels(const TimeAxis& axis, std::size_t last_row, std::size_t count) {
  if (!axis.is_time() || axis.native <= 0 || last_row >= axis.positions.size()) return offsets(count);
  const double last = axis.positions[last_row];
  const int months = is_date(axis.kind) ? step_months(axis.step) : 0;
  std::vector<std::string> out;
  for (std::size_t k = 1; k <= count; ++k)
    out.push_back(
        format_position(axis, months > 0 ? add_months(last, months * int(k)) : last + axis.native * double(k)));
  return out;
}

std::vector<std::string> next_time_labels(const std::vector<std::string>& labels, std::size_t count) {
  if (labels.empty()) return offsets(count);
  return next_time_labels(read_time_axis(labels), labels.size() - 1, count);
}

namespace {

// One rung of the tick ladder: ticks every `count` units (Number: `count` is the step).
struct Rung {
  TimeUnit unit;
  double count;
};

// A row position's month index (year * 12 + month - 1) on a calendar axis.
long long month_index(TimeKind kind, double pos) {
  if (kind == TimeKind::Month) return std::llround(std::floor(pos));
  if (kind == TimeKind::Quarter) return std::llround(std::floor(pos)) * 3;
  const Civil c = civil_from_days((long long)std::floor(pos / kDay));
  return c.y * 12 + c.m - 1;
}

// Which tick interval a position falls in.
long long bucket(TimeKind kind, const Rung& r, double pos) {
  switch (r.unit) {
    case TimeUnit::Month:
      return floor_div(month_index(kind, pos), (long long)r.count);
    case TimeUnit::Year:
      if (kind == TimeKind::Year) return (long long)std::floor(pos / r.count + 1e-9);
      return floor_div(month_index(kind, pos), 12 * (long long)r.count);
    case TimeUnit::Week:
      return (long long)std::floor((pos / kDay + 3) / (7 * r.count));  // weeks from Monday
    case TimeUnit::Number:
      return (long long)std::floor(pos / r.count + 1e-9);
    default:
      return (long long)std::floor(pos / (unit_seconds(r.unit) * r.count));
  }
}

// The label of a tick interval's start.
std::string bucket_label(const TimeAxis& a, const Rung& r, long long b) {
  const TimeStyle& st = a.style;
  switch (r.unit) {
    case TimeUnit::Year:
      return std::to_string(b * (long long)r.count);
    case TimeUnit::Month: {
      const long long mi = b * (long long)r.count, y = floor_div(mi, 12), m = mi - 12 * y;
      if (a.kind == TimeKind::Quarter)
        return std::to_string(y) + (st.quarter_dash ? "-Q" : "Q") + std::to_string(m / 3 + 1);
      if (st.month_name) return std::string(kMonthNames[m]) + " " + std::to_string(y);
      return std::to_string(y) + (st.month_m ? "M" : "-") + two_digits(m + 1);
    }
    case TimeUnit::Day:
      return format_date(st, b * (long long)r.count);
    case TimeUnit::Week:
      return format_date(st, b * 7 * (long long)r.count - 3);
    case TimeUnit::Number: {
      const int decimals = std::max(0, int(std::ceil(-std::log10(r.count) - 1e-9)));
      return format_number(double(b) * r.count, decimals);
    }
    default: {
      const double t = double(b) * unit_seconds(r.unit) * r.count, days = std::floor(t / kDay);
      if (t == days * kDay) return format_date(st, (long long)days);  // midnight: the day
      return format_clock(t - days * kDay, r.unit == TimeUnit::Second);
    }
  }
}

double rung_seconds(const Rung& r) {
  if (r.unit == TimeUnit::Month) return r.count * 30.44 * kDay;
  if (r.unit == TimeUnit::Year) return r.count * 365.25 * kDay;
  return unit_seconds(r.unit) * r.count;
}

// The ladder for a calendar axis, finest first, from the data's own step up.
std::vector<Rung> calendar_ladder(const TimeAxis& a) {
  std::vector<Rung> all;
  if (a.kind == TimeKind::DateTime) {
    for (double c : {1, 2, 5, 10, 15, 30}) all.push_back({TimeUnit::Second, c});
    for (double c : {1, 2, 5, 10, 15, 30}) all.push_back({TimeUnit::Minute, c});
    for (double c : {1, 2, 3, 6, 12}) all.push_back({TimeUnit::Hour, c});
  }
  if (is_date(a.kind)) {
    for (double c : {1, 2}) all.push_back({TimeUnit::Day, c});
    for (double c : {1, 2}) all.push_back({TimeUnit::Week, c});
  }
  for (double c : {1, 2, 3, 6}) all.push_back({TimeUnit::Month, c});
  for (double c = 1; c <= 1e6; c *= 10)
    for (double f : {1, 2, 5}) all.push_back({TimeUnit::Year, c * f});
  const double step = a.native > 0 ? unit_seconds(a.step.unit) * a.step.size : 0;
  std::vector<Rung> out;
  for (const Rung& r : all)
    if (rung_seconds(r) >= step * 0.999 && !(a.kind == TimeKind::Quarter && r.unit == TimeUnit::Month && r.count < 3))
      out.push_back(r);
  return out;
}

// Numbers and years: 1, 2, 5 x 10^k from the data's step (years: whole years) up.
std::vector<Rung> number_ladder(const TimeAxis& a, double span, int max_ticks) {
  const TimeUnit unit = a.kind == TimeKind::Year ? TimeUnit::Year : TimeUnit::Number;
  double least = std::max(a.native, span / std::max(1, max_ticks) / 10);
  if (unit == TimeUnit::Year) least = std::max(least, 1.0);
  if (!(least > 0)) least = 1;
  std::vector<Rung> out;
  for (double p = std::pow(10.0, std::floor(std::log10(least))); out.size() < 60; p *= 10)
    for (double f : {1, 2, 5})
      if (f * p >= least * 0.999) out.push_back({unit, f * p});
  return out;
}

// The ticks of one rung on rows first..last, or nothing when there would be more than `most`.
std::optional<std::vector<TimeTick>> ticks_of(const TimeAxis& a, const Rung& r, std::size_t first, std::size_t last,
                                              int most) {
  const auto& pos = a.positions;
  const double before = a.kind == TimeKind::Number ? r.count * 1e-6 : 1.0;  // a second, month, quarter or year
  std::vector<TimeTick> out;
  for (std::size_t row = first; row <= last; ++row) {
    const long long b = bucket(a.kind, r, pos[row]);
    const long long prev = row == 0 ? bucket(a.kind, r, pos[row] - before) : bucket(a.kind, r, pos[row - 1]);
    if (b == prev) continue;
    if (int(out.size()) == most) return std::nullopt;
    out.push_back({double(row), bucket_label(a, r, b)});
  }
  return out;
}

}  // namespace

std::vector<TimeTick> time_ticks(const TimeAxis& axis, std::size_t first_row, std::size_t last_row, int max_ticks) {
  if (!axis.is_time() || axis.positions.empty() || max_ticks < 1) return {};
  last_row = std::min(last_row, axis.positions.size() - 1);
  if (first_row > last_row) return {};
  const auto [lo, hi] =
      std::minmax_element(axis.positions.begin() + long(first_row), axis.positions.begin() + long(last_row) + 1);
  const double span = *hi - *lo;
  const bool numeric = axis.kind == TimeKind::Number || axis.kind == TimeKind::Year;
  const double span_seconds = is_date(axis.kind)             ? span
                              : axis.kind == TimeKind::Month ? span * 30.44 * kDay
                                                             : span * 91.31 * kDay;
  for (const Rung& r : numeric ? number_ladder(axis, span, max_ticks) : calendar_ladder(axis)) {
    const double estimate = numeric ? span / r.count : span_seconds / rung_seconds(r);
    if (estimate > 2.0 * max_ticks + 2) continue;  // far too many: skip the scan
    if (auto t = ticks_of(axis, r, first_row, last_row, max_ticks)) return *t;
  }
  return {};
}

bool join_year_and_period(Series& s) {
  auto lower = [](std::string t) {
    for (char& c : t) c = char(std::tolower((unsigned char)c));
    return t;
  };
  if (lower(s.time_name) != "year" || s.time_labels.empty()) return false;
  std::vector<long long> years;
  for (const auto& l : s.time_labels) {
    long long y = 0;
    const auto [end, ec] = std::from_chars(l.data(), l.data() + l.size(), y);
    if (ec != std::errc() || end != l.data() + l.size()) return false;
    years.push_back(y);
  }
  for (const auto& [period, last] : {std::pair<const char*, int>{"quarter", 4}, {"month", 12}}) {
    const int most = last;  // a copy: clang 14 cannot capture a structured binding in a lambda
    std::size_t c = 0;
    while (c < s.names.size() && lower(s.names[c]) != period) ++c;
    if (c == s.names.size()) continue;
    const auto& v = s.columns[c];
    if (!std::all_of(v.begin(), v.end(), [&](double x) { return x >= 1 && x <= most && x == std::floor(x); })) continue;
    for (std::size_t r = 0; r < years.size(); ++r)
      s.time_labels[r] = std::to_string(years[r])
                             .append(most == 4 ? "Q" : "-")
                             .append(most == 4 ? std::to_string(int(v[r])) : two_digits((long long)v[r]));
    s.time_name += "+" + s.names[c];
    return true;
  }
  return false;
}

}  // namespace rnnwb
