#!/usr/bin/env bash
# The ONNX export checked by its real consumer, ONNX Runtime (npm onnxruntime-node, CPU): for every
# model of export_cases.sh, `rnnwb export --format onnx`, run it with onnx_run.js on real and random
# windows in original units, and compare with `rnnwb predict --input` (within 1e-4 relative).
# Installs onnxruntime-node into NODE_TOOLS (the build tree) when it is missing.
# Usage: onnx_runtime_test.sh path/to/rnnwb path/to/resources/samples NODE_TOOLS
set -uo pipefail
RNNWB=$(realpath "$1")
SAMPLES=$(realpath "$2")
NODE_TOOLS=$3
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3  # Debian's, with numpy (the first python3 on PATH may lack it)

"$HERE/../../tools/ensure-onnxruntime-node.sh" "$NODE_TOOLS" || { echo "FAILED: no ONNX Runtime"; exit 1; }
NODE_TOOLS=$(realpath "$NODE_TOOLS")
export NODE_PATH="$NODE_TOOLS/node_modules"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
# shellcheck source=export_cases.sh
source "$HERE/export_cases.sh"
make_models || exit 1
failed=0
for name in $(model_names); do
  # shellcheck disable=SC2046  # export_series prints the flag and its value, split on purpose
  if "$RNNWB" export --model "$name.safetensors" --format onnx --out "$name.onnx" $(export_series "$name") \
    >"$name.export.log" 2>&1; then
    RNNWB_SERIES=${EXPORT_SERIES[$name]:-} "$PY" "$HERE/export_compare.py" onnx "$RNNWB" "$name.safetensors" \
      "$SAMPLES" "$name.onnx" "$HERE/onnx_run.js" ||
      failed=$((failed + 1))
  else
    echo "FAILED: rnnwb export --format onnx of $name:"
    cat "$name.export.log"
    failed=$((failed + 1))
  fi
done

# The graph takes any batch size, and a window with a non-positive value in a logged column gives NaN
# (rnnwb predict refuses it; the graph has no error channel, so NaN is its answer).
if "$PY" - "$HERE/onnx_run.js" <<'PY'; then echo "ok: batch sizes 1 and 3; NaN for a non-positive logged value"; else failed=$((failed + 1)); fi
import subprocess, sys
import numpy as np
runner = sys.argv[1]
problems = []
for n in (1, 3):
    x = np.tile(np.array([3000.0, 2000.0, 5.0], dtype=np.float32), (n, 8, 1))
    x[-1, 4, 0] = 0.0
    x.tofile("x.f32")
    run = subprocess.run(["node", runner, "stack_log_diff_multi.onnx", "x.f32", str(n), "8", "3", "y.f32"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        problems.append(f"batch {n}: {run.stderr.strip()}")
        continue
    y = np.fromfile("y.f32", dtype=np.float32).reshape(n, 3, 2)
    if not np.isnan(y[-1]).any() or np.isnan(y[:-1]).any():
        problems.append(f"batch {n}: outputs {y.tolist()}: only the last window should be NaN")
for p in problems: print("FAILED:", p)
sys.exit(1 if problems else 0)
PY

echo "onnx_runtime_test: $failed failed"
[ "$failed" -eq 0 ]
