#include "ui/charts/chart_axes.hpp"

#include <algorithm>
#include <cmath>

namespace rnnwb::ui {

namespace {

// The smallest 1, 2 or 5 x 10^k that is >= at_least (> 0).
double nice_step(double at_least) {
  if (!(at_least > 0) || !std::isfinite(at_least)) return at_least;
  const double magnitude = std::pow(10.0, std::floor(std::log10(at_least)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * magnitude >= at_least) return m * magnitude;
  return 10.0 * magnitude;
}

}  // namespace

void set_row_axis(QValueAxis* axis, std::size_t rows) {
  const double step = nice_step(std::max(1.0, double(rows) / 8.0));
  axis->setLabelFormat("%d");
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0.0);
  axis->setTickInterval(step);
  axis->setRange(-0.5, std::max(0.5, double(rows) - 0.5));
}

void set_value_axis(QValueAxis* axis, const std::vector<double>& values) {
  double lo = INFINITY, hi = -INFINITY;
  for (double v : values)
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!std::isfinite(lo)) lo = 0.0, hi = 1.0;
  if (!(hi > lo)) {  // a constant: give it room
    const double pad = std::max(1.0, std::abs(lo) * 0.1);
    lo -= pad;
    hi += pad;
  }
  // Round bounds on a 1-2-5 grid of about five intervals (QValueAxis::applyNiceNumbers overshoots).
  const double step = nice_step((hi - lo) / 5.0);
  const double first = std::floor(lo / step) * step, last = std::ceil(hi / step) * step;
  axis->setTickType(QValueAxis::TicksFixed);
  axis->setTickCount(int(std::lround((last - first) / step)) + 1);
  axis->setRange(first, last);
  axis->setLabelFormat(step >= 1.0 ? "%.0f" : step >= 0.1 ? "%.1f" : step >= 0.01 ? "%.2f" : "%.3g");
}

void set_round_ticks(QValueAxis* axis, double min, double max, int max_ticks, double min_step) {
  if (!(max > min)) max = min + 1.0;
  const double step = std::max(nice_step((max - min) / std::max(1, max_ticks)), min_step);
  if (!std::isfinite(step) || step <= 0) return axis->setRange(min, max);
  // Each setter relayouts the axis: with dynamic ticks, a new range under the old interval (or
  // the reverse) could ask for millions of ticks. So first an interval coarse enough for both
  // ranges, then the range, then the round interval. Qt 6.4 does not relayout when only the tick
  // type changes (the labels stayed at 5 fixed ticks: 0, 12.5, 25...): the anchor is moved last.
  const double span = std::max(max, axis->max()) - std::min(min, axis->min());
  const double coarse = std::max(step, nice_step(span / std::max(1, max_ticks)));
  axis->setTickInterval(std::max(coarse, axis->tickInterval()));
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickInterval(coarse);
  axis->setRange(min, max);
  axis->setTickInterval(step);
  const double anchor = std::floor(min / step) * step;
  axis->setTickAnchor(anchor + step);
  axis->setTickAnchor(anchor);
}

double growing_axis_max(double seen, double cap, double at_least) {
  double end = at_least;
  if (seen > 0 && std::isfinite(seen)) {
    const double step = nice_step(seen / 5.0);
    end = std::max(end, (std::floor(seen / step + 1e-9) + 1.0) * step);  // strictly above: room for the next
  }
  return cap > 0 ? std::min(end, cap) : end;
}

std::pair<double, double> log_decade_range(double lo, double hi) {
  if (!(lo > 0) || !std::isfinite(lo)) lo = 0.01;
  if (!(hi >= lo) || !std::isfinite(hi)) hi = lo;
  const double tiny = 1e-9;  // a bound on a power of ten stays there
  double first = std::floor(std::log10(lo) + tiny), last = std::ceil(std::log10(hi) - tiny);
  if (last <= first) last = first + 1;
  if (last - first < 2) {  // one decade: add the one nearer the curve's middle
    const double middle = 0.5 * (std::log10(lo) + std::log10(hi));
    if (middle - first < last - middle)
      first -= 1;
    else
      last += 1;
  }
  // A hair outside the decades: log10(0.01) is -1.9999999999999996 in doubles, and Qt would drop
  // the tick on the lower edge.
  return {std::pow(10.0, first) * (1.0 - 1e-9), std::pow(10.0, last) * (1.0 + 1e-9)};
}

}  // namespace rnnwb::ui
