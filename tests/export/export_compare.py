#!/usr/bin/python3
"""Windows to predict on, the reference predictions of `rnnwb predict`, and the comparison, shared
by the C export and PyTorch loader checks.

As a program it checks one model's export with its consumer, exiting 1 on a mismatch:
  export_compare.py c RNNWB MODEL SAMPLES HARNESS       (c_harness.c, or c_sequence_harness.c for a
                                                         model trained on sequences, built against the .c)
  export_compare.py onnx RNNWB MODEL SAMPLES ONNX RUNNER (onnx_run.js, ONNX Runtime for Node)
  export_compare.py pytorch RNNWB MODEL SAMPLES LOADER  (tools/load_in_pytorch.py)
"""
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np

from export_layers import read_meta

# A prediction agrees when |got - want| <= TOLERANCE * max(|want|, floor), where the floor is
# 1e-3 of the largest |want| of that target: a relative test that does not blow up for values
# near zero (a column that changes sign), where only the absolute error means anything.
TOLERANCE = 1e-4
FLOOR = 1e-3


# A many-series model's exports are checked on one series' windows: RNNWB_SERIES names it (a model
# scaled per series embeds that series' statistics; a global one takes the first series).
SERIES = os.environ.get("RNNWB_SERIES") or None


def series_of(meta):
    panel = meta.get("series")
    if not panel:
        return None
    return SERIES or panel["ids"][0]


