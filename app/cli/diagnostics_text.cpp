#include "diagnostics_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "cli_wording.hpp"

namespace rnnwb::cli {

namespace {

std::string num(double v, const char* format = "%.4g") {
  if (!std::isfinite(v)) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// Right-aligned in `width` characters, and at least one space before it.
std::string padded(const std::string& s, std::size_t width) {
  return s.size() + 1 >= width ? " " + s : std::string(width - s.size(), ' ') + s;
}

void write_acf(std::ostringstream& out, const TargetResiduals& t) {
  out << "  autocorrelation of " << t.acf.n << " residuals (95% band +-" << num(t.acf.band, "%.3f")
      << ", * outside it):\n";
  out << "    lag       r  -1" << std::string(18, ' ') << "0" << std::string(18, ' ') << "+1\n";
  for (std::size_t k = 0; k < t.acf.r.size(); ++k) {
    const double r = t.acf.r[k];
    out << "    " << padded(std::to_string(k + 1), 3) << padded(num(r, "%+.3f"), 8) << "  " << acf_bar(r, t.acf.band)
        << (std::fabs(r) > t.acf.band ? " *" : "") << "\n";
  }
  out << "  Ljung-Box over " << t.ljung_box.lags << " lags: Q = " << num(t.ljung_box.q)
      << ", p = " << num(t.ljung_box.p_value, "%.3g") << "\n";
  out << "  verdict: " << cli_words(t.verdict.text) << "\n";
}

void write_histogram(std::ostringstream& out, const ResidualHistogram& h) {
  out << "  histogram (" << h.rule << " rule, " << h.counts.size() << " bins of " << num(h.width) << "): mean "
      << num(h.mean) << ", sd " << num(h.sd) << "; count beside the normal curve's\n";
  const std::size_t most =
      h.counts.empty() ? 1 : std::max<std::size_t>(1, *std::max_element(h.counts.begin(), h.counts.end()));
  for (std::size_t b = 0; b < h.counts.size(); ++b) {
    const double lo = h.low + double(b) * h.width;
    const std::string bar(std::size_t(std::lround(30.0 * double(h.counts[b]) / double(most))), '#');
    out << "    " << padded(num(lo), 10) << " .. " << padded(num(lo + h.width), 10) << "  "
        << padded(std::to_string(h.counts[b]), 5) << " (" << padded(num(normal_count(h, lo + h.width / 2), "%.1f"), 6)
        << ")  " << bar << "\n";
  }
}

void write_largest(std::ostringstream& out, const ResidualReport& r) {
  out << "largest errors (test rows):\n    " << padded("time or data row", 20) << padded("series", 10)
      << padded("target", 10) << padded("step", 6) << padded("actual", 12) << padded("predicted", 12)
      << padded("error", 12) << "\n";
  for (const auto& e : r.largest)
    out << "    " << padded(e.time_label.empty() ? "row " + std::to_string(e.row + 1) : e.time_label, 20)
        << padded(e.series_id.empty() ? "-" : e.series_id, 10) << padded(e.target, 10)
        << padded(std::to_string(e.step), 6) << padded(num(e.actual), 12) << padded(num(e.predicted), 12)
        << padded(num(e.error()), 12) << "\n";
}

void write_steps(std::ostringstream& out, const ResidualReport& r) {
  out << (r.step_method == "closed_loop"
              ? "error by step ahead (RMSE of closed-loop forecasts from every test origin):\n"
              : "error by step ahead (RMSE of the model's direct horizon steps on the test rows):\n");
  if (!r.step_note.empty()) out << "  " << cli_words(r.step_note) << "\n";
  for (std::size_t c = 0; c < r.step_errors.size() && c < r.targets.size(); ++c) {
    out << "  target " << r.targets[c].target << ":\n    " << padded("step", 5) << padded("model", 12)
        << padded("persistence", 13) << padded("seasonal", 12) << padded("count", 8) << "\n";
    for (const auto& s : r.step_errors[c])
      out << "    " << padded(std::to_string(s.step), 5) << padded(num(s.model), 12) << padded(num(s.persistence), 13)
          << padded(num(s.seasonal_naive), 12) << padded(std::to_string(s.count), 8) << "\n";
  }
}

}  // namespace

std::string acf_bar(double r, double band, int half) {
  std::string line(std::size_t(2 * half + 1), ' ');
  const auto at = [&](double v) { return std::min(half, int(std::lround(std::fabs(v) * half))); };
  const int b = at(band), len = at(r);
  if (b > 0) line[std::size_t(half - b)] = line[std::size_t(half + b)] = ':';
  for (int i = 1; i <= len; ++i) line[std::size_t(r < 0 ? half - i : half + i)] = '#';
  line[std::size_t(half)] = '|';
  return line;
}

std::string diagnostics_text(const ResidualReport& r) {
  std::ostringstream out;
  out << "residual diagnostics: " << r.test_rows << " test rows"
      << (r.series > 1 ? " of " + std::to_string(r.series) + " series" : "")
      << ", residual = actual - predicted one step ahead\n";
  for (const auto& t : r.targets) {
    out << "target " << t.target << ":\n";
    write_acf(out, t);
    write_histogram(out, t.histogram);
  }
  write_largest(out, r);
  write_steps(out, r);
  return out.str();
}

}  // namespace rnnwb::cli
