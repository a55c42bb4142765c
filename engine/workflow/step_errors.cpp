#include "engine/workflow/step_errors.hpp"

#include <algorithm>

#include "engine/data/metrics.hpp"

namespace rnnwb {

std::vector<std::string> inputs_not_predicted(const Pipeline& p) {
  std::vector<std::string> out;
  for (const auto& f : p.features)
    if (std::find(p.targets.begin(), p.targets.end(), f) == p.targets.end()) out.push_back(f);
  return out;
}

std::vector<StepError> horizon_errors(const Series& series, const Pipeline& p, const std::vector<std::size_t>& rows,
                                      const Tensor3<double>& predicted, int target) {
  const std::vector<std::size_t> test = split_rows(series, p).test;
  const Tensor3<double> actual = actual_values(series, p, test);
  const Tensor3<double> persistence = persistence_forecast(series, p, test);
  const std::vector<double> scale = {mase_scales(series, p)[std::size_t(target)]};
  // Position of each test row among the predicted rows (both ascending).
  std::vector<Index> at;
  for (std::size_t j : test) {
    const auto it = std::lower_bound(rows.begin(), rows.end(), j);
    if (it == rows.end() || *it != j) return {};  // not predicted: nothing to break down
    at.push_back(Index(it - rows.begin()));
  }
  const Index n = Index(test.size()), c = target;
  std::vector<StepError> out;
  for (Index k = 0; k < p.horizon; ++k) {
    Tensor3<double> a(n, 1, 1), model(n, 1, 1), naive(n, 1, 1);
    for (Index i = 0; i < n; ++i) {
      a(i, 0, 0) = actual(i, k, c);
      model(i, 0, 0) = predicted(at[std::size_t(i)], k, c);
      naive(i, 0, 0) = persistence(i, k, c);
    }
    StepError e;
    e.model_rmse = compute_metrics(a, model, scale).rmse;
    e.persistence_rmse = compute_metrics(a, naive, scale).rmse;
    e.count = std::size_t(n);
    out.push_back(e);
  }
  return out;
}

}  // namespace rnnwb
