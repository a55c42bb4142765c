#include "engine/train/data_parallel.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

namespace rnnwb {

template <class T>
DataParallel<T>::DataParallel(Model<T>& model, int threads, std::uint64_t dropout_seed)
    : model_(model), threads_(std::max(1, threads)), parts_(std::size_t(std::max(1, threads))) {
  for (int k = 1; k < threads_; ++k) {
    replicas_.emplace_back(model.input_features(), model.layers());
    replicas_.back().seed_dropout(dropout_seed + 0x9E3779B97F4A7C15ull * std::uint64_t(k));
  }
}

template <class T>
T DataParallel<T>::loss_and_gradients(const LossConfig& loss, const Dataset<T>& data, const Index* rows, Index count) {
  const int parts = batch_parts(threads_, count);
  if (parts == 1) {  // the plain step, on this thread
    Part& p = parts_[0];
    gather_batch(data.x, rows, count, p.x);
    gather_batch(data.y, rows, count, p.y);
    const T value = loss_and_gradient<T>(loss, model_.forward(p.x, true).m, p.y.m, &p.d_out.m);
    if (!std::isfinite(double(value))) return value;
    p.d_out.steps = p.y.steps;
    p.d_out.batch = p.y.batch;
    model_.backward(p.d_out);
    return value;
  }

  for (int k = 1; k < parts; ++k) replicas_[std::size_t(k - 1)].parameters() = model_.parameters();
  std::vector<T> values(static_cast<std::size_t>(parts));
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(parts));
#pragma omp parallel for num_threads(parts) schedule(static, 1)
  for (int k = 0; k < parts; ++k) {
    try {
      Model<T>& m = k == 0 ? model_ : replicas_[std::size_t(k - 1)];
      Part& p = parts_[std::size_t(k)];
      const Index first = count * k / parts, n = count * (k + 1) / parts - first;
      gather_batch(data.x, rows + first, n, p.x);
      gather_batch(data.y, rows + first, n, p.y);
      // Each part's mean loss, weighted by its share, sums to the batch's mean loss.
      const T share = T(n) / T(count);
      values[std::size_t(k)] = share * loss_and_gradient<T>(loss, m.forward(p.x, true).m, p.y.m, &p.d_out.m);
      p.d_out.m *= share;
      p.d_out.steps = p.y.steps;
      p.d_out.batch = p.y.batch;
      m.backward(p.d_out);
    } catch (...) {
      errors[std::size_t(k)] = std::current_exception();
    }
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  T value = 0;
  for (int k = 0; k < parts; ++k) {
    value += values[std::size_t(k)];
    if (k > 0) model_.gradients() += replicas_[std::size_t(k - 1)].gradients();
  }
  return value;
}

template class DataParallel<float>;
template class DataParallel<double>;

}  // namespace rnnwb