def csv_columns(meta, samples):
    source = meta["data"]["source"]
    assert source.startswith("sample:"), source
    with open(os.path.join(samples, source[len("sample:"):] + ".csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    series = series_of(meta)
    if series is not None:
        rows = [r for r in rows if r[meta["series"]["column"]].strip() == series]
    return np.array([[float(r[c]) for c in meta["features"]] for r in rows])


def windows(meta, samples, random_count=200, seed=5):
    """Real windows (every full window of the sample, the one past its end too) and random ones
    drawn inside each column's range (so positive for a logged column): (X, kind of each row)."""
    data, w = csv_columns(meta, samples), meta["window"]
    real = np.stack([data[j - w : j] for j in range(w, len(data) + 1)])
    lo, hi = data.min(axis=0), data.max(axis=0)
    rng = np.random.default_rng(seed)
    rand = rng.uniform(lo, hi, size=(random_count, w, len(lo)))
    x = np.concatenate([real, rand]).astype(np.float32)
    return x, np.array(["real"] * len(real) + ["random"] * random_count)


def reference(rnnwb, model, x):
    """`rnnwb predict --input X.npy --out Y.npy` on x."""
    with tempfile.TemporaryDirectory() as d:
        np.save(os.path.join(d, "x.npy"), x)
        flags = ["--series", SERIES] if SERIES else []
        run = subprocess.run([rnnwb, "predict", "--model", model, "--input", os.path.join(d, "x.npy"),
                              "--out", os.path.join(d, "y.npy"), *flags], capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"rnnwb predict failed on {model}: {run.stderr.strip()}")
        return np.load(os.path.join(d, "y.npy"))


def compare(case, consumer, got, want, kinds, meta):
    """Prints the worst relative difference of each kind of window; True when all are within."""
    if got.shape != want.shape:
        print(f"FAILED: {case}: {consumer} predicted shape {got.shape}, rnnwb {want.shape}")
        return False
    floor = FLOOR * np.abs(want).max(axis=(0, 1), keepdims=True)
    rel = np.abs(got.astype(np.float64) - want) / np.maximum(np.abs(want), floor)
    rel[np.isnan(rel)] = np.inf
    ok = True
    line = f"{case}: {consumer} vs rnnwb predict, worst relative difference"
    for kind in ("real", "random"):
        r = rel[kinds == kind]
        i = np.unravel_index(np.argmax(r), r.shape)
        line += f"; {kind} {r.max():.2e} over {len(r)} windows"
        if r.max() > TOLERANCE:
            ok = False
            where = np.flatnonzero(kinds == kind)[i[0]]
            line += (f" (FAILED at window {where}, step {i[1]}, target {meta['targets'][i[2]]}: "
                     f"{consumer} {got[where][i[1:]]:.8g}, rnnwb {want[where][i[1:]]:.8g})")
    print(("ok: " if ok else "FAILED: ") + line)
    return ok


def run_c(x, want, harness):
    with tempfile.TemporaryDirectory() as d:
        x.tofile(os.path.join(d, "x.f32"))
        out = subprocess.run([harness, os.path.join(d, "x.f32"), os.path.join(d, "y.f32")], check=True,
                             capture_output=True, text=True).stdout.strip()
        if out != "0":
            raise RuntimeError(f"predict returned {out} on valid windows")
        return np.fromfile(os.path.join(d, "y.f32"), dtype=np.float32).reshape(want.shape)


def run_onnx(x, want, onnx_file, runner):
    """ONNX Runtime (Node) on the windows: onnx_run.js MODEL X.f32 N WINDOW FEATURES Y.f32."""
    with tempfile.TemporaryDirectory() as d:
        x.tofile(os.path.join(d, "x.f32"))
        run = subprocess.run(["node", runner, onnx_file, os.path.join(d, "x.f32"), *map(str, x.shape),
                              os.path.join(d, "y.f32")], capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"ONNX Runtime failed: {run.stderr.strip()[-2000:]}")
        return np.fromfile(os.path.join(d, "y.f32"), dtype=np.float32).reshape(want.shape)


def run_pytorch(x, want, model, loader):
    sys.path.insert(0, os.path.dirname(os.path.abspath(loader)))
    from load_in_pytorch import load
    return load(model, series=SERIES).predict(x)


CONSUMERS = {"c": ("C", run_c), "onnx": ("ONNX Runtime", run_onnx), "pytorch": ("PyTorch", run_pytorch)}

# Models trained on sequences: the consumers must give rnnwb predict's outputs within these
# (relative, with the floor above); PyTorch runs the same float32 arithmetic as rnnwb, so closer.
SEQUENCE_TOLERANCE = {"c": 1e-4, "onnx": 1e-4, "pytorch": 1e-5}


def sequence_batches(meta, count=80, seed=5):
    """Batches of original-unit sequences drawn around each feature's fitted scaler (offset +
    scale * N(0, 1)): unpadded ones of three lengths T (shorter than any training sequence, the
    longest training length, longer than it), and padded ones (NaN steps before and/or after
    1 .. T valid steps; not for ONNX, whose input is unpadded). [(label, x)]."""
    s = meta["sequences"]
    offset = np.array([t["offset"] for t in s["feature_scalers"]])
    scale = np.array([t["scale"] for t in s["feature_scalers"]])
    longest = int(s["lengths"]["max"])
    rng = np.random.default_rng(seed)
    draw = lambda t: (offset + scale * rng.standard_normal((count, t, len(offset)))).astype(np.float32)  # noqa: E731
    batches = [(f"T={t}", draw(t)) for t in (max(2, int(s["lengths"]["min"]) // 2), longest, longest + 11)]
    padded = draw(longest)
    for i in range(count):
        length = int(rng.integers(1, longest + 1))
        first = int(rng.integers(0, longest - length + 1))
        padded[i, :first] = np.nan
        padded[i, first + length :] = np.nan
    return batches + [(f"padded T={longest}", padded)]


def output_units(meta, columns):
    """Per output column, the size of one unit of the network's outputs in original units: the
    target's fitted scale (1 for a classifier's class and probabilities)."""
    s = meta["sequences"]
    if s.get("task") == "classification":
        return np.ones(columns)
    scales = np.array([float(t["scale"]) for t in s["target_scalers"]])
    return np.resize(scales, columns)


def compare_sequences(case, consumer, results, tolerance, meta):
    """results: [(label, got, want)]. Prints the worst absolute and relative difference of each
    batch; True when every relative one is within tolerance. Relative to max(|want|, the target's
    scale): float32 arithmetic is exact to about 1e-7 of the network's outputs, which are the
    targets in units of their scale, so a value near zero is measured against that unit."""
    ok, line = True, f"{case}: {consumer} vs rnnwb predict"
    for label, got, want in results:
        if got.shape != want.shape:
            print(f"FAILED: {case}: {label}: {consumer} predicted shape {got.shape}, rnnwb {want.shape}")
            return False
        flat_want = want.reshape(-1, want.shape[-1]).astype(np.float64)
        flat_got = got.reshape(-1, want.shape[-1]).astype(np.float64)
        floor = np.maximum(FLOOR * np.abs(flat_want).max(axis=0, keepdims=True),
                           output_units(meta, want.shape[-1])[None, :])
        diff = np.abs(flat_got - flat_want)
        rel = diff / np.maximum(np.abs(flat_want), floor)
        rel[np.isnan(rel)] = np.inf
        diff[np.isnan(diff)] = np.inf
        line += f"; {label}: max abs {diff.max():.2e}, max rel {rel.max():.2e}"
        if rel.max() > tolerance:
            ok = False
            r, c = np.unravel_index(np.argmax(rel), rel.shape)
            line += f" (FAILED at row {r}, output {c}: {consumer} {flat_got[r, c]:.8g}, rnnwb {flat_want[r, c]:.8g})"
    print(("ok: " if ok else "FAILED: ") + line + f" (within {tolerance:g})")
    return ok


def run_c_sequences(x, want, harness):
    with tempfile.TemporaryDirectory() as d:
        x.tofile(os.path.join(d, "x.f32"))
        out = subprocess.run([harness, os.path.join(d, "x.f32"), str(x.shape[1]), os.path.join(d, "y.f32")],
                             check=True, capture_output=True, text=True).stdout.strip()
        if out != "0":
            raise RuntimeError(f"predict returned {out} on valid sequences")
        return np.fromfile(os.path.join(d, "y.f32"), dtype=np.float32).reshape(want.shape)


def main_sequences(kind, rnnwb, model, meta, *args):
    label = CONSUMERS[kind][0]
    results = []
    for batch, x in sequence_batches(meta):
        if kind == "onnx" and batch.startswith("padded"):
            continue  # the ONNX graph takes unpadded sequences (the README says so)
        want = reference(rnnwb, model, x)
        try:
            if kind == "c":
                got = run_c_sequences(x, want, *args)
            elif kind == "onnx":
                got = run_onnx(x, want, *args)
            else:
                got = run_pytorch(x, want, model, *args)
        except Exception as err:  # noqa: BLE001 - any failure of the consumer is the test failing
            print(f"FAILED: {os.path.basename(model)}: {label} on {batch}: {err}")
            return False
        results.append((batch, np.asarray(got), want))
    return compare_sequences(os.path.basename(model), label, results, SEQUENCE_TOLERANCE[kind], meta)


def main(kind, rnnwb, model, samples, *args):
    label, run = CONSUMERS[kind]
    meta = read_meta(model)
    if meta.get("dataset") == "sequences":
        return main_sequences(kind, rnnwb, model, meta, *args)
    x, kinds = windows(meta, samples)
    want = reference(rnnwb, model, x)
    try:
        got = run(x, want, *args) if kind != "pytorch" else run(x, want, model, *args)
    except Exception as err:  # noqa: BLE001 - any failure of the consumer is the test failing
        print(f"FAILED: {os.path.basename(model)}: {label}: {err}")
        return False
    return compare(os.path.basename(model), label, got, want, kinds, meta)


if __name__ == "__main__":
    sys.exit(0 if main(*sys.argv[1:]) else 1)
