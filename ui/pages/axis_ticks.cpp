#include "ui/pages/axis_ticks.hpp"

#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace rnnwb::ui {

void set_round_ticks(QValueAxis* axis, double min, double max, int max_ticks, double min_step) {
  if (!(max > min)) max = min + 1.0;
  const double raw = (max - min) / std::max(1, max_ticks);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10.0 * magnitude;
  for (double m : {1.0, 2.0, 5.0})
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  step = std::max(step, min_step);
  if (!std::isfinite(step) || step <= 0) return axis->setRange(min, max);
  // Each setter relayouts the axis: with dynamic ticks, a new range under the old interval (or
  // the reverse) could ask for millions of ticks. Fixed ticks while the three change.
  axis->setTickType(QValueAxis::TicksFixed);
  axis->setRange(min, max);
  axis->setTickInterval(step);
  axis->setTickAnchor(std::floor(min / step) * step);
  axis->setTickType(QValueAxis::TicksDynamic);
}

}  // namespace rnnwb::ui
