"""A stand-in for resources/pytorch_script/pipeline.py (helper P writes the real one), for
developing train.py only: one series, standard scaling, no log or differencing, split by time.
Same interface as common18.md describes; never shipped."""
import csv
import hashlib
import json
import os

import numpy as np


def read_config(path):
    with open(path) as f:
        config = json.load(f)
    if config.get("format") != "rnnwb-pytorch-script" or int(config.get("format_version", 0)) != 1:
        raise ValueError(f"{path}: not an rnnwb-pytorch-script config (format_version 1)")
    return config


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Prepared:
    pass


def _bounds(n, split):
    at = lambda fr: min(n, int(np.floor(fr * n + 1e-9)))
    return at(split[0]), at(split[0] + split[1])


def prepare(settings, base_dir, data_path=None, fitted=None):
    data, pipe = settings["data"], settings["pipeline"]
    source = data["source"]
    path = data_path
    if path is None:
        if source.startswith("sample:"):
            path = os.path.join(base_dir, "data", source[len("sample:"):] + ".csv")
        else:
            path = source if os.path.isabs(source) else os.path.join(base_dir, source)
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    targets = list(pipe["targets"])
    features = list(pipe.get("features") or targets)
    cols = {name: np.array([float(r[header.index(name)]) for r in body]) for name in set(features + targets)}
    n = len(body)
    window, horizon = int(pipe["window"]), int(pipe.get("horizon", 1))
    split = list(pipe.get("split", [0.7, 0.15, 0.15]))
    train_end, val_end = _bounds(n, split)
    if fitted is not None:
        transforms = fitted["transforms"]
    else:
        transforms = {}
        for name in set(features + targets):
            v = cols[name][:train_end]
            transforms[name] = {"log": False, "diff_lag": 0, "scaler": "standard",
                                "offset": float(v.mean()), "scale": float(v.std())}
    enc = {name: (cols[name] - transforms[name]["offset"]) / transforms[name]["scale"] for name in cols}
    xs = np.stack([enc[name] for name in features], axis=1)
    ys = np.stack([enc[name] for name in targets], axis=1)
    splits = {"train": [], "validation": [], "test": []}
    for j in range(window, n - horizon + 1):
        last = j + horizon - 1
        role = "train" if last < train_end else "validation" if j >= train_end and last < val_end else \
            "test" if j >= val_end else None
        if role:
            splits[role].append(j)
    p = Prepared()
    p.kind, p.task = "series", "regression"
    k = len(targets)
    p.rows = splits
    for role, js in splits.items():
        x = np.array([xs[j - window:j] for j in js], dtype=np.float32).reshape(len(js), window, len(features))
        y = np.array([ys[j:j + horizon].reshape(-1) for j in js], dtype=np.float32).reshape(len(js), horizon * k)
        setattr(p, role, (x, y))
    p.outputs = horizon * k
    p.class_weights = None
    p.warnings = []
    p.metadata = {"format_version": 1, "window": window, "horizon": horizon, "model_steps": window,
                  "features": features, "targets": targets, "time_column": data.get("time_column", ""),
                  "transforms": {name: transforms[name] for name in features + targets},
                  "split": split, "season": int(pipe.get("season", 0)),
                  "data": {"sha256": sha256_of(path), "source": source, "rows": n}}
    scale = np.tile([transforms[t]["scale"] for t in targets], horizon)
    offset = np.tile([transforms[t]["offset"] for t in targets], horizon)

    def decode(outputs, split_name):
        out = np.asarray(outputs, dtype=np.float64).reshape(len(outputs), -1) * scale + offset
        return out.reshape(len(out), horizon, k)
    p.decode = decode
    return p
