#!/usr/bin/env bash
# rnnwb backtest: per-fold JSON fields, origins increasing and leakage-free statistics (each fold's
# scaler recomputed in Python from its own training rows), many series by position, horizon 2,
# --closed-loop, --refit once, --seeds, and the messages and exit codes of bad flags.
# Usage: backtest_cli_test.sh path/to/rnnwb path/to/resources/samples
set -uo pipefail
RNNWB=$(realpath "$1")
SAMPLES=$(realpath "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
# shellcheck source=check_helpers.sh
source "$HERE/check_helpers.sh"
FAST=(--units 4 --epochs 2 --batch-size 64 --threads 2 --seed 1 --quiet)

check "backtest sunspots: 3 folds, JSON" sh -c "'$RNNWB' backtest --data '$SAMPLES/sunspots.csv' --target SUNACTIVITY \
  --window 8 --season 11 --folds 3 --fold-size 20 ${FAST[*]} --json > sun.json"
check "per fold: origin, label, rows, metrics beside the baselines, statistics from its own rows" \
  $PY - "$SAMPLES/sunspots.csv" <<'PY'
import csv, json, math, sys
j = json.load(open("sun.json"))
x = [float(r["SUNACTIVITY"]) for r in csv.DictReader(open(sys.argv[1]))]
folds = j["folds"]
assert len(folds) == 3 and j["folds_planned"] == 3 and j["fold_size"] == 20, j.keys()
origins = [f["origin"] for f in folds]
assert origins == [len(x) - 60, len(x) - 40, len(x) - 20], origins
assert folds[0]["origin_label"] == "1949", folds[0]["origin_label"]
for f in folds:
    for k in ("rows_tested", "train_rows", "metrics", "baselines", "statistics", "warnings"):
        assert k in f, k
    assert f["rows_tested"] == 20 and f["train_rows"] == f["origin"]
    assert set(f["baselines"]) == {"persistence", "seasonal_naive"}
    # the scaler: mean / population std of the first floor(0.85 * origin) rows (split 0.7,0.15,0.15)
    n = math.floor(0.85 * f["origin"] + 1e-9)
    m = sum(x[:n]) / n
    sd = math.sqrt(sum((v - m) ** 2 for v in x[:n]) / n)
    t = f["statistics"]["transforms"]["SUNACTIVITY"]
    assert abs(t["offset"] - m) < 1e-9 * abs(m) and abs(t["scale"] - sd) < 1e-9 * sd, (t, m, sd)
    # persistence on the test block, recomputed
    o = f["origin"]
    p = math.sqrt(sum((x[i] - x[i - 1]) ** 2 for i in range(o, o + 20)) / 20)
    assert abs(f["baselines"]["persistence"]["rmse"] - p) < 1e-9 * p, (f["baselines"]["persistence"]["rmse"], p)
a = j["aggregate"]["model"]
mean = sum(f["metrics"]["rmse"] for f in folds) / 3
assert abs(a["mean"]["rmse"] - mean) < 1e-9 * mean
assert [c["nominal"] for c in j["intervals"]["honest_coverage"]] == [0.8, 0.95]
PY

check "plain text: a row per fold and the aggregate" sh -c "'$RNNWB' backtest --data '$SAMPLES/sunspots.csv' \
  --target SUNACTIVITY --window 8 --folds 2 --fold-size 10 ${FAST[*]} > sun.txt && grep -q '^1 ' sun.txt \
  && grep -q '^2 ' sun.txt && grep -q '^mean' sun.txt && grep -q 'persistence' sun.txt"

check "many series share the origins by position" sh -c "'$RNNWB' backtest --data '$SAMPLES/eustock_long.csv' \
  --series-column index --time-column day --target close --window 8 --diff 1 --folds 2 --fold-size 15 \
  ${FAST[*]} --json > eu.json"
check "many series: every series tested in every fold" $PY - <<'PY'
import json
j = json.load(open("eu.json"))
f = j["folds"]
assert len(f) == 2 and f[0]["origin"] < f[1]["origin"]
assert all(x["rows_tested"] == 4 * 15 for x in f), [x["rows_tested"] for x in f]
assert f[0]["skipped_series"] == []
PY

check "horizon 2 and closed loop: error by step" sh -c "'$RNNWB' backtest --data '$SAMPLES/sunspots.csv' \
  --target SUNACTIVITY --window 8 --horizon 2 --closed-loop 5 --folds 3 --fold-size 12 ${FAST[*]} --json > h2.json"
check "by step: 2 direct steps of 3 x 11 windows, 5 closed-loop steps of 3 origins" $PY - <<'PY'
import json
j = json.load(open("h2.json"))
steps = j["by_step"][0]["steps"]
assert [s["count"] for s in steps] == [33, 33], steps
closed = j["closed_loop_by_step"][0]["steps"]
assert [s["count"] for s in closed] == [3] * 5, closed
assert all(s["persistence_rmse"] is not None for s in closed)
origins = [f["origin"] for f in j["folds"]]
assert origins == sorted(origins)
PY

check "refit once: fold 1's statistics in every fold, said" sh -c "'$RNNWB' backtest --data '$SAMPLES/sunspots.csv' \
  --target SUNACTIVITY --window 8 --folds 3 --fold-size 10 --refit once ${FAST[*]} --json > once.json && $PY -c '
import json; j = json.load(open(\"once.json\")); s = [f[\"statistics\"] for f in j[\"folds\"]]
assert s[0] == s[1] == s[2] and \"statistics_note\" in j'"

check "--seeds: the spread and the best seed" sh -c "'$RNNWB' backtest --data '$SAMPLES/sunspots.csv' \
  --target SUNACTIVITY --window 8 --folds 2 --fold-size 10 --seeds 1-2 ${FAST[*]} | grep -q 'best seed'"

check "too few rows: says what each fold needs" expect_exit 3 "too few rows for 50 folds" "$RNNWB" backtest \
  --data "$SAMPLES/sunspots.csv" --target SUNACTIVITY --window 8 --folds 50 --fold-size 10 "${FAST[@]}"
check "a fold smaller than the horizon" expect_exit 2 "at least the horizon" "$RNNWB" backtest \
  --data "$SAMPLES/sunspots.csv" --target SUNACTIVITY --window 8 --horizon 3 --folds 2 --fold-size 2 "${FAST[@]}"
check "--refit must be every or once" expect_exit 2 "--refit" "$RNNWB" backtest --data "$SAMPLES/sunspots.csv" \
  --target SUNACTIVITY --window 8 --refit sometimes "${FAST[@]}"
check "closed loop with a feature that is not a target" expect_exit 2 "every input feature must be a target" \
  "$RNNWB" backtest --data "$SAMPLES/macrodata.csv" --target realgdp --features realgdp,realcons --window 4 \
  --folds 2 --closed-loop 3 "${FAST[@]}"
check "split by series cannot roll an origin" expect_exit 2 "splits by time" "$RNNWB" backtest \
  --data "$SAMPLES/eustock_long.csv" --series-column index --target close --window 8 --split-by series "${FAST[@]}"
$PY -c "import numpy as np; np.save('x.npy', np.zeros((20, 5, 1), np.float32)); np.save('y.npy', np.zeros((20, 1), np.float32))"
check "a sequence dataset has no origin to roll" expect_exit 2 "sequence dataset" "$RNNWB" backtest --input x.npy \
  --targets y.npy "${FAST[@]}"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
