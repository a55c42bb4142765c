#pragma once
// A seeded random source whose draws are the same on every platform and standard library
// (std:: distributions are implementation-defined, so we derive our own from raw 64-bit draws).
#include <cmath>
#include <cstdint>
#include <random>

namespace rnnwb {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : gen_(seed) {}

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return double(gen_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Standard normal by Box-Muller (one value per call, the second is discarded for simplicity).
  double normal() {
    double u1 = uniform();
    while (u1 <= 0.0) u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Uniform integer in [0, n).
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : gen_() % n; }
  std::uint64_t next() { return gen_(); }

  // Fisher-Yates shuffle.
  template <class Vec>
  void shuffle(Vec& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  std::mt19937_64 gen_;
};

}  // namespace rnnwb
