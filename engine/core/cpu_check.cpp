// Compiled for baseline x86-64 (engine/CMakeLists.txt): this file must run on the CPU it rejects.
#include "engine/core/cpu_check.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace rnnwb {
namespace {

struct Feature {
  const char* name;
  bool built_for;
  bool (*present)();
};

#if defined(__x86_64__) || defined(__i386__)
#define RNNWB_HAS(feature) [] { return __builtin_cpu_supports(feature) != 0; }
#else
#define RNNWB_HAS(feature) [] { return true; }
#endif

// The macros are those of the flags the rest of the build is compiled with, not this file's.
const Feature kFeatures[] = {
    {"SSE4.2", RNNWB_BUILT_SSE42, RNNWB_HAS("sse4.2")},
    {"AVX", RNNWB_BUILT_AVX, RNNWB_HAS("avx")},
    {"AVX2", RNNWB_BUILT_AVX2, RNNWB_HAS("avx2")},
    {"FMA", RNNWB_BUILT_FMA, RNNWB_HAS("fma")},
    {"AVX-512F", RNNWB_BUILT_AVX512F, RNNWB_HAS("avx512f")},
    {"AVX-512BW", RNNWB_BUILT_AVX512BW, RNNWB_HAS("avx512bw")},
    {"AVX-512VL", RNNWB_BUILT_AVX512VL, RNNWB_HAS("avx512vl")},
    {"AVX-512DQ", RNNWB_BUILT_AVX512DQ, RNNWB_HAS("avx512dq")},
};

// Plain C on the check's path: an inline std::string member could come, at link time, from a
// translation unit compiled for AVX2.
void join(bool only_missing, char* out, std::size_t size) {
  out[0] = '\0';
  for (const Feature& f : kFeatures) {
    if (!f.built_for || (only_missing && f.present())) continue;
    if (out[0] != '\0') std::strncat(out, " ", size - std::strlen(out) - 1);
    std::strncat(out, f.name, size - std::strlen(out) - 1);
  }
}

std::string joined(bool only_missing) {
  char buffer[256];
  join(only_missing, buffer, sizeof buffer);
  return buffer;
}

__attribute__((constructor(101))) void check_before_main() { require_cpu_features(); }

}  // namespace

std::string required_cpu_features() { return joined(false); }
std::string missing_cpu_features() { return joined(true); }

void require_cpu_features() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();  // constructors may run before libgcc's own initialisation
#endif
  char missing[256], required[256];
  join(true, missing, sizeof missing);
  if (missing[0] == '\0') return;
  join(false, required, sizeof required);
  std::fprintf(stderr,
               "error: this build of RNN Workbench needs a CPU with %s, and this one lacks %s.\n"
               "Rebuild for this machine: cmake -DRNNWB_NATIVE=ON (or -DRNNWB_ARCH=x86-64 for any "
               "x86-64 CPU).\n",
               required, missing);
  std::exit(2);
}

}  // namespace rnnwb
