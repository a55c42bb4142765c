#!/usr/bin/env bash
# rnnwb evaluate --diagnostics: the text report and its JSON, checked against figures computed
# here from `rnnwb predict`'s own predictions (numpy: residuals of the test rows, their ACF and
# the Ljung-Box Q), on one series with a season, many series, horizon 2 and a model whose inputs
# are not all targets (direct error by step), and the errors for what cannot work.
# Usage: diagnostics_cli_test.sh path/to/rnnwb
set -uo pipefail
RNNWB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
# shellcheck source=check_helpers.sh
source "$HERE/check_helpers.sh"
FAST=(--units 8 --epochs 4 --batch-size 32 --threads 2 --seed 3 --quiet)

"$RNNWB" train --data sample:sunspots --target SUNACTIVITY --window 12 --season 11 "${FAST[@]}" --out s.safetensors \
  >/dev/null 2>&1 || { echo "FAILED: training the sunspots model"; exit 1; }
check "text report: ACF bars, Ljung-Box, verdict, histogram, largest errors, error by step" bash -c '
  "$0" evaluate --model s.safetensors --data sample:sunspots --diagnostics --threads 2 >d.txt || exit 1
  for want in "autocorrelation of " "(95% band +-" "Ljung-Box over 22 lags: Q = " "verdict: " "histogram (" \
              "largest errors" "error by step ahead (RMSE of closed-loop forecasts" "persistence" "seasonal"; do
    grep -qF -- "$want" d.txt || { echo "missing: $want"; cat d.txt; exit 1; }
  done
  grep -qE "^ +1 +[-+][0-9.]+ +[ :#]*\|" d.txt || { echo "no ACF bar for lag 1"; cat d.txt; exit 1; }' "$RNNWB"

check "JSON equals numpy's ACF and Ljung-Box of predict's own test residuals" bash -c '
  "$0" evaluate --model s.safetensors --data sample:sunspots --diagnostics --json --threads 2 >d.json || exit 1
  "$0" predict --model s.safetensors --data sample:sunspots --out p.csv --threads 2 >/dev/null || exit 1
  '"$PY"' - <<'"'"'PY'"'"'
import csv, json, math
import numpy as np
j = json.load(open("d.json"))
d = j["diagnostics"]["targets"]["SUNACTIVITY"]
rows = [r for r in csv.DictReader(open("p.csv")) if r["split"] == "test" and r["SUNACTIVITY_predicted"]]
e = np.array([float(r["SUNACTIVITY"]) - float(r["SUNACTIVITY_predicted"]) for r in rows])
assert d["count"] == len(e), (d["count"], len(e))
x = e - e.mean(); n = len(x); h = 22
r = [np.sum(x[k:] * x[:-k]) / np.sum(x * x) for k in range(1, h + 1)]
assert len(d["acf"]["r"]) == h
assert np.allclose(d["acf"]["r"], r, atol=1e-6), (d["acf"]["r"][:3], r[:3])
assert abs(d["acf"]["band"] - 1.96 / math.sqrt(n)) < 1e-12
q = n * (n + 2) * sum(rk * rk / (n - k) for k, rk in enumerate(r, 1))
assert abs(d["ljung_box"]["q"] - q) < 1e-4 * q, (d["ljung_box"]["q"], q)
assert 0 <= d["ljung_box"]["p_value"] <= 1
assert d["verdict"]["text"]
assert sum(d["histogram"]["counts"]) == n
big = j["diagnostics"]["largest_errors"]
assert len(big) == 10 and abs(abs(big[0]["error"]) - np.max(np.abs(e))) < 1e-5, (big[0], np.max(np.abs(e)))
assert big[0]["time"].isdigit()  # a year
steps = j["diagnostics"]["error_by_step"]
assert steps["method"] == "closed_loop" and steps["steps"] == min(24, n // 2)
s1 = steps["targets"]["SUNACTIVITY"][0]
base = j["metrics"]["baselines"]
assert abs(s1["persistence_rmse"] - base["persistence"]["test"]["rmse"]) < 1e-9
assert abs(s1["seasonal_naive_rmse"] - base["seasonal_naive"]["test"]["rmse"]) < 1e-9
assert abs(s1["model_rmse"] - j["metrics"]["test"]["rmse"]) < 1e-9
assert abs(s1["model_rmse"] - math.sqrt(np.mean(e * e))) < 1e-5
PY' "$RNNWB"

check "many series, horizon 2: pooled residuals, closed loop, series ids in the largest errors" bash -c '
  "$0" train --data sample:eustock_long --series-column index --target close --window 10 --horizon 2 --log --diff 1 \
    --units 6 --epochs 2 --batch-size 64 --threads 2 --seed 1 --quiet --out e.safetensors >/dev/null || exit 1
  "$0" evaluate --model e.safetensors --data sample:eustock_long --diagnostics --json --steps-ahead 5 --acf-lags 10 \
    --threads 2 >e.json || exit 1
  '"$PY"' -c "
import json
d = json.load(open(\"e.json\"))[\"diagnostics\"]
assert d[\"series\"] == 4, d[\"series\"]
t = d[\"targets\"][\"close\"]
assert len(t[\"acf\"][\"r\"]) == 10 and t[\"count\"] == d[\"test_rows\"]
s = d[\"error_by_step\"]
assert s[\"method\"] == \"closed_loop\" and s[\"steps\"] == 5 and len(s[\"targets\"][\"close\"]) == 5
assert {e[\"series\"] for e in d[\"largest_errors\"]} <= {\"DAX\", \"SMI\", \"CAC\", \"FTSE\"}
assert {e[\"step\"] for e in d[\"largest_errors\"]} <= {1, 2}
"' "$RNNWB"

check "inputs that are not targets: direct error by step, said in words" bash -c '
  "$0" train --data sample:macrodata --target realgdp --features realgdp,realcons --window 8 --horizon 3 \
    --units 6 --epochs 2 --threads 2 --seed 1 --quiet --out m.safetensors >/dev/null || exit 1
  "$0" evaluate --model m.safetensors --data sample:macrodata --diagnostics --threads 2 >m.txt || exit 1
  grep -qF "RMSE of the model'"'"'s direct horizon steps" m.txt || { cat m.txt; exit 1; }
  grep -qF "no closed-loop forecast: it needs the future of \"realcons\"" m.txt || { cat m.txt; exit 1; }' "$RNNWB"

check "--steps-ahead 0 is refused as usage" expect_exit 2 "--steps-ahead" \
  "$RNNWB" evaluate --model s.safetensors --data sample:sunspots --diagnostics --steps-ahead 0

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
