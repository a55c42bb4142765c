#include "engine/data/metrics.hpp"

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace rnnwb {

namespace {

// `scale_of(i)`: the MASE scale of value i of the (N, horizon, targets) data.
template <class ScaleOf>
Metrics metrics_of(const Tensor3<double>& actual, const Tensor3<double>& predicted, ScaleOf scale_of) {
  if (actual.data.size() != predicted.data.size()) throw ShapeError("internal: metrics of different shapes");
  Metrics m;
  const std::size_t n = actual.data.size();
  m.count = n;
  if (n == 0) return m;
  double sum = 0, se = 0, ae = 0, ape = 0, sape = 0, scaled = 0;
  std::size_t ape_n = 0, sape_n = 0;
  for (std::size_t i = 0; i < n; ++i) sum += actual.data[i];
  const double mean = sum / double(n);
  double ss_tot = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double a = actual.data[i], p = predicted.data[i], e = a - p;
    se += e * e;
    ae += std::abs(e);
    ss_tot += (a - mean) * (a - mean);
    if (a != 0) {
      ape += std::abs(e / a);
      ++ape_n;
    }
    if (std::abs(a) + std::abs(p) > 0) {
      sape += 2 * std::abs(e) / (std::abs(a) + std::abs(p));
      ++sape_n;
    }
    const double s = scale_of(i);
    scaled += s > 0 ? std::abs(e) / s : NAN;
  }
  m.mse = se / double(n);
  m.rmse = std::sqrt(m.mse);
  m.mae = ae / double(n);
  m.mape = ape_n ? 100 * ape / double(ape_n) : NAN;
  m.mape_skipped = n - ape_n;
  m.smape = sape_n ? 100 * sape / double(sape_n) : NAN;
  m.r2 = ss_tot > 0 ? 1 - se / ss_tot : NAN;
  m.mase = scaled / double(n);
  return m;
}

}  // namespace

Metrics compute_metrics(const Tensor3<double>& actual, const Tensor3<double>& predicted,
                        const std::vector<double>& mase_scale) {
  const std::size_t targets = std::size_t(std::max<Index>(1, actual.features));
  return metrics_of(actual, predicted,
                    [&](std::size_t i) { return mase_scale.empty() ? 0.0 : mase_scale[i % targets]; });
}

Metrics compute_metrics_scaled(const Tensor3<double>& actual, const Tensor3<double>& predicted,
                               const std::vector<double>& window_scales) {
  const std::size_t targets = std::size_t(std::max<Index>(1, actual.features));
  const std::size_t per_window = targets * std::size_t(std::max<Index>(1, actual.steps));
  return metrics_of(actual, predicted, [&](std::size_t i) {
    const std::size_t k = (i / per_window) * targets + i % targets;
    return k < window_scales.size() ? window_scales[k] : 0.0;
  });
}

namespace {

// Mean |x_t - x_{t-m}| over rows [begin, end) of one column.
double naive_scale(const std::vector<double>& x, std::size_t begin, std::size_t end, std::size_t m) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t t = begin + m; t < end && t < x.size(); ++t, ++n) sum += std::abs(x[t] - x[t - m]);
  return n ? sum / double(n) : 0.0;
}

}  // namespace

std::vector<double> mase_scales(const Series& series, const Pipeline& p) {
  const SplitBounds b = split_bounds(series.rows(), p.split);
  const std::size_t m = std::size_t(p.season > 0 ? p.season : 1);
  std::vector<double> scales;
  for (const std::string& name : p.targets)
    scales.push_back(naive_scale(column_values(series, name), 0, b.train_end, m));
  return scales;
}

std::vector<std::vector<double>> mase_scales_per_series(const Series& series, const Pipeline& p) {
  const std::size_t m = std::size_t(p.season > 0 ? p.season : 1);
  const std::vector<SeriesSplit> plan = split_series(series, p);
  std::vector<std::vector<double>> scales(plan.size());
  for (std::size_t g = 0; g < plan.size(); ++g) {
    const bool held_out = plan[g].bounds.train_end == plan[g].begin && p.split_by == SplitBy::Series;
    const std::size_t end = held_out ? plan[g].end : plan[g].bounds.train_end;
    for (const std::string& name : p.targets)
      scales[g].push_back(naive_scale(column_values(series, name), plan[g].begin, end, m));
  }
  return scales;
}

std::vector<double> window_mase_scales(const Series& series, const std::vector<std::vector<double>>& per_series,
                                       const std::vector<std::size_t>& rows) {
  std::vector<double> out;
  for (const std::size_t j : rows) {
    const std::vector<double>& s = per_series.at(j == 0 ? 0 : series.series_of_row(j - 1));
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

namespace {

// Fills (N, horizon, targets) with value_at(column, first target row j, step k, first row of j's
// series): a baseline never reads another series' rows.
template <class F>
Tensor3<double> per_target(const Series& series, const Pipeline& p, const std::vector<std::size_t>& rows, F value_at) {
  Tensor3<double> y(Index(rows.size()), p.horizon, Index(p.targets.size()));
  std::vector<std::size_t> begin(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    begin[i] = series.series_begin(rows[i] == 0 ? 0 : series.series_of_row(rows[i] - 1));
  for (std::size_t c = 0; c < p.targets.size(); ++c) {
    const std::vector<double>& x = column_values(series, p.targets[c]);
    for (std::size_t i = 0; i < rows.size(); ++i)
      for (Index k = 0; k < p.horizon; ++k) y(Index(i), k, Index(c)) = value_at(x, rows[i], std::size_t(k), begin[i]);
  }
  return y;
}

}  // namespace

Tensor3<double> actual_values(const Series& series, const Pipeline& p, const std::vector<std::size_t>& rows) {
  return per_target(series, p, rows, [](const std::vector<double>& x, std::size_t j, std::size_t k, std::size_t) {
    return j + k < x.size() ? x[j + k] : NAN;
  });
}

Tensor3<double> persistence_forecast(const Series& series, const Pipeline& p, const std::vector<std::size_t>& rows) {
  return per_target(series, p, rows, [](const std::vector<double>& x, std::size_t j, std::size_t, std::size_t b) {
    return j >= b + 1 && j - 1 < x.size() ? x[j - 1] : NAN;
  });
}

Tensor3<double> seasonal_naive_forecast(const Series& series, const Pipeline& p, const std::vector<std::size_t>& rows,
                                        int season) {
  const std::size_t m = std::size_t(std::max(1, season));
  return per_target(series, p, rows, [m](const std::vector<double>& x, std::size_t j, std::size_t k, std::size_t b) {
    // The same phase in the last complete season before row j.
    const std::size_t back = m * ((k / m) + 1);
    return j + k >= b + back && j + k - back < x.size() ? x[j + k - back] : NAN;
  });
}

}  // namespace rnnwb
