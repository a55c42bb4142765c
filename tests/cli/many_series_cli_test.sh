#!/usr/bin/env bash
# Many series from the command line: long form (--series-column), wide form (--series-columns),
# --split-by, --scale-per, per-series predictions, forecasts and metrics, --series for a per-series
# model's windows and exports, inspect's series list, and the exit codes for what cannot work.
# Usage: many_series_cli_test.sh path/to/rnnwb path/to/resources/samples
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
FAST=(--units 6 --epochs 2 --batch-size 64 --threads 2 --seed 1 --quiet)

# The EuStockMarkets sample in three shapes: as shipped (long, grouped), long with the series'
# rows interleaved, and wide (one column per index).
$PY - "$SAMPLES/eustock_long.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
ids = list(dict.fromkeys(r["index"] for r in rows))
by = {i: [r for r in rows if r["index"] == i] for i in ids}
with open("long.csv", "w") as f:
    f.write("index,day,close\n")
    for r in rows: f.write(f'{r["index"]},{r["day"]},{r["close"]}\n')
with open("interleaved.csv", "w") as f:
    f.write("index,day,close\n")
    for k in range(len(by[ids[0]])):
        for i in ids: f.write(f'{i},{by[i][k]["day"]},{by[i][k]["close"]}\n')
with open("wide.csv", "w") as f:
    f.write("day," + ",".join(ids) + "\n")
    for k in range(len(by[ids[0]])):
        f.write(by[ids[0]][k]["day"] + "," + ",".join(by[i][k]["close"] for i in ids) + "\n")
PY

check "train a global model on the long form" "$RNNWB" train --data long.csv --series-column index --time-column day \
  --target close --window 10 --diff 1 "${FAST[@]}" --out global.safetensors --metrics-json global.json
check "metrics: pooled at the top, each series under \"series\", nothing skipped" $PY - <<'PY'
import json
m = json.load(open("global.json"))
assert set(m["series"]) == {"DAX", "SMI", "CAC", "FTSE"}, m["series"].keys()
assert m["series_skipped"] == []
for split in ("train", "validation", "test"):
    total = sum(s[split]["count"] for s in m["series"].values())
    assert total == m[split]["count"], (split, total, m[split]["count"])
    assert set(m["series"]["DAX"]["baselines"]["persistence"]) >= {split}
# 1860 rows, window 10, horizon 1: training windows j = 10 .. floor(0.7*1860)-1 = 1301 per series.
assert m["series"]["DAX"]["train"]["count"] == 1302 - 10, m["series"]["DAX"]["train"]["count"]
PY
check "predict --data writes the series column first, each series' rows in turn" bash -c "
  '$RNNWB' predict --model global.safetensors --data long.csv --intervals none --out p.csv 2>/dev/null &&
  head -1 p.csv | grep -qx 'index,day,split,close,close_predicted' &&
  [ \$(grep -c '^DAX,' p.csv) -eq 1850 ] && [ \$(grep -c '^FTSE,' p.csv) -eq 1850 ]"
check "interleaved rows predict exactly what grouped rows do" bash -c "
  '$RNNWB' predict --model global.safetensors --data interleaved.csv --intervals none --out pi.csv 2>/dev/null && cmp -s p.csv pi.csv"
check "--forecast K continues every series beyond its own end" bash -c "
  '$RNNWB' predict --model global.safetensors --data long.csv --forecast 3 --out f.csv 2>/dev/null &&
  [ \$(grep -c ',forecast,' f.csv) -eq 12 ] && grep -q '^SMI,1863,forecast,' f.csv"
check "--series ID keeps one series" bash -c "
  '$RNNWB' predict --model global.safetensors --data long.csv --forecast 2 --series CAC --out c.csv 2>/dev/null &&
  [ \$(grep -vc '^CAC,' c.csv) -eq 1 ] && [ \$(grep -c ',forecast,' c.csv) -eq 2 ]"
check "evaluate reports every series" bash -c "
  '$RNNWB' evaluate --model global.safetensors --data long.csv --metrics-json e.json >e.out &&
  grep -q 'beats persistence on' e.out && $PY -c \"import json; assert len(json.load(open('e.json'))['series']) == 4\""
check "inspect lists the series with their rows" bash -c "
  '$RNNWB' inspect --model global.safetensors >i.out && grep -q 'series:    4 (column index' i.out &&
  grep -q '  DAX: 1860 rows' i.out"

check "wide form: --series-columns all, the target is value, ids are the column names" "$RNNWB" train \
  --data wide.csv --series-columns all --window 10 --diff 1 "${FAST[@]}" --out wide.safetensors --metrics-json wide.json
check "wide and long forms give the same windows and baselines" $PY - <<'PY'
import json
w, l = json.load(open("wide.json")), json.load(open("global.json"))
assert set(w["series"]) == set(l["series"])
for i in l["series"]:
    for split in ("train", "validation", "test"):
        a = w["series"][i]["baselines"]["persistence"][split]
        b = l["series"][i]["baselines"]["persistence"][split]
        assert a["count"] == b["count"] and abs(a["rmse"] - b["rmse"]) < 1e-9 * b["rmse"], (i, split, a, b)
