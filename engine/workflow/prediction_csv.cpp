#include "engine/workflow/prediction_csv.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/data/panel.hpp"
#include "engine/data/time_axis.hpp"
#include "engine/workflow/prediction.hpp"

namespace rnnwb {

std::vector<std::string> future_labels(const std::vector<std::string>& labels, std::size_t count) {
  return next_time_labels(labels, count);
}

namespace {

// CSV field quoting for labels and names. (Not named `quoted`: for a non-const std::string argument,
// argument-dependent lookup would pick std::quoted and quote every such field.)
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

namespace {

// The series a prediction CSV covers: all, or the one `only` names.
std::vector<std::size_t> chosen_series(const Series& s, const std::string& only, const std::string& source) {
  std::vector<std::size_t> out;
  if (only.empty()) {
    for (std::size_t g = 0; g < s.series_count(); ++g) out.push_back(g);
    return out;
  }
  const long g = s.find_series(only);
  if (g < 0)
    throw DataError(
        source + " has no series " + quote(only) +
        (s.is_panel() ? "; " + describe_series(s) : std::string(": it is one series; name its series column")));
  return {std::size_t(g)};
}

// "_h2" for horizon step 2 (index 1), "" for the first.
std::string step_suffix(Index k) { return k == 0 ? std::string() : "_h" + std::to_string(k + 1); }

void write_header(std::ostringstream& out, const Series& s, const Pipeline& p, const PredictionIntervals& bands) {
  if (s.is_panel()) out << csv_field(s.series_name.empty() ? "series" : s.series_name) << ",";
  out << csv_field(s.time_name.empty() ? "row" : s.time_name) << ",split";
  for (const auto& t : p.targets) {
    out << "," << csv_field(t) << "," << csv_field(t + "_predicted");
    for (Index k = 1; k < p.horizon; ++k) out << "," << csv_field(t + "_predicted" + step_suffix(k));
    for (Index k = 0; k < p.horizon; ++k)
      for (const IntervalLevel& l : bands.levels)
        out << "," << csv_field(t + "_lower_" + level_label(l.coverage) + step_suffix(k)) << ","
            << csv_field(t + "_upper_" + level_label(l.coverage) + step_suffix(k));
  }
  out << "\n";
}

// The band columns of one target: for each horizon step and level, predicted -/+ the half width
// (widths[level][step], NaN: no band, an empty cell).
void write_bands(std::ostringstream& out, const std::vector<double>& predicted,
                 const std::vector<std::vector<double>>& widths) {
  for (std::size_t k = 0; k < predicted.size(); ++k)
    for (const auto& level : widths) {
      const double w = k < level.size() ? level[k] : NAN;
      if (std::isnan(w) || std::isnan(predicted[k]))
        out << ",,";
      else
        out << "," << predicted[k] - w << "," << predicted[k] + w;
    }
}

// The closed-loop forecast rows of series g.
void write_forecast(std::ostringstream& out, const TrainedModel& m, const Series& s, std::size_t g, Index steps,
                    int threads) {
  const Pipeline& p = m.pipeline;
  const auto forecast = forecast_closed_loop(m, s, steps, threads, g);
  const std::size_t b = s.series_begin(g), e = s.series_end(g);
  std::vector<std::string> stamps;
  if (s.time_labels.empty())
    for (std::size_t k = 1; k <= forecast.size(); ++k) stamps.push_back(std::to_string(e - b + k));
  else
    stamps = next_time_labels(
        std::vector<std::string>(s.time_labels.begin() + long(b), s.time_labels.begin() + long(e)), forecast.size());
  for (std::size_t k = 0; k < forecast.size(); ++k) {
    if (s.is_panel()) out << csv_field(s.series_ids[g]) << ",";
    out << csv_field(stamps[k]) << ",forecast";
    for (std::size_t c = 0; c < p.targets.size(); ++c) {
      out << ",," << forecast[k][c];
      for (Index h = 1; h < p.horizon; ++h) out << ",";
      // The fan's width k steps ahead in the first step's columns; none beyond the stored fan.
      std::vector<double> predicted(std::size_t(p.horizon), NAN);
      predicted[0] = forecast[k][c];
      std::vector<std::vector<double>> widths;
      for (const IntervalLevel& l : m.intervals.levels)
        widths.push_back({k < l.closed_loop.size() ? l.closed_loop[k][c] : NAN});
      write_bands(out, predicted, widths);
    }
    out << "\n";
  }
}

}  // namespace

PredictionCsv prediction_csv(const TrainedModel& m, CsvTable& table, const std::string& source, MissingPolicy missing,
                             Index forecast_steps, int threads, const std::string& only_series) {
  const Pipeline& p = m.pipeline;
  const Series& s = table.series;
  std::vector<std::string> used = p.features;
  for (const auto& t : p.targets)
    if (std::find(used.begin(), used.end(), t) == used.end()) used.push_back(t);
  for (const auto& c : used)
    if (s.find(c) < 0) throw DataError(source + " has no column " + quote(c) + " that the model needs");
  PredictionCsv result;
  result.missing_note = apply_missing_policy(table, missing, used);
  std::vector<std::size_t> chosen = chosen_series(s, only_series, source);
  // The whole file: a series the model cannot predict (a per-series model never saw it, or it is
  // shorter than the window, so it has neither a prediction nor a forecast) is left out and
  // listed, rather than failing every other series. Named alone, it fails with the reason.
  if (only_series.empty() && s.is_panel()) {
    std::vector<std::size_t> kept;
    for (const std::size_t g : chosen) {
      const bool unseen = p.per_series() && p.series_transforms.count(s.series_ids[g]) == 0;
      if (unseen || s.series_rows(g) < std::size_t(p.window))
        result.series_left_out.push_back(s.series_ids[g]);
      else
        kept.push_back(g);
    }
    if (!kept.empty())
      chosen = std::move(kept);
    else
      result.series_left_out.clear();  // the errors below say why nothing can be predicted
  }

  // Rows with an actual value and a full window before them, series by series.
  std::vector<std::size_t> rows;
  for (const std::size_t g : chosen)
    for (std::size_t j = s.series_begin(g) + std::size_t(p.window); j < s.series_end(g); ++j) rows.push_back(j);
  if (rows.empty() && forecast_steps == 0)
    throw DataError(source + " has " + std::to_string(s.rows()) + " rows" +
                    (s.is_panel() ? " (no series longer than the window)" : "") +
                    ": a prediction needs more than the " + "window of " + std::to_string(p.window) + " rows");
  const Tensor3<double> pred = rows.empty() ? Tensor3<double>() : predict_rows(m, s, rows, threads);
  Pipeline bounds_of = p;
  if (!s.is_panel()) bounds_of.split_by = SplitBy::Time;  // one series cannot be split by series
  const std::vector<SeriesSplit> plan = bounds_of.split_by == SplitBy::Series && s.series_count() < 3
                                            ? std::vector<SeriesSplit>{}
                                            : split_series(s, bounds_of);

  std::ostringstream out;
  out.precision(10);
  write_header(out, s, p, m.intervals);
  auto label = [&](std::size_t row) {
    return s.time_labels.empty() ? std::to_string(row - s.series_begin(s.series_of_row(row)) + 1) : s.time_labels[row];
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t j = rows[i], g = s.series_of_row(j);
    if (s.is_panel()) out << csv_field(s.series_ids[g]) << ",";
    out << csv_field(label(j)) << "," << (plan.empty() ? std::string("test") : to_string(plan[g].bounds.of(j)));
    for (std::size_t c = 0; c < p.targets.size(); ++c) {
      out << "," << s.columns[std::size_t(s.find(p.targets[c]))][j];
      for (Index k = 0; k < p.horizon; ++k) out << "," << pred(Index(i), k, Index(c));
      std::vector<double> predicted;
      for (Index k = 0; k < p.horizon; ++k) predicted.push_back(pred(Index(i), k, Index(c)));
      std::vector<std::vector<double>> widths;
      for (const IntervalLevel& l : m.intervals.levels) {
        widths.emplace_back();
        for (const auto& step : l.direct) widths.back().push_back(step[c]);
      }
      write_bands(out, predicted, widths);
    }
    out << "\n";
  }
  if (forecast_steps > 0)
    for (const std::size_t g : chosen) write_forecast(out, m, s, g, forecast_steps, threads);
  result.text = out.str();
  return result;
}

}  // namespace rnnwb
