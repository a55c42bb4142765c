// The machine's float32 matrix-product peak as the engine can reach it: the best of ten Eigen
// 1024 x 1024 x 1024 products on the given threads. Prints one JSON line.
//   matmul_peak [--threads N] [--size N]
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
  int threads = 2, n = 1024;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--threads"))
      threads = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--size"))
      n = std::stoi(argv[i + 1]);
  }
  Eigen::setNbThreads(threads);
  const Eigen::MatrixXf a = Eigen::MatrixXf::Random(n, n), b = Eigen::MatrixXf::Random(n, n);
  Eigen::MatrixXf c(n, n);
  c.noalias() = a * b;  // warm-up
  double best = 1e30;
  for (int r = 0; r < 10; ++r) {
    const auto start = std::chrono::steady_clock::now();
    c.noalias() = a * b;
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::printf("{\"bench\":\"matmul_peak\",\"size\":%d,\"threads\":%d,\"gflops\":%.1f,\"check\":%g}\n", n, threads,
              2.0 * n * n * n / best / 1e9, double(c(0, 0)));
}
