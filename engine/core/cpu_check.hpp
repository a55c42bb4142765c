#pragma once
// The instruction sets the build was compiled for (RNNWB_ARCH / RNNWB_NATIVE, CMakeLists.txt) and
// whether this CPU has them. A program built for AVX2 on a CPU without it would die of an illegal
// instruction somewhere deep in a matrix product; this says so at start-up instead.
#include <string>

namespace rnnwb {

// The instruction-set extensions this build needs, e.g. "AVX2 FMA", empty for baseline x86-64.
std::string required_cpu_features();
// The ones this CPU lacks (empty when it has them all).
std::string missing_cpu_features();
// Exits with a message naming the missing features and how to rebuild when the CPU lacks any.
// Also runs before main() (a high-priority constructor); the call from main() keeps the object
// file linked from the static library.
void require_cpu_features();

}  // namespace rnnwb
