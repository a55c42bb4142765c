#!/usr/bin/python3
"""Generate the PyTorch parity fixtures (golden files) for RNN Workbench.

For each case below this script builds the model in PyTorch (float32, CPU,
one thread), draws every parameter (biases included) from U(-0.5, 0.5), draws
x ~ N(0, 1) and target ~ N(0, 1) with fixed seeds, and records:

  * the forward output, the loss, the parameter gradients and dL/dx;
  * 5 optimizer steps from the same initial parameters on the same batch
    (zero_grad, loss, backward, optional clip_grad_norm_, step): the loss
    before each step and the parameters after the last one.

Each case is written to tests/parity/fixtures/<name>.json; the keys are
those of the `fixture` dict built in run_case() below (flat arrays are
row-major, output always 3-D (B, S, O) with S = T or 1; the target (B, S, O), or for cross-entropy
(B, S, 1) class indices in "target_shape", the loss with PyTorch's optional class "weight"). Every float is the exact
float32 value written as a Python float, so C++ can read it back bit-exactly.
After writing, every fixture is reloaded and its output, loss and gradients
are recomputed from the JSON parameters and compared for exact equality.

Rerun from the repository root (Debian's python, which has python3-torch):

    /usr/bin/python3 tests/parity/make_fixtures.py

The output is deterministic: rerunning with the same torch build reproduces
the same files.
"""

import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "fixtures")
OPT_STEPS = 5

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
torch.set_default_dtype(torch.float32)


# --------------------------------------------------------------------------
# Model


class Stack(nn.Module):
    """Sequential stack matching RNN Workbench's layer semantics."""

    def __init__(self, input_features, layer_specs):
        super().__init__()
        self.specs = layer_specs
        self.mods = nn.ModuleList()
        feat = input_features
        for spec in layer_specs:
            t, units = spec["type"], spec["units"]
            both = spec.get("bidirectional", False)
            if t == "rnn":
                m = nn.RNN(feat, units, num_layers=1, nonlinearity=spec["activation"],
                           batch_first=True, bidirectional=both)
            elif t == "lstm":
                m = nn.LSTM(feat, units, num_layers=1, batch_first=True, bidirectional=both)
            elif t == "gru":
                m = nn.GRU(feat, units, num_layers=1, batch_first=True, bidirectional=both)
            elif t == "dense":
                m = nn.Linear(feat, units)
            else:
                raise ValueError(t)
            self.mods.append(m)
            feat = units * (2 if both else 1)

    def named_stack_params(self):
        """(fixture name, parameter) in stack order."""
        out = []
        for i, (spec, m) in enumerate(zip(self.specs, self.mods)):
            if spec["type"] == "dense":
                out.append((f"layers.{i}.weight", m.weight))
                out.append((f"layers.{i}.bias", m.bias))
            else:
                out.append((f"layers.{i}.weight_ih", m.weight_ih_l0))
                out.append((f"layers.{i}.weight_hh", m.weight_hh_l0))
                out.append((f"layers.{i}.bias_ih", m.bias_ih_l0))
                out.append((f"layers.{i}.bias_hh", m.bias_hh_l0))
                if spec.get("bidirectional", False):
                    for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                        out.append((f"layers.{i}.{n}_reverse", getattr(m, f"{n}_l0_reverse")))
        return out

    def forward(self, x, spans=None):
        """x (B, T, F). With spans [(first, length)] per sequence, each sequence is only its
        valid steps x[b, first:first+length], run packed (pack_sequence), as the engine does."""
        if spans is not None:
            h = nn.utils.rnn.pack_sequence([x[b, f:f + n] for b, (f, n) in enumerate(spans)],
                                           enforce_sorted=False)
        else:
            h = x  # (B, T, F); becomes (B, H) once a layer drops the sequence
        for spec, m in zip(self.specs, self.mods):
            if spec["type"] == "dense":
                packed = isinstance(h, nn.utils.rnn.PackedSequence)
                v = m(h.data if packed else h)
                act = spec["activation"]
                if act == "relu":
                    v = torch.relu(v)
                elif act == "tanh":
                    v = torch.tanh(v)
                elif act == "sigmoid":
                    v = torch.sigmoid(v)
                elif act != "linear":
                    raise ValueError(act)
                h = h._replace(data=v) if packed else v
            else:
                if not isinstance(h, nn.utils.rnn.PackedSequence) and h.dim() != 3:
                    raise ValueError("recurrent layer after sequence was dropped")
                seq, state = m(h)  # zero initial state
                if spec["return_sequences"]:
                    h = seq
                else:
                    # The state after the last valid step (h_n), both directions side by side.
                    hn = state[0] if isinstance(state, tuple) else state
                    h = torch.cat(list(hn), dim=-1)
        if isinstance(h, nn.utils.rnn.PackedSequence):
            raise ValueError("packed fixtures end with the last step")
        if h.dim() == 2:
            h = h.unsqueeze(1)  # (B, 1, O)
        return h


