#!/usr/bin/env python3
"""Train the network of an rnnwb experiment with PyTorch, on one process or many (torchrun, DDP).

    python train.py [--config config.json] [--data PATH] [--out model.safetensors] [--epochs N]
                    [--seed S] [--device auto|cpu|cuda] [--threads N] [--resume FILE]
    torchrun --standalone --nproc_per_node 4 train.py ...

config.json (written by `rnnwb export --format pytorch-script`) holds rnnwb's settings: the data
and its pipeline (pipeline.py reproduces it exactly), the hidden layers, and the training settings.
This script builds the same network (the hidden layers and a Dense head of the pipeline's outputs),
initialises it as rnnwb does ("init": "pytorch" = U(-1/sqrt(fan), 1/sqrt(fan)); "keras" = glorot
uniform kernels, orthogonal recurrent kernels, zero biases, LSTM forget bias 1) from rnnwb's own
generator (mt19937_64, RnnwbRng), so the same init seed gives rnnwb's initial weights bit for bit,
and trains it as rnnwb's fit() does:

  - mini-batches of batch_size windows (the global batch: under torchrun each batch is sliced
    across the ranks and each rank's loss weighted by its share, so DDP's gradient mean is the
    batch's mean loss gradient), shuffled each epoch by rnnwb's generator from the seed (the same
    orders as rnnwb); padded sequences (NaN steps) run packed, in batches of similar lengths as
    rnnwb buckets them; dropout masks come from torch (each rank its own stream);
  - the loss (mse, mae, huber with its delta, cross_entropy with class weights, PyTorch's mean
    reduction), the optimizer (sgd, adam, adamw, rmsprop, with torch.optim's rules as rnnwb
    implements them), the learning-rate schedule (constant, step, cosine, plateau; stepped once per
    epoch on the monitored loss), gradient clipping by global norm;
  - the epoch's train loss = the mean of its batch losses weighted by batch size; the val loss =
    the validation windows' mean loss after the epoch (dropout off); the monitored loss is the val
    loss, or the train loss without validation windows;
  - early stopping after `patience` epochs without an improvement of more than min_delta,
    restore_best (the best epoch's weights at the end); a non-finite loss stops training as
    "diverged" and keeps the best weights so far (or the initial ones).

At the end (rank 0 only) it writes an rnnwb model file: safetensors with rnnwb's tensor names, the
pipeline's fitted statistics, the loss history and "trained_by" provenance, and a self-test of
PyTorch's outputs that rnnwb checks on loading. `rnnwb evaluate --model OUT --data ...` and the
workbench open it like their own. With "resume" in config.json (or --resume FILE) training starts
from that model file's weights and keeps its fitted statistics.
"""
import argparse
import copy
import datetime
import json
import math
import os
import struct
import sys
import tempfile
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import load_in_pytorch as lp  # noqa: E402
import pipeline  # noqa: E402

SCRIPT_FORMAT_VERSION = 1
SELFTEST_KEY = "rnnwb_selftest"
SELFTEST_MAX_VALUES, SELFTEST_WINDOWS, SELFTEST_TOLERANCE = 30000, 3, 1e-4
EVAL_BATCH = 256  # rnnwb's evaluate_loss batch

_KINDS = {"rnn": "rnn", "simplernn": "rnn", "simple_rnn": "rnn", "lstm": "lstm", "gru": "gru", "dense": "dense",
          "linear": "dense", "dropout": "dropout"}
_ACTIVATIONS = {"linear": "linear", "none": "linear", "identity": "linear", "relu": "relu", "tanh": "tanh",
                "sigmoid": "sigmoid"}


class TrainError(Exception):
    pass


# ----------------------------------------------------------------------------------------------
# Settings


def normalised_layers(layers):
    """A layer list as rnnwb's config_json::to_layers reads it, written back as from_layers writes it."""
    out = []
    for i, l in enumerate(layers):
        kind = _KINDS.get(str(l.get("type", "")).lower())
        if kind is None:
            raise TrainError(f"layer {i}: unknown layer type {l.get('type')!r} (lstm, gru, rnn, dense, dropout)")
        activation = _ACTIVATIONS.get(str(l.get("activation", "tanh")).lower())
        if activation is None:
            raise TrainError(f"layer {i}: unknown activation {l.get('activation')!r}")
        spec = {"type": kind, "units": int(l.get("units", 0) or 0), "activation": activation,
                "return_sequences": bool(l.get("return_sequences", False)), "dropout": float(l.get("dropout", 0.0) or 0.0)}
        if kind in ("rnn", "lstm", "gru", "dense") and spec["units"] < 1:
            raise TrainError(f"layer {i} ({kind}) needs units >= 1")
        if kind == "dropout" and not 0 <= spec["dropout"] < 1:
            raise TrainError(f"layer {i}: a dropout rate must be in [0, 1)")
        if kind == "rnn" and activation not in ("tanh", "relu"):
            raise TrainError(f"layer {i}: a SimpleRNN takes tanh or relu, not {activation}")
        if bool(l.get("bidirectional", False)) and kind in ("rnn", "lstm", "gru"):
            spec["bidirectional"] = True
        out.append(spec)
    return out


