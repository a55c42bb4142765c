#!/usr/bin/env bash
# Fails when a tracked C or C++ file is not formatted as .clang-format says. Fix with:
#   git ls-files '*.cpp' '*.hpp' '*.c' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z '*.cpp' '*.hpp' '*.c' | xargs -0 clang-format --dry-run --Werror
echo "format check: $(git ls-files '*.cpp' '*.hpp' '*.c' | wc -l) files formatted as .clang-format says"