class CrossEntropy:
    """nn.CrossEntropyLoss on (B, S, C) logits and (B, S, 1) float class indices: every (b, s) is
    one sample, as RNN Workbench stores class targets."""

    def __init__(self, weight):
        w = None if weight is None else torch.tensor(weight, dtype=torch.float32)
        self.fn = nn.CrossEntropyLoss(weight=w, reduction="mean")

    def __call__(self, out, target):
        return self.fn(out.reshape(-1, out.shape[-1]), target.reshape(-1).long())


def make_loss(spec):
    if spec["type"] == "cross_entropy":
        return CrossEntropy(spec.get("weight"))
    if spec["type"] == "mse":
        return nn.MSELoss(reduction="mean")
    if spec["type"] == "mae":
        return nn.L1Loss(reduction="mean")
    if spec["type"] == "huber":
        return nn.HuberLoss(reduction="mean", delta=spec["delta"])
    raise ValueError(spec["type"])


def make_optimizer(spec, params):
    kw = {k: v for k, v in spec.items() if k not in ("type", "clip_norm")}
    if "betas" in kw:
        kw["betas"] = tuple(kw["betas"])
    cls = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
           "sgd": torch.optim.SGD, "rmsprop": torch.optim.RMSprop}[spec["type"]]
    return cls(params, **kw)


# --------------------------------------------------------------------------
# Helpers


def flat(t):
    """Tensor -> list of Python floats of the exact float32 values (C order)."""
    a = t.detach().cpu().contiguous().numpy()
    assert a.dtype == np.float32, a.dtype
    return [float(v) for v in a.reshape(-1)]


def seq_len_out(layers, steps):
    """S: T if the last recurrent layer keeps the sequence, else 1."""
    s = steps
    for spec in layers:
        if spec["type"] != "dense" and not spec["return_sequences"]:
            s = 1
    return s


def build_model(case, param_source):
    """param_source: callable(name, shape) -> float32 tensor."""
    model = Stack(case["input_features"], case["layers"])
    with torch.no_grad():
        for name, p in model.named_stack_params():
            v = param_source(name, tuple(p.shape))
            assert v.dtype == torch.float32 and tuple(v.shape) == tuple(p.shape)
            p.copy_(v)
    return model


def forward_backward(model, loss_fn, x, target, spans=None):
    model.zero_grad(set_to_none=True)
    xg = x.clone().requires_grad_(True)
    out = model(xg, spans)
    loss = loss_fn(out, target)
    loss.backward()
    return out, loss, xg.grad


# --------------------------------------------------------------------------
# Cases


def rec(t, units, rs, act="tanh", both=False):
    spec = {"type": t, "units": units, "activation": act, "return_sequences": rs}
    if both:
        spec["bidirectional"] = True
    return spec


def dense(units, act):
    return {"type": "dense", "units": units, "activation": act}


