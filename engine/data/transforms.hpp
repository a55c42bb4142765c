#pragma once
// Per-column normalisation, applied in this order: optional log, optional differencing
// (x_t - x_{t-lag}), then scaling to (x - offset) / scale with offset and scale fitted on the
// training rows only. The inverse turns model outputs back into the column's original units.
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/enum_names.hpp"

namespace rnnwb {

enum class Scaler { None, Standard, MinMax, Robust };

struct ConfigError;
template <>
struct EnumNames<Scaler> {
  using Error = ConfigError;
  static constexpr const char* what = "scaler";
  static constexpr EnumName<Scaler> names[] = {
      {Scaler::None, "none"}, {Scaler::Standard, "standard"}, {Scaler::MinMax, "minmax"}, {Scaler::Robust, "robust"}};
};
Scaler parse_scaler(std::string_view name);  // "none", "standard", "minmax", "robust"

struct ColumnTransform {
  bool log = false;
  int diff_lag = 0;  // 0 = no differencing
  Scaler scaler = Scaler::Standard;
  double offset = 0.0, scale = 1.0;  // fitted: scaled = (value - offset) / scale

  double scale_value(double pre) const { return (pre - offset) / scale; }
  double unscale_value(double scaled) const { return scaled * scale + offset; }
};

// log (if set) of every value; throws DataError naming the column and row for a value <= 0.
// Rows are reported 1-based as data rows.
std::vector<double> log_values(const std::vector<double>& raw, std::string_view column);

// Fits offset and scale on values (NaN skipped): standard = mean / population std, minmax =
// min / (max - min), robust = median / IQR, none = 0 / 1. A constant column gets scale 1 so
// nothing divides by zero; returns false in that case so the caller can say so.
bool fit_scaler(ColumnTransform& t, const std::vector<double>& values);

// Linear-interpolated quantile q in [0, 1] of sorted values (NumPy's default method).
double quantile_sorted(const std::vector<double>& sorted, double q);

}  // namespace rnnwb
