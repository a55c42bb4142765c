#!/usr/bin/env bash
# End-to-end tests of the rnnwb command line on the embedded samples: train a small LSTM on
# sunspots, predict from .csv and .npy (the two must agree), evaluate, inspect, export, and check
# exit codes and messages for bad input. Usage: cli_test.sh path/to/rnnwb path/to/resources/samples
set -uo pipefail
RNNWB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
SAMPLES=$(realpath "$2")
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# shellcheck source=check_helpers.sh
source "$HERE/check_helpers.sh"

check "samples are listed" bash -c "'$RNNWB' samples | grep -c '^sample:' | grep -qx 5"

check "train an LSTM on sunspots" "$RNNWB" train --data sample:sunspots --target SUNACTIVITY --window 12 \
  --units 24 --epochs 60 --lr 0.005 --season 11 --seed 3 --threads 2 --out model.safetensors \
  --metrics-json metrics.json --history-csv history.csv
check "the model beats persistence on the test split" $PY - <<'PY'
import json
m = json.load(open("metrics.json"))
ours, base = m["test"]["rmse"], m["baselines"]["persistence"]["test"]["rmse"]
print("test RMSE model", ours, "persistence", base, "seasonal naive", m["baselines"]["seasonal_naive"]["test"]["rmse"])
assert ours < base, (ours, base)
assert m["epochs_run"] == 60 and 1 <= m["best_epoch"] <= 60
for split in ("train", "validation", "test"):
    assert set(m[split]) >= {"mse", "rmse", "mae", "mape", "smape", "r2", "mase"}, m[split]
PY
check "the history CSV has one row per epoch" bash -c "[ \$(wc -l < history.csv) -eq 61 ] && head -1 history.csv | grep -qx 'epoch,train_loss,val_loss,lr,seconds'"

check "inspect shows layers, columns and transforms" bash -c \
  "'$RNNWB' inspect --model model.safetensors | tee inspect.txt | grep -q 'layers.0 (lstm' && grep -q 'targets:   SUNACTIVITY' inspect.txt && grep -q 'standard (offset' inspect.txt"

check "predict over the CSV with a closed-loop forecast" "$RNNWB" predict --model model.safetensors \
  --data sample:sunspots --out preds.csv --forecast 5
check "predict and evaluate take --threads; 1 and 2 threads agree" bash -c "
  '$RNNWB' predict --model model.safetensors --data sample:sunspots --out preds1.csv --forecast 5 --threads 1 &&
  '$RNNWB' predict --model model.safetensors --data sample:sunspots --out preds2.csv --forecast 5 --threads 2 &&
  '$RNNWB' evaluate --model model.safetensors --data sample:sunspots --threads 1 >/dev/null &&
  $PY -c \"
import csv
a, b = list(csv.reader(open('preds1.csv'))), list(csv.reader(open('preds2.csv')))
assert len(a) == len(b) and a[0] == b[0]
for x, y in zip(a[1:], b[1:]):
    for u, v in zip(x[2:], y[2:]):
        if u or v: assert abs(float(u) - float(v)) <= 1e-5 * max(1.0, abs(float(u))), (u, v)
\""
check "the predictions CSV has every windowed row, splits and forecast years" $PY - <<'PY'
import csv
rows = list(csv.DictReader(open("preds.csv")))
assert list(rows[0]) == ["YEAR", "split", "SUNACTIVITY", "SUNACTIVITY_predicted"] + [
    f"SUNACTIVITY_{side}_{level}" for level in ("80", "95") for side in ("lower", "upper")], list(rows[0])
assert len(rows) == 309 - 12 + 5, len(rows)
assert rows[0]["YEAR"] == "1712" and rows[0]["split"] == "train"
assert [r["YEAR"] for r in rows[-5:]] == ["2009", "2010", "2011", "2012", "2013"]
assert all(r["split"] == "forecast" and r["SUNACTIVITY"] == "" for r in rows[-5:])
assert {r["split"] for r in rows[:-5]} == {"train", "validation", "test"}
PY

check "predict from .npy windows in original units agrees with the CSV path" $PY - "$RNNWB" "$SAMPLES" <<'PY'
import csv, subprocess, sys
import numpy as np
rnnwb, samples = sys.argv[1], sys.argv[2]
series = [float(r["SUNACTIVITY"]) for r in csv.DictReader(open(samples + "/sunspots.csv"))]
x = np.array([series[j - 12:j] for j in range(12, len(series))], dtype=np.float32)[:, :, None]
np.save("x.npy", x)
subprocess.run([rnnwb, "predict", "--model", "model.safetensors", "--input", "x.npy", "--out", "y.npy"], check=True)
y = np.load("y.npy")
assert y.shape == (len(series) - 12, 1, 1) and y.dtype == np.float32, (y.shape, y.dtype)
preds = [float(r["SUNACTIVITY_predicted"]) for r in csv.DictReader(open("preds.csv")) if r["split"] != "forecast"]
csv_pred = np.array(preds)
err = np.max(np.abs(y[:, 0, 0] - csv_pred) / np.maximum(np.abs(csv_pred), 1.0))
print("max relative difference npy vs csv:", err)
assert err < 1e-4, err
PY