MSE = {"type": "mse"}
ADAM = {"type": "adam", "lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8}

CASES = [
    dict(name="rnn_tanh",
         description="single Elman RNN (tanh, last step only) + linear dense; MSE; Adam",
         layers=[rec("rnn", 7, False, "tanh"), dense(1, "linear")],
         loss=MSE, optimizer=dict(ADAM)),
    dict(name="rnn_relu_stack",
         description="RNN relu (sequences) -> RNN tanh (last step) -> dense tanh; MSE; "
                     "SGD momentum 0.9 Nesterov",
         layers=[rec("rnn", 7, True, "relu"), rec("rnn", 5, False, "tanh"), dense(2, "tanh")],
         loss=MSE, optimizer={"type": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True}),
    dict(name="lstm_single",
         description="single LSTM (last step) + linear dense; MSE; Adam",
         layers=[rec("lstm", 7, False), dense(1, "linear")],
         loss=MSE, optimizer=dict(ADAM)),
    dict(name="lstm_stack3",
         description="3 stacked LSTMs (7,6 seq -> 5 last) + sigmoid dense(3); MSE; "
                     "Adam with clip_grad_norm_ 0.1 (CLIPINFO)",
         layers=[rec("lstm", 7, True), rec("lstm", 6, True), rec("lstm", 5, False),
                 dense(3, "sigmoid")],
         # clip_norm 0.1, not 0.5: with a sigmoid head and N(0,1) targets the
         # gradient norm is ~0.15, so 0.5 would never clip.
         loss=MSE, optimizer=dict(ADAM, clip_norm=0.1)),
    dict(name="gru_single",
         description="single GRU (last step) + linear dense; MSE; RMSprop (alpha 0.99, eps 1e-8)",
         layers=[rec("gru", 7, False), dense(1, "linear")],
         loss=MSE, optimizer={"type": "rmsprop", "lr": 0.01, "alpha": 0.99, "eps": 1e-8}),
    dict(name="gru_seq2seq",
         description="GRU(7 seq) -> GRU(4 seq) -> relu dense(2) per time step, output (B,T,2); "
                     "MSE; Adam",
         layers=[rec("gru", 7, True), rec("gru", 4, True), dense(2, "relu")],
         loss=MSE, optimizer=dict(ADAM)),
    dict(name="mixed_stack",
         description="GRU(6 seq) -> LSTM(5 last) -> dense tanh(4) -> dense linear(1); MSE; "
                     "AdamW weight_decay 0.05",
         layers=[rec("gru", 6, True), rec("lstm", 5, False), dense(4, "tanh"),
                 dense(1, "linear")],
         loss=MSE, optimizer={"type": "adamw", "lr": 0.01, "betas": [0.9, 0.999],
                              "eps": 1e-8, "weight_decay": 0.05}),
    dict(name="lstm_seq_huber",
         description="LSTM(7 seq) -> linear dense(3) per step, F=3; Huber delta 1 with "
                     "targets x3 (HUBERINFO); Adam",
         input_features=3, target_scale=3.0,
         layers=[rec("lstm", 7, True), dense(3, "linear")],
         loss={"type": "huber", "delta": 1.0}, optimizer=dict(ADAM)),
    dict(name="gru_mae",
         description="GRU(5 last) + linear dense(2), F=1, T=9; MAE (L1); Adam",
         input_features=1, steps=9,
         layers=[rec("gru", 5, False), dense(2, "linear")],
         loss={"type": "mae"}, optimizer=dict(ADAM)),
    dict(name="rnn_single_feature_long",
         description="RNN tanh(8, last step) + linear dense, F=1, T=20, B=3; MSE; "
                     "plain SGD lr 0.1",
         input_features=1, steps=20, batch=3,
         layers=[rec("rnn", 8, False, "tanh"), dense(1, "linear")],
         loss=MSE, optimizer={"type": "sgd", "lr": 0.1}),
    # Variable lengths: spans (first valid step, length) per sequence, padding before and/or after,
    # run packed in torch (pack_sequence of the trimmed sequences).
    dict(name="lstm_packed",
         description="LSTM(6, last valid step) + linear dense, B=4, T=7, padded lengths 7,3,5,1; MSE; Adam",
         steps=7, spans=[[0, 7], [2, 3], [0, 5], [6, 1]],
         layers=[rec("lstm", 6, False), dense(1, "linear")],
         loss=MSE, optimizer=dict(ADAM)),
    dict(name="gru_packed",
         description="GRU(5, last valid step) + linear dense(2), B=4, T=6, lengths 4,6,2,4; MSE; Adam",
         steps=6, spans=[[1, 4], [0, 6], [4, 2], [0, 4]],
         layers=[rec("gru", 5, False), dense(2, "linear")],
         loss=MSE, optimizer=dict(ADAM)),
    dict(name="rnn_packed",
         description="RNN tanh(5, last valid step) + linear dense, B=3, T=8, lengths 8,2,5; MSE; SGD",
         steps=8, batch=3, spans=[[0, 8], [3, 2], [1, 5]],
         layers=[rec("rnn", 5, False, "tanh"), dense(1, "linear")],
         loss=MSE, optimizer={"type": "sgd", "lr": 0.1}),
    dict(name="stack_packed",
         description="LSTM(6 seq) -> GRU(4 seq) -> RNN(3, last valid step) -> dense(2), B=5, T=6, "
                     "padded lengths; MSE; Adam",
         steps=6, batch=5, spans=[[0, 6], [1, 3], [0, 1], [2, 4], [0, 5]],
         layers=[rec("lstm", 6, True), rec("gru", 4, True), rec("rnn", 3, False, "tanh"),
                 dense(2, "linear")],
         loss=MSE, optimizer=dict(ADAM)),
    dict(name="bilstm",
         description="bidirectional LSTM(5, h_n of both directions) + linear dense; MSE; Adam",
         layers=[rec("lstm", 5, False, both=True), dense(1, "linear")],
         loss=MSE, optimizer=dict(ADAM)),
    dict(name="bigru_stack_packed",
         description="bidirectional GRU(4 seq) -> bidirectional RNN(3, h_n) -> dense(2), B=4, T=6, "
                     "padded lengths 6,2,4,3; MSE; Adam",
         steps=6, spans=[[0, 6], [0, 2], [2, 4], [1, 3]],
         layers=[rec("gru", 4, True, both=True), rec("rnn", 3, False, "tanh", both=True),
                 dense(2, "linear")],
         loss=MSE, optimizer=dict(ADAM)),
    dict(name="lstm_cross_entropy",
         description="LSTM(6, last step) + linear dense(4) logits, B=6; cross-entropy over 4 "
                     "classes (targets (B,1,1) class indices); Adam",
         batch=6,
         layers=[rec("lstm", 6, False), dense(4, "linear")],
         loss={"type": "cross_entropy"}, optimizer=dict(ADAM)),
    dict(name="gru_weighted_cross_entropy",
         description="GRU(5, last step) + linear dense(3) logits, B=16 (two data-parallel parts "
                     "of 8 in fit()); cross-entropy with class weights (PyTorch's weighted mean); "
                     "SGD momentum 0.9",
         batch=16,
         layers=[rec("gru", 5, False), dense(3, "linear")],
         loss={"type": "cross_entropy", "weight": [0.3, 2.0, 1.1]},
         optimizer={"type": "sgd", "lr": 0.1, "momentum": 0.9}),
    dict(name="rnn_seq_cross_entropy",
         description="RNN tanh(5 seq) + linear dense(3) per step: a class per time step, "
                     "weighted cross-entropy over all (B*T) steps; Adam",
         input_features=2,
         layers=[rec("rnn", 5, True, "tanh"), dense(3, "linear")],
         loss={"type": "cross_entropy", "weight": [1.5, 0.5, 1.0]}, optimizer=dict(ADAM)),
]


def run_case(idx, case):
    F = case.get("input_features", 5)
    B = case.get("batch", 4)
    T = case.get("steps", 6)
    case = dict(case, input_features=F, batch=B, steps=T)
    layers = case["layers"]
    S = seq_len_out(layers, T)
    O = layers[-1]["units"] * (2 if layers[-1].get("bidirectional") else 1)

    # Fixed per-case seeds: one generator for params, one for data.
    gp = torch.Generator().manual_seed(1000 + idx)
    gd = torch.Generator().manual_seed(2000 + idx)

    def uniform_source(name, shape):
        return torch.rand(shape, generator=gp, dtype=torch.float32) - 0.5

    model = build_model(case, uniform_source)
    spans = case.get("spans")
    x = torch.randn((B, T, F), generator=gd, dtype=torch.float32)
    if spans is not None:  # padding is recorded as 0 (the engine's tests make it NaN)
        for b, (first, n) in enumerate(spans):
            x[b, :first] = 0
            x[b, first + n:] = 0
    if case["loss"]["type"] == "cross_entropy":  # class indices 0 .. O-1, stored as floats
        # every class at least once, in random order
        labels = torch.arange(B * S) % O
        target = labels[torch.randperm(B * S, generator=gd)].reshape(B, S, 1).to(torch.float32)
    else:
        target = torch.randn((B, S, O), generator=gd, dtype=torch.float32)
        target = target * case.get("target_scale", 1.0)
    init_params = {n: p.detach().clone() for n, p in model.named_stack_params()}

    loss_fn = make_loss(case["loss"])
    out, loss, xgrad = forward_backward(model, loss_fn, x, target, spans)
    assert tuple(out.shape) == (B, S, O), (out.shape, (B, S, O))
    grads = {n: flat(p.grad) for n, p in model.named_stack_params()}

    description = case["description"]
    if case["loss"]["type"] == "huber":
        resid = (out.detach() - target).abs()
        n_big = int((resid > case["loss"]["delta"]).sum())
        assert 0 < n_big < resid.numel(), n_big
        description = description.replace(
            "HUBERINFO", f"{n_big} of {resid.numel()} residuals exceed delta")
    if case["loss"]["type"] in ("mae", "huber"):
        assert bool(((out.detach() - target) != 0).all()), "zero residual: ambiguous grad"

    # Optimizer run from the same initial params.
    opt_spec = case["optimizer"]
    clip = opt_spec.get("clip_norm")
    omodel = build_model(case, lambda n, s: init_params[n])
    params = [p for _, p in omodel.named_stack_params()]
    opt = make_optimizer(opt_spec, params)
    losses, norms = [], []
    for _ in range(OPT_STEPS):
        opt.zero_grad(set_to_none=True)
        l = loss_fn(omodel(x, spans), target)
        l.backward()
        losses.append(float(l.detach().to(torch.float32)))
        if clip is not None:
            n = torch.nn.utils.clip_grad_norm_(params, clip)
            norms.append(float(n))
        opt.step()
    if clip is not None:
        n_clipped = sum(1 for n in norms if n > clip)
        assert norms[0] > clip, norms
        description = description.replace(
            "CLIPINFO", f"clip triggers: pre-clip grad norm {norms[0]:.4f} > {clip} at step 1, "
                        f"norm > clip in {n_clipped} of {OPT_STEPS} steps")
    assert losses[0] == float(loss.detach()), (losses[0], float(loss))

    params_after = {n: flat(p) for n, p in omodel.named_stack_params()}
    opt_json = dict(opt_spec)
    opt_json.setdefault("clip_norm", None)

    fixture = {
        "name": case["name"],
        "description": description,
        "input_features": F, "batch": B, "steps": T,
        "layers": layers,
        "loss": case["loss"],
        "x": flat(x),
        "target": flat(target),
        "output_shape": [B, S, O],
        "params": {n: {"shape": list(v.shape), "data": flat(v)} for n, v in init_params.items()},
        "output": flat(out),
        "loss_value": float(loss.detach()),
        "grads": grads,
        "input_grad": flat(xgrad),
        "optimizer": opt_json,
        "steps_run": OPT_STEPS,
        "losses": losses,
        "params_after": params_after,
    }
    if list(target.shape) != [B, S, O]:
        fixture["target_shape"] = list(target.shape)
    if spans is not None:
        fixture["spans"] = spans
    path = os.path.join(OUT_DIR, case["name"] + ".json")
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    return path, norms


def verify(path):
    """Reload a fixture, rebuild the model from its JSON params, and check that
    output, loss, gradients and input gradient are reproduced exactly."""
    with open(path) as f:
        fx = json.load(f)
    shapes = {n: tuple(v["shape"]) for n, v in fx["params"].items()}

    def json_source(name, shape):
        assert shapes[name] == shape, (name, shapes[name], shape)
        return torch.tensor(fx["params"][name]["data"], dtype=torch.float32).reshape(shape)

    model = build_model(fx, json_source)
    assert [n for n, _ in model.named_stack_params()] == list(fx["params"].keys())
    B, T, F = fx["batch"], fx["steps"], fx["input_features"]
    x = torch.tensor(fx["x"], dtype=torch.float32).reshape(B, T, F)
    target = torch.tensor(fx["target"], dtype=torch.float32).reshape(fx.get("target_shape", fx["output_shape"]))
    # Round trip of the JSON numbers must be exact.
    assert flat(x) == fx["x"] and flat(target) == fx["target"]
    out, loss, xgrad = forward_backward(model, make_loss(fx["loss"]), x, target, fx.get("spans"))
    assert list(out.shape) == fx["output_shape"]
    assert flat(out) == fx["output"], "output mismatch"
    assert float(loss.detach()) == fx["loss_value"], "loss mismatch"
    assert flat(xgrad) == fx["input_grad"], "input grad mismatch"
    for n, p in model.named_stack_params():
        assert flat(p.grad) == fx["grads"][n], f"grad mismatch {n}"
    assert len(fx["losses"]) == fx["steps_run"] == OPT_STEPS
    assert all(math.isfinite(v) for v in fx["losses"])


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    names = [c["name"] for c in CASES]
    assert len(set(names)) == len(names)
    total = 0
    print(f"torch {torch.__version__}, numpy {np.__version__}")
    for idx, case in enumerate(CASES):
        path, norms = run_case(idx, case)
        verify(path)
        size = os.path.getsize(path)
        total += size
        extra = f"  pre-clip norms {['%.4f' % n for n in norms]}" if norms else ""
        print(f"{os.path.relpath(path, HERE):40s} {size:8d} bytes  verified{extra}")
    print(f"total {total} bytes ({total / 1024:.1f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
