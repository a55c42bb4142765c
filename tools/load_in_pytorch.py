#!/usr/bin/env python3
"""Load an rnnwb model file (.safetensors) into PyTorch, with nothing but numpy and torch.

An rnnwb model file holds its weights in PyTorch's own layouts under the names
layers.<i>.weight_ih / weight_hh / bias_ih / bias_hh (recurrent layers: LSTM gates i, f, g, o;
GRU gates r, z, n, reset after the product; a bidirectional layer also has the backward
direction's weight_ih_reverse ...) and layers.<i>.weight / bias (dense layers). This script reads the safetensors file itself (an 8-byte little-endian header length, a JSON header,
the data), builds the same stack of torch.nn modules (nn.LSTM / nn.GRU / nn.RNN with
batch_first=True and bidirectional=True where the layer is, nn.Linear with its activation,
nn.Dropout), loads the weights into them (layers.0.weight_ih -> weight_ih_l0,
layers.0.weight_ih_reverse -> weight_ih_l0_reverse ...) and keeps the fitted transforms of the metadata (per
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

A model trained on sequences (X (N, T, F), a target per sequence) loads as an RnnwbSequenceModel:

    model = load("recipe.safetensors")
    x = np.load("X.npy")         # (N, T, F) original units, any T; NaN padding steps allowed
    y = model.predict(x)         # (N, k) or (N, H, k) original units, as rnnwb predict writes

    # Its forward() takes encoded sequences and runs the recurrent layers packed
    # (pack_padded_sequence), so padding is never read; outputs are the scaled targets (N, H * k):
    xe = model.scaling.encode_inputs(x)                       # NaN padding kept
    first, lengths = valid_spans(xe)
    xp = post_padded(torch.from_numpy(xe), first, lengths)   # valid steps first
    out = model(xp, torch.as_tensor(lengths))                 # or model(torch.from_numpy(xe))
    loss = torch.nn.functional.mse_loss(out, torch.from_numpy(model.scaling.encode_targets(y_true)))

Command line (the same as `rnnwb predict --model MODEL --input X.npy --out Y.npy`):

    python3 tools/load_in_pytorch.py MODEL.safetensors X.npy Y.npy

X.npy holds (N, window, features) windows in original units, the oldest row first; Y.npy gets
float32 (N, horizon, targets) predictions in original units. For a model trained on sequences,
X.npy holds (N, T, F) sequences and Y.npy gets what rnnwb predict writes.
"""
import json
import struct
import sys

import numpy as np
import torch
from torch import nn

__all__ = ["load", "read_safetensors", "Pipeline", "RnnwbModel", "RnnwbSequenceModel", "SequenceScaling",
           "valid_spans", "post_padded", "build_layers", "layer_tensors", "Recurrent"]

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
    """nn.LSTM / nn.GRU / nn.RNN (batch_first, bidirectional or not) that keeps every step or only
    the last one. The last step of a bidirectional layer is [forward h after the last step;
    backward h after step 0], PyTorch's h_n of both directions side by side. With `lengths` the
    input is post-padded (row i's valid steps first) and runs packed (pack_padded_sequence): the
    padding is never read and the last step is each row's last valid one."""

    def __init__(self, cell, return_sequences):
        super().__init__()
        self.cell, self.return_sequences = cell, return_sequences

    def forward(self, x, lengths=None):
        steps = x.shape[1]
        if lengths is not None:
            x = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, state = self.cell(x)
        if self.return_sequences:
            if lengths is not None:
                out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=steps)
            return out
        h_n = state[0] if isinstance(self.cell, nn.LSTM) else state  # (directions, N, H)
        return torch.cat(list(h_n), dim=1).unsqueeze(1)


