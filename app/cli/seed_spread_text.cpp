#include "app/cli/seed_spread_text.hpp"

#include <cmath>
#include <cstdio>

namespace rnnwb::cli {

namespace {

std::string cell(double v) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return "diverged";
  char text[32];
  std::snprintf(text, sizeof text, "%.5g", v);
  return text;
}

}  // namespace

std::string seed_spread_table(const SeedSpread& spread) {
  std::string out = "seed        validation loss   test RMSE   persistence\n";
  char line[160];
  for (std::size_t i = 0; i < spread.runs.size(); ++i) {
    const SeedOutcome& r = spread.runs[i];
    std::snprintf(line, sizeof line, "%-10llu  %15s  %10s  %12s%s\n", static_cast<unsigned long long>(r.seed),
                  cell(r.validation_loss).c_str(), cell(r.test_rmse).c_str(), cell(r.persistence_rmse).c_str(),
                  i == spread.best ? "   <- kept (lowest validation loss)" : "");
    out += line;
  }
  out += spread.verdict + "\n";
  return out;
}

}  // namespace rnnwb::cli
