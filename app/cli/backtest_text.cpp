// rnnwb backtest's plain-text output.
#include "backtest_text.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "engine/data/intervals.hpp"

namespace rnnwb::cli {

namespace {

std::string num(double v) {
  if (!std::isfinite(v)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

std::string origin_text(const FoldResult& f) {
  return f.origin_label.empty() ? "row " + std::to_string(f.plan.origin + 1) : f.origin_label;
}

double baseline_rmse(const std::map<std::string, Metrics>& m, const std::string& name) {
  const auto it = m.find(name);
  return it == m.end() ? NAN : it->second.rmse;
}

std::string row(const std::vector<std::string>& cells) {
  char text[320];
  std::snprintf(text, sizeof text, "%-5s %-20s %10s %7s %10s %10s %12s %15s", cells[0].c_str(), cells[1].c_str(),
                cells[2].c_str(), cells[3].c_str(), cells[4].c_str(), cells[5].c_str(), cells[6].c_str(),
                cells[7].c_str());
  return text + std::string("\n");
}

std::string fold_rows(const BacktestResult& r) {
  std::string out = row({"fold", "origin", "train rows", "tested", "RMSE", "MAE", "persistence", "seasonal naive"});
  for (const FoldResult& f : r.folds)
    out += row({std::to_string(f.index), origin_text(f), std::to_string(f.train_rows), std::to_string(f.rows_tested),
                num(f.model.rmse), num(f.model.mae), num(baseline_rmse(f.baselines, "persistence")),
                num(baseline_rmse(f.baselines, "seasonal_naive"))});
  if (r.folds.empty()) return out;
  for (const auto* part : {&r.mean, &r.spread})
    out += row({part == &r.mean ? "mean" : "std", "", "", "", num(part->at("model").rmse), num(part->at("model").mae),
                num(baseline_rmse(*part, "persistence")), num(baseline_rmse(*part, "seasonal_naive"))});
  return out;
}

std::string aggregate_rows(const BacktestResult& r) {
  if (r.folds.empty()) return "";
  std::ostringstream o;
  o << "\nover " << r.folds.size() << " folds (mean +/- std):\n";
  for (const auto& [name, m] : r.mean) {
    const Metrics& s = r.spread.at(name);
    o << "  " << name << ": RMSE " << num(m.rmse) << " +/- " << num(s.rmse) << ", MAE " << num(m.mae) << " +/- "
      << num(s.mae) << ", MASE " << num(m.mase) << " +/- " << num(s.mase) << "\n";
  }
  return o.str();
}

std::string steps_rows(const StepScores& s, const std::vector<std::string>& targets, const std::string& title) {
  std::ostringstream o;
  for (std::size_t t = 0; t < s.size(); ++t) {
    if (s[t].size() < 2) continue;
    o << "\n" << title << (targets.size() > 1 ? " (" + targets[t] + ")" : "") << ", RMSE by step:\n";
    o << "  step      model  persistence  seasonal naive  count\n";
    for (std::size_t k = 0; k < s[t].size(); ++k) {
      char text[160];
      std::snprintf(text, sizeof text, "  %4zu %10s %12s %15s %6zu\n", k + 1, num(s[t][k].model_rmse).c_str(),
                    num(s[t][k].persistence_rmse).c_str(), num(s[t][k].seasonal_naive_rmse).c_str(), s[t][k].count);
      o << text;
    }
  }
  return o.str();
}

std::string coverage_rows(const BacktestResult& r) {
  if (r.honest_coverage.empty()) return "";
  std::ostringstream o;
  o << "\nconformal intervals from the folds' residuals";
  if (r.coverage_folds.empty()) {
    o << ": too few residuals before the last fold for an out-of-sample check\n";
    return o.str();
  }
  o << ", checked out of sample (each fold's bands from the folds before it; folds";
  for (const int f : r.coverage_folds) o << " " << f;
  o << "):\n";
  for (const IntervalCoverage& c : r.honest_coverage)
    o << "  " << level_label(c.nominal) << "%: covered " << num(100 * c.empirical) << "% of " << c.count
      << " values, mean width " << num(c.mean_width) << "\n";
  return o.str();
}

}  // namespace

std::string fold_line(const FoldResult& f, int folds) {
  return "fold " + std::to_string(f.index) + "/" + std::to_string(folds) + " (origin " + origin_text(f) + "): RMSE " +
         num(f.model.rmse) + ", persistence " + num(baseline_rmse(f.baselines, "persistence"));
}

std::string backtest_table(const BacktestResult& r) {
  std::string out = fold_rows(r) + aggregate_rows(r);
  const std::vector<std::string> targets =
      r.folds.empty() ? std::vector<std::string>{} : r.folds.front().trained->pipeline.targets;
  out += steps_rows(r.by_step, targets, "direct forecasts");
  out += steps_rows(r.closed_loop_by_step, targets, "closed-loop forecasts from each origin");
  out += coverage_rows(r);
  if (r.config.refit == Refit::Once)
    out += "\nrefit once: every fold was predicted by fold 1's model (its statistics are fold 1's)\n";
  if (r.stopped) {
    out += "\nstopped: folds";
    for (const int f : r.unfinished) out += " " + std::to_string(f);
    out += " did not finish\n";
  }
  return out;
}

}  // namespace rnnwb::cli
