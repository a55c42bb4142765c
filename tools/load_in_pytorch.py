#!/usr/bin/env python3
"""Load an rnnwb model file (.safetensors) into PyTorch, with nothing but numpy and torch.

An rnnwb model file holds its weights in PyTorch's own layouts under the names
layers.<i>.weight_ih / weight_hh / bias_ih / bias_hh (recurrent layers: LSTM gates i, f, g, o;
GRU gates r, z, n, reset after the product) and layers.<i>.weight / bias (dense layers). This
script reads the safetensors file itself (an 8-byte little-endian header length, a JSON header,
the data), builds the same stack of torch.nn modules (nn.LSTM / nn.GRU / nn.RNN with
batch_first=True, nn.Linear with its activation, nn.Dropout), loads the weights into them
(layers.0.weight_ih -> weight_ih_l0 ...) and keeps the fitted transforms of the metadata (per
column: optional log, differencing with a lag, scaling (x - offset) / scale) as a separate
Pipeline, so the network itself can be trained further on encoded data.

Library:

    import numpy as np
    import torch
    from load_in_pytorch import load

    model = load("sunspots.safetensors")  # a torch.nn.Module
    x = np.load("windows.npy")            # (N, window, features), original units
    y = model.predict(x)                  # (N, horizon, targets), original units (float64)

    # Train further on what the network sees (y_true in original units, like y):
    xe = torch.from_numpy(model.pipeline.encode_inputs(x))          # (N, model_steps, features)
    ye = torch.from_numpy(model.pipeline.encode_targets(y_true, x))  # (N, horizon, targets)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    loss = torch.nn.functional.mse_loss(model(xe), ye)
    loss.backward()
    optimizer.step()

Command line (the same as `rnnwb predict --model MODEL --input X.npy --out Y.npy`):

    python3 tools/load_in_pytorch.py MODEL.safetensors X.npy Y.npy

X.npy holds (N, window, features) windows in original units, the oldest row first; Y.npy gets
float32 (N, horizon, targets) predictions in original units.
"""
import json
import struct
import sys

import numpy as np
import torch
from torch import nn

__all__ = ["load", "read_safetensors", "Pipeline", "RnnwbModel"]

_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
           "U8": "u1"}
_MAX_FORMAT_VERSION = 3  # 2: per-series transforms under "series"; 3: sequence datasets ("sequences")


def read_safetensors(path):
    """The tensors of a safetensors file as float32 numpy arrays, and its "__metadata__" map."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: too short to be a safetensors file")
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise ValueError(f"{path}: the header length {n} runs past the end of the file")
    header = json.loads(data[8 : 8 + n])
    metadata = header.pop("__metadata__", {}) or {}
    buffer = data[8 + n :]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        if info["dtype"] == "BF16":  # no numpy type: the top half of a float32
            raw = np.frombuffer(buffer[begin:end], dtype="<u2").astype(np.uint32) << 16
            array = raw.view(np.float32)
        elif info["dtype"] in _DTYPES:
            array = np.frombuffer(buffer[begin:end], dtype=_DTYPES[info["dtype"]])
        else:
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}, which this loader does not read")
        tensors[name] = array.astype(np.float32).reshape(info["shape"])
    return tensors, metadata


class Transform:
    """One column's fitted transform: optional log, differencing with a lag, (x - offset) / scale."""

    def __init__(self, spec):
        self.log = bool(spec["log"])
        self.lag = int(spec["diff_lag"])
        self.scaler = spec.get("scaler", "standard")
        self.offset = float(spec.get("offset", 0.0))
        self.scale = float(spec.get("scale", 1.0))

    def pre(self, values, what):
        """The log of values (when this column takes it); a value <= 0 is an error, as in rnnwb."""
        if not self.log:
            return values
        bad = np.argwhere(~(values > 0))
        if len(bad):
            raise ValueError(f"{what}: value {values[tuple(bad[0])]} at {tuple(int(i) for i in bad[0])} "
                             "is not > 0, but the model takes its log")
        return np.log(values)