def head_spec(outputs):
    return {"type": "dense", "units": int(outputs), "activation": "linear", "return_sequences": False, "dropout": 0.0}


def training_options(t):
    """settings.training with rnnwb's defaults (config_json::to_fit) for anything absent."""
    o = dict(t.get("optimizer") or {})
    s = dict(t.get("schedule") or {})
    opt = {"type": o.get("type", "adam"), "lr": float(o.get("lr", 1e-3)), "beta1": float(o.get("beta1", 0.9)),
           "beta2": float(o.get("beta2", 0.999)), "eps": float(o.get("eps", 1e-8)),
           "weight_decay": float(o.get("weight_decay", 0.0)), "momentum": float(o.get("momentum", 0.0)),
           "nesterov": bool(o.get("nesterov", False)), "alpha": float(o.get("alpha", 0.99))}
    sched = {"type": {"reduce-on-plateau": "plateau"}.get(s.get("type", "constant"), s.get("type", "constant")),
             "step_size": int(s.get("step_size", 10)), "gamma": float(s.get("gamma", 0.5)),
             "t_max": int(s.get("t_max", 0)), "eta_min": float(s.get("eta_min", 0.0)),
             "factor": float(s.get("factor", 0.5)), "patience": int(s.get("patience", 5)),
             "threshold": float(s.get("threshold", 1e-4)), "min_lr": float(s.get("min_lr", 0.0))}
    return {"epochs": int(t.get("epochs", 20)), "batch_size": int(t.get("batch_size", 32)),
            "shuffle": bool(t.get("shuffle", True)), "seed": int(t.get("seed", 0)),
            "loss": t.get("loss", "mse"), "huber_delta": float(t.get("huber_delta", 1.0)),
            "optimizer": opt, "schedule": sched, "clip_norm": float(t.get("clip_norm", 0.0)),
            "patience": int(t.get("patience", 0)), "min_delta": float(t.get("min_delta", 0.0)),
            "restore_best": bool(t.get("restore_best", True)), "init": t.get("init", "keras"),
            "init_seed": int(t.get("init_seed", 0)), "class_weights": t.get("class_weights")}


# ----------------------------------------------------------------------------------------------
# The network


class Network(nn.Module):
    """The layer list as torch modules (load_in_pytorch's, so the names map to rnnwb's). forward(x,
    lengths) maps (N, T, F) inputs to the head's (N, outputs); with lengths, x is post-padded and
    the recurrent layers run packed (each row reads only its lengths[i] valid steps)."""

    def __init__(self, specs, input_features, tensors=None):
        super().__init__()
        modules, self.outputs = lp.build_layers(specs, input_features, tensors)
        self.layers = nn.ModuleList(modules)

    def forward(self, x, lengths=None):
        for layer in self.layers:
            if isinstance(layer, lp.Recurrent):
                x = layer(x, lengths)
                if not layer.return_sequences:
                    lengths = None
            else:
                x = layer(x)
        if x.shape[1] != 1:
            raise TrainError("the network returns a sequence: its last recurrent layer must return one step")
        return x[:, 0, :]


