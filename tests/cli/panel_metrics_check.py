#!/usr/bin/python3
"""Recomputes `rnnwb train --metrics-json` of a many-series model from the data and the
`rnnwb predict --data` CSV, with numpy and the issue's rules alone, and compares.

  panel_metrics_check.py DATA.csv SERIES_COLUMN TARGET WINDOW SEASON PREDICTIONS.csv METRICS.json

Rules (issue 13): series in order of first appearance, rows of one series in file order; split by
time within each series (train rows < floor(0.7 n), validation < floor(0.85 n)); a series with
fewer than window + 1 training rows is skipped; MASE scales each error by its own series' mean
|x_t - x_{t-m}| over its training rows; persistence is x[j-1], seasonal naive x[j-m] (horizon 1).
Baselines come from the data alone and must agree to 1e-9; the model's metrics are recomputed from
the predictions CSV, which holds 10 significant digits, so they must agree to 1e-6.
"""
import csv
import json
import math
import sys

import numpy as np

data_path, series_col, target, window, season, pred_path, metrics_path = sys.argv[1:8]
window, season = int(window), int(season)
m = season if season > 0 else 1

# The data, grouped by series.
order, values = [], {}
with open(data_path, newline="") as f:
    for row in csv.DictReader(f):
        sid = row[series_col].strip()
        if sid not in values:
            order.append(sid)
            values[sid] = []
        values[sid].append(float(row[target]))

bounds, skipped = {}, []
for sid in order:
    n = len(values[sid])
    train_end = math.floor(0.7 * n + 1e-9)
    bounds[sid] = (train_end, math.floor(0.85 * n + 1e-9))
    if train_end < window + 1:
        skipped.append(sid)
kept = [s for s in order if s not in skipped]


def split_of(sid, j):
    train_end, validation_end = bounds[sid]
    return "train" if j < train_end else "validation" if j < validation_end else "test"


scale = {}
for sid in kept:
    x = np.array(values[sid][: bounds[sid][0]])
    scale[sid] = float(np.mean(np.abs(x[m:] - x[:-m])))

# Every window j (target row j of series s, inputs j-window..j-1 of s), by split and series.
rows = {}  # (sid, split) -> list of (actual, persistence, seasonal naive, mase scale)
for sid in kept:
    x = values[sid]
    for j in range(window, len(x)):
        rows.setdefault((sid, split_of(sid, j)), []).append((x[j], x[j - 1], x[j - m], scale[sid]))

# The model's predictions, from the CSV (a series column first, then time, split, actual, predicted).
predicted = {}
with open(pred_path, newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    assert header[0] == series_col and header[2] == "split", header
    assert header[3] == target and header[4] == target + "_predicted", header
    count = {}
    for r in reader:
        sid, split = r[0], r[2]
        j = window + count.get(sid, 0)
        count[sid] = count.get(sid, 0) + 1
        assert split == split_of(sid, j), (sid, j, split)
        assert float(r[3]) == values[sid][j], (sid, j, r[3])
        predicted.setdefault((sid, split), []).append(float(r[4]))
# Every series with more rows than the window is predicted (a global model predicts the skipped ones
# too; they only take no part in training and metrics), in the data's order.
assert list(count) == [s for s in order if len(values[s]) > window], list(count)


def metrics(pairs, forecast):
    actual = np.array([p[0] for p in pairs])
    sc = np.array([p[3] for p in pairs])
    e = actual - np.asarray(forecast)
    return {"rmse": float(np.sqrt(np.mean(e * e))), "mae": float(np.mean(np.abs(e))),
            "mase": float(np.mean(np.abs(e) / sc)), "count": len(pairs)}


def compare(got, want, rel, what):
    assert got["count"] == want["count"], (what, got["count"], want["count"])
    for k in ("rmse", "mae", "mase"):
        g, w = got[k], want[k]
        assert abs(g - w) <= rel * max(1.0, abs(w)), (what, k, g, w)


def check(got, split, keys, what):
    pairs = [p for key in keys for p in rows[key]]
    model = [v for key in keys for v in predicted[key]]
    compare(got[split], metrics(pairs, model), 1e-6, what + " model")
    compare(got["baselines"]["persistence"][split], metrics(pairs, [p[1] for p in pairs]), 1e-9,
            what + " persistence")
    if season > 0:
        compare(got["baselines"]["seasonal_naive"][split], metrics(pairs, [p[2] for p in pairs]), 1e-9,
                what + " seasonal naive")


j = json.load(open(metrics_path))
assert j["series_skipped"] == skipped, (j["series_skipped"], skipped)
assert set(j["series"]) == set(kept), (list(j["series"]), kept)
for split in ("train", "validation", "test"):
    check(j, split, [(s, split) for s in kept], "pooled " + split)
    for sid in kept:
        check(j["series"][sid], split, [(sid, split)], sid + " " + split)
print("checked", len(kept), "series (", len(skipped), "skipped ) against", sum(len(v) for v in rows.values()), "windows")
