#!/usr/bin/env bash
# Runs `rnnwb bench` and PyTorch (shared/bench/torch_reference.py) on the same workloads in one
# run and prints a table of throughputs and ratios. Needs Debian's python3-torch and
# libopenblas0-pthread (installed when missing) and a built tree (./test or ./run builds it).
#   tests/bench/compare.sh            all standard workloads
#   tests/bench/compare.sh 2 3        only workloads 2 and 3
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/ensure-deps.sh
ensure_packages python3-torch libopenblas0-pthread

RNNWB=${RNNWB:-build/app/rnnwb}
TORCH_REF=${TORCH_REF:-../shared/bench/torch_reference.py}
[ -x "$RNNWB" ] || { echo "error: $RNNWB not found: build first (./test)" >&2; exit 1; }
[ -f "$TORCH_REF" ] || { echo "error: $TORCH_REF not found: set TORCH_REF to torch_reference.py" >&2; exit 1; }

WORKLOADS=(
  "--cell lstm --sequences 100 --steps 50 --features 1 --units 64 --layers 1 --batch-size 32 --epochs 10"
  "--cell lstm --sequences 4096 --steps 50 --features 3 --units 64 --layers 1 --batch-size 32 --epochs 2"
  "--cell gru --sequences 4096 --steps 50 --features 3 --units 64 --layers 1 --batch-size 32 --epochs 2"
  "--cell rnn --sequences 4096 --steps 50 --features 3 --units 64 --layers 1 --batch-size 32 --epochs 2"
  "--cell lstm --sequences 2048 --steps 100 --features 8 --units 128 --layers 2 --batch-size 64 --epochs 1"
)
selected=("$@")
[ ${#selected[@]} -eq 0 ] && selected=(1 2 3 4 5)

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for n in "${selected[@]}"; do
  flags="${WORKLOADS[$((n - 1))]} --threads 2"
  ours=$("$RNNWB" bench $flags)
  theirs=$(/usr/bin/python3 "$TORCH_REF" $flags)
  echo "$n|$flags|$ours|$theirs" >> "$results"
done

/usr/bin/python3 - "$results" <<'PY'
import json, sys
print(f"{'#':>2} {'workload':<58} {'train seq/s ours':>16} {'torch':>9} {'ratio':>6} "
      f"{'infer seq/s ours':>16} {'torch':>9} {'ratio':>6} {'GFLOP/s ours':>12} {'torch':>6}")
for line in open(sys.argv[1]):
    n, flags, ours, theirs = line.rstrip("\n").split("|")
    o, t = json.loads(ours), json.loads(theirs)
    w = f"{o['cell']} seq {o['sequences']} steps {o['steps']} feat {o['features']} units {o['units']} " \
        f"layers {o['layers']} batch {o['batch_size']}"
    print(f"{n:>2} {w:<58} {o['train_seq_per_s']:>16.0f} {t['train_seq_per_s']:>9.0f} "
          f"{o['train_seq_per_s'] / t['train_seq_per_s']:>5.1f}x {o['infer_seq_per_s']:>16.0f} "
          f"{t['infer_seq_per_s']:>9.0f} {o['infer_seq_per_s'] / t['infer_seq_per_s']:>5.1f}x "
          f"{o['train_gflops']:>12.1f} {t['train_gflops']:>6.1f}")
PY
