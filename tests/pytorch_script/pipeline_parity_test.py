#!/usr/bin/env python3
"""The exported project's pipeline.py against rnnwb's own data preparation, bit for bit.

For each case (a settings variant and, where needed, a data file written here) it writes a project
folder with config.json, runs the engine's reference tool (tests/pytorch_script/pipeline_reference:
what fit() is given, and the model metadata) and pipeline.prepare() on the same config, and compares
the windows of all three splits (x and y, every bit) and the metadata the pipeline owns (fitted
statistics exactly).

  python3 pipeline_parity_test.py --reference PATH --pipeline resources/pytorch_script/pipeline.py \
      --samples resources/samples [--only NAME] [--keep DIR]
"""

import argparse
import copy
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

LAYERS = [{"type": "lstm", "units": 4, "activation": "tanh", "return_sequences": False, "dropout": 0.0}]

CSV_DEFAULTS = {"time_column": "", "no_time_column": False, "ignore_columns": [], "ignore_text_columns": False,
                "decimal": "auto"}


def transform(log=False, lag=0, scaler="standard"):
    return {"log": log, "diff_lag": lag, "scaler": scaler, "offset": 0.0, "scale": 1.0}


def series_settings(source, targets, features=(), window=12, horizon=1, split=(0.7, 0.15, 0.15), season=0,
                    split_by="time", scale_per="global", default=None, columns=None, missing="error",
                    series_column="", series_columns=(), csv=None):
    c = dict(CSV_DEFAULTS)
    c.update(csv or {})
    return {
        "data": {"source": source, "sha256": "", "time_column": "", "series_column": series_column,
                 "series_columns": list(series_columns), "missing": missing, "csv": c},
        "pipeline": {"targets": list(targets), "features": list(features), "window": window, "horizon": horizon,
                     "split": list(split), "season": season, "split_by": split_by, "scale_per": scale_per,
                     "default_transform": default or transform(), "columns": columns or {}},
        "layers": LAYERS,
        "training": {},
    }


def sequence_settings(x, y="", task="regression", split=(0.7, 0.15, 0.15), shuffle=False, seed=0,
                      feature_scaler="standard", target_scaler="standard"):
    s = series_settings(x, ["unused"])
    s["data"]["kind"] = "sequences"
    del s["pipeline"]
    s["sequences"] = {"x": x, "y": y, "features": [], "targets": [], "x_sha256": "", "y_sha256": "", "task": task,
                      "split": list(split), "shuffle_split": shuffle, "split_seed": seed,
                      "feature_scaler": feature_scaler, "target_scaler": target_scaler}
    return s


# ---------------------------------------------------------------------------------------------
# Data files written for the cases

def write_semicolon_comma(samples, path):
    """elec_equip as a ';' file with decimal commas, a quoted header and thousands separators."""
    lines = open(os.path.join(samples, "elec_equip.csv"), encoding="utf-8").read().splitlines()
    out = ['"Datum";"Index";"Scaled"']
    for row in lines[1:]:
        date, value = row.split(",")
        v = float(value)
        big = "%.2f" % (v * 37.5)
        whole, frac = big.split(".")
        grouped = "{:,}".format(int(whole)).replace(",", ".")
        out.append("%s;%s;%s,%s" % (date, value.replace(".", ","), grouped, frac))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(out) + "\r\n")


