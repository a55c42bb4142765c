#include "engine/data/transforms.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"

namespace rnnwb {

std::vector<double> log_values(const std::vector<double>& raw, std::string_view column) {
  std::vector<double> out(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (!(raw[i] > 0))
      throw DataError("column \"" + std::string(column) + "\" row " + std::to_string(i + 1) + " is " +
                      std::to_string(raw[i]) + ": the log transform needs values > 0; turn log off for this column");
    out[i] = std::log(raw[i]);
  }
  return out;
}

double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;
  const double pos = q * double(sorted.size() - 1);
  const std::size_t lo = std::size_t(std::floor(pos)), hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - double(lo)) * (sorted[hi] - sorted[lo]);
}

bool fit_scaler(ColumnTransform& t, const std::vector<double>& values) {
  std::vector<double> v;
  v.reserve(values.size());
  for (double x : values)
    if (!std::isnan(x)) v.push_back(x);
  t.offset = 0.0;
  t.scale = 1.0;
  if (t.scaler == Scaler::None || v.empty()) return !v.empty();
  double spread = 0.0;
  switch (t.scaler) {
    case Scaler::Standard: {
      double mean = 0;
      for (double x : v) mean += x;
      mean /= double(v.size());
      double var = 0;
      for (double x : v) var += (x - mean) * (x - mean);
      t.offset = mean;
      spread = std::sqrt(var / double(v.size()));
      break;
    }
    case Scaler::MinMax: {
      const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
      t.offset = *lo;
      spread = *hi - *lo;
      break;
    }
    case Scaler::Robust: {
      std::sort(v.begin(), v.end());
      t.offset = quantile_sorted(v, 0.5);
      spread = quantile_sorted(v, 0.75) - quantile_sorted(v, 0.25);
      break;
    }
    case Scaler::None:
      break;
  }
  // A constant column (or one whose spread is below rounding) keeps scale 1: no division by zero.
  if (spread > 1e-12 * std::max(1.0, std::abs(t.offset))) {
    t.scale = spread;
    return true;
  }
  return false;
}

Scaler parse_scaler(std::string_view name) { return parse_enum<Scaler>(name); }

}  // namespace rnnwb