class RnnwbRng:
    """rnnwb's Rng (engine/core/rng.hpp): std::mt19937_64 from the seed; uniform() = (next >> 11) * 2^-53,
    uniform(lo, hi) = lo + (hi - lo) * uniform(), normal() by Box-Muller (one value per call), below(n) =
    next % n, shuffle = Fisher-Yates from the back. The same draws as rnnwb's, so the initial weights
    and the shuffled orders are rnnwb's own for the same seeds. The state twists 312 words at a time
    in numpy."""

    N, M = 312, 156
    MATRIX_A, UPPER, LOWER = np.uint64(0xB5026F5AA96619E9), np.uint64(0xFFFFFFFF80000000), np.uint64(0x7FFFFFFF)

    def __init__(self, seed):
        mt = [int(seed) & 0xFFFFFFFFFFFFFFFF]
        for i in range(1, self.N):
            mt.append((6364136223846793005 * (mt[-1] ^ (mt[-1] >> 62)) + i) & 0xFFFFFFFFFFFFFFFF)
        self.mt = np.array(mt, dtype=np.uint64)
        self.out, self.pos = np.empty(0, dtype=np.uint64), self.N  # twists before the first draw

    def _twist(self):
        mt, n, m, one = self.mt, self.N, self.M, np.uint64(1)

        def mix(upper, lower, far):
            x = (upper & self.UPPER) | (lower & self.LOWER)
            return far ^ (x >> one) ^ ((x & one) * self.MATRIX_A)

        mt[:n - m] = mix(mt[:n - m], mt[1:n - m + 1], mt[m:])
        mt[n - m:n - 1] = mix(mt[n - m:n - 1], mt[n - m + 1:n], mt[:m - 1])
        mt[n - 1:] = mix(mt[n - 1:], mt[:1], mt[m - 1:m])
        y = mt.copy()
        y ^= (y >> np.uint64(29)) & np.uint64(0x5555555555555555)
        y ^= (y << np.uint64(17)) & np.uint64(0x71D67FFFEDA60000)
        y ^= (y << np.uint64(37)) & np.uint64(0xFFF7EEE000000000)
        y ^= y >> np.uint64(43)
        self.out, self.pos = y, 0

    def words(self, count):
        """The next `count` raw 64-bit draws (numpy uint64)."""
        parts, need = [], int(count)
        while need > 0:
            if self.pos >= self.N:
                self._twist()
            take = min(need, self.N - self.pos)
            parts.append(self.out[self.pos:self.pos + take])
            self.pos += take
            need -= take
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)

    def uniform(self, count, lo=0.0, hi=1.0):
        u = (self.words(count) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
        return lo + (hi - lo) * u

    def normal(self, count):
        """count standard normals, each from a pair (u1, u2) as rnnwb's normal() (u1 = 0 redrawn)."""
        saved = (self.mt.copy(), self.out.copy(), self.pos)
        u = self.uniform(2 * count).reshape(count, 2)
        if (u[:, 0] <= 0.0).any():  # a redraw shifts the pairs (p = 2^-53 per draw): one at a time
            self.mt, self.out, self.pos = saved
            u = np.empty((count, 2))
            for i in range(count):
                u1 = self.uniform(1)[0]
                while u1 <= 0.0:
                    u1 = self.uniform(1)[0]
                u[i] = u1, self.uniform(1)[0]
        return np.sqrt(-2.0 * np.log(u[:, 0])) * np.cos(6.283185307179586 * u[:, 1])

    def shuffle(self, v):
        """v (a numpy array) shuffled in place as rnnwb's Rng::shuffle."""
        n = len(v)
        if n < 2:
            return
        draws = self.words(n - 1)
        js = (draws % np.arange(n, 1, -1, dtype=np.uint64)).astype(np.int64).tolist()
        lst = v.tolist()
        for i, j in zip(range(n - 1, 0, -1), js):
            lst[i], lst[j] = lst[j], lst[i]
        v[:] = lst


def _uniform(t, limit, rng):
    """t (rows x cols, row-major as rnnwb stores it) from U(-limit, limit), drawn in rnnwb's order."""
    values = rng.uniform(t.numel(), -limit, limit).reshape(tuple(t.shape))
    with torch.no_grad():
        t.copy_(torch.from_numpy(values))


def _orthogonal(t, rng):
    """engine/nn/init.cpp's orthogonal(): QR of a normal matrix (filled column by column), the tall
    side first, signs fixed by diag(R) (Q is unique then, whatever the QR routine)."""
    rows, cols = t.shape
    tall = rows >= cols
    n, k = (rows, cols) if tall else (cols, rows)
    a = rng.normal(n * k).reshape(k, n).T  # a(i, j) drawn column by column
    q, r = np.linalg.qr(a)
    q = q * np.where(np.diag(r) < 0, -1.0, 1.0)
    with torch.no_grad():
        t.copy_(torch.from_numpy(q if tall else q.T))


def initialise(net, specs, scheme, seed):
    """rnnwb's initialisation (engine/nn/init.cpp, dense_layer.cpp, recurrent_layer.cpp, model.cpp):
    one stream from the init seed through the layers in order, each tensor drawn in rnnwb's order, so
    the initial weights are rnnwb's own (float32 of the same doubles)."""
    rng = RnnwbRng(seed)
    for spec, module in zip(specs, net.layers):
        if isinstance(module, lp.Recurrent):
            cell, units = module.cell, spec["units"]
            for suffix in ("", "_reverse") if spec.get("bidirectional") else ("",):
                w_ih, w_hh = getattr(cell, f"weight_ih_l0{suffix}"), getattr(cell, f"weight_hh_l0{suffix}")
                b_ih, b_hh = getattr(cell, f"bias_ih_l0{suffix}"), getattr(cell, f"bias_hh_l0{suffix}")
                if scheme == "pytorch":
                    k = 1.0 / math.sqrt(units)
                    for t in (w_ih, w_hh, b_ih, b_hh):
                        _uniform(t, k, rng)
                else:
                    _uniform(w_ih, math.sqrt(6.0 / (w_ih.shape[0] + w_ih.shape[1])), rng)
                    _orthogonal(w_hh, rng)
                    with torch.no_grad():
                        b_ih.zero_()
                        b_hh.zero_()
                        if spec["type"] == "lstm":
                            b_ih[units:2 * units] = 1.0  # Keras' unit_forget_bias
        elif isinstance(module, nn.Sequential):
            linear = module[0]
            if scheme == "pytorch":
                k = 1.0 / math.sqrt(linear.in_features)
                _uniform(linear.weight, k, rng)
                _uniform(linear.bias, k, rng)
            else:
                _uniform(linear.weight, math.sqrt(6.0 / (linear.in_features + linear.out_features)), rng)
                with torch.no_grad():
                    linear.bias.zero_()


# ----------------------------------------------------------------------------------------------
# Loss, optimizer, schedule


class Loss:
    """rnnwb's losses with PyTorch's mean reduction; denominator() is what the mean divides by (the
    element count, or the sum of the labels' class weights), so parts of a batch combine exactly."""

    def __init__(self, kind, delta, class_weights, device):
        self.kind, self.delta = kind, float(delta)
        if kind not in ("mse", "mae", "huber", "cross_entropy"):
            raise TrainError(f"unknown loss {kind!r}")
        self.weights = None
        if kind == "cross_entropy" and class_weights:
            self.weights = torch.tensor([float(w) for w in class_weights], dtype=torch.float32, device=device)

    def __call__(self, out, y):
        if self.kind == "mse":
            return F.mse_loss(out, y)
        if self.kind == "mae":
            return F.l1_loss(out, y)
        if self.kind == "huber":
            return F.huber_loss(out, y, delta=self.delta)
        return F.cross_entropy(out, y, weight=self.weights)

    def denominator_of_rows(self, y, rows):
        """denominator(y[rows]) without gathering y unless class weights need the labels."""
        if self.kind == "cross_entropy" and self.weights is not None:
            return self.denominator(y[torch.as_tensor(rows).to(y.device)])
        return float(len(rows) * (y[0].numel() if y.dim() > 1 else 1))

    def denominator(self, y):
        if self.kind == "cross_entropy":
            return float(self.weights[y].sum()) if self.weights is not None else float(len(y))
        return float(y.numel())


def make_optimizer(params, o):
    kind, lr, wd = o["type"], o["lr"], o["weight_decay"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=o["momentum"], nesterov=o["nesterov"], weight_decay=wd)
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(o["beta1"], o["beta2"]), eps=o["eps"], weight_decay=wd)
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=(o["beta1"], o["beta2"]), eps=o["eps"], weight_decay=wd)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=o["alpha"], eps=o["eps"], weight_decay=wd,
                                   momentum=o["momentum"])
    raise TrainError(f"unknown optimizer {kind!r}")


