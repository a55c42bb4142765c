#pragma once
// Axis ticks at round values (1, 2 or 5 times a power of ten), so labels read 0, 20, 40 rather
// than 0, 23.3, 46.6, whatever range the data gives.
class QValueAxis;

namespace rnnwb::ui {

// Shows [min, max] with at most about `max_ticks` ticks, never closer than `min_step`.
void set_round_ticks(QValueAxis* axis, double min, double max, int max_ticks = 8, double min_step = 0.0);

}  // namespace rnnwb::ui
