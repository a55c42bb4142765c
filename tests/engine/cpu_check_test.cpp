#include "engine/core/cpu_check.hpp"

#include <gtest/gtest.h>

namespace rnnwb {
namespace {

bool names(const std::string& list, const std::string& feature) {
  return (" " + list + " ").find(" " + feature + " ") != std::string::npos;
}

// The list comes from CMake's probe of the build's flags; this file is compiled with those flags,
// so its own macros say what the list must hold.
TEST(CpuCheck, NamesTheExtensionsTheBuildWasCompiledFor) {
  const std::string required = required_cpu_features();
#ifdef __AVX2__
  EXPECT_TRUE(names(required, "AVX2")) << required;
#else
  EXPECT_FALSE(names(required, "AVX2")) << required;
#endif
#ifdef __FMA__
  EXPECT_TRUE(names(required, "FMA")) << required;
#endif
#ifdef __AVX512F__
  EXPECT_TRUE(names(required, "AVX-512F")) << required;
#else
  EXPECT_FALSE(names(required, "AVX-512F")) << required;
#endif
}

// These tests run, so this CPU runs the build: the check must not reject it.
TEST(CpuCheck, ThisCpuHasWhatTheBuildNeeds) { EXPECT_EQ(missing_cpu_features(), ""); }

}  // namespace
}  // namespace rnnwb