PY
check "a wide model predicts wide data by its own columns" bash -c "
  '$RNNWB' predict --model wide.safetensors --data wide.csv --intervals none --out pw.csv 2>/dev/null &&
  head -1 pw.csv | grep -qx 'series,day,split,value,value_predicted' && grep -q '^FTSE,' pw.csv"

check "per-series scaling trains" "$RNNWB" train --data sample:eustock_long --window 10 --log --scale-per series \
  "${FAST[@]}" --out per.safetensors
$PY -c "import numpy as np; np.save('w.npy', np.full((3, 10, 1), 3000.0, dtype=np.float32))"
check "a per-series model's windows need --series" expect_exit 2 "say which series (--series)" \
  "$RNNWB" predict --model per.safetensors --input w.npy --out y.npy
check "an id the model never saw is a data error" expect_exit 3 'never saw series "XX"' \
  "$RNNWB" predict --model per.safetensors --input w.npy --out y.npy --series XX
check "windows of a named series predict" "$RNNWB" predict --model per.safetensors --input w.npy --out y.npy --series SMI
check "its series' statistics decide the prediction" bash -c "
  '$RNNWB' predict --model per.safetensors --input w.npy --out y2.npy --series DAX 2>/dev/null &&
  $PY -c \"import numpy as np; assert not np.allclose(np.load('y.npy'), np.load('y2.npy'))\""
check "ONNX export of a per-series model needs --series, naming the ids" expect_exit 2 "DAX, SMI, CAC, FTSE" \
  "$RNNWB" export --model per.safetensors --format onnx --out per.onnx
check "ONNX export with --series" "$RNNWB" export --model per.safetensors --format onnx --out per.onnx --series CAC
check "C export with --series" "$RNNWB" export --model per.safetensors --format c --out per.c --series FTSE
check "inspect shows each series' statistics" bash -c "
  '$RNNWB' inspect --model per.safetensors | grep -q 'each series scaled by its own training rows'"
check "a series a per-series model never saw is left out of --data's predictions, with a warning" bash -c "
  sed 's/^DAX,/NEW,/' long.csv >new.csv &&
  '$RNNWB' predict --model per.safetensors --data new.csv --out pn.csv 2>err.txt &&
  grep -q 'warning: .*left out.*\"NEW\"' err.txt && ! grep -q '^NEW,' pn.csv && grep -q '^SMI,' pn.csv"
check "asked for alone, it is a data error" expect_exit 3 'never saw series "NEW"' \
  "$RNNWB" predict --model per.safetensors --data new.csv --series NEW --out pn.csv

check "--split-by series assigns whole series" "$RNNWB" train --data sample:chickweight_long --window 4 \
  --split-by series "${FAST[@]}" --out bys.safetensors --metrics-json bys.json
check "training, validation and test series are disjoint, in order of appearance" $PY - <<'PY'
import json
m = json.load(open("bys.json"))
ids = list(m["series"])  # JSON keys sorted; order does not matter here
roles = {i: [s for s in ("train", "validation", "test") if s in m["series"][i]] for i in ids}
assert all(len(r) == 1 for r in roles.values()), roles
n = len(ids) + len(m["series_skipped"])
assert n == 50, n
train = [i for i, r in roles.items() if r == ["train"]]
assert set(train) <= {str(k) for k in range(1, 36)}, train  # floor(0.7 * 50) = 35 first chicks
PY
check "--split-by series with fewer than 3 series" expect_exit 2 "at least 3 series" \
  "$RNNWB" train --data wide.csv --series-columns DAX,SMI --window 10 --split-by series "${FAST[@]}" --out x.safetensors
check "--scale-per series with --split-by series" expect_exit 2 "--scale-per global" \
  "$RNNWB" train --data sample:eustock_long --window 10 --split-by series --scale-per series "${FAST[@]}" --out x.safetensors
check "both series forms at once" expect_exit 2 "not both" \
  "$RNNWB" train --data long.csv --series-column index --series-columns DAX --window 10 "${FAST[@]}" --out x.safetensors

printf 'id,t,v\na,1,1\na,2,2\nb,1,5\na,3,3\nb,0,6\n' >back.csv
check "time going back within a series names the series and the line" expect_exit 3 'line 6: series "b" goes back' \
  "$RNNWB" train --data back.csv --series-column id --time-column t --target v --window 1 "${FAST[@]}" --out x.safetensors
check "a series too short for a training window is skipped, with a warning" bash -c "
  '$RNNWB' train --data sample:chickweight_long --window 6 ${FAST[*]} --out s.safetensors --metrics-json s.json 2>w.txt &&
  grep -q 'series are too short for one training window' w.txt &&
  $PY -c \"import json; m = json.load(open('s.json')); assert len(m['series_skipped']) > 0 and len(m['series']) + len(m['series_skipped']) == 50\""
check "every series too short" expect_exit 3 "every series is too short" \
  "$RNNWB" train --data sample:chickweight_long --window 11 "${FAST[@]}" --out x.safetensors
printf 'id,v\na,1\nb,2\n,3\n' >noid.csv
check "a row without a series id" expect_exit 3 "line 4: the series column" \
  "$RNNWB" train --data noid.csv --series-column id --target v --window 1 "${FAST[@]}" --out x.safetensors

echo "many_series_cli_test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
