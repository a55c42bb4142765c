#!/usr/bin/env bash
# The C export checked by its real consumer, the C compiler: for every model of
# export_cases.sh, `rnnwb export --format c`, compile the .c with a small harness under
# cc -std=c99 -Wall -Wextra -pedantic -Werror, and compare its predictions on real and random
# windows with `rnnwb predict --input` (within 1e-4 relative); a model trained on sequences with
# c_sequence_harness.c on three lengths T and on padded sequences. Also: a file name that is not a C
# identifier, the header from C++, windows a logged column cannot take, and the sequences a sequence
# model's predict refuses (padding between valid steps, more valid steps than a bidirectional
# model's MAX_STEPS).
# Usage: c_export_test.sh path/to/rnnwb path/to/resources/samples
set -uo pipefail
RNNWB=$(realpath "$1")
SAMPLES=$(realpath "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3  # Debian's, with numpy (the first python3 on PATH may lack it)
CC=${CC:-cc}
CXX=${CXX:-c++}
CFLAGS=(-std=c99 -Wall -Wextra -pedantic -Werror -O2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
# shellcheck source=export_cases.sh
source "$HERE/export_cases.sh"
make_models || exit 1
failed=0

# build_harness MODEL C_FILE STEM [CFLAGS...]: exports MODEL to C_FILE and builds ./harness_STEM
# against it (with c_sequence_harness.c for a model trained on sequences).
build_harness() {
  local model=$1 cfile=$2 stem=$3 harness=c_harness.c
  shift 3
  is_sequence_model "$stem" && harness=c_sequence_harness.c
  # shellcheck disable=SC2046  # export_series prints the flag and its value, split on purpose
  "$RNNWB" export --model "$model" --format c --out "$cfile" $(export_series "$stem") 2>/dev/null ||
    { echo "FAILED: rnnwb export --format c of $model"; return 1; }
  [ -f "${cfile%.c}.h" ] || { echo "FAILED: no header beside $cfile"; return 1; }
  "$CC" "${CFLAGS[@]}" -I. "-DMODEL_HEADER=\"${cfile%.c}.h\"" "-DSTEM=$stem" "-DUPPER=${stem^^}" \
    "$@" "$HERE/$harness" "$cfile" -lm -o "harness_$stem" 2>"cc_$stem.log" ||
    { echo "FAILED: $cfile does not compile cleanly:"; head -20 "cc_$stem.log"; return 1; }
}

for name in $(model_names); do
  # A bidirectional sequence model is also checked on sequences longer than its training ones
  # (export_compare.py's longest T is the training maximum + 11): its buffers made room for them.
  extra=()
  is_sequence_model "$name" && extra=("-D${name^^}_MAX_STEPS=64")  # used by the bidirectional ones
  # Hyphens in the file name: the stem must become an identifier (gru-diff1-minmax -> gru_diff1_minmax).
  build_harness "$name.safetensors" "${name//_/-}.c" "$name" "${extra[@]}" &&
    RNNWB_SERIES=${EXPORT_SERIES[$name]:-} "$PY" "$HERE/export_compare.py" c "$RNNWB" "$name.safetensors" \
      "$SAMPLES" "./harness_$name" ||
    failed=$((failed + 1))
done

# A stem that starts with a digit and holds a space gets a prefix; the header works from C++.
if build_harness lstm_standard.safetensors "7-day model.c" m7_day_model; then
  printf '#include "7-day model.h"\nint main() { return m7_day_model_predict(nullptr, 0, nullptr); }\n' >cxx_main.cpp
  { "$CC" "${CFLAGS[@]}" -c "7-day model.c" -o model.o &&
    "$CXX" -std=c++17 -Wall -Wextra -Werror -I. cxx_main.cpp model.o -lm -o cxx_main && ./cxx_main; } >cxx.log 2>&1 &&
    echo "ok: a non-identifier file stem is made m7_day_model; the header links from C++" ||
    { echo "FAILED: the header from C++:"; head -20 cxx.log; failed=$((failed + 1)); }
else
  failed=$((failed + 1))
fi

# A window with a 0 in a logged column: rnnwb refuses it, the C predict returns 1 and NaN for it.
if "$PY" - "$RNNWB" "$PWD" <<'PY'; then echo "ok: a non-positive value in a logged column gives NaN and a count"; else failed=$((failed + 1)); fi
import subprocess, sys
import numpy as np
rnnwb, here = sys.argv[1], sys.argv[2]
x = np.tile(np.array([3000.0, 2000.0, 5.0], dtype=np.float32), (2, 8, 1))
x[1, 4, 0] = 0.0  # window 1, a logged column
x.tofile("bad.f32")
rc = subprocess.run([here + "/harness_stack_log_diff_multi", "bad.f32", "bad_y.f32"], capture_output=True, text=True)
y = np.fromfile("bad_y.f32", dtype=np.float32).reshape(2, 3, 2)
np.save("bad.npy", x)
ref = subprocess.run([rnnwb, "predict", "--model", "stack_log_diff_multi.safetensors", "--input", "bad.npy",
                      "--out", "bad_y.npy"], capture_output=True, text=True)
problems = []
if rc.stdout.strip() != "1": problems.append(f"predict returned {rc.stdout.strip()}, expected 1")
if not np.isnan(y[1]).all() or np.isnan(y[0]).any(): problems.append(f"outputs {y.tolist()}: only window 1 should be NaN")
if ref.returncode == 0: problems.append("rnnwb predict accepted the window")
for p in problems: print("FAILED:", p)
sys.exit(1 if problems else 0)
PY

# Sequences a sequence model's predict refuses (NaN, counted in what it returns) where rnnwb predict
# refuses them too: padding between valid steps; and for a bidirectional model built with the default
# MAX_STEPS (the longest training sequence, 20), a sequence of 21 valid steps, which rnnwb predicts.
if build_harness seq_bilstm_stack.safetensors seq_default.c seq_default &&
  "$PY" - "$RNNWB" "$PWD" <<'PY'; then echo "ok: a sequence model's predict refuses what it cannot predict, with NaN and a count"; else failed=$((failed + 1)); fi
import subprocess, sys
import numpy as np
rnnwb, here = sys.argv[1], sys.argv[2]
problems = []
def c_predict(x):
    x.tofile("refused.f32")
    rc = subprocess.run([here + "/harness_seq_default", "refused.f32", str(x.shape[1]), "refused_y.f32"],
                        capture_output=True, text=True)
    return rc.stdout.strip(), np.fromfile("refused_y.f32", dtype=np.float32).reshape(len(x), -1)
def rnnwb_accepts(x):
    np.save("refused.npy", x)
    return subprocess.run([rnnwb, "predict", "--model", "seq_bilstm_stack.safetensors", "--input", "refused.npy",
                           "--out", "refused_y.npy"], capture_output=True, text=True).returncode == 0
rng = np.random.default_rng(1)
x = rng.normal(size=(3, 21, 3)).astype(np.float32)
x[0, 20] = np.nan   # 20 valid steps: fine
x[1, :8] = np.nan   # 13 valid steps: fine
x[2, 5] = np.nan    # padding between valid steps
out, y = c_predict(x)
if out != "1" or not np.isnan(y[2]).all() or np.isnan(y[:2]).any():
    problems.append(f"a gap: predict returned {out}, outputs {y.tolist()}; expected 1 and only sequence 2 NaN")
if rnnwb_accepts(x[2:]): problems.append("rnnwb predict accepted padding between valid steps")
full = rng.normal(size=(1, 21, 3)).astype(np.float32)
out, y = c_predict(full)  # 21 valid steps > MAX_STEPS 20
if out != "1" or not np.isnan(y).all():
    problems.append(f"21 valid steps: predict returned {out}, outputs {y.tolist()}; expected 1 and NaN")
if not rnnwb_accepts(full): problems.append("rnnwb predict refused 21 valid steps")
for p in problems: print("FAILED:", p)
sys.exit(1 if problems else 0)
PY

echo "c_export_test: $failed failed"
[ "$failed" -eq 0 ]
