#include "engine/workflow/seed_spread.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/error.hpp"

namespace rnnwb {

namespace {

std::string figure(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

std::size_t lowest_validation(const std::vector<SeedOutcome>& runs) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < runs.size(); ++i)
    if (!std::isnan(runs[i].validation_loss) &&
        (std::isnan(runs[best].validation_loss) || runs[i].validation_loss < runs[best].validation_loss))
      best = i;
  return best;
}

std::string spread_verdict(const SeedSpread& s, double persistence) {
  const std::string n = std::to_string(s.runs.size());
  std::string v = "over " + n + " seeds the test RMSE ranges from " + figure(s.min_rmse) + " to " + figure(s.max_rmse) +
                  " (" + figure(100 * s.spread) + "% apart)";
  v += s.spread <= kSeedSpreadTolerance ? ": the seed hardly matters"
                                        : ": the seed decides much; compare settings by their spread, not one run";
  if (!std::isnan(persistence))
    v += "; " + std::to_string(s.worse_than_persistence) + " of " + n + " seeds are worse than persistence (" +
         figure(persistence) + ")";
  return v;
}

double test_rmse_of(const nlohmann::json& split_metrics) {
  if (!split_metrics.is_object() || !split_metrics.contains("test")) return NAN;
  const nlohmann::json& t = split_metrics["test"];
  if (!t.is_object() || !t.contains("rmse") || !t["rmse"].is_number()) return NAN;
  if (t.contains("count") && t["count"].is_number() && t["count"].get<double>() == 0) return NAN;
  return t["rmse"].get<double>();
}

}  // namespace

SeedOutcome seed_outcome(std::uint64_t seed, double validation_loss, const nlohmann::json& metrics) {
  SeedOutcome s{seed, validation_loss, test_rmse_of(metrics), NAN};
  if (metrics.is_object() && metrics.contains("baselines") && metrics["baselines"].is_object())
    for (const char* name : {"persistence", "mean"})
      if (metrics["baselines"].contains(name)) {
        s.persistence_rmse = test_rmse_of(metrics["baselines"][name]);
        break;
      }
  return s;
}

SeedSpread seed_spread(std::vector<SeedOutcome> runs) {
  if (runs.empty()) throw ConfigError("a multi-seed check needs at least one seed");
  SeedSpread s;
  s.runs = std::move(runs);
  s.best = lowest_validation(s.runs);
  std::vector<double> rmse;
  double persistence = NAN;
  for (const SeedOutcome& r : s.runs) {
    if (!std::isnan(r.test_rmse)) rmse.push_back(r.test_rmse);
    if (!std::isnan(r.persistence_rmse)) {
      persistence = r.persistence_rmse;
      s.worse_than_persistence += r.test_rmse > r.persistence_rmse;
    }
  }
  if (rmse.empty()) {
    s.min_rmse = s.median_rmse = s.max_rmse = s.spread = NAN;
    s.verdict = "no test rows: the seeds are compared by their validation loss only";
    return s;
  }
  std::sort(rmse.begin(), rmse.end());
  s.min_rmse = rmse.front();
  s.max_rmse = rmse.back();
  const std::size_t m = rmse.size() / 2;
  s.median_rmse = rmse.size() % 2 ? rmse[m] : (rmse[m - 1] + rmse[m]) / 2;
  s.spread = s.min_rmse > 0 ? s.max_rmse / s.min_rmse - 1 : 0;
  s.verdict = spread_verdict(s, persistence);
  return s;
}

}  // namespace rnnwb