check "evaluate reproduces the training metrics" bash -c "'$RNNWB' evaluate --model model.safetensors \
  --data sample:sunspots --metrics-json eval.json | tee eval.txt | grep -q 'same file the model was trained on' && \
  $PY -c \"import json; a=json.load(open('eval.json')); b=json.load(open('metrics.json')); \
assert abs(a['test']['rmse']-b['test']['rmse']) < 1e-9*b['test']['rmse'], (a['test'], b['test'])\""

check "export to safetensors is readable by a plain safetensors reader" bash -c "'$RNNWB' export \
  --model model.safetensors --format safetensors --out copy.safetensors && $PY - <<'PY'
import json, struct
import numpy as np
b = open('copy.safetensors', 'rb').read()
n = struct.unpack('<Q', b[:8])[0]
h = json.loads(b[8:8 + n])
meta = json.loads(h.pop('__metadata__')['rnnwb'])
assert meta['format_version'] == 1 and meta['targets'] == ['SUNACTIVITY'] and meta['window'] == 12
w = h['layers.0.weight_ih']
assert w['dtype'] == 'F32' and w['shape'] == [96, 1], w
s, e = w['data_offsets']
arr = np.frombuffer(b[8 + n + s:8 + n + e], dtype='<f4')
assert arr.size == 96 and np.isfinite(arr).all()
assert set(h) == {'layers.0.weight_ih', 'layers.0.weight_hh', 'layers.0.bias_ih', 'layers.0.bias_hh', 'layers.1.weight', 'layers.1.bias'}, set(h)
PY"
check "a GRU stack with horizon 3 trains on macrodata with features, log and differencing" "$RNNWB" train \
  --data sample:macrodata --target realgdp,realcons --features realgdp,realcons,unemp --log --diff 1 \
  --scaler robust --window 8 --horizon 3 --cell gru --units 8,8 --dropout 0.1 --epochs 3 --quiet \
  --out macro.safetensors
# The time column is year + quarter read as one (1959Q1...), so the header names it "year+quarter".
check "multi-step predictions CSV has a column per horizon step" bash -c "'$RNNWB' predict \
  --model macro.safetensors --data sample:macrodata --intervals none --out macro.csv && head -1 macro.csv | \
  grep -qx 'year+quarter,split,realgdp,realgdp_predicted,realgdp_predicted_h2,realgdp_predicted_h3,realcons,realcons_predicted,realcons_predicted_h2,realcons_predicted_h3'"

# Errors: one clear line on stderr and the documented exit code.
printf 'a,b\n1,2\n2,NA\n3,4\n4,5\n5,6\n6,7\n7,8\n8,9\n9,10\n10,11\n11,12\n12,13\n13,14\n14,15\n15,16\n16,17\n17,18\n18,19\n19,20\n20,21\n' > gaps.csv
check "missing cells are refused by default (exit 3) with the fix" expect_exit 3 "--missing" \
  "$RNNWB" train --data gaps.csv --target b --window 3 --epochs 1 --out g.safetensors
check "--missing interpolate trains" "$RNNWB" train --data gaps.csv --target b --window 3 --epochs 1 \
  --missing interpolate --quiet --out g.safetensors
check "a missing --window is a usage error (exit 2)" expect_exit 2 "--window" \
  "$RNNWB" train --data sample:sunspots --target SUNACTIVITY --out x.safetensors
check "an unknown column is a usage error naming the columns" expect_exit 2 "SUNACTIVITY" \
  "$RNNWB" train --data sample:sunspots --target SPOTS --window 3 --out x.safetensors
check "a missing data file is a data error (exit 3)" expect_exit 3 "nope.csv" \
  "$RNNWB" train --data nope.csv --target x --window 3 --out x.safetensors
check "a window longer than the series is a data error (exit 3)" expect_exit 3 "too few rows" \
  "$RNNWB" train --data sample:sunspots --target SUNACTIVITY --window 300 --out x.safetensors
head -c 200 model.safetensors > truncated.safetensors
check "a truncated model file is a model file error (exit 5)" expect_exit 5 "truncated.safetensors" \
  "$RNNWB" inspect --model truncated.safetensors
check "training that diverges exits 4 with advice" expect_exit 4 "learning rate" \
  "$RNNWB" train --data sample:sunspots --target SUNACTIVITY --window 5 --scaler none --optimizer sgd --lr 1e30 \
  --epochs 3 --quiet --out d.safetensors
check "a diverged run writes no model" test ! -e d.safetensors
check "an --out in a missing folder is refused before training (exit 5)" expect_exit 5 "create the folder first" \
  "$RNNWB" train --data sample:sunspots --target SUNACTIVITY --window 5 --epochs 500 --out no/such/dir/m.safetensors
check "a model larger than memory is refused before training (exit 2)" expect_exit 2 "GiB of memory" \
  "$RNNWB" train --data sample:sunspots --target SUNACTIVITY --window 5 --units 60000 --out huge.safetensors

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