_RECURRENT = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
_ACTIVATIONS = {"linear": nn.Identity, "relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def _layer(spec, width, tensors, i):
    """The module for layer i of the metadata, its weights loaded (tensors=None: PyTorch's default
    initialisation, nothing loaded), and its output width."""
    kind, units = spec["type"], int(spec.get("units", 0))
    suffixes = ("", "_reverse") if spec.get("bidirectional", False) else ("",)
    if tensors is not None:
        w = {name.split(".", 2)[2]: torch.from_numpy(a) for name, a in tensors.items()
             if name.startswith(f"layers.{i}.")}
        expected = set() if kind == "dropout" else {"weight", "bias"} if kind == "dense" else {
            name + suffix for name in _RECURRENT for suffix in suffixes}
        if set(w) != expected:
            raise ValueError(f"layer {i} ({kind}) needs tensors {sorted(expected)}, the file has {sorted(w)}")
    if kind == "dropout":
        return nn.Dropout(float(spec.get("dropout", 0.0))), width
    if kind == "dense":
        linear = nn.Linear(width, units)
        if tensors is not None:
            linear.load_state_dict({"weight": w["weight"], "bias": w["bias"]})
        return nn.Sequential(linear, _ACTIVATIONS[spec.get("activation", "linear")]()), units
    both = bool(spec.get("bidirectional", False))
    if kind == "lstm":
        cell = nn.LSTM(width, units, batch_first=True, bidirectional=both)
    elif kind == "gru":
        cell = nn.GRU(width, units, batch_first=True, bidirectional=both)
    elif kind == "rnn":
        cell = nn.RNN(width, units, nonlinearity=spec.get("activation", "tanh"), batch_first=True, bidirectional=both)
    else:
        raise ValueError(f"layer {i} has unknown type {kind!r}")
    # layers.i.weight_ih -> weight_ih_l0; layers.i.weight_ih_reverse -> weight_ih_l0_reverse
    if tensors is not None:
        cell.load_state_dict({f"{name}_l0{suffix}": w[name + suffix] for name in _RECURRENT for suffix in suffixes})
    return Recurrent(cell, bool(spec.get("return_sequences", False))), units * len(suffixes)


def build_layers(specs, input_features, tensors=None):
    """The modules of a layer list (the metadata's "layers", the head included) reading
    input_features values per step, with the weights of `tensors` (rnnwb names, numpy arrays) or,
    with tensors=None, PyTorch's default initialisation; and the width of the last output."""
    modules, width = [], int(input_features)
    for i, spec in enumerate(specs):
        module, width = _layer(spec, width, tensors, i)
        modules.append(module)
    return modules, width


def layer_tensors(modules):
    """The inverse of build_layers' name mapping: {rnnwb tensor name: torch tensor} of modules
    built by it (layers.i.weight_ih <- weight_ih_l0, layers.i.weight <- the Linear's weight)."""
    out = {}
    for i, module in enumerate(modules):
        if isinstance(module, Recurrent):
            for key, value in module.cell.state_dict().items():
                out[f"layers.{i}.{key.replace('_l0', '')}"] = value
        elif isinstance(module, nn.Sequential):
            out[f"layers.{i}.weight"], out[f"layers.{i}.bias"] = module[0].weight.data, module[0].bias.data
    return out


class RnnwbModel(nn.Module):
    """The network of a model file. forward() maps encoded inputs (N, model_steps, features) to
    encoded outputs (N, horizon, targets); predict() does the whole original-unit round trip."""

    def __init__(self, meta, tensors, series=None):
        super().__init__()
        self.metadata = meta
        self.pipeline = Pipeline(meta, series)
        layers, width = build_layers(meta["layers"], meta["input_features"], tensors)
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


def valid_spans(x):
    """Each sequence's valid steps of x (N, T, F): (first, length) arrays. A step whose features
    are all NaN is padding, allowed before and after the valid steps only (rnnwb's rules, with the
    same 0-based sequence, step and feature numbers as X[i, t, f]); ValueError otherwise."""
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(f"sequences must be (N, T, F), got shape {x.shape}")
    if np.isinf(x).any():
        i, t, f = np.argwhere(np.isinf(x))[0]
        raise ValueError(f"sequence {i}, step {t}, feature {f} is infinite")
    nan = np.isnan(x)
    padding, valid = nan.all(axis=2), ~nan.any(axis=2)
    partial = ~padding & ~valid
    if partial.any():
        i, t = np.argwhere(partial)[0]
        f = int(np.flatnonzero(nan[i, t])[0])
        raise ValueError(f"sequence {i}, step {t}, feature {f} is NaN but the step's other features are not: a "
                         "missing value (padding is a step whose features are all NaN)")
    counts = valid.sum(axis=1)
    if (counts == 0).any():
        raise ValueError(f"sequence {int(np.flatnonzero(counts == 0)[0])} has no valid step (all NaN)")
    first = valid.argmax(axis=1)
    last = x.shape[1] - 1 - valid[:, ::-1].argmax(axis=1)
    length = last - first + 1
    for i in np.flatnonzero(length != counts):
        t = first[i] + int(np.flatnonzero(padding[i, first[i] : last[i] + 1])[0])
        raise ValueError(f"sequence {i}, step {t} is padding (all NaN) between valid steps; padding may only "
                         "come before and after them")
    return first, length


def post_padded(x, first, length):
    """x (N, T, F) with each row's valid steps moved to the front (zeros after): what
    pack_padded_sequence takes, with torch.as_tensor(length) as its lengths."""
    out = x.new_zeros((x.shape[0], int(max(length, default=1)), x.shape[2]))
    for i, (a, n) in enumerate(zip(first, length)):
        out[i, :n] = x[i, a : a + n]
    return out


class SequenceScaling:
    """The fitted scalers of a model trained on sequences (the model file's "sequences" block):
    each feature (x - offset) / scale at every step (NaN padding stays NaN), and each target column
    of the network's H x k outputs back to original units (x * scale + offset)."""

    def __init__(self, info):
        self.task = info.get("task", "regression")
        self.features, self.targets = list(info["features"]), list(info["targets"])
        self.horizon, self.y_has_horizon = int(info["horizon"]), bool(info.get("y_has_horizon", False))
        self.classes = list(info.get("classes", {}).get("names", [])) if self.task == "classification" else []
        fs, ts = info["feature_scalers"], info.get("target_scalers", [])
        self.feature_offset = np.array([float(t["offset"]) for t in fs])
        self.feature_scale = np.array([float(t["scale"]) for t in fs])
        # Output j is horizon step j // k of target j % k.
        self.target_offset = np.tile([float(t["offset"]) for t in ts], self.horizon)
        self.target_scale = np.tile([float(t["scale"]) for t in ts], self.horizon)
        self.lengths = info.get("lengths", {})

    def encode_inputs(self, x):
        """(N, T, F) original units -> float32 network inputs, NaN padding kept."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 3 or x.shape[2] != len(self.features):
            raise ValueError(f"sequences must be (N, T, {len(self.features)}) in original units (features "
                             f"{', '.join(self.features)}), got {x.shape}")
        return ((x - self.feature_offset) / self.feature_scale).astype(np.float32)

    def encode_targets(self, y):
        """Original-unit targets (N, k) or (N, H, k) -> float32 network targets (N, H * k)."""
        y = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        return ((y - self.target_offset) / self.target_scale).astype(np.float32)

    def decode_outputs(self, out):
        """Network outputs (N, H * k) -> original units, (N, k) or (N, H, k) as rnnwb predict writes them."""
        y = np.asarray(out, dtype=np.float64) * self.target_scale + self.target_offset
        return y.reshape(len(y), self.horizon, len(self.targets)) if self.y_has_horizon else y


class RnnwbSequenceModel(nn.Module):
    """The network of a model trained on sequences. forward(x, lengths=None) maps encoded
    sequences (N, T, F) to the network's outputs (N, H * k), scaled targets (a classifier's: its
    C logits; probabilities() gives their softmax), at each sequence's
    last valid step; with lengths, x is post-padded (row i's first lengths[i] steps valid), without,
    NaN padding steps before and after the valid ones are found and skipped. Either way the
    recurrent layers run packed (pack_padded_sequence), so a padded batch gives what each sequence
    gives alone. predict() does the whole original-unit round trip, as rnnwb predict."""

    def __init__(self, meta, tensors):
        super().__init__()
        self.metadata = meta
        self.scaling = SequenceScaling(meta["sequences"])
        layers, width = build_layers(meta["layers"], meta["input_features"], tensors)
        self.layers = nn.ModuleList(layers)
        classes = len(self.scaling.classes)
        self.outputs = classes if classes else self.scaling.horizon * len(self.scaling.targets)
        if width != self.outputs:
            raise ValueError(f"the layers output {width} values but the model predicts {self.outputs}")

    def forward(self, x, lengths=None):
        if lengths is None:
            first, length = valid_spans(x.detach().cpu().numpy())
            x, lengths = post_padded(x, first, length), torch.as_tensor(length)
        for layer in self.layers:
            if isinstance(layer, Recurrent):
                x = layer(x, lengths)
                if not layer.return_sequences:
                    lengths = None  # one step from here on, valid for every row
            else:
                x = layer(x)
        if x.shape[1] != 1:
            raise ValueError("the network returns a sequence: its last recurrent layer must return one step")
        return x[:, 0, :]

    def network_outputs(self, x, batch_size=4096):
        """Original-unit sequences (N, T, F), padding allowed -> network outputs (N, H * k) as
        float64, with dropout off."""
        xe = self.scaling.encode_inputs(x)
        first, length = valid_spans(xe)
        dtype = next(self.parameters()).dtype
        was_training = self.training
        self.eval()
        try:
            with torch.no_grad():
                out = []
                for i in range(0, len(xe), batch_size):
                    j = slice(i, i + batch_size)
                    packed = post_padded(torch.from_numpy(xe[j]).to(dtype), first[j], length[j])
                    out.append(self(packed, torch.as_tensor(length[j])).double().numpy())
        finally:
            self.train(was_training)
        return np.concatenate(out) if out else np.empty((0, self.outputs))

    def probabilities(self, x, batch_size=4096):
        """A classifier's class probabilities (N, C) of original-unit sequences: the softmax of its
        logits (forward() returns the logits, as nn.CrossEntropyLoss takes them)."""
        if not self.scaling.classes:
            raise ValueError("this model predicts values, not classes (it was trained for regression)")
        return torch.softmax(torch.from_numpy(self.network_outputs(x, batch_size)), dim=1).numpy()

    def predict(self, x, batch_size=4096):
        """Original-unit sequences (N, T, F), any T, NaN padding before and after the valid steps
        allowed -> what rnnwb predict writes, as float64: original-unit predictions (N, k), or
        (N, H, k) for a model trained on such targets; for a classifier (N, 1 + C), the class (the
        most probable, the first on a tie) and then the probability of each class."""
        if self.scaling.classes:
            p = self.probabilities(x, batch_size)
            return np.concatenate([p.argmax(axis=1)[:, None].astype(np.float64), p], axis=1)
        return self.scaling.decode_outputs(self.network_outputs(x, batch_size))


def load(path, dtype=torch.float32, series=None):
    """An rnnwb model file as an RnnwbModel (a torch.nn.Module, in eval mode) with its .pipeline.
    A model scaled per series needs `series`, the id whose statistics its pipeline applies."""
    tensors, metadata = read_safetensors(path)
    if "rnnwb" not in metadata:
        raise ValueError(f"{path} is a safetensors file but not an rnnwb model (no 'rnnwb' metadata)")
    meta = json.loads(metadata["rnnwb"])
    if int(meta.get("format_version", 0)) > _MAX_FORMAT_VERSION:
        raise ValueError(f"{path} was written by a newer rnnwb (model format {meta['format_version']})")
    dataset = meta.get("dataset", "series")
    if dataset == "sequences":
        if series is not None:
            raise ValueError(f"{path} was trained on sequences; series= names a series of a series model")
        return RnnwbSequenceModel(meta, tensors).to(dtype).eval()
    if dataset != "series":
        raise ValueError(f"{path} was trained on a {dataset} dataset, which this script does not know")
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
