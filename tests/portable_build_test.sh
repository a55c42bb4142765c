#!/usr/bin/env bash
# The portable build (RNNWB_NATIVE off, CMakeLists.txt) must run on CPUs without AVX-512: no
# instruction of the command line or the workbench may touch a 512-bit (zmm) register, and the
# start-up check must name what the build needs.
# Usage: portable_build_test.sh EXECUTABLE...
set -euo pipefail
for exe in "$@"; do
  count=$(objdump -d --no-show-raw-insn "$exe" | grep -c '%zmm' || true)
  if [ "$count" -ne 0 ]; then
    echo "FAIL: $exe has $count instructions on 512-bit registers; the portable build must not need AVX-512" >&2
    objdump -d --no-show-raw-insn "$exe" | grep -m 5 '%zmm' >&2
    exit 1
  fi
  echo "ok: $(basename "$exe") has no AVX-512 instruction"
done
