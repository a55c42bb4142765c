#!/usr/bin/env bash
# Many series end to end: `rnnwb train --metrics-json` and `rnnwb predict --data` on the two
# embedded many-series samples, every pooled and per-series metric recomputed independently by
# panel_metrics_check.py. Usage: panel_metrics_test.sh path/to/rnnwb path/to/resources/samples
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

# EuStockMarkets: 4 series of equal length, opened as many series without any flag.
check "train on sample:eustock_long (4 series)" "$RNNWB" train --data sample:eustock_long --target close \
  --window 20 --units 4 --epochs 1 --season 5 --seed 1 --threads 2 --out eu.safetensors --metrics-json eu.json
check "predict --data writes a series column first" "$RNNWB" predict --model eu.safetensors \
  --data sample:eustock_long --out eu.csv --threads 2
check "eustock metrics, pooled and per series, recomputed" $PY "$HERE/panel_metrics_check.py" \
  "$SAMPLES/eustock_long.csv" index close 20 5 eu.csv eu.json

# ChickWeight: 50 series of unequal lengths; with window 5 the chicks with fewer than 6 training
# rows (15, 16, 18) are skipped.
check "train on sample:chickweight_long (unequal lengths, short series skipped)" bash -c \
  "'$RNNWB' train --data sample:chickweight_long --target weight --window 5 --units 4 --epochs 1 --seed 1 \
   --threads 2 --out cw.safetensors --metrics-json cw.json 2>err.txt; rc=\$?; cat err.txt; [ \$rc -eq 0 ] &&
   grep -q '3 of 50 series are too short' err.txt"
check "predict --data on chickweight" "$RNNWB" predict --model cw.safetensors --data sample:chickweight_long \
  --out cw.csv --threads 2
check "predict --forecast on chickweight: every series long enough is forecast, chick 18 (2 rows) left out" bash -c \
  "'$RNNWB' predict --model cw.safetensors --data sample:chickweight_long --out cwf.csv --forecast 3 --threads 2 &&
   [ \$(grep -c ',forecast,' cwf.csv) -eq 147 ] && ! grep -q '^18,' cwf.csv"
check "chickweight metrics recomputed; skipped series listed" $PY "$HERE/panel_metrics_check.py" \
  "$SAMPLES/chickweight_long.csv" chick weight 5 0 cw.csv cw.json

# Per-series scaling through the command line needs --scale-per (the CLI branch of issue 13).
if "$RNNWB" train --help 2>&1 | grep -q -- '--scale-per'; then
  check "train with --scale-per series" "$RNNWB" train --data sample:eustock_long --target close --window 20 \
    --units 4 --epochs 1 --season 5 --seed 1 --threads 2 --scale-per series --out eus.safetensors \
    --metrics-json eus.json
  check "predict --data with a per-series model" "$RNNWB" predict --model eus.safetensors \
    --data sample:eustock_long --out eus.csv --threads 2
  check "per-series-scaled metrics recomputed" $PY "$HERE/panel_metrics_check.py" \
    "$SAMPLES/eustock_long.csv" index close 20 5 eus.csv eus.json
else
  echo "skipped: --scale-per series (this rnnwb has no --scale-per flag yet)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
