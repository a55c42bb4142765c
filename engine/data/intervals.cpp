#include "engine/data/intervals.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace rnnwb {

std::vector<double> parse_interval_levels(std::string_view text) {
  std::vector<double> levels;
  if (text.empty() || text == "none") return levels;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string part(text.substr(start, comma - start));
    start = comma + 1;
    char* end = nullptr;
    const double v = std::strtod(part.c_str(), &end);
    if (part.empty() || end != part.c_str() + part.size() || !(v > 0 && v < 1))
      throw ConfigError("interval level " + quote(part) +
                        " is not a coverage between 0 and 1: write levels such as 0.8,0.95 (or none)");
    levels.push_back(v);
  }
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

std::string level_label(double coverage) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", std::round(coverage * 1e6) / 1e4);
  return text;
}

PredictionIntervals select_levels(const PredictionIntervals& in, const std::vector<double>& coverages) {
  PredictionIntervals out = in;
  out.levels.clear();
  for (double c : coverages) {
    const auto it = std::find_if(in.levels.begin(), in.levels.end(),
                                 [&](const IntervalLevel& l) { return std::abs(l.coverage - c) < 1e-9; });
    if (it != in.levels.end()) {
      out.levels.push_back(*it);
      continue;
    }
    if (in.levels.empty())
      throw ConfigError(
          "the model holds no prediction intervals (it was trained with --intervals none, or before "
          "rnnwb calibrated them): retrain it to get them");
    std::string held;
    for (const IntervalLevel& l : in.levels) {
      char text[32];
      std::snprintf(text, sizeof text, "%s%.10g", held.empty() ? "" : ",", l.coverage);
      held += text;
    }
    throw ConfigError("the model holds no " + level_label(c) +
                      "% intervals; choose among the levels it holds: " + held);
  }
  return out;
}

double conformal_quantile(std::vector<double> abs_residuals, double coverage) {
  std::erase_if(abs_residuals, [](double v) { return std::isnan(v); });
  const std::size_t n = abs_residuals.size();
  const double k = std::ceil(double(n + 1) * coverage - 1e-9);  // -1e-9: 0.8 * 10 is 8, not 8.000001
  if (n == 0 || k > double(n)) return kUnboundedWidth;
  const std::size_t kth = std::size_t(std::max(1.0, k)) - 1;
  for (double& v : abs_residuals) v = std::abs(v);
  std::nth_element(abs_residuals.begin(), abs_residuals.begin() + long(kth), abs_residuals.end());
  return abs_residuals[kth];
}

void add_residuals(StepResiduals& into, const Tensor3<double>& actual, const Tensor3<double>& predicted) {
  if (into.empty())
    into.assign(std::size_t(actual.steps), std::vector<std::vector<double>>(std::size_t(actual.features)));
  for (Index b = 0; b < actual.batch; ++b)
    for (Index s = 0; s < actual.steps && std::size_t(s) < into.size(); ++s)
      for (Index t = 0; t < actual.features && std::size_t(t) < into[std::size_t(s)].size(); ++t)
        into[std::size_t(s)][std::size_t(t)].push_back(actual(b, s, t) - predicted(b, s, t));
}

namespace {

std::vector<std::vector<double>> widths_of(const StepResiduals& residuals, double coverage) {
  std::vector<std::vector<double>> widths(residuals.size());
  for (std::size_t s = 0; s < residuals.size(); ++s)
    for (const auto& target : residuals[s]) widths[s].push_back(conformal_quantile(target, coverage));
  return widths;
}

std::size_t finite_count(const std::vector<double>& v) {
  return std::size_t(std::count_if(v.begin(), v.end(), [](double x) { return !std::isnan(x); }));
}

}  // namespace

PredictionIntervals conformal_intervals(const StepResiduals& direct, const StepResiduals& closed_loop,
                                        const std::vector<double>& levels, const std::string& source) {
  PredictionIntervals out;
  out.source = source;
  for (double c : levels) out.levels.push_back({c, widths_of(direct, c), widths_of(closed_loop, c)});
  for (const auto& step : direct) {
    out.direct_counts.emplace_back();
    for (const auto& target : step) out.direct_counts.back().push_back(finite_count(target));
  }
  for (const auto& step : closed_loop) out.closed_loop_counts.push_back(step.empty() ? 0 : finite_count(step.front()));
  return out;
}

IntervalCoverage interval_coverage(const Tensor3<double>& actual, const Tensor3<double>& predicted,
                                   const IntervalLevel& level) {
  IntervalCoverage c;
  c.nominal = level.coverage;
  std::vector<std::size_t> inside_by_step(std::size_t(actual.steps)), count_by_step(std::size_t(actual.steps));
  std::size_t inside = 0;
  double width_sum = 0;
  for (Index b = 0; b < actual.batch; ++b)
    for (Index s = 0; s < actual.steps && std::size_t(s) < level.direct.size(); ++s)
      for (Index t = 0; t < actual.features; ++t) {
        const double a = actual(b, s, t), p = predicted(b, s, t), w = level.direct[std::size_t(s)][std::size_t(t)];
        if (std::isnan(a) || std::isnan(p)) continue;
        const bool in = std::abs(a - p) <= w;
        inside += in;
        inside_by_step[std::size_t(s)] += in;
        ++count_by_step[std::size_t(s)];
        ++c.count;
        width_sum += 2 * w;
      }
  if (c.count > 0) {
    c.empirical = double(inside) / double(c.count);
    c.mean_width = width_sum / double(c.count);
  }
  for (std::size_t s = 0; s < inside_by_step.size(); ++s)
    c.empirical_by_step.push_back(count_by_step[s] ? double(inside_by_step[s]) / double(count_by_step[s]) : 0.0);
  return c;
}

}  // namespace rnnwb