class Schedule:
    """engine/train/lr_schedule.cpp: the rate of the next epoch, stepped once per epoch."""

    def __init__(self, s, base_lr, epochs):
        self.s, self.base, self.lr = s, base_lr, base_lr
        self.done, self.t_max = 0, s["t_max"] if s["t_max"] > 0 else max(1, epochs)
        self.best, self.bad = math.inf, 0
        if s["type"] not in ("constant", "step", "cosine", "plateau"):
            raise TrainError(f"unknown schedule {s['type']!r}")

    def epoch_end(self, monitored):
        s = self.s
        self.done += 1
        if s["type"] == "step":
            self.lr = self.base * s["gamma"] ** (self.done // s["step_size"])
        elif s["type"] == "cosine":
            self.lr = s["eta_min"] + (self.base - s["eta_min"]) * (1 + math.cos(math.pi * self.done / self.t_max)) / 2
        elif s["type"] == "plateau":
            if monitored < self.best * (1 - s["threshold"]):
                self.best, self.bad = monitored, 0
            else:
                self.bad += 1
                if self.bad > s["patience"]:
                    self.lr, self.bad = max(self.lr * s["factor"], s["min_lr"]), 0


# ----------------------------------------------------------------------------------------------
# Data on the device


class Windows:
    """One split's windows as tensors: x (N, T, F) (post-padded with lengths when they have NaN
    padding steps), y (N, outputs) float32 or (N,) int64 class labels."""

    def __init__(self, x, y, device):
        self.n = len(x)
        x = np.ascontiguousarray(x, dtype=np.float32)
        self.lengths = None
        if self.n and np.isnan(x).any():
            first, length = lp.valid_spans(x)
            if not (length == x.shape[1]).all():
                self.lengths = torch.as_tensor(length, dtype=torch.int64)
                x = lp.post_padded(torch.from_numpy(x), first, length).numpy()
        self.x = torch.from_numpy(np.nan_to_num(x)).to(device)
        self.y = torch.from_numpy(np.ascontiguousarray(y)).to(device)

    def batch(self, rows):
        """x, y, lengths (or None) of the windows at rows (a 1-d int64 tensor on the CPU)."""
        lengths = None
        if self.lengths is not None:
            lengths = self.lengths[rows]
            steps = int(lengths.max())
            return self.x[rows.to(self.x.device), :steps], self.y[rows.to(self.y.device)], lengths
        r = rows.to(self.x.device)
        return self.x[r], self.y[r], lengths


class GlobalBatchSampler(torch.utils.data.distributed.DistributedSampler):
    """A DistributedSampler whose epoch is a sequence of global batches, each sliced across the
    ranks: every rank draws the same shuffled order (seed, epoch), cuts it into batches of
    batch_size windows and takes its contiguous share [n*r/W, n*(r+1)/W) of each, so an epoch uses
    every training window exactly once across the ranks, without the padding duplicates of the base
    class, and every rank takes part in every step (a rank whose share is empty still steps, with
    zero weight), so uneven shards never hang."""

    def __init__(self, n, batch_size, shuffle, seed, lengths=None, num_replicas=1, rank=0):
        self.n, self.batch_size, self.shuffle_windows, self.seed = n, batch_size, shuffle, seed
        self.num_replicas, self.rank, self.epoch = num_replicas, rank, 0
        self.lengths = None if lengths is None else lengths.numpy()
        self.rng = RnnwbRng(seed)  # rnnwb's shuffle stream: the same orders as rnnwb for the same seed
        self.current = np.arange(n)  # shuffled in place each epoch, as rnnwb's order_

    def set_epoch(self, epoch):
        self.epoch = epoch

    def order(self):
        """The epoch's order of all windows (the same on every rank). Call once per epoch, in order:
        it draws from the sampler's seeded stream as rnnwb draws from its shuffle stream."""
        order = self.current
        if not self.shuffle_windows:
            return order
        self.rng.shuffle(order)
        if self.lengths is not None:  # rnnwb's bucket_by_length
            bs, bucket = self.batch_size, self.batch_size * 16
            for first in range(0, self.n, bucket):
                part = order[first:first + bucket]
                order[first:first + bucket] = part[np.argsort(-self.lengths[part], kind="stable")]
            full = self.n // bs
            blocks = np.arange(full)
            self.rng.shuffle(blocks)
            order = np.concatenate([order[k * bs:(k + 1) * bs] for k in blocks] + [order[full * bs:]])
            self.current = order
        return order.copy()

    def batches(self, order):
        """(global batch rows, this rank's rows) of each step of the epoch."""
        W, r = self.num_replicas, self.rank
        for first in range(0, self.n, self.batch_size):
            rows = order[first:first + self.batch_size]
            m = len(rows)
            yield rows, rows[m * r // W:m * (r + 1) // W]

    def __iter__(self):
        for _, mine in self.batches(self.order()):
            yield from mine.tolist()

    def __len__(self):
        return sum(len(mine) for _, mine in self.batches(np.arange(self.n)))


# ----------------------------------------------------------------------------------------------
# Model file


def _dtype_of(a):
    return {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64"}[a.dtype]


def write_safetensors(path, tensors, metadata):
    """tensors: {name: float32 numpy array}; metadata: {str: str}. Written to a temporary file in the
    same folder and renamed over path, so a reader never sees half a file."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, a in tensors.items():
        a = np.ascontiguousarray(a, dtype="<f4")
        raw = a.tobytes()
        header[name] = {"dtype": _dtype_of(a), "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".train-", suffix=".safetensors.tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(text)))
            f.write(text)
            for raw in blobs:
                f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def selftest(net, steps, features):
    """engine/io/model_selftest.cpp's entry: a few fixed input windows and the network's outputs,
    computed in float64 from the float32 weights (so the stored outputs are the exact ones and rnnwb's
    float32 engine lands within its tolerance)."""
    windows = min(max(SELFTEST_MAX_VALUES // max(steps * features, 1), 1), SELFTEST_WINDOWS)
    x = np.random.default_rng(0x5E1F7E57).uniform(-2.0, 2.0, (windows, steps, features)).astype(np.float32)
    twin = copy.deepcopy(net).cpu().double().eval()
    with torch.no_grad():
        y = twin(torch.from_numpy(x).double()).numpy()
    return {"tolerance": SELFTEST_TOLERANCE,
            "inputs": {"shape": [windows, steps, features], "values": [float(v) for v in x.ravel()]},
            "outputs": {"shape": [windows, 1, int(y.shape[1])], "values": [float(v) for v in y.ravel()]}}


def check_resume_tensors(tensors, net, path):
    expected = {name: tuple(t.shape) for name, t in lp.layer_tensors(net.layers).items()}
    have = {name: tuple(a.shape) for name, a in tensors.items()}
    if set(have) != set(expected):
        raise TrainError(f"{path}: its tensors {sorted(have)} are not the network's {sorted(expected)}")
    for name, shape in expected.items():
        if have[name] != shape:
            raise TrainError(f"{path}: tensor {name} has shape {list(have[name])}, the network needs {list(shape)}")
        if not np.isfinite(tensors[name]).all():
            raise TrainError(f"{path}: tensor {name} holds NaN or infinite weights")


# ----------------------------------------------------------------------------------------------
# Training


class Dist:
    """The process group when started by torchrun (RANK, WORLD_SIZE, LOCAL_RANK), else one process."""

    def __init__(self, device_choice):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        # NCCL needs a GPU of its own per process: "auto" takes the GPUs only when there is one per
        # process of this machine, else trains on the CPU (gloo).
        gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
        local_world = int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
        cuda = gpus >= local_world if device_choice == "auto" else device_choice == "cuda"
        if cuda and gpus == 0:
            raise TrainError("--device cuda: torch sees no CUDA device")
        if cuda and gpus < local_world:
            raise TrainError(f"--device cuda: {local_world} processes on this machine but {gpus} GPU(s); NCCL needs "
                             f"one GPU per process: give torchrun --nproc_per_node {gpus}, or train on the CPU "
                             "(--device cpu)")
        self.device = torch.device(f"cuda:{self.local_rank % torch.cuda.device_count()}" if cuda else "cpu")
        if cuda:
            torch.cuda.set_device(self.device)
        self.backend = "none"
        if "RANK" in os.environ and "WORLD_SIZE" in os.environ:
            import torch.distributed as dist
            self.backend = "nccl" if cuda else "gloo"
            dist.init_process_group(self.backend)
        self.distributed = self.backend != "none"

    def sum(self, values):
        """values (floats) summed over the ranks."""
        t = torch.tensor(values, dtype=torch.float64, device=self.device)
        if self.distributed:
            import torch.distributed as dist
            dist.all_reduce(t)
        return t.tolist()

    def from_rank0(self, value):
        """Rank 0's value on every rank: decisions taken from it (improved, early stop, the plateau
        schedule) must agree, or one rank leaves the loop while the others wait in its next batch."""
        if not self.distributed:
            return value
        import torch.distributed as dist
        t = torch.tensor([value], dtype=torch.float64, device=self.device)
        dist.broadcast(t, 0)
        return float(t.item())

    def close(self, code=0):
        """Ends the process group. Under torchrun this ends the process itself: with torch 1.13's gloo,
        freeing DDP's reducer after destroy_process_group can deadlock (the reducer joins gloo's
        worker thread while holding the GIL, and that thread waits for the GIL to free a tensor), so
        every rank waits for the others (rank 0 has written the model file) and exits at once."""
        if self.distributed:
            import torch.distributed as dist
            dist.barrier()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)


def evaluate_loss(net, data, loss):
    """The mean loss over a split (eval mode, batches of 256, combined by their denominators)."""
    was = net.training
    net.eval()
    total = denominator = 0.0
    with torch.no_grad():
        for first in range(0, data.n, EVAL_BATCH):
            rows = torch.arange(first, min(first + EVAL_BATCH, data.n))
            x, y, lengths = data.batch(rows)
            d = loss.denominator(y)
            total += float(loss(net(x, lengths), y)) * d
            denominator += d
    net.train(was)
    return total / denominator


def predict(net, data):
    was = net.training
    net.eval()
    out = []
    with torch.no_grad():
        for first in range(0, data.n, 4096):
            rows = torch.arange(first, min(first + 4096, data.n))
            x, _, lengths = data.batch(rows)
            out.append(net(x, lengths).double().cpu().numpy())
    net.train(was)
    return np.concatenate(out) if out else np.empty((0, net.outputs))


def fit(net, model, train, validation, t, loss, dist, log):
    """rnnwb's fit() (engine/train/trainer.cpp) with torch: returns (history, best_epoch, status, message)."""
    params = list(net.parameters())
    optimizer = make_optimizer(params, t["optimizer"])
    schedule = Schedule(t["schedule"], t["optimizer"]["lr"], t["epochs"])
    sampler = GlobalBatchSampler(train.n, t["batch_size"], t["shuffle"], t["seed"], train.lengths,
                                 dist.world, dist.rank)
    initial = copy.deepcopy(net.state_dict())
    best, best_epoch, best_loss, bad_epochs = copy.deepcopy(initial), 0, math.inf, 0
    history, status, message = [], "completed", ""
    world = float(dist.world)
    model.train()
    epoch = 0
    try:
        for epoch in range(1, t["epochs"] + 1):
            start = time.perf_counter()
            lr = schedule.lr
            for group in optimizer.param_groups:
                group["lr"] = lr
            sampler.set_epoch(epoch)
            total = windows = 0.0
            diverged = False
            for b, (rows, mine) in enumerate(sampler.batches(sampler.order())):
                den_total = loss.denominator_of_rows(train.y, rows)
                weight = 1.0
                if len(mine) == 0:  # this rank's share of a small last batch: step along with weight 0
                    mine, weight = rows[:1], 0.0
                x, y, lengths = train.batch(torch.as_tensor(mine))
                optimizer.zero_grad(set_to_none=False)
                local = loss(model(x, lengths), y)
                share = weight * loss.denominator(y) / den_total  # this rank's part of the batch mean
                (local * (share * world)).backward()  # DDP averages over the ranks: the batch mean's gradient
                value = float(local) * share
                # rnnwb stops at a non-finite batch loss. Under DDP one rank's loss says nothing about the
                # others', so the ranks decide on the averaged gradients instead, which are the same on
                # every rank (and non-finite whenever a rank's loss was).
                if dist.distributed:
                    finite = math.isfinite(float(torch.norm(torch.stack([p.grad.detach().norm() for p in params]))))
                else:
                    finite = math.isfinite(value)
                if not finite:
                    message = (f"training diverged: the loss became non-finite at epoch {epoch}, batch {b + 1}; lower "
                               f"the learning rate (now {lr:g}), set gradient clipping, or check the data for extreme "
                               "values")
                    diverged = True
                    break
                if t["clip_norm"] > 0:
                    torch.nn.utils.clip_grad_norm_(params, t["clip_norm"])
                optimizer.step()
                total += value * len(rows)
                windows += len(mine) * weight
            if diverged:
                status = "diverged"
                break
            total, windows = dist.sum([total, windows])
            train_loss = total / train.n
            val_loss = dist.from_rank0(evaluate_loss(net, validation, loss)) if validation is not None else math.nan
            seconds = time.perf_counter() - start
            history.append({"epoch": epoch, "train_loss": train_loss if math.isfinite(train_loss) else None,
                            "val_loss": val_loss if math.isfinite(val_loss) else None, "lr": lr, "seconds": seconds,
                            "windows": int(round(windows))})
            monitored = val_loss if validation is not None else train_loss
            if not math.isfinite(monitored):
                status = "diverged"
                message = (f"training diverged: the {'validation' if validation is not None else 'training'} loss is "
                           f"not finite after epoch {epoch}; lower the learning rate or set gradient clipping")
                log(epoch, t["epochs"], history[-1], False)
                break
            improved = monitored < best_loss - t["min_delta"]
            if improved:
                best_loss, best_epoch, bad_epochs = monitored, epoch, 0
                best = copy.deepcopy(net.state_dict())
            else:
                bad_epochs += 1
            log(epoch, t["epochs"], history[-1], improved)
            schedule.epoch_end(monitored)
            if t["patience"] > 0 and bad_epochs >= t["patience"]:
                status = "early_stopped"
                message = f"stopped early after epoch {epoch}: no improvement for {t['patience']} epochs"
                break
    except KeyboardInterrupt:  # Ctrl-C on one process: end as rnnwb's stop button does
        if dist.distributed:
            raise
        status, message = "cancelled", f"stopped by the user during epoch {epoch}"

    if best_epoch > 0 and (t["restore_best"] or status in ("diverged", "cancelled")):
        net.load_state_dict(best)
    elif status == "diverged":
        net.load_state_dict(initial)  # never hand back NaN weights
    if status == "completed":
        message = f"completed {len(history)} epochs"
    if best_epoch > 0:
        message += f"; best epoch {best_epoch} (loss {best_loss:.6g})"
    return history, best_epoch, status, message


def test_metrics(prepared, net, data, split):
    """Metrics in original units (pipeline.decode) of a split's windows."""
    if data.n == 0:
        return {}
    out = predict(net, data)
    if prepared.task == "classification":
        labels = data.y.cpu().numpy()
        return {"accuracy": float((out.argmax(axis=1) == labels).mean()), "windows": int(data.n)}
    pred = np.asarray(prepared.decode(out, split), dtype=np.float64).reshape(data.n, -1)
    true = np.asarray(prepared.decode(data.y.cpu().numpy().astype(np.float64), split), dtype=np.float64)
    err = pred - true.reshape(data.n, -1)
    return {"rmse": float(np.sqrt(np.mean(err ** 2))), "mae": float(np.mean(np.abs(err))), "windows": int(data.n)}


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Train an rnnwb experiment with PyTorch (torchrun for DDP).")
    ap.add_argument("--config", default=os.path.join(HERE, "config.json"))
    ap.add_argument("--data", default=None, help="the data file (overrides the settings' data source / X path)")
    ap.add_argument("--out", default=os.path.join(HERE, "model.safetensors"),
                    help="the model file to write (default: model.safetensors in the project's folder)")
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--seed", type=int, default=None, help="the init and shuffle/dropout seed (as rnnwb train --seed)")
    ap.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    ap.add_argument("--threads", type=int, default=None, help="torch threads per process")
    ap.add_argument("--resume", default=None, help="an rnnwb model file to continue from")
    return ap.parse_args(argv)


def same_file(a, b):
    try:
        return os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def run(args):
    started_at = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    clock = time.perf_counter()
    config_path = os.path.abspath(args.config)
    config = pipeline.read_config(config_path)
    base = os.path.dirname(config_path)
    settings = config["settings"]
    resume = args.resume if args.resume is not None else config.get("resume")
    if resume and not os.path.isabs(resume):
        resume = os.path.abspath(resume) if args.resume is not None else os.path.join(base, resume)
    out = os.path.abspath(args.out)
    data_source = settings.get("data", {}).get("source", "")
    guarded = [config_path] + ([resume] if resume else []) + ([os.path.abspath(args.data)] if args.data else [])
    if data_source and not data_source.startswith("sample:"):
        guarded.append(data_source if os.path.isabs(data_source) else os.path.join(base, data_source))
    for x in (settings.get("sequences") or {}).get("x", ""), (settings.get("sequences") or {}).get("y", ""):
        if x:
            guarded.append(x if os.path.isabs(x) else os.path.join(base, x))
    for g in guarded:
        if same_file(out, g) or os.path.realpath(out) == os.path.realpath(g):
            raise TrainError(f"--out {args.out} is {g}, an input of this run; choose another file")

    dist = Dist(args.device)
    threads = args.threads
    if threads is None:  # the settings' threads, shared by the processes of this machine
        threads = int(settings.get("training", {}).get("threads", 0) or 0)
        if threads > 0 and dist.distributed:
            threads = max(1, threads // int(os.environ.get("LOCAL_WORLD_SIZE", "1")))
    if threads > 0:
        torch.set_num_threads(threads)
    say = (lambda *a, **k: print(*a, **k, flush=True)) if dist.rank == 0 else (lambda *a, **k: None)

    resumed_meta, resumed_tensors, resumed_sha = None, None, ""
    if resume:
        resumed_tensors, raw = lp.read_safetensors(resume)
        if "rnnwb" not in raw:
            raise TrainError(f"{resume} is not an rnnwb model file (no 'rnnwb' metadata)")
        resumed_meta, resumed_sha = json.loads(raw["rnnwb"]), pipeline.sha256_of(resume)
    prepared = pipeline.prepare(settings, base, args.data, resumed_meta)
    for w in prepared.warnings:
        say(f"warning: {w}")

    training = dict(settings.get("training", {}))
    if args.epochs is not None:
        if args.epochs < 0:
            raise TrainError("--epochs must be >= 0")
        if args.epochs > 0:
            training["epochs"] = args.epochs
    if args.seed is not None:
        training["seed"] = training["init_seed"] = args.seed
    t = training_options(training)
    if args.epochs == 0:
        t["epochs"] = 0
    if prepared.task == "classification":
        t["loss"] = "cross_entropy"
        if prepared.class_weights is not None:
            t["class_weights"] = list(prepared.class_weights)

    specs = normalised_layers(settings["layers"]) + [head_spec(prepared.outputs)]
    x_train, y_train = prepared.train
    features = int(x_train.shape[2])
    if resumed_meta is not None:
        theirs = [(l.get("type"), int(l.get("units", 0)), bool(l.get("bidirectional", False)))
                  for l in normalised_layers(resumed_meta["layers"])]
        ours = [(l["type"], l["units"], bool(l.get("bidirectional", False))) for l in specs]
        if theirs != ours or int(resumed_meta.get("input_features", features)) != features:
            raise TrainError(f"{resume}: its layers {theirs} on {resumed_meta.get('input_features')} features are not "
                             f"the settings' {ours} on {features}")
    torch.manual_seed(t["init_seed"] % 2 ** 64)
    net = Network(specs, features)
    if resumed_tensors is not None:
        check_resume_tensors(resumed_tensors, net, resume)
        net = Network(specs, features, resumed_tensors)
    else:
        initialise(net, specs, t["init"], t["init_seed"])
    net.to(dist.device)
    torch.manual_seed((t["seed"] + dist.rank) % 2 ** 64)  # dropout masks: each rank its own stream
    model = net
    if dist.distributed:
        model = nn.parallel.DistributedDataParallel(
            net, device_ids=[dist.device.index] if dist.device.type == "cuda" else None)

    train = Windows(x_train, y_train, dist.device)
    validation = Windows(*prepared.validation, dist.device) if len(prepared.validation[0]) else None
    test = Windows(*prepared.test, dist.device)
    if train.n == 0:
        raise TrainError("the training split has no windows")
    loss = Loss(t["loss"], t["huber_delta"], t.get("class_weights"), dist.device)
    say(f"train.py: {train.n} training, {validation.n if validation else 0} validation, {test.n} test windows; "
        f"{dist.world} process(es) on {dist.device.type} (backend {dist.backend}); "
        f"{sum(p.numel() for p in net.parameters())} weights" + (f"; resumed from {resume}" if resume else ""))

    def log(epoch, epochs, h, improved):
        val = "     -    " if h["val_loss"] is None else f"{h['val_loss']:.6f}"
        say(f"epoch {epoch:4d}/{epochs}  train {h['train_loss']:.6f}  val {val}  lr {h['lr']:.3g}  "
            f"{h['seconds']:.2f}s  windows {h['windows']}" + ("  *" if improved else ""))

    if t["epochs"] > 0:
        history, best_epoch, status, message = fit(net, model, train, validation, t, loss, dist, log)
    else:
        history, best_epoch, status, message = [], 0, "completed", "no epochs: the initial weights unchanged"
    say(f"train.py: {message}")

    if dist.rank == 0:
        net.eval()
        metrics = {"test": test_metrics(prepared, net, test, "test")} if test.n else {}
        for name, m in metrics.get("test", {}).items():
            say(f"test {name}: {m:.6g}" if isinstance(m, float) else f"test {name}: {m}")
        record = dict(training)
        if t["epochs"] == 0 and int(record.get("epochs", 1) or 1) < 1:
            record["epochs"] = 1
        meta = dict(prepared.metadata)
        meta.update({
            "rnnwb_version": config.get("rnnwb_version", meta.get("rnnwb_version", "")),
            "input_features": features,
            "layers": specs,
            "training": record,
            "history": history,
            "best_epoch": best_epoch,
            "fit_status": status,
            "metrics": {},
            "trained_by": {"engine": "pytorch", "engine_version": torch.__version__,
                           "torch_version": torch.__version__, "processes": dist.world,
                           "device": dist.device.type, "backend": dist.backend,
                           "script_format_version": SCRIPT_FORMAT_VERSION, "resumed_from": resumed_sha,
                           "started_at": started_at, "seconds": round(time.perf_counter() - clock, 3)},
        })
        steps = int(meta.get("model_steps", x_train.shape[1]))
        tensors = {name: v.detach().cpu().float().numpy() for name, v in lp.layer_tensors(net.layers).items()}
        write_safetensors(out, tensors, {"format": "pt", "rnnwb": json.dumps(meta),
                                         SELFTEST_KEY: json.dumps(selftest(net, steps, features))})
        say(f"train.py: wrote {out} ({status}, {len(history)} epochs, {time.perf_counter() - clock:.1f}s)")
    dist.close()
    return 0


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except (TrainError, ValueError, OSError) as err:
        print(f"train.py: error: {err}", file=sys.stderr)
        return 1
    except KeyError as err:  # a setting config.json lacks
        print(f"train.py: error: config.json lacks the setting {err}; export the project again with rnnwb",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
