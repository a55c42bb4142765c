// Model::predict with a workspace the caller keeps does not allocate once it has been sized: the
// process's malloc is counted (glibc's allocator is wrapped here; Eigen allocates with malloc,
// not operator new, so counting operator new would miss the matrices). Its own executable: the
// wrapper must not be in the sanitizer builds, whose runtimes own malloc.
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>

#include "engine/nn/model.hpp"

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace {
std::atomic<long> allocations{0};
}

extern "C" {
void* malloc(std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, n);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  *out = __libc_memalign(alignment, n);
  return *out ? 0 : 12;  // ENOMEM
}
void* aligned_alloc(std::size_t alignment, std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_memalign(alignment, n);
}
void free(void* p) { __libc_free(p); }
}

namespace rnnwb {
namespace {

Tensor3<float> windows(Index n, Index steps, Index features) {
  Tensor3<float> x(n, steps, features);
  for (std::size_t i = 0; i < x.data.size(); ++i) x.data[i] = float(i % 7) * 0.1f - 0.3f;
  return x;
}

long allocations_of_repeated_predicts(const Model<float>& model, const Tensor3<float>& x) {
  ModelWorkspace<float> ws;
  Tensor3<float> y;
  model.predict(ws, x, y);  // sizes the workspace and y
  model.predict(ws, x, y);
  const long before = allocations.load();
  for (int i = 0; i < 5; ++i) model.predict(ws, x, y);
  return allocations.load() - before;
}

TEST(PredictAllocation, TheWrapperCountsEigenAllocations) {
  const long before = allocations.load();
  Matrix<float> m(64, 64);
  m.setZero();
  EXPECT_GT(allocations.load(), before) << "the malloc wrapper is not in effect: this test would prove nothing";
}

TEST(PredictAllocation, ASizedWorkspacePredictsWithoutAllocating) {
  for (const std::vector<LayerSpec>& layers :
       {std::vector<LayerSpec>{LayerSpec::lstm(32), LayerSpec::dense(2)},
        std::vector<LayerSpec>{LayerSpec::gru(16, true), LayerSpec::dropout(0.2), LayerSpec::simple_rnn(8),
                               LayerSpec::dense(1)},
        std::vector<LayerSpec>{LayerSpec::lstm(300), LayerSpec::dense(1)},  // the stacked path
        std::vector<LayerSpec>{LayerSpec::lstm(512), LayerSpec::dense(1)}}) {
    const Model<float> model(3, layers);
    for (const Index batch : {Index(1), Index(16)}) {
      EXPECT_EQ(allocations_of_repeated_predicts(model, windows(batch, 12, 3)), 0)
          << "batch " << batch << ", first layer " << to_string(layers[0].kind) << "(" << layers[0].units << ")";
    }
  }
}

TEST(PredictAllocation, TheWorkspaceResultMatchesThePlainPredict) {
  const Model<float> model(2, {LayerSpec::lstm(8), LayerSpec::dense(3)});
  const Tensor3<float> x = windows(5, 6, 2);
  ModelWorkspace<float> ws;
  Tensor3<float> y;
  model.predict(ws, x, y);
  const Tensor3<float> expected = model.predict(x);
  ASSERT_EQ(y.data.size(), expected.data.size());
  for (std::size_t i = 0; i < y.data.size(); ++i) EXPECT_EQ(y.data[i], expected.data[i]);
}

}  // namespace
}  // namespace rnnwb
