#!/usr/bin/env bash
# tools/load_in_pytorch.py checked against `rnnwb predict --input`: for every model of
# export_cases.sh, load it into torch.nn modules with only numpy and torch, predict on real and
# random windows in original units, and compare (within 1e-4 relative; models trained on sequences
# on three lengths T and padded sequences, within 1e-5). Also its command line, the sequence
# module's packed forward (padded batch = each sequence alone), a classifier's logits and
# probabilities, and that a model file it cannot express is refused with a message.
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

# A sequence model from the command line on padded sequences: what rnnwb predict writes (1e-5).
"$PY" -c 'import numpy as np; x = np.random.default_rng(4).normal(size=(6, 25, 3)).astype(np.float32); x[1, :9] = np.nan; x[2, 17:] = np.nan; x[3, :2] = np.nan; x[3, 20:] = np.nan; np.save("padded.npy", x)'
if "$PY" "$LOADER" seq_bilstm_stack.safetensors padded.npy torch_padded.npy 2>/dev/null &&
  "$RNNWB" predict --model seq_bilstm_stack.safetensors --input padded.npy --out rnnwb_padded.npy >/dev/null 2>&1 &&
  "$PY" -c 'import numpy as np, sys; a, b = np.load("torch_padded.npy"), np.load("rnnwb_padded.npy"); print(f"  command line, padded: max abs difference {np.abs(a - b).max():.2e}"); sys.exit(0 if a.shape == b.shape and np.allclose(a, b, rtol=1e-5, atol=0) else 1)'; then
  echo "ok: the command line on padded sequences writes what rnnwb predict writes"
else
  echo "FAILED: load_in_pytorch.py on padded sequences differs from rnnwb predict"
  failed=$((failed + 1))
fi

# The module itself: forward on NaN-padded encoded sequences, forward on the same sequences
# post-padded with their lengths (pack_padded_sequence), and each trimmed sequence alone agree;
# a classifier's forward gives logits whose softmax is probabilities() and rnnwb predict's table.
if "$PY" - "$LOADER" "$RNNWB" <<'PY'; then echo "ok: the sequence module runs packed (padded = each alone); a classifier returns logits"; else failed=$((failed + 1)); fi
import os, subprocess, sys
import numpy as np
import torch
sys.path.insert(0, os.path.dirname(sys.argv[1]))
from load_in_pytorch import load, post_padded, valid_spans
rnnwb = sys.argv[2]
problems = []
x = np.load("padded.npy")
for name in ("seq_bilstm_stack", "seq_gru_stack_horizon", "seq_classes_birnn"):
    model = load(name + ".safetensors")
    xe = model.scaling.encode_inputs(x)
    first, length = valid_spans(xe)
    with torch.no_grad():
        nan_padded = model(torch.from_numpy(xe)).numpy()
        packed = model(post_padded(torch.from_numpy(xe), first, length), torch.as_tensor(length)).numpy()
        alone = np.concatenate([model(torch.from_numpy(xe[i : i + 1, a : a + n])).numpy()
                                for i, (a, n) in enumerate(zip(first, length))])
    for what, got in (("post-padded with lengths", packed), ("each sequence alone", alone)):
        if np.abs(got - nan_padded).max() > 1e-6:
            problems.append(f"{name}: {what} differs from the NaN-padded batch by {np.abs(got - nan_padded).max():.2e}")
    if model.scaling.classes:
        p = model.probabilities(x)
        if np.abs(p - torch.softmax(torch.from_numpy(nan_padded).double(), 1).numpy()).max() > 1e-6:
            problems.append(f"{name}: probabilities() is not the softmax of forward()'s logits")
        np.save("x_cls.npy", x)
        subprocess.run([rnnwb, "predict", "--model", name + ".safetensors", "--input", "x_cls.npy", "--out", "y_cls.npy"],
                       check=True, capture_output=True)
        table = np.load("y_cls.npy").reshape(len(x), -1)
        print(f"  {name}: probabilities vs rnnwb predict, max abs difference {np.abs(table[:, 1:] - p).max():.2e}; "
              f"classes {'equal' if (table[:, 0] == p.argmax(1)).all() else 'DIFFER'}")
        if np.abs(table[:, 1:] - p).max() > 1e-5 or (table[:, 0] != p.argmax(1)).any():
            problems.append(f"{name}: probabilities or classes differ from rnnwb predict's")
# A bad padding is refused as rnnwb refuses it, by sequence and step.
bad = x.copy(); bad[4, 10] = np.nan
try:
    load("seq_lstm.safetensors").predict(bad)
    problems.append("padding between valid steps was accepted")
except ValueError as err:
    if "sequence 4, step 10" not in str(err): problems.append(f"padding between valid steps: {err}")
for p in problems: print("FAILED:", p)
sys.exit(1 if problems else 0)
PY

echo "pytorch_loader_test: $failed failed"
[ "$failed" -eq 0 ]
