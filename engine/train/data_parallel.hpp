#pragma once
// Data-parallel training steps: a batch is split into contiguous parts, each part runs forward
// and backward with its own workspace over the model's shared weights (Eigen's products never
// thread), and the parts' gradients are summed into part 0's. That is one synchronisation per
// batch instead of one per matrix product, which is what pays for the small per-step products of
// recurrent layers. With one part it is exactly the single-workspace step, so results with one
// thread are unchanged; with several they depend only on the thread count.
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/core/padding.hpp"
#include "engine/core/threads.hpp"
#include "engine/nn/model.hpp"
#include "engine/train/loss.hpp"
#include "engine/train/trainer.hpp"

namespace rnnwb {

template <class T>
class DataParallel {
 public:
  // Part k > 0 seeds its dropout masks with dropout_seed + 0x9E3779B97F4A7C15 * k; part 0 with
  // first_part_seed, or as model.workspace() does when it is not given.
  DataParallel(const Model<T>& model, int threads, std::uint64_t dropout_seed,
               std::optional<std::uint64_t> first_part_seed = std::nullopt);

  // The mean loss over rows[0 .. count) of `data`, with its gradient in gradients(). With
  // padding_spans(data.x) as `spans` (padded inputs), each part runs packed.
  T loss_and_gradients(const LossConfig& loss, const Dataset<T>& data, const Index* rows, Index count,
                       const std::vector<ValidSpan>& spans = {});
  // The gradient of the last loss_and_gradients (the parts' sum, in part order).
  Vector<T>& gradients() { return parts_[0].ws.gradients; }
  const Vector<T>& gradients() const { return parts_[0].ws.gradients; }

 private:
  struct Part {
    ModelWorkspace<T> ws;
    SeqMatrix<T> x, y, d_out;
    std::vector<Index> rows;  // packed: the part's rows, longest first
  };
  // Forward, loss and backward of rows[0 .. n) on part p (whose targets p.y are gathered; packed,
  // they are gathered again in the packed row order); the loss and its gradient scaled by share.
  T run_part(Part& p, const LossConfig& loss, const Dataset<T>& data, const Index* rows, Index n, T share, bool scaled,
             const std::vector<ValidSpan>& spans) const;

  const Model<T>& model_;
  int threads_;
  std::vector<Part> parts_;
};

extern template class DataParallel<float>;
extern template class DataParallel<double>;

}  // namespace rnnwb