def write_with_gaps(samples, path):
    """macrodata's realgdp, cpi and unemp with missing cells: leading, inner runs, trailing; NA tokens."""
    lines = open(os.path.join(samples, "macrodata.csv"), encoding="utf-8").read().splitlines()
    head = lines[0].split(",")
    pick = [head.index('"year"'), head.index('"quarter"'), head.index('"realgdp"'), head.index('"cpi"'),
            head.index('"unemp"')]
    out = ["year,quarter,realgdp,cpi,unemp"]
    gaps = {2: {0, 1, 17, 18, 19, 60, 120, 202}, 3: {5, 6, 44, 45, 46, 47, 150, 201, 202}, 4: {3, 99, 100}}
    tokens = ["", "NA", "nan", "null", "N/A"]
    for r, row in enumerate(lines[1:]):
        cells = row.split(",")
        vals = []
        for k, j in enumerate(pick):
            vals.append(tokens[(r + k) % len(tokens)] if r in gaps.get(k, ()) else cells[j])
        out.append(",".join(vals))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def write_fine_tab(path):
    """Tab-delimited, BOM, CRLF, ISO dates, a quoted text column with a tab inside (left out), random decimals
    with gaps of every length (also leading and trailing ones)."""
    rng = np.random.default_rng(7)
    n = 160
    a = np.cumsum(rng.normal(size=n)) * 0.37 + 10.0
    b = rng.uniform(0.1, 3.3, size=n)
    c = np.sin(np.arange(n) / 5.0) * 2.2 + rng.normal(size=n) * 0.01
    for col, gaps in ((a, [0, 1, 2, 30, 31, 77, 78, 79, 80, 81, 159]), (b, [5, 9, 10, 11, 120, 121, 158, 159]),
                      (c, [3, 40, 41, 42, 43, 44, 45, 46, 100])):
        col[gaps] = np.nan
    out = ["date\tnote\ta\tb\tc"]
    for i in range(n):
        day = "2020-%02d-%02d" % (1 + i // 28, 1 + i % 28)
        cells = ["" if np.isnan(v) else repr(float(v)) for v in (a[i], b[i], c[i])]
        if i % 7 == 3:
            cells[1] = "NA"
        out.append("\t".join([day, '"x\ty %d"' % i] + cells))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\ufeff" + "\r\n".join(out) + "\r\n")


def write_panel_gaps(path, lose_series):
    """Long form, rows of 5 series interleaved (rnnwb groups them), gaps in each; with lose_series one series has no
    value of y at all (drop removes it)."""
    rng = np.random.default_rng(11)
    rows = []
    for t in range(40):
        for k in range(5):
            if k == 2 and t >= 30:
                continue  # a shorter series
            y = 5.0 + k + np.sin(t / (3.0 + k)) + rng.normal() * 0.05
            x = rng.uniform(-1, 1)
            if (t * 7 + k * 3) % 11 == 0 or (k == 1 and t < 3) or (k == 3 and t > 36):
                y = np.nan
            if lose_series and k == 4:
                y = np.nan
            rows.append('"s%d",%d,%s,%s' % (k + 1, 100 + t, "NA" if np.isnan(y) else repr(float(y)), repr(float(x))))
    with open(path, "w", encoding="utf-8") as f:
        f.write("id,t,y,x\n" + "\n".join(rows) + "\n")


def write_sequences(folder):
    rng = np.random.default_rng(18)
    N, T, F = 40, 9, 3
    x = rng.normal(size=(N, T, F)) * np.array([1.0, 10.0, 0.1]) + np.array([0.0, 50.0, -3.0])
    for i in range(N):
        lead = int(rng.integers(0, 3))
        length = int(rng.integers(3, T - lead + 1))
        x[i, :lead] = np.nan
        x[i, lead + length:] = np.nan
    y2 = np.stack([np.nansum(x[:, :, 0], axis=1), np.nanmean(x[:, :, 1], axis=1)], axis=1)
    np.savez(os.path.join(folder, "seq.npz"), X=x.astype(np.float32), y=y2)
    y3 = np.stack([y2, y2 * 0.5 + 1.0], axis=1)  # (N, H=2, k=2)
    np.save(os.path.join(folder, "seq_x.npy"), x)
    np.save(os.path.join(folder, "seq_y.npy"), y3)
    labels = (np.nan_to_num(x[:, :, 0]).sum(axis=1) > 0).astype(np.int64) + (np.arange(N) % 3 == 0)
    np.save(os.path.join(folder, "cls_y.npy"), labels.reshape(N, 1))


def cases(samples, shared, folder):
    """(name, settings) pairs; paths relative to the case folder's parent (written there)."""
    def shared_csv(name):
        for d in (shared, samples):
            if d and os.path.exists(os.path.join(d, name)):
                return os.path.abspath(os.path.join(d, name))
        raise SystemExit("no %s in %s or %s" % (name, shared, samples))

    write_semicolon_comma(samples, os.path.join(folder, "elec_semicolon.csv"))
    write_with_gaps(samples, os.path.join(folder, "macro_gaps.csv"))
    write_sequences(folder)
    write_fine_tab(os.path.join(folder, "fine.tsv"))
    # Interpolated cells whose last bits depend on a fused multiply-add, their quantiles too: the robust
    # scaler's median and IQR of the training rows show them (float32 windows would hide them).
    with open(os.path.join(folder, "interp_probe.csv"), "w", encoding="utf-8") as f:
        f.write("t,v\n" + "\n".join("%d,%s" % (i, {0: "0.489", 12: "1.269"}.get(i, "")) for i in range(13)) + "\n")
    write_panel_gaps(os.path.join(folder, "panel_gaps.csv"), False)
    rng = np.random.default_rng(5)
    with open(os.path.join(folder, "no_header.csv"), "w", encoding="utf-8") as f:  # columns col1, col2, col3
        f.write("".join("%d, %s ,%s\n" % (i, repr(float(v)), repr(float(w)))
                        for i, (v, w) in enumerate(rng.normal(size=(90, 2)) * [3.0, 0.2] + [1.0, 40.0])))
    with open(os.path.join(folder, "quoted.csv"), "w", encoding="utf-8") as f:  # text with delimiters, quotes, breaks
        f.write('when,"comment, free",level,"rate ""%"""\n')
        for i in range(70):
            note = '"line one\nline ""two"", %d"' % i if i % 9 == 0 else ("plain %d" % i if i % 4 else "")
            f.write('2021-03-%02d %02d:00,%s,%s,"%s"\n' % (1 + i // 24, i % 24, note, 10 + np.sin(i / 4.0) * 3,
                                                         repr(float(rng.uniform(0, 5)))))
    with open(os.path.join(folder, "tab_comma.tsv"), "w", encoding="utf-8") as f:  # tab file, decimal commas
        f.write("period\tx\ty\n" + "".join("1990M%02d\t%s\t%s\n" % (1 + i % 12, ("%.3f" % (5 + i * 0.01)).replace(".", ","),
                                                                      ("%.2f" % (i * 1.5)).replace(".", ","))
                                           for i in range(80)))
    write_panel_gaps(os.path.join(folder, "panel_lose.csv"), True)
    eustock, chick = shared_csv("eustock_long.csv"), shared_csv("chickweight_long.csv")
    out = [
        ("elec_log_diff_standard",
         series_settings("sample:elec_equip", ["STS.M.I7.W.TOVT.NS0016.4.000"], window=12, season=12,
                         columns={"STS.M.I7.W.TOVT.NS0016.4.000": transform(log=True, lag=1)})),
        ("elec_file_log_seasonal_diff",
         series_settings("data/elec_equip.csv", ["STS.M.I7.W.TOVT.NS0016.4.000"], window=15,
                         default=transform(log=True, lag=12))),
        ("sunspots_diff_standard",
         series_settings(os.path.join(samples, "sunspots.csv"), ["SUNACTIVITY"], window=10,
                         default=transform(lag=2))),
        ("sunspots_robust", series_settings("sample:sunspots", ["SUNACTIVITY"], window=11,
                                            default=transform(scaler="robust"), split=(0.5, 0.3, 0.2))),
        ("sunspots_minmax", series_settings("sample:sunspots", ["SUNACTIVITY"], window=8,
                                            default=transform(scaler="minmax"), split=(0.6, 0.2, 0.2))),
        ("macro_multi_horizon",
         series_settings("sample:macrodata", ["realgdp", "cpi"], features=["realgdp", "cpi", "unemp", "infl"],
                         window=9, horizon=3, season=4,
                         columns={"realgdp": transform(log=True, lag=1, scaler="robust"),
                                  "cpi": transform(lag=4), "infl": transform(scaler="none")})),
        ("macro_target_not_feature",
         series_settings("sample:macrodata", ["realcons"], features=["realgdp", "unemp"], window=6, horizon=2,
                         split=(0.8, 0.2, 0.0))),
        ("semicolon_decimal_comma",
         series_settings("elec_semicolon.csv", ["Index"], features=["Index", "Scaled"], window=12, horizon=2,
                         default=transform(scaler="robust"))),
        ("missing_interpolate",
         series_settings("macro_gaps.csv", ["realgdp"], features=["realgdp", "cpi"], window=8, missing="interpolate")),
        ("missing_ffill",
         series_settings("macro_gaps.csv", ["realgdp"], features=["realgdp", "cpi", "unemp"], window=8,
                         missing="ffill", default=transform(lag=1))),
        ("missing_drop",
         series_settings("macro_gaps.csv", ["cpi"], features=["cpi", "unemp"], window=8, horizon=2, missing="drop")),
        ("tab_interpolate_robust",
         series_settings("fine.tsv", ["a"], features=["a", "b", "c"], window=7, horizon=2, missing="interpolate",
                         csv={"ignore_text_columns": True},
                         columns={"b": transform(scaler="robust"), "c": transform(lag=1, scaler="minmax")})),
        ("tab_ffill_log",
         series_settings("fine.tsv", ["b"], features=["b", "c"], window=5, missing="ffill",
                         csv={"ignore_columns": ["note"]}, default=transform(log=False),
                         columns={"b": transform(log=True, lag=1)})),
        ("tab_drop", series_settings("fine.tsv", ["c"], features=["a", "c"], window=6, missing="drop",
                                     csv={"ignore_columns": ["2"]})),
        ("no_header", series_settings("no_header.csv", ["col2"], features=["col2", "col3"], window=5)),
        ("quoted_text_column_left_out",
         series_settings("quoted.csv", ["level"], features=["level", 'rate "%"'], window=6,
                         csv={"ignore_text_columns": True}, default=transform(scaler="minmax"))),
        ("tab_decimal_comma", series_settings("tab_comma.tsv", ["y"], features=["x", "y"], window=4, horizon=3)),
        ("tab_decimal_comma_asked",
         series_settings("tab_comma.tsv", ["x"], window=4, csv={"decimal": "comma", "time_column": "period"})),
        ("interpolate_robust_probe",
         series_settings("interp_probe.csv", ["v"], window=1, missing="interpolate", default=transform(scaler="robust"))),
        ("panel_interleaved_interpolate_per_series",
         series_settings("panel_gaps.csv", ["y"], features=["y", "x"], window=4, horizon=2, series_column="id",
                         missing="interpolate", scale_per="series", columns={"x": transform(scaler="robust")})),
        ("panel_ffill_split_by_series",
         series_settings("panel_gaps.csv", ["y"], window=5, series_column="id", missing="ffill", split_by="series",
                         split=(0.6, 0.2, 0.2), default=transform(lag=1))),
        ("panel_drop_loses_a_series",
         series_settings("panel_lose.csv", ["y"], features=["y", "x"], window=3, series_column="id",
                         missing="drop")),
        ("eustock_global_time",
         series_settings(eustock, ["close"], window=20, horizon=2, series_column="index",
                         default=transform(log=True, lag=1))),
        ("eustock_per_series",
         series_settings("sample:eustock_long", ["close"], window=15, scale_per="series")),
        ("eustock_split_by_series",
         series_settings(eustock, ["close"], window=10, series_column="index", split_by="series",
                         split=(0.5, 0.25, 0.25), default=transform(scaler="minmax"))),
        ("chick_per_series_skipped",
         series_settings(chick, ["weight"], window=5, horizon=2, series_column="chick", scale_per="series",
                         csv={"ignore_columns": ["diet"]})),
        ("chick_split_by_series_skipped",
         series_settings("sample:chickweight_long", ["weight"], features=["weight", "diet"], window=8,
                         split_by="series", split=(0.6, 0.2, 0.2))),
        ("wide_form",
         series_settings("sample:macrodata", ["value"], window=8, series_columns=["realgdp", "realcons", "realinv"],
                         default=transform(log=True, lag=1))),
        ("wide_form_per_series",
         series_settings(os.path.join(samples, "macrodata.csv"), ["value"], window=6, horizon=2,
                         series_columns=["cpi", "m1", "pop"], scale_per="series")),
        ("sequences_npz_in_order", sequence_settings("seq.npz")),
        ("sequences_npz_shuffled", sequence_settings("seq.npz", shuffle=True, seed=12345, target_scaler="minmax")),
        ("sequences_npy_horizon_shuffled",
         sequence_settings("seq_x.npy", "seq_y.npy", shuffle=True, seed=7, feature_scaler="robust",
                           split=(0.6, 0.2, 0.2))),
        ("classification_shuffled",
         sequence_settings("seq_x.npy", "cls_y.npy", task="classification", shuffle=True, seed=3)),
    ]
    return out


def cli_cases(rnnwb, folder):
    """Settings as `rnnwb train --runs` records them (what an export's config.json holds)."""
    common = ["--units", "4", "--epochs", "1", "--threads", "1", "--quiet", "--intervals", "none"]
    runs = [
        ("cli_eustock_per_series_log_diff",
         ["--data", "sample:eustock_long", "--window", "10", "--scale-per", "series", "--log", "--diff", "1"]),
        ("cli_sunspots", ["--data", "sample:sunspots", "--window", "12"]),
        ("cli_macro_robust_horizon",
         ["--data", "sample:macrodata", "--target", "realgdp,cpi", "--features", "realgdp,cpi,unemp", "--horizon",
          "2", "--window", "8", "--scaler", "robust"]),
        ("cli_chick_split_by_series", ["--data", "sample:chickweight_long", "--window", "6", "--split-by", "series"]),
        ("cli_wide_minmax",
         ["--data", "sample:macrodata", "--series-columns", "realgdp,realcons", "--window", "8", "--scaler",
          "minmax"]),
        ("cli_semicolon_comma", ["--data", os.path.join(folder, "elec_semicolon.csv"), "--target", "Index",
                                 "--window", "12", "--time-column", "Datum"]),
        ("cli_missing_interpolate", ["--data", os.path.join(folder, "macro_gaps.csv"), "--target", "realgdp",
                                     "--features", "realgdp,cpi", "--missing", "interpolate", "--window", "6"]),
        ("cli_sequences_shuffled", ["--input", os.path.join(folder, "seq.npz"), "--shuffle-split", "--seed", "5"]),
        ("cli_classification_balanced",
         ["--input", os.path.join(folder, "seq_x.npy"), "--targets", os.path.join(folder, "cls_y.npy"),
          "--class-weights", "balanced", "--shuffle-split", "--seed", "9"]),
    ]
    out = []
    for name, flags in runs:
        runs_dir = os.path.join(folder, name + ".runs")
        run = subprocess.run([rnnwb, "train"] + flags + common + ["--runs", runs_dir], capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit("rnnwb train %s failed: %s" % (" ".join(flags), run.stderr.strip()))
        with open(os.path.join(runs_dir, "runs.jsonl"), encoding="utf-8") as f:
            out.append((name, json.loads(f.readline())["settings"]))
    return out


# ---------------------------------------------------------------------------------------------
# Comparison

SERIES_KEYS = ["format_version", "window", "horizon", "model_steps", "features", "targets", "time_column",
               "transforms", "split", "season", "data", "series", "dataset", "sequences"]


def same_bits(a, b):
    a = np.ascontiguousarray(a, dtype=np.float32)
    b = np.ascontiguousarray(b, dtype=np.float32)
    if a.shape != b.shape:
        return "shape %s vs %s" % (a.shape, b.shape)
    na, nb = np.isnan(a), np.isnan(b)
    if not np.array_equal(na, nb):
        return "NaN (padding) at different places"
    av, bv = a.view(np.uint32)[~na], b.view(np.uint32)[~nb]
    diff = np.flatnonzero(av != bv)
    if diff.size:
        i = int(diff[0])
        return "%d values differ in their bits, first %r vs %r" % (diff.size, a[~na][i], b[~nb][i])
    return None


def first_difference(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return "%s.%s only on the %s side" % (path, k, "engine" if k in a else "pipeline.py")
            d = first_difference(a[k], b[k], path + "." + k)
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return "%s: %d vs %d items" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    if isinstance(a, bool) or isinstance(b, bool):
        return None if a is b or (a == b and type(a) is type(b)) else "%s: %r vs %r" % (path, a, b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return None if float(a) == float(b) else "%s: %r (engine) vs %r (pipeline.py)" % (path, a, b)
    return None if a == b else "%s: %r (engine) vs %r (pipeline.py)" % (path, a, b)


def compare(name, ref_dir, prepared):
    problems = []
    for split in ("train", "validation", "test"):
        rx = np.load(os.path.join(ref_dir, split + "_x.npy"))
        ry = np.load(os.path.join(ref_dir, split + "_y.npy"))
        px, py = getattr(prepared, split)
        if rx.shape[0] == 0 or px.shape[0] == 0:
            if rx.shape[0] != px.shape[0]:
                problems.append("%s: %d windows (engine) vs %d (pipeline.py)" % (split, rx.shape[0], px.shape[0]))
            continue
        if px.dtype != np.float32:
            problems.append("%s x: dtype %s, not float32" % (split, px.dtype))
        d = same_bits(rx, px)
        if d:
            problems.append("%s x: %s" % (split, d))
        if prepared.task == "classification":
            if py.dtype != np.int64 or py.shape != (rx.shape[0],):
                problems.append("%s y: labels must be int64 (N,), got %s %s" % (split, py.dtype, py.shape))
            elif not np.array_equal(ry.reshape(-1).astype(np.int64), py):
                problems.append("%s y: labels differ" % split)
        else:
            if py.dtype != np.float32:
                problems.append("%s y: dtype %s, not float32" % (split, py.dtype))
            d = same_bits(ry, py)
            if d:
                problems.append("%s y: %s" % (split, d))
    with open(os.path.join(ref_dir, "metadata.json"), encoding="utf-8") as f:
        meta = json.load(f)
    for key in SERIES_KEYS:
        if key not in meta and key not in prepared.metadata:
            continue
        d = first_difference(meta.get(key), prepared.metadata.get(key), key)
        if d:
            problems.append("metadata " + d)
    weights = meta.get("class_weights") or None
    if prepared.task == "classification" and (weights or None) != (prepared.class_weights or None):
        problems.append("class weights %r (engine) vs %r (pipeline.py)" % (weights, prepared.class_weights))
    expected_outputs = (meta["sequences"]["classes"]["count"] if prepared.task == "classification"
                        else meta["horizon"] * len(meta["targets"]))
    if prepared.outputs != expected_outputs:
        problems.append("outputs %d, expected %d" % (prepared.outputs, expected_outputs))
    return problems


def check_fitted_and_decode(pipeline, settings, base_dir, ref_dir, prepared):
    """A resumed model's statistics used unchanged give the same windows; decode() undoes the transforms."""
    problems = []
    with open(os.path.join(ref_dir, "metadata.json"), encoding="utf-8") as f:
        meta = json.load(f)
    again = pipeline.prepare(settings, base_dir, fitted=meta)
    for split in ("train", "validation", "test"):
        for k, what in enumerate(("x", "y")):
            a, b = getattr(prepared, split)[k], getattr(again, split)[k]
            d = same_bits(a, b) if a.dtype == np.float32 else (None if np.array_equal(a, b) else "labels differ")
            if d:
                problems.append("with the engine's fitted statistics, %s %s: %s" % (split, what, d))
    if prepared.kind == "series":
        plain = copy.deepcopy(settings)
        p = plain["pipeline"]
        p["default_transform"] = transform(scaler="none")
        p["columns"] = {}
        raw = pipeline.prepare(plain, base_dir)
        for split in ("train", "validation", "test"):
            y = getattr(prepared, split)[1]
            if y.shape[0] == 0:
                continue
            back = prepared.decode(y, split).reshape(y.shape[0], -1)
            want = getattr(raw, split)[1].astype(np.float64)
            if not np.allclose(back, want, rtol=2e-4, atol=1e-4 * max(1.0, float(np.abs(want).max()))):
                problems.append("decode(%s y) is not the original targets (largest error %g)"
                                % (split, float(np.abs(back - want).max())))
    else:
        y = prepared.train[1]
        if prepared.task == "regression":
            back = prepared.decode(y, "train").reshape(y.shape[0], -1)
            scalers = meta["sequences"]["target_scalers"]
            k = len(scalers)
            scaled_back = (back.reshape(y.shape[0], -1, k) - [t["offset"] for t in scalers]) / [t["scale"] for t in scalers]
            if not np.allclose(scaled_back.reshape(y.shape[0], -1), y, rtol=1e-5, atol=1e-5):
                problems.append("decode(train y) does not invert the target scaling")
    return problems


def load_pipeline(path):
    spec = importlib.util.spec_from_file_location("rnnwb_pipeline", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_errors(pipeline, folder, samples):
    """Bad input: a clear ValueError, as rnnwb refuses it."""
    problems = []
    bad = [
        ("unknown target", series_settings("sample:sunspots", ["nope"]), "no column named"),
        ("missing values under error", series_settings("macro_gaps.csv", ["realgdp"]), "missing"),
        ("lag not below window", series_settings("sample:sunspots", ["SUNACTIVITY"], window=2,
                                                 default=transform(lag=2)), "window longer than the lag"),
        ("too few rows", series_settings("sample:sunspots", ["SUNACTIVITY"], window=300), "too few rows"),
        ("per-series on one series", series_settings("sample:sunspots", ["SUNACTIVITY"], scale_per="series"),
         "per-series scaling needs"),
    ]
    config = os.path.join(folder, "not_a_config.json")
    with open(config, "w", encoding="utf-8") as f:
        json.dump({"format": "something-else", "format_version": 1, "settings": {}}, f)
    bad_configs = [({"format": "something-else", "format_version": 1, "settings": {}}, "not an rnnwb"),
                   ({"format": "rnnwb-pytorch-script", "format_version": 99, "settings": {}}, "newer rnnwb")]
    for content, words in bad_configs:
        with open(config, "w", encoding="utf-8") as f:
            json.dump(content, f)
        try:
            pipeline.read_config(config)
            problems.append("read_config took %r" % content)
        except ValueError as e:
            if words not in str(e):
                problems.append("read_config: the error %r does not say %r" % (str(e), words))
    # A data file that changed since the settings were made: a warning, and its own SHA-256 recorded.
    changed = series_settings("sample:sunspots", ["SUNACTIVITY"])
    changed["data"]["sha256"] = "0" * 64
    p = pipeline.prepare(changed, folder)
    if not any("has changed" in w for w in p.warnings):
        problems.append("no warning for a changed data file: %r" % p.warnings)
    if p.metadata["data"]["sha256"] != pipeline.sha256_of(os.path.join(folder, "data", "sunspots.csv")):
        problems.append("metadata.data.sha256 is not the file's")
    # data_path overrides the settings' data source.
    other = pipeline.prepare(series_settings("sample:macrodata", ["SUNACTIVITY"]), folder,
                             data_path=os.path.join(folder, "data", "sunspots.csv"))
    if other.train[0].shape != p.train[0].shape or same_bits(other.train[0], p.train[0]):
        problems.append("data_path does not replace the settings' data source")
    x = np.ones((6, 4, 2))
    x[1, 1, :] = np.nan  # padding between valid steps
    np.savez(os.path.join(folder, "bad_gap.npz"), X=x, y=np.ones((6, 1)))
    x = np.ones((6, 4, 2))
    x[2, 0, 1] = np.nan  # one feature of a step: a missing value
    np.savez(os.path.join(folder, "bad_partial.npz"), X=x, y=np.ones((6, 1)))
    np.savez(os.path.join(folder, "bad_rank.npz"), X=np.ones((6, 4)), y=np.ones((6, 1)))
    np.savez(os.path.join(folder, "bad_one_class.npz"), X=np.ones((6, 4, 2)), y=np.zeros((6, 1), dtype=np.int64))
    bad += [("padding between valid steps", sequence_settings("bad_gap.npz"), "between valid steps"),
            ("a partly NaN step", sequence_settings("bad_partial.npz"), "a missing value"),
            ("X not rank 3", sequence_settings("bad_rank.npz"), "rank-3"),
            ("one class only", sequence_settings("bad_one_class.npz", task="classification"), "two classes")]
    for what, settings, words in bad:
        try:
            pipeline.prepare(settings, folder)
            problems.append("%s: no error" % what)
        except ValueError as e:
            if words not in str(e):
                problems.append("%s: the error %r does not say %r" % (what, str(e), words))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", required=True, help="tests/pytorch_script/pipeline_reference")
    ap.add_argument("--pipeline", required=True, help="resources/pytorch_script/pipeline.py")
    ap.add_argument("--samples", required=True, help="resources/samples (the sample CSVs)")
    ap.add_argument("--shared-data", default="", help="a folder with eustock_long.csv, chickweight_long.csv "
                    "(default: the samples folder)")
    ap.add_argument("--rnnwb", default="", help="the rnnwb program: adds cases whose settings `rnnwb train --runs` "
                    "records")
    ap.add_argument("--only", default="", help="run only the cases whose name contains this")
    ap.add_argument("--keep", default="", help="keep the case folders in this folder")
    args = ap.parse_args()
    samples = os.path.abspath(args.samples)
    pipeline = load_pipeline(os.path.abspath(args.pipeline))
    root = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="pipeline_parity_")
    os.makedirs(root, exist_ok=True)
    failures = []
    start = time.time()
    try:
        # The project layout: sample CSVs in data/NAME.csv beside config.json.
        os.makedirs(os.path.join(root, "data"), exist_ok=True)
        for name in os.listdir(samples):
            if name.endswith(".csv"):
                shutil.copy(os.path.join(samples, name), os.path.join(root, "data", name))
        all_cases = cases(samples, os.path.abspath(args.shared_data) if args.shared_data else "", root)
        if args.rnnwb:
            all_cases += cli_cases(args.rnnwb, root)
        for name, settings in all_cases:
            if args.only and args.only not in name:
                continue
            config_path = os.path.join(root, name + ".json")
            config = {"format": "rnnwb-pytorch-script", "format_version": 1, "rnnwb_version": "0.1.0",
                      "settings": settings, "resume": None}
            with open(config_path, "w", encoding="utf-8") as f:
                json.dump(config, f, indent=1)
            ref_dir = os.path.join(root, name + ".engine")
            run = subprocess.run([args.reference, config_path, ref_dir], capture_output=True, text=True)
            if run.returncode != 0:
                failures.append("%s: the engine refused it: %s" % (name, (run.stderr or run.stdout).strip()))
                continue
            try:
                loaded = pipeline.read_config(config_path)
                prepared = pipeline.prepare(loaded["settings"], os.path.dirname(config_path))
            except ValueError as e:
                failures.append("%s: pipeline.py refused it: %s" % (name, e))
                continue
            problems = compare(name, ref_dir, prepared)
            problems += check_fitted_and_decode(pipeline, loaded["settings"], os.path.dirname(config_path), ref_dir,
                                                prepared)
            sizes = "/".join(str(getattr(prepared, s)[0].shape[0]) for s in ("train", "validation", "test"))
            print("%-36s %s  windows %s" % (name, "ok" if not problems else "FAILED", sizes))
            failures += ["%s: %s" % (name, p) for p in problems]
        if not args.only:
            failures += ["errors: " + p for p in check_errors(pipeline, root, samples)]
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print("%.1f s" % (time.time() - start))
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    print("pipeline.py matches the engine on every case")
    return 0


if __name__ == "__main__":
    sys.exit(main())
