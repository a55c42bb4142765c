#!/usr/bin/env bash
# The hardening suite ./test runs after the main build and tests (separate build folders):
#  1. clang with AddressSanitizer + UndefinedBehaviorSanitizer (build-fuzz): the engine, data,
#     CLI and export tests, then each libFuzzer target for RNNWB_FUZZ_SECONDS (default 60) on its
#     seed corpus (tests/fuzz). Any report fails the run.
#  2. ThreadSanitizer (build-tsan): the engine's threaded tests: training stopped, paused and
#     resumed from another thread, checkpoints written from the training thread, the data-parallel
#     and inference paths. OpenMP is off there (libgomp is not instrumented, so TSan would report
#     its barriers). The workbench's QThread tests are not run under TSan: Debian's Qt is not
#     instrumented either, and every queued-signal hand-off reads as a race (252 false reports in
#     the cancel-storm test); they run in the normal build (docs/RELIABILITY.md).
# Usage: tools/hardening-tests.sh   (after ./test's dependency step; needs clang, libclang-rt-14-dev)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
seconds=${RNNWB_FUZZ_SECONDS:-60}
quiet() { "$@" >/dev/null; }
# build DIR [cmake --build options...]: builds quietly, shows the end of the log on failure.
build() {
  local dir=$1
  shift
  cmake --build "$dir" -j"$jobs" "$@" >"$dir/build.log" 2>&1 || { tail -40 "$dir/build.log"; exit 1; }
}

echo "== ASan + UBSan (clang): engine, data, CLI and export tests; libFuzzer targets"
quiet env CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRNNWB_FUZZ=ON \
  -DRNNWB_BUILD_UI=OFF -DRNNWB_OPENMP=OFF -DRNNWB_NATIVE=OFF -DRNNWB_SANITIZE=address,undefined
build build-fuzz
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-fuzz --output-on-failure -j"$jobs"
FUZZ_JOBS=$jobs tests/fuzz/run_fuzzers.sh build-fuzz "$seconds"

echo "== ThreadSanitizer: training stopped, paused and resumed from another thread; checkpoints"
quiet cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRNNWB_BUILD_UI=OFF -DRNNWB_OPENMP=OFF \
  -DRNNWB_NATIVE=OFF -DRNNWB_SANITIZE=thread
build build-tsan --target engine_tests
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
  build-tsan/tests/engine_tests --gtest_filter='Training.*:CheckpointTest.*:DataParallel.*:Inference.*' --gtest_brief=1
echo "hardening suite: no sanitizer reports"
