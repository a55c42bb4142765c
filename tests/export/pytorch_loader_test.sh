#!/usr/bin/env bash
# tools/load_in_pytorch.py checked against `rnnwb predict --input`: for every model of
# export_cases.sh, load it into torch.nn modules with only numpy and torch, predict on real and
# random windows in original units, and compare (within 1e-4 relative). Also its command line,
# and that a model file it cannot express is refused with a message.
# Usage: pytorch_loader_test.sh path/to/rnnwb path/to/resources/samples path/to/tools/load_in_pytorch.py
set -uo pipefail
RNNWB=$(realpath "$1")
SAMPLES=$(realpath "$2")
LOADER=$(realpath "$3")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3  # Debian's, with numpy and torch (python3-torch)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
# shellcheck source=export_cases.sh
source "$HERE/export_cases.sh"
make_models || exit 1
failed=0
for name in $(model_names); do
  RNNWB_SERIES=${EXPORT_SERIES[$name]:-} "$PY" "$HERE/export_compare.py" pytorch "$RNNWB" "$name.safetensors" \
    "$SAMPLES" "$LOADER" || failed=$((failed + 1))
done

# The command line gives what `rnnwb predict --input X.npy --out Y.npy` gives.
"$PY" -c 'import numpy as np; np.save("x.npy", np.random.default_rng(3).uniform(20, 150, (5, 12, 1)).astype(np.float32))'
if "$PY" "$LOADER" lstm_standard.safetensors x.npy torch_y.npy 2>/dev/null &&
  "$RNNWB" predict --model lstm_standard.safetensors --input x.npy --out rnnwb_y.npy >/dev/null 2>&1 &&
  "$PY" -c 'import numpy as np, sys; a, b = np.load("torch_y.npy"), np.load("rnnwb_y.npy"); sys.exit(0 if a.shape == b.shape and np.allclose(a, b, rtol=1e-4, atol=0) else 1)'; then
  echo "ok: the command line writes what rnnwb predict writes"
else
  echo "FAILED: load_in_pytorch.py MODEL X.npy Y.npy differs from rnnwb predict"
  failed=$((failed + 1))
fi

# A file that is not a model, and windows of the wrong shape: refused with a message that says so.
printf 'not a model' >bad.safetensors
msg=$("$PY" "$LOADER" bad.safetensors x.npy y.npy 2>&1)
if [ $? -ne 0 ] && grep -q "bad.safetensors" <<<"$msg"; then echo "ok: a bad file is refused by name"; else
  echo "FAILED: a bad file: $msg"; failed=$((failed + 1)); fi
"$PY" -c 'import numpy as np; np.save("wrong.npy", np.ones((2, 5, 1), np.float32))'
msg=$("$PY" "$LOADER" lstm_standard.safetensors wrong.npy y.npy 2>&1)
if [ $? -ne 0 ] && grep -q "must be (N, 12, 1)" <<<"$msg"; then echo "ok: windows of the wrong shape are refused"; else
  echo "FAILED: wrong windows: $msg"; failed=$((failed + 1)); fi

echo "pytorch_loader_test: $failed failed"
[ "$failed" -eq 0 ]