class Pipeline:
    """The fitted transforms of a model file: original-unit windows to network inputs, network
    outputs back to original units (rnnwb's encode_inputs / encode_targets / decode_outputs)."""

    def __init__(self, meta, series=None):
        self.features, self.targets = list(meta["features"]), list(meta["targets"])
        self.window, self.horizon = int(meta["window"]), int(meta["horizon"])
        transforms = meta["transforms"]
        panel = meta.get("series", {})
        if panel.get("scale_per") == "series":
            # Each series was scaled by its own training rows: the windows must say whose they are.
            if series is None:
                raise ValueError(f"the model scales each series by its own statistics: pass series=ID "
                                 f"(--series ID), one of {', '.join(panel['ids'][:10])}")
            if series not in panel["transforms"]:
                raise ValueError(f"the model never saw series {series!r}")
            transforms = panel["transforms"][series]
        self.transforms = {name: Transform(transforms[name]) for name in self.features + self.targets}
        self.max_lag = max(t.lag for t in self.transforms.values())
        self.model_steps = self.window - self.max_lag
        for name in self.targets:
            if self.transforms[name].lag > 0 and name not in self.features:
                raise ValueError(f"target {name!r} is differenced but is not an input feature")

    def _check_windows(self, x):
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 3 or x.shape[1:] != (self.window, len(self.features)):
            raise ValueError(f"windows must be (N, {self.window}, {len(self.features)}) in original units "
                             f"(columns {', '.join(self.features)}), got {x.shape}")
        return x

    def encode_inputs(self, x):
        """(N, window, features) original units -> (N, model_steps, features) float32 network inputs."""
        x = self._check_windows(x)
        out = np.empty((len(x), self.model_steps, len(self.features)))
        lag0 = self.max_lag
        for f, name in enumerate(self.features):
            t = self.transforms[name]
            v = t.pre(x[:, lag0:, f], f"input column {name!r}")
            if t.lag > 0:
                v = v - t.pre(x[:, lag0 - t.lag : self.window - t.lag, f], f"input column {name!r}")
            out[:, :, f] = (v - t.offset) / t.scale
        return out.astype(np.float32)

    def _previous(self, x, y, k, c, t, what):
        """The (logged) value lag rows before target row k: from the window, or from y itself."""
        back = k - t.lag
        if back < 0:
            return t.pre(x[:, self.window + back, self.features.index(self.targets[c])], what)
        return t.pre(y[:, back, c], what)

    def encode_targets(self, y, x):
        """Original-unit targets (N, horizon, targets) of windows x -> float32 network targets."""
        x, y = self._check_windows(x), np.asarray(y, dtype=np.float64)
        if y.shape != (len(x), self.horizon, len(self.targets)):
            raise ValueError(f"targets must be (N, {self.horizon}, {len(self.targets)}), got {y.shape}")
        out = np.empty_like(y)
        for c, name in enumerate(self.targets):
            t = self.transforms[name]
            for k in range(self.horizon):
                v = t.pre(y[:, k, c], f"target {name!r}")
                if t.lag > 0:
                    v = v - self._previous(x, y, k, c, t, f"target {name!r}")
                out[:, k, c] = (v - t.offset) / t.scale
        return out.astype(np.float32)

    def decode_outputs(self, out, x):
        """Network outputs (N, horizon, targets) -> original units (float64): unscale, add back the
        value lag rows earlier (from the window or a row predicted before), exp for a logged column."""
        x, out = self._check_windows(x), np.asarray(out, dtype=np.float64)
        y = np.empty_like(out)
        for c, name in enumerate(self.targets):
            t = self.transforms[name]
            for k in range(self.horizon):
                v = out[:, k, c] * t.scale + t.offset
                if t.lag > 0:
                    v = v + self._previous(x, y, k, c, t, f"input column {name!r}")
                y[:, k, c] = np.exp(v) if t.log else v
        return y


class Recurrent(nn.Module):
    """nn.LSTM / nn.GRU / nn.RNN (batch_first) that keeps every step or only the last one."""

    def __init__(self, cell, return_sequences):
        super().__init__()
        self.cell, self.return_sequences = cell, return_sequences

    def forward(self, x):
        out, _ = self.cell(x)
        return out if self.return_sequences else out[:, -1:, :]


