#!/usr/bin/env bash
# Our engine beside its competitors, in one run on this machine, as ratios:
#  - training and inference throughput: `rnnwb bench` vs PyTorch (shared/bench/torch_reference.py),
#    and inference vs ONNX Runtime (onnxruntime-node, 2 intra-op threads) running the same trained
#    network, exported by `rnnwb bench --onnx`;
#  - achieved GFLOP/s as a percentage of the float32 matrix-product peak measured in the same run
#    (tests/matmul_peak: Eigen 1024^3 on the same threads);
#  - peak resident memory of each benchmark process (training, then inference);
#  - loading a 1,000,000-row x 5-column CSV file vs pandas.read_csv.
# Needs a built tree (./test or ./run), Debian's python3-torch, libopenblas0-pthread and
# python3-pandas (installed when missing) and npm (onnxruntime-node goes into build/node_tools).
#   tests/bench/compare.sh            every standard workload, then the CSV comparison
#   tests/bench/compare.sh 2 3        only workloads 2 and 3 (and the CSV comparison)
#   REPEAT=1 tests/bench/compare.sh   one run of each engine instead of the best of three
# Every engine gets the same treatment: the best throughput of REPEAT runs (shared machines are
# noisy, and PyTorch's inference most of all), the largest peak RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/ensure-deps.sh
ensure_packages python3-torch libopenblas0-pthread python3-pandas
ensure_node

BUILD=${BUILD:-build}
RNNWB=$BUILD/app/rnnwb
TORCH_REF=${TORCH_REF:-../shared/bench/torch_reference.py}
THREADS=${THREADS:-2}
REPEAT=${REPEAT:-3}
for exe in "$RNNWB" "$BUILD/tests/matmul_peak" "$BUILD/tests/csv_load_bench"; do
  [ -x "$exe" ] || { echo "error: $exe not found: build first (./test)" >&2; exit 1; }
done
[ -f "$TORCH_REF" ] || { echo "error: $TORCH_REF not found: set TORCH_REF to torch_reference.py" >&2; exit 1; }
tools/ensure-onnxruntime-node.sh "$BUILD/node_tools"
export NODE_PATH=$PWD/$BUILD/node_tools/node_modules
MEASURED="/usr/bin/python3 tests/bench/run_measured.py"

WORKLOADS=(
  "--cell lstm --sequences 100 --steps 50 --features 1 --units 64 --layers 1 --batch-size 32 --epochs 10"
  "--cell lstm --sequences 4096 --steps 50 --features 3 --units 64 --layers 1 --batch-size 32 --epochs 2"
  "--cell gru --sequences 4096 --steps 50 --features 3 --units 64 --layers 1 --batch-size 32 --epochs 2"
  "--cell rnn --sequences 4096 --steps 50 --features 3 --units 64 --layers 1 --batch-size 32 --epochs 2"
  "--cell lstm --sequences 2048 --steps 100 --features 8 --units 128 --layers 2 --batch-size 64 --epochs 1"
)
selected=("$@")
[ ${#selected[@]} -eq 0 ] && selected=(1 2 3 4 5)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
peak=$("$BUILD/tests/matmul_peak" --threads "$THREADS")
for n in "${selected[@]}"; do
  flags="${WORKLOADS[$((n - 1))]} --threads $THREADS"
  read -r sequences steps features < <(sed -E 's/.*--sequences ([0-9]+) --steps ([0-9]+) --features ([0-9]+).*/\1 \2 \3/' <<<"$flags")
  for ((r = 0; r < REPEAT; ++r)); do
    # shellcheck disable=SC2086  # the flags are split on purpose
    ours=$($MEASURED "$RNNWB" bench $flags --onnx "$work/w$n.onnx")
    # shellcheck disable=SC2086
    theirs=$($MEASURED /usr/bin/python3 "$TORCH_REF" $flags)
    ort=$($MEASURED node tests/bench/ort_bench.js "$work/w$n.onnx" "$sequences" "$steps" "$features" "$THREADS")
    echo "$n|$ours|$theirs|$ort" >>"$work/results"
  done
done

"$BUILD/tests/csv_load_bench" --rows 1000000 --keep --path "$work/million.csv" >"$work/csv_ours"
/usr/bin/python3 - "$work/million.csv" >"$work/csv_pandas" <<'PY'
import json, sys, time
import pandas
best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    frame = pandas.read_csv(sys.argv[1])
    best = min(best, time.perf_counter() - start)
print(json.dumps({"engine": f"pandas-{pandas.__version__}", "rows": len(frame), "columns": frame.shape[1],
                  "seconds": round(best, 4)}))
PY

/usr/bin/python3 - "$work/results" "$peak" "$work/csv_ours" "$work/csv_pandas" <<'PY'
import json, sys
results, peak = sys.argv[1], json.loads(sys.argv[2])
print(f"float32 matrix-product peak (Eigen 1024^3, {peak['threads']} threads): {peak['gflops']:.1f} GFLOP/s")
print(f"each engine: the best of {len(open(results).readlines()) // max(1, len({l.split('|')[0] for l in open(results)}))} runs\n")
head = ("| # | workload | train seq/s | torch | ratio | infer seq/s | torch | ratio | ONNX Runtime | ratio "
        "| train GFLOP/s | % of peak | infer GFLOP/s | % of peak | peak RSS MB | torch |")
print(head)
print("|" + "---|" * (head.count("|") - 1))
def best(runs):
    """The best of repeated runs: the highest throughputs, the largest peak RSS."""
    out = dict(runs[0])
    for key, value in out.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[key] = max(run[key] for run in runs)
    return out

runs = {}
for line in open(results):
    n, *engines = line.rstrip("\n").split("|")
    runs.setdefault(n, []).append([json.loads(e) for e in engines])
for n, repeats in runs.items():
    o, t, r = (best([rep[i] for rep in repeats]) for i in range(3))
    w = (f"{o['cell']} {o['sequences']}x{o['steps']}x{o['features']}, {o['layers']}x{o['units']} units, "
         f"batch {o['batch_size']}")
    pct = lambda g: 100 * g / peak["gflops"]  # noqa: E731
    print(f"| {n} | {w} | {o['train_seq_per_s']:.0f} | {t['train_seq_per_s']:.0f} | "
          f"{o['train_seq_per_s'] / t['train_seq_per_s']:.1f}x | {o['infer_seq_per_s']:.0f} | "
          f"{t['infer_seq_per_s']:.0f} | {o['infer_seq_per_s'] / t['infer_seq_per_s']:.1f}x | "
          f"{r['infer_seq_per_s']:.0f} | {o['infer_seq_per_s'] / r['infer_seq_per_s']:.2f}x | "
          f"{o['train_gflops']:.1f} | {pct(o['train_gflops']):.0f}% | {o['infer_gflops']:.1f} | "
          f"{pct(o['infer_gflops']):.0f}% | {o['peak_rss_mb']:.0f} | {t['peak_rss_mb']:.0f} |")
ours, pandas = json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
print(f"\nCSV load, {ours['rows']} rows x {ours['columns']} columns ({ours['bytes'] / 1e6:.1f} MB): rnnwb "
      f"{ours['seconds']:.3f} s, {pandas['engine']} {pandas['seconds']:.3f} s: "
      f"{pandas['seconds'] / ours['seconds']:.1f}x faster")
PY
