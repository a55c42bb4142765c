#pragma once
// Data-parallel training steps: a batch is split into contiguous parts, each part runs forward
// and backward on its own replica of the model (its own caches; Eigen's products never thread),
// and the parts' gradients are summed. That is one
// synchronisation per batch instead of one per matrix product, which is what pays for the small
// per-step products of recurrent layers. With one part it is exactly the single-model step, so
// results with one thread are unchanged; with several they depend only on the thread count.
#include <vector>

#include "engine/core/threads.hpp"
#include "engine/nn/model.hpp"
#include "engine/train/loss.hpp"
#include "engine/train/trainer.hpp"

namespace rnnwb {

template <class T>
class DataParallel {
 public:
  // `dropout_seed` seeds the replicas' dropout masks (the model's own is seeded by the caller).
  DataParallel(Model<T>& model, int threads, std::uint64_t dropout_seed);

  // The mean loss over rows[0 .. count) of `data`, with its gradient in model.gradients().
  T loss_and_gradients(const LossConfig& loss, const Dataset<T>& data, const Index* rows, Index count);

 private:
  struct Part {
    SeqMatrix<T> x, y, d_out;
  };
  Model<T>& model_;
  int threads_;
  std::vector<Model<T>> replicas_;  // for parts 1 .. threads-1; part 0 is the model itself
  std::vector<Part> parts_;
};

extern template class DataParallel<float>;
extern template class DataParallel<double>;

}  // namespace rnnwb
