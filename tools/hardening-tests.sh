#!/usr/bin/env bash
# The hardening suite ./test runs after the main build and tests (separate build folders):
#  1. clang with AddressSanitizer + UndefinedBehaviorSanitizer (build-fuzz): the engine, data,
#     CLI and export tests, then each libFuzzer target for RNNWB_FUZZ_SECONDS (default 30) on its
#     seed corpus (tests/fuzz). Any report fails the run.
#  2. ThreadSanitizer (build-tsan): clang with OpenMP on, i.e. the real data-parallel paths, on
#     LLVM's libomp (libomp-14-dev) with its Archer tool loaded (OMP_TOOL_LIBRARIES), which tells
#     TSan about OpenMP's barriers and fork/join; without it every parallel region reads as a race,
#     and a run without OpenMP would never check those paths, so the run fails unless Archer says
#     it is active. tools/tsan.supp ignores libomp's calls into pthread (its own bookkeeping,
#     uninstrumented; why there). Every engine test runs (about 30 s), the threaded ones on two
#     threads and through the multi-part paths: training stopped, paused and resumed from another
#     thread, checkpoints written from the training thread, data-parallel steps and predictions,
#     two predictions at once while a third thread trains, the workflow's predictions on all
#     cores. Eigen's products never thread (EIGEN_DONT_PARALLELIZE): every thread is ours, with
#     explicit counts. The workbench's QThread tests are not run under TSan: Debian's
#     Qt is not instrumented, and every queued-signal hand-off reads as a race (252 false reports
#     in the cancel-storm test); they run in the normal build (docs/RELIABILITY.md).
# Usage: tools/hardening-tests.sh   (after ./test's dependency step; needs clang, libclang-rt-14-dev,
#        libomp-14-dev)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
seconds=${RNNWB_FUZZ_SECONDS:-30}
quiet() { "$@" >/dev/null; }
# Sanitizer reports need file:line in their stack traces, not full debug info: line tables only
# compile about a fifth faster (the Eigen-heavy engine files most of all).
sanitizer_flags=(-DRNNWB_UNITY=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -gline-tables-only -DNDEBUG")
# build DIR [cmake --build options...]: builds quietly, shows the end of the log on failure.
build() {
  local dir=$1
  shift
  cmake --build "$dir" -j"$jobs" "$@" >"$dir/build.log" 2>&1 || { tail -40 "$dir/build.log"; exit 1; }
}

echo "== ASan + UBSan (clang): engine, data, CLI and export tests; libFuzzer targets"
quiet env CC=clang CXX=clang++ cmake -S . -B build-fuzz "${sanitizer_flags[@]}" -DRNNWB_FUZZ=ON \
  -DRNNWB_BUILD_UI=OFF -DRNNWB_OPENMP=OFF -DRNNWB_NATIVE=OFF -DRNNWB_SANITIZE=address,undefined
build build-fuzz
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-fuzz --output-on-failure -j"$jobs"
FUZZ_JOBS=$jobs tests/fuzz/run_fuzzers.sh build-fuzz "$seconds"

echo "== ThreadSanitizer (OpenMP on, libomp + Archer): threaded training, checkpoints, concurrent predictions"
archer=/usr/lib/llvm-14/lib/libarcher.so
[ -f "$archer" ] || { echo "error: $archer not found: apt-get install libomp-14-dev" >&2; exit 1; }
# A build folder configured by another compiler is started afresh (CMake cannot switch in place).
if [ -f build-tsan/CMakeCache.txt ] && ! grep -q '^CMAKE_CXX_COMPILER:.*clang++' build-tsan/CMakeCache.txt; then
  rm -rf build-tsan
fi
quiet env CC=clang CXX=clang++ cmake -S . -B build-tsan "${sanitizer_flags[@]}" -DRNNWB_BUILD_UI=OFF \
  -DRNNWB_OPENMP=ON -DRNNWB_NATIVE=OFF -DRNNWB_SANITIZE=thread
build build-tsan --target engine_tests
ldd build-tsan/tests/engine_tests | grep 'libomp' >/dev/null ||
  { echo "error: build-tsan/tests/engine_tests is not linked with LLVM's libomp" >&2; exit 1; }
tsan_log=build-tsan/tsan-tests.log
OMP_TOOL_LIBRARIES=$archer ARCHER_OPTIONS=verbose=1 \
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tools/tsan.supp" \
  build-tsan/tests/engine_tests --gtest_brief=1 2>&1 | tee "$tsan_log"
grep -q 'Archer detected OpenMP application with TSan' "$tsan_log" ||
  { echo "error: the Archer OpenMP tool was not active under TSan: OpenMP's synchronisation went unchecked" >&2; exit 1; }
echo "hardening suite: no sanitizer reports"
