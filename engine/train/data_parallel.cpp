#include "engine/train/data_parallel.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

namespace rnnwb {

template <class T>
DataParallel<T>::DataParallel(const Model<T>& model, int threads, std::uint64_t dropout_seed,
                              std::optional<std::uint64_t> first_part_seed)
    : model_(model), threads_(std::max(1, threads)), parts_(std::size_t(std::max(1, threads))) {
  parts_[0].ws = first_part_seed ? ModelWorkspace<T>(*first_part_seed) : model.workspace();
  for (int k = 1; k < threads_; ++k)
    parts_[std::size_t(k)].ws.seed_dropout(dropout_seed + 0x9E3779B97F4A7C15ull * std::uint64_t(k));
}

template <class T>
T DataParallel<T>::run_part(Part& p, const LossConfig& loss, const Dataset<T>& data, const Index* rows, Index n,
                            T share, bool scaled, const std::vector<ValidSpan>& spans) const {
  if (spans.empty()) {
    gather_batch(data.x, rows, n, p.x);
    gather_batch(data.y, rows, n, p.y);
  } else {
    p.rows.assign(rows, rows + n);
    gather_packed(data.x, spans, p.rows.data(), n, p.x);
    gather_batch(data.y, p.rows.data(), n, p.y);
  }
  T value = loss_and_gradient<T>(loss, model_.forward(p.ws, p.x, true).m, p.y.m, &p.d_out.m);
  if (scaled) {
    // Each part's mean loss, weighted by its share, sums to the batch's mean loss.
    value = share * value;
    p.d_out.m *= share;
  } else if (!std::isfinite(double(value))) {
    return value;
  }
  p.d_out.steps = p.y.steps;
  p.d_out.batch = p.y.batch;
  model_.backward(p.ws, p.d_out);
  return value;
}

template <class T>
T DataParallel<T>::loss_and_gradients(const LossConfig& loss, const Dataset<T>& data, const Index* rows, Index count,
                                      const std::vector<ValidSpan>& spans) {
  const int parts = batch_parts(threads_, count);
  if (parts == 1) return run_part(parts_[0], loss, data, rows, count, T(1), false, spans);  // the plain step

  // Each part's share of the batch mean: its part of the loss's denominator (its element count,
  // or its sum of class weights for weighted cross-entropy).
  std::vector<double> denominators(static_cast<std::size_t>(parts));
  double total = 0;
  SeqMatrix<T> y;
  for (int k = 0; k < parts; ++k) {
    const Index first = count * k / parts, n = count * (k + 1) / parts - first;
    gather_batch(data.y, rows + first, n, y);
    total += denominators[std::size_t(k)] = loss_denominator(loss, y.m);
  }
  std::vector<T> values(static_cast<std::size_t>(parts));
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(parts));
#pragma omp parallel for num_threads(parts) schedule(static, 1)
  for (int k = 0; k < parts; ++k) {
    try {
      const Index first = count * k / parts, n = count * (k + 1) / parts - first;
      values[std::size_t(k)] = run_part(parts_[std::size_t(k)], loss, data, rows + first, n,
                                        T(denominators[std::size_t(k)]) / T(total), true, spans);
    } catch (...) {
      errors[std::size_t(k)] = std::current_exception();
    }
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  T value = 0;
  for (int k = 0; k < parts; ++k) {
    value += values[std::size_t(k)];
    if (k > 0) gradients() += parts_[std::size_t(k)].ws.gradients;
  }
  return value;
}

template class DataParallel<float>;
template class DataParallel<double>;

}  // namespace rnnwb
