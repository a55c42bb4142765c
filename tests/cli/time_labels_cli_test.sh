#!/usr/bin/env bash
# Time axes from the command line: the predictions CSV carries each row's real time label
# (macrodata's year + quarter columns read as 1959Q1...), the forecast continues the series' step
# in the same format, and train suggests the season from the time step when --season is not given.
# Usage: time_labels_cli_test.sh path/to/rnnwb path/to/tests/data
set -uo pipefail
RNNWB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$(realpath "$2")
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# shellcheck source=check_helpers.sh
source "$HERE/check_helpers.sh"

check "train on macrodata: the season 4 is suggested by the quarterly step" bash -c "
  '$RNNWB' train --data '$DATA/macrodata.csv' --target realgdp --window 4 --units 8 --epochs 2 --seed 1 \
    --threads 1 --out macro.safetensors --metrics-json macro.json 2>err.txt >/dev/null &&
  grep -q 'season: 4 rows (suggested by the quarterly time step of \"year+quarter\"' err.txt"
check "the metrics have the seasonal-naive baseline of that season" $PY - <<'PY'
import json
m = json.load(open("macro.json"))
assert "seasonal_naive" in m["baselines"], m["baselines"].keys()
PY
check "--season 0 turns the suggestion off" bash -c "
  '$RNNWB' train --data '$DATA/macrodata.csv' --target realgdp --window 4 --units 8 --epochs 1 --seed 1 \
    --threads 1 --season 0 --out m0.safetensors 2>err0.txt >/dev/null && ! grep -q 'season:' err0.txt"
check "macrodata predictions carry 1959Q1-style labels; the forecast continues them" bash -c "
  '$RNNWB' predict --model macro.safetensors --data '$DATA/macrodata.csv' --out macro.csv --forecast 3"
check "macrodata's predictions CSV: one row per quarter, 1960Q1 after the window of 4" $PY - <<'PY'
import csv
rows = list(csv.reader(open("macro.csv")))
assert rows[0][:2] == ["year+quarter", "split"], rows[0]
body = [r for r in rows[1:] if r[1] != "forecast"]
labels = [r[0] for r in body]
assert labels[0] == "1960Q1", labels[:3]          # rows 0..3 (1959Q1..Q4) are the first window
assert labels[-1] == "2009Q3", labels[-1]
assert len(set(labels)) == len(labels) == 203 - 4, len(labels)  # no label repeats ("1961" four times before)
forecast = [r[0] for r in rows[1:] if r[1] == "forecast"]
assert forecast == ["2009Q4", "2010Q1", "2010Q2"], forecast
PY
check "elec_equip: monthly dates continue as Jun-1-2016, Jul-1-2016" bash -c "
  '$RNNWB' train --data '$DATA/elec_equip.csv' --target STS.M.I7.W.TOVT.NS0016.4.000 --window 12 --units 8 --epochs 1 --seed 1 --threads 1 \
    --out elec.safetensors 2>err_e.txt >/dev/null &&
  grep -q 'season: 12 rows (suggested by the monthly time step' err_e.txt &&
  '$RNNWB' predict --model elec.safetensors --data '$DATA/elec_equip.csv' --out elec.csv --forecast 2 &&
  tail -2 elec.csv | cut -d, -f1,2 | tr '\n' ' ' | grep -qx 'Jun-1-2016,forecast Jul-1-2016,forecast '"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
