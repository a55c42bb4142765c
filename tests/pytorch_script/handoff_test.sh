#!/usr/bin/env bash
# The PyTorch hand-off, checked by its consumers (issue 18):
#  a. sample:sunspots trained by `rnnwb train` (2 seeds) and by the exported project's
#     `python train.py --seed S` (2 seeds): `rnnwb evaluate` reads all four, and the best test RMSE
#     of each side lies within 10% of the other's (printed side by side); for the same seed the
#     first epochs' losses agree to 1e-3 (train.py draws rnnwb's initial weights and batches);
#  b. `torchrun --standalone --nproc_per_node 2 train.py` (gloo, two CPU processes): the model file
#     loads in `rnnwb inspect` / `rnnwb evaluate`, says it was trained by 2 PyTorch processes, and
#     every epoch's history covers all training windows once (their count from rnnwb evaluate);
#  c. a model trained by rnnwb, exported with --resume: `python train.py --epochs 0` gives back its
#     weights exactly, and a resumed run's first-epoch train loss is far below a fresh run's.
#  d. every model family of tests/export/export_cases.sh through export, train.py and rnnwb.
# Usage: handoff_test.sh path/to/rnnwb path/to/python3 path/to/source-dir
set -uo pipefail
RNNWB=$(realpath "$1")
PY=$2
SRC=$(realpath "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
failed=0
ok() { echo "ok: $*"; }
fail() {
  echo "FAILED: $*"
  failed=$((failed + 1))
}

# Fixed settings, small enough for 2 cores: 204 training windows of 12 steps, LSTM(16).
TRAIN_FLAGS=(--data sample:sunspots --target SUNACTIVITY --window 12 --units 16 --epochs 30 --lr 0.01
  --batch-size 32 --patience 8 --threads 1 --quiet)
SEEDS=(1 2)

# The exported project of model $1 in folder $2 (extra flags after: --resume): exactly what
# `rnnwb export` writes (the scripts are embedded in the build).
export_project() {
  local model=$1 dir=$2
  shift 2
  "$RNNWB" export --model "$model" --format pytorch-script --out "$dir" "$@" >/dev/null 2>&1
}

# The test RMSE (original units) of a model file, from rnnwb evaluate --json; $2: the key
# (rmse, or count of a split with $3 = train).
metric() {
  "$RNNWB" evaluate --model "$1" --data sample:sunspots --json 2>/dev/null |
    "$PY" -c 'import json, sys; m = json.load(sys.stdin)["metrics"]; print(m[sys.argv[2]][sys.argv[1]])' "$2" "${3:-test}"
}

# --- a. the same settings in both engines -------------------------------------------------------
for s in "${SEEDS[@]}"; do
  "$RNNWB" train "${TRAIN_FLAGS[@]}" --seed "$s" --out "rnnwb_$s.safetensors" >/dev/null 2>&1 ||
    fail "rnnwb train --seed $s"
done
export_project rnnwb_1.safetensors project || fail "rnnwb export --format pytorch-script"
for s in "${SEEDS[@]}"; do
  (cd project && "$PY" train.py --seed "$s" --threads 1 --out "../torch_$s.safetensors" >"../torch_$s.log" 2>&1) ||
    { fail "python train.py --seed $s"; cat "torch_$s.log"; }
done
declare -A rmse
for side in rnnwb torch; do
  for s in "${SEEDS[@]}"; do
    rmse[$side.$s]=$(metric "${side}_$s.safetensors" rmse) || { fail "rnnwb evaluate ${side}_$s.safetensors"; rmse[$side.$s]=nan; }
  done
done
printf '  test RMSE (sunspots, original units)   %-10s %-10s\n' rnnwb pytorch
for s in "${SEEDS[@]}"; do printf '    seed %-31s %-10.4f %-10.4f\n' "$s" "${rmse[rnnwb.$s]}" "${rmse[torch.$s]}"; done
if "$PY" - "${rmse[rnnwb.1]}" "${rmse[rnnwb.2]}" "${rmse[torch.1]}" "${rmse[torch.2]}" <<'EOF'; then
import math, sys
r = [float(v) for v in sys.argv[1:]]
a, b = min(r[:2]), min(r[2:])
print(f"    best                                   {a:<10.4f} {b:<10.4f} (PyTorch / rnnwb = {b / a:.3f})")
sys.exit(0 if all(map(math.isfinite, r)) and abs(b - a) <= 0.1 * a else 1)
EOF
  ok "the best test RMSE of python train.py is within 10% of rnnwb train's"
else
  fail "the test RMSEs of the two engines differ by more than 10%"
fi

# Same seed, no dropout: train.py draws rnnwb's initial weights and shuffled orders, so its loss
# history follows rnnwb's (only float summation differs); the first 5 epochs within 1e-3.
if "$PY" - rnnwb_1.safetensors torch_1.safetensors <<'EOF'; then
import json, sys
sys.path.insert(0, "project")
from load_in_pytorch import read_safetensors
a, b = ([h["train_loss"] for h in json.loads(read_safetensors(p)[1]["rnnwb"])["history"][:5]] for p in sys.argv[1:])
print("  first epochs' train loss, rnnwb:   " + " ".join(f"{v:.6f}" for v in a))
print("                            pytorch: " + " ".join(f"{v:.6f}" for v in b))
sys.exit(0 if len(a) == len(b) == 5 and all(abs(x - y) <= 1e-3 * abs(x) for x, y in zip(a, b)) else 1)
EOF
  ok "with rnnwb's seed, train.py's loss history follows rnnwb's (same initial weights and batches)"
else
  fail "train.py's first epochs do not follow rnnwb's for the same seed"
fi

# --- b. torchrun, two CPU processes (gloo) ---------------------------------------------------------
# Debian's torch 1.13 on Python 3.11: torchrun needs --redirects/--tee given (README.md).
start=$(date +%s%N)
if (cd project && torchrun_log=$("$PY" -m torch.distributed.run --standalone --nproc_per_node 2 --redirects 1 --tee 1 \
  train.py --seed 1 --threads 1 --out ../ddp.safetensors 2>&1) || { echo "$torchrun_log"; exit 1; }); then
  echo "  torchrun --nproc_per_node 2: $((($(date +%s%N) - start) / 1000000)) ms wall"
  ok "torchrun --standalone --nproc_per_node 2 train.py trains"
else
  fail "torchrun --standalone --nproc_per_node 2 train.py"
fi
if info=$("$RNNWB" inspect --model ddp.safetensors 2>&1) && grep -Eq "PyTorch[^,]*, 2 processes" <<<"$info"; then
  ok "rnnwb inspect reads the torchrun model: $(grep 'trained by' <<<"$info" | sed 's/^ *//')"
else
  fail "rnnwb inspect on the torchrun model: $info"
fi
windows=$(metric rnnwb_1.safetensors count train)
ddp_rmse=$(metric ddp.safetensors rmse) || fail "rnnwb evaluate on the torchrun model"
echo "  torchrun model: test RMSE $ddp_rmse; $windows training windows"
if "$PY" - ddp.safetensors "$windows" <<'EOF'; then
import json, sys
sys.path.insert(0, "project")
from load_in_pytorch import read_safetensors
meta = json.loads(read_safetensors(sys.argv[1])[1]["rnnwb"])
seen = [h["windows"] for h in meta["history"]]
print(f"  windows per epoch (both ranks together): {seen}")
sys.exit(0 if seen and all(w == int(sys.argv[2]) for w in seen) and meta["trained_by"]["backend"] == "gloo" else 1)
EOF
  ok "every torchrun epoch covered all $windows training windows once"
else
  fail "the torchrun history does not cover the training windows"
fi

# The global batches are one process's: the same losses epoch by epoch as python train.py --seed 1
# (float summation order aside), which they would not be if the ranks trained on the same half.
if "$PY" - ddp.safetensors torch_1.safetensors <<'EOF'; then
import json, sys
sys.path.insert(0, "project")
from load_in_pytorch import read_safetensors
ddp, one = (json.loads(read_safetensors(p)[1]["rnnwb"])["history"] for p in sys.argv[1:])
worst = max(abs(a[k] - b[k]) / max(abs(b[k]), 1e-12) for a, b in zip(ddp, one) for k in ("train_loss", "val_loss"))
print(f"  torchrun vs one process: {len(ddp)} / {len(one)} epochs, losses within {worst:.1e} (relative)")
sys.exit(0 if len(ddp) == len(one) and worst < 1e-4 else 1)
EOF
  ok "torchrun's loss history is one process's (the global batches are shared, not repeated)"
else
  fail "torchrun's loss history differs from one process's"
fi

# 3 processes: batches of 32 (and the last of 12) shared unevenly, 11 / 11 / 10; still one process's losses.
if (cd project && "$PY" -m torch.distributed.run --standalone --nproc_per_node 3 --redirects 1 --tee 1 \
  train.py --seed 1 --threads 1 --epochs 2 --out ../ddp3.safetensors >/dev/null 2>&1) &&
  "$PY" - ddp3.safetensors torch_1.safetensors <<'EOF'; then
import json, sys
sys.path.insert(0, "project")
from load_in_pytorch import read_safetensors
ddp, one = (json.loads(read_safetensors(p)[1]["rnnwb"])["history"] for p in sys.argv[1:])
worst = max(abs(a["train_loss"] - b["train_loss"]) / b["train_loss"] for a, b in zip(ddp, one[:2]))
sys.exit(0 if len(ddp) == 2 and worst < 1e-4 and all(h["windows"] == one[0]["windows"] for h in ddp) else 1)
EOF
  ok "3 torchrun processes with uneven shares of each batch follow one process"
else
  fail "3 torchrun processes"
fi

# rnnwb predict and export take the torchrun model as their own; saved again by rnnwb it still says who trained it.
if "$RNNWB" predict --model ddp.safetensors --data sample:sunspots --forecast 3 --out ddp.csv >/dev/null 2>&1 &&
  [ "$(wc -l <ddp.csv)" -gt 250 ] &&
  "$RNNWB" export --model ddp.safetensors --format onnx --out ddp.onnx >/dev/null 2>&1 && [ -s ddp.onnx ] &&
  "$RNNWB" export --model ddp.safetensors --format safetensors --out ddp_again.safetensors >/dev/null 2>&1 &&
  "$RNNWB" inspect --model ddp_again.safetensors 2>/dev/null | grep -q "trained by: PyTorch"; then
  ok "rnnwb predict and export read the torchrun model; re-saved, it still says PyTorch trained it"
else
  fail "rnnwb predict / export on the torchrun model"
fi

# --- c. resume: rnnwb's weights continue in PyTorch ------------------------------------------------
export_project rnnwb_1.safetensors resumed --resume || fail "rnnwb export --format pytorch-script --resume"
(cd resumed && "$PY" train.py --epochs 0 --threads 1 --out ../resumed_0.safetensors >/dev/null 2>&1) ||
  fail "python train.py --epochs 0 on the resumed project"
if "$PY" - rnnwb_1.safetensors resumed_0.safetensors <<'EOF'; then
import sys
import numpy as np
sys.path.insert(0, "project")
from load_in_pytorch import read_safetensors
a, b = read_safetensors(sys.argv[1])[0], read_safetensors(sys.argv[2])[0]
sys.exit(0 if sorted(a) == sorted(b) and all(np.array_equal(a[k], b[k]) for k in a) else 1)
EOF
  ok "python train.py --epochs 0 gives back the rnnwb model's weights exactly"
else
  fail "the resumed project's --epochs 0 weights differ from the rnnwb model's"
fi
(cd resumed && "$PY" train.py --epochs 2 --threads 1 --out ../resumed_2.safetensors >/dev/null 2>&1) ||
  fail "python train.py --epochs 2 on the resumed project"
"$RNNWB" evaluate --model resumed_2.safetensors --data sample:sunspots >/dev/null 2>&1 ||
  fail "rnnwb evaluate on the resumed model"
if "$PY" - resumed_2.safetensors torch_1.safetensors <<'EOF'; then
import json, sys
sys.path.insert(0, "project")
from load_in_pytorch import read_safetensors
resumed, fresh = (json.loads(read_safetensors(p)[1]["rnnwb"]) for p in sys.argv[1:])
r, f = resumed["history"][0]["train_loss"], fresh["history"][0]["train_loss"]
print(f"  first-epoch train loss: resumed {r:.4f}, fresh {f:.4f}; resumed_from {resumed['trained_by']['resumed_from'][:12]}...")
sys.exit(0 if r < 0.5 * f and resumed["trained_by"]["resumed_from"] else 1)
EOF
  ok "a resumed run starts where rnnwb stopped (its first-epoch loss far below a fresh run's)"
else
  fail "the resumed run's first epoch is not far below a fresh run's"
fi

# --- d. every model family of the export tests ------------------------------------------------------
# Each model of tests/export/export_cases.sh (LSTM/GRU/SimpleRNN stacks, bidirectional, dropout,
# log/differencing/scalers, many series, sequence regression and classification, hand-built
# mixed stacks): exported, trained 2 epochs by train.py, read back by rnnwb inspect (its self-test
# reproduces PyTorch's outputs); without dropout its first 2 epochs' losses equal rnnwb's within
# 1e-4 (rnnwb's initial weights and batches); exported with --resume, --epochs 0 keeps its weights.
mkdir cases && cd cases || exit 1
# shellcheck disable=SC2034  # SAMPLES and HERE are export_cases.sh's inputs
HERE="$SRC/tests/export" SAMPLES="$SRC/resources/samples"
# shellcheck source=../export/export_cases.sh
source "$HERE/export_cases.sh"
if make_models >make_models.log 2>&1; then
  built=" "
  # shellcheck disable=SC2153  # BUILT comes from export_cases.sh
  for entry in "${BUILT[@]}"; do built+="${entry%%|*} "; done
  for name in $(model_names); do
    { export_project "$name.safetensors" "p_$name" && export_project "$name.safetensors" "r_$name" --resume; } ||
      { fail "$name: rnnwb export --format pytorch-script"; continue; }
    (cd "p_$name" && "$PY" train.py --epochs 2 --threads 1 --out "../t_$name.safetensors" >"../t_$name.log" 2>&1) ||
      { fail "$name: python train.py: $(tail -2 "t_$name.log")"; continue; }
    (cd "r_$name" && "$PY" train.py --epochs 0 --threads 1 --out "../r_$name.safetensors" >"../r_$name.log" 2>&1) ||
      { fail "$name: python train.py --epochs 0 (resumed): $(tail -2 "r_$name.log")"; continue; }
    "$RNNWB" inspect --model "t_$name.safetensors" >/dev/null 2>"t_$name.err" ||
      { fail "$name: rnnwb refuses train.py's model: $(cat "t_$name.err")"; continue; }
    compare=1
    [[ "$built" == *" $name "* ]] && compare=0  # hand-built: its history is another network's
    if report=$("$PY" - "$name" "$compare" "$SRC/tools" <<'EOF'
import json, sys
sys.path.insert(0, sys.argv[3])
from load_in_pytorch import read_safetensors
import numpy as np
name, compare = sys.argv[1], sys.argv[2] == "1"
original, meta0 = read_safetensors(f"{name}.safetensors")
resumed = read_safetensors(f"r_{name}.safetensors")[0]
if sorted(original) != sorted(resumed) or not all(np.array_equal(original[k], resumed[k]) for k in original):
    print("the resumed --epochs 0 weights differ from rnnwb's"); sys.exit(1)
a = json.loads(meta0["rnnwb"])
b = json.loads(read_safetensors(f"t_{name}.safetensors")[1]["rnnwb"])
dropout = any(l.get("type") == "dropout" or float(l.get("dropout", 0)) > 0 for l in a["layers"])
ha, hb = [h["train_loss"] for h in a["history"][:2]], [h["train_loss"] for h in b["history"][:2]]
rel = max(abs(x - y) / abs(x) for x, y in zip(ha, hb))
if compare and not dropout:
    print(f"first 2 epochs' train loss within {rel:.1e} of rnnwb's")
    sys.exit(0 if len(hb) == 2 and rel <= 1e-4 else 1)
print("dropout: losses not compared" if dropout else "hand-built: losses not compared")
EOF
    ); then
      ok "$name: export, train.py, rnnwb reads it back, resume exact; $report"
    else
      fail "$name: $report"
    fi
  done
else
  fail "building the export test models: $(tail -3 make_models.log)"
fi
cd "$work" || exit 1

[ "$failed" -eq 0 ] && echo "all hand-off checks passed" || echo "$failed hand-off check(s) failed"
exit $((failed > 0))