_ACTIVATIONS = {"linear": nn.Identity, "relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def _layer(spec, width, tensors, i):
    """The module for layer i of the metadata, its weights loaded, and its output width."""
    kind, units = spec["type"], int(spec.get("units", 0))
    w = {name.split(".", 2)[2]: torch.from_numpy(a) for name, a in tensors.items() if name.startswith(f"layers.{i}.")}
    expected = set() if kind == "dropout" else {"weight", "bias"} if kind == "dense" else {
        "weight_ih", "weight_hh", "bias_ih", "bias_hh"}
    if set(w) != expected:
        raise ValueError(f"layer {i} ({kind}) needs tensors {sorted(expected)}, the file has {sorted(w)}")
    if kind == "dropout":
        return nn.Dropout(float(spec.get("dropout", 0.0))), width
    if kind == "dense":
        linear = nn.Linear(width, units)
        linear.load_state_dict({"weight": w["weight"], "bias": w["bias"]})
        return nn.Sequential(linear, _ACTIVATIONS[spec.get("activation", "linear")]()), units
    if kind == "lstm":
        cell = nn.LSTM(width, units, batch_first=True)
    elif kind == "gru":
        cell = nn.GRU(width, units, batch_first=True)
    elif kind == "rnn":
        cell = nn.RNN(width, units, nonlinearity=spec.get("activation", "tanh"), batch_first=True)
    else:
        raise ValueError(f"layer {i} has unknown type {kind!r}")
    cell.load_state_dict({f"{name}_l0": w[name] for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")})
    return Recurrent(cell, bool(spec.get("return_sequences", False))), units


class RnnwbModel(nn.Module):
    """The network of a model file. forward() maps encoded inputs (N, model_steps, features) to
    encoded outputs (N, horizon, targets); predict() does the whole original-unit round trip."""

    def __init__(self, meta, tensors, series=None):
        super().__init__()
        self.metadata = meta
        self.pipeline = Pipeline(meta, series)
        layers, width = [], int(meta["input_features"])
        for i, spec in enumerate(meta["layers"]):
            module, width = _layer(spec, width, tensors, i)
            layers.append(module)
        self.layers = nn.Sequential(*layers)
        outputs = self.pipeline.horizon * len(self.pipeline.targets)
        if width != outputs:
            raise ValueError(f"the layers output {width} values but horizon x targets is {outputs}")

    def forward(self, x):
        out = self.layers(x)
        if out.shape[1] != 1:
            raise ValueError("the network returns a sequence: its last recurrent layer must return one step")
        return out.reshape(len(x), self.pipeline.horizon, len(self.pipeline.targets))

    def predict(self, x, batch_size=4096):
        """Original-unit windows (N, window, features) -> original-unit predictions (N, horizon,
        targets) as float64, with dropout off."""
        xe = self.pipeline.encode_inputs(x)
        dtype = next(self.parameters()).dtype
        was_training = self.training
        self.eval()
        try:
            with torch.no_grad():
                out = [self(torch.from_numpy(xe[i : i + batch_size]).to(dtype)).double().numpy()
                       for i in range(0, len(xe), batch_size)]
        finally:
            self.train(was_training)
        out = np.concatenate(out) if out else np.empty((0, self.pipeline.horizon, len(self.pipeline.targets)))
        return self.pipeline.decode_outputs(out, x)


def load(path, dtype=torch.float32, series=None):
    """An rnnwb model file as an RnnwbModel (a torch.nn.Module, in eval mode) with its .pipeline.
    A model scaled per series needs `series`, the id whose statistics its pipeline applies."""
    tensors, metadata = read_safetensors(path)
    if "rnnwb" not in metadata:
        raise ValueError(f"{path} is a safetensors file but not an rnnwb model (no 'rnnwb' metadata)")
    meta = json.loads(metadata["rnnwb"])
    if int(meta.get("format_version", 0)) > _MAX_FORMAT_VERSION:
        raise ValueError(f"{path} was written by a newer rnnwb (model format {meta['format_version']})")
    if meta.get("dataset", "series") != "series":
        # Its scalers are under "sequences", not "transforms": not rebuilt here yet.
        raise ValueError(f"{path} was trained on a {meta['dataset']} dataset, which this script does not rebuild yet")
    model = RnnwbModel(meta, tensors, series).to(dtype)
    return model.eval()


def main(argv):
    series = None
    if len(argv) == 6 and argv[4] == "--series":
        series, argv = argv[5], argv[:4]
    if len(argv) != 4:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        print(f"usage: {argv[0]} MODEL.safetensors X.npy Y.npy [--series ID]", file=sys.stderr)
        return 2
    try:
        model = load(argv[1], series=series)
        y = model.predict(np.load(argv[2]))
    except (OSError, ValueError, KeyError) as err:
        print(f"load_in_pytorch.py: {err}", file=sys.stderr)
        return 1
    np.save(argv[3], y.astype(np.float32))
    print(f"wrote {len(y)} predictions of shape {y.shape[1:]} to {argv[3]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
