#!/usr/bin/env bash
# Prediction intervals travel with the exports: a model with 80% and 95% bands (horizon 2, two
# targets) exported to ONNX and C; ONNX Runtime's y_lower_<label> / y_upper_<label> outputs and the
# C export's <stem>_predict_intervals equal `rnnwb predict --input`'s <out>.intervals.npy (within
# 1e-4 relative), and `rnnwb predict --data` writes the same bounds in its columns.
# Usage: intervals_export_test.sh path/to/rnnwb NODE_TOOLS
set -uo pipefail
RNNWB=$(realpath "$1")
NODE_TOOLS=$2
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
"$HERE/../../tools/ensure-onnxruntime-node.sh" "$NODE_TOOLS" >/dev/null || { echo "FAILED: no ONNX Runtime"; exit 1; }
export NODE_PATH="$(realpath "$NODE_TOOLS")/node_modules"

"$RNNWB" train --data sample:macrodata --target realgdp,realcons --window 8 --horizon 2 --units 8 --epochs 3 \
  --intervals 0.8,0.95 --out m.safetensors --quiet >train.log 2>&1 || { echo "FAILED: train"; cat train.log; exit 1; }
"$RNNWB" export --model m.safetensors --format onnx --out m.onnx >/dev/null 2>&1 || { echo "FAILED: onnx export"; exit 1; }
"$RNNWB" export --model m.safetensors --format c --out m.c >/dev/null 2>&1 || { echo "FAILED: C export"; exit 1; }
cat >harness.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include "m.h"
/* harness X.f32 N OUT: writes OUT (n x H x T predictions), then lower and upper of every level. */
int main(int argc, char** argv) {
  int n = atoi(argv[2]), level, size = n * M_HORIZON * M_TARGETS;
  float* x = malloc(sizeof(float) * n * M_WINDOW * M_FEATURES);
  float *y = malloc(sizeof(float) * size), *lo = malloc(sizeof(float) * size), *hi = malloc(sizeof(float) * size);
  FILE* in = fopen(argv[1], "rb");
  (void)argc;
  FILE* out = fopen(argv[3], "wb");
  if (!in || !out || fread(x, sizeof(float), n * M_WINDOW * M_FEATURES, in) != (size_t)(n * M_WINDOW * M_FEATURES))
    return 2;
  if (m_predict(x, n, y) != 0) return 3;
  for (level = 0; level < M_INTERVAL_LEVELS; ++level) {
    if (m_predict_intervals(y, n, level, lo, hi) != 0) return 4;
    fwrite(lo, sizeof(float), size, out);
    fwrite(hi, sizeof(float), size, out);
  }
  if (m_predict_intervals(y, n, M_INTERVAL_LEVELS, lo, hi) != -1) return 5;
  printf("%d levels: %g %g\n", M_INTERVAL_LEVELS, m_interval_coverage[0], m_interval_coverage[1]);
  return 0;
}
C
cc -std=c99 -Wall -Wextra -pedantic -Werror -O2 -I. harness.c m.c -lm -o harness 2>cc.log ||
  { echo "FAILED: the C export with intervals does not compile cleanly"; head -20 cc.log; exit 1; }

"$PY" - "$RNNWB" "$HERE/onnx_run.js" <<'PY'
import csv, subprocess, sys
import numpy as np
rnnwb, runner = sys.argv[1:3]
rng = np.random.default_rng(1)
# Real-looking windows around macrodata's levels (realgdp ~ 5000-13000, realcons ~ 3000-9000).
n = 5
x = (np.array([9000.0, 6000.0]) * (1 + 0.05 * rng.standard_normal((n, 8, 2)))).astype(np.float32)
np.save("x.npy", x)
x.tofile("x.f32")
subprocess.run([rnnwb, "predict", "--model", "m.safetensors", "--input", "x.npy", "--out", "y.npy"], check=True,
               capture_output=True)
ref = np.load("y.npy.intervals.npy")  # (N, levels, 2, horizon, targets)
y = np.load("y.npy")
problems = []
if ref.shape != (n, 2, 2, 2, 2): problems.append(f"intervals.npy has shape {ref.shape}")
def close(name, got, want):
    if not np.allclose(got, want, rtol=1e-4, atol=1e-4 * np.abs(want).max()):
        problems.append(f"{name}: max difference {np.abs(got - want).max()}")
# The bands are symmetric around the prediction, wider for 95% than for 80%.
close("band centre", (ref[:, :, 0] + ref[:, :, 1]) / 2, np.repeat(y[:, None], 2, axis=1))
if not (ref[:, 1, 1] - ref[:, 1, 0] > ref[:, 0, 1] - ref[:, 0, 0]).all(): problems.append("95% not wider than 80%")
run = subprocess.run(["node", runner, "m.onnx", "x.f32", str(n), "8", "2", "y.f32", "o"], capture_output=True, text=True)
if run.returncode != 0: problems.append("onnx: " + run.stderr.strip())
else:
    for li, label in enumerate(["80", "95"]):
        for si, side in enumerate(["lower", "upper"]):
            got = np.fromfile(f"o.y_{side}_{label}.f32", dtype=np.float32).reshape(n, 2, 2)
            close(f"onnx y_{side}_{label}", got, ref[:, li, si])
run = subprocess.run(["./harness", "x.f32", str(n), "c.f32"], capture_output=True, text=True)
if run.returncode != 0: problems.append(f"C harness exited {run.returncode}")
else:
    c = np.fromfile("c.f32", dtype=np.float32).reshape(2, 2, n, 2, 2)
    for li in range(2):
        for si in range(2): close(f"C level {li} side {si}", c[li, si], ref[:, li, si])
# predict --data: the same bounds in the columns, for the rows whose windows are those of the file.
subprocess.run([rnnwb, "predict", "--model", "m.safetensors", "--data", "sample:macrodata", "--out", "p.csv"],
               check=True, capture_output=True)
rows = list(csv.DictReader(open("p.csv")))
need = ["realgdp_lower_80", "realgdp_upper_95_h2", "realcons_lower_95", "realcons_upper_80_h2"]
if any(k not in rows[0] for k in need): problems.append(f"predict columns {list(rows[0])}")
else:
    r = rows[10]
    half = float(r["realgdp_predicted"]) - float(r["realgdp_lower_80"])
    half_ref = (ref[0, 0, 1, 0, 0] - ref[0, 0, 0, 0, 0]) / 2
    if abs(half - half_ref) > 1e-3 * abs(half_ref): problems.append(f"CSV half width {half} vs npy {half_ref}")
for p in problems: print("FAILED:", p)
print("ok: ONNX outputs, the C predict_intervals and the CSV columns equal rnnwb predict's bands" if not problems else "")
sys.exit(1 if problems else 0)
PY
