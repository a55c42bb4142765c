#!/usr/bin/python3
"""Builds a model file with a layer stack `rnnwb train` does not make, for the export checks.

Usage: export_layers.py BASE.safetensors LAYERS OUT.safetensors

The new file keeps BASE's metadata (pipeline, columns, training record) and replaces its layers
and weights: LAYERS is a comma-separated list of kind:units[:activation][:seq] (units "out" means
horizon x targets) or dropout:rate, e.g. "rnn:8:relu:seq,dense:6:tanh,gru:4,dense:out:linear".
The weights are drawn uniformly from +-1/sqrt(fan_in) with a fixed seed. rnnwb checks the result
when it loads it (tensor names and shapes against the layers), so a bad stack fails loudly.
"""
import json
import struct
import sys

import numpy as np

GATES = {"lstm": 4, "gru": 3, "rnn": 1}


def read_meta(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    return json.loads(json.loads(data[8 : 8 + n])["__metadata__"]["rnnwb"])


def parse_layers(text, outputs):
    layers = []
    for item in text.split(","):
        parts = item.split(":")
        if parts[0] == "dropout":
            layers.append({"type": "dropout", "units": 0, "activation": "linear", "return_sequences": False,
                           "dropout": float(parts[1])})
            continue
        units = outputs if parts[1] == "out" else int(parts[1])
        activation = parts[2] if len(parts) > 2 else "tanh"
        layers.append({"type": parts[0], "units": units, "activation": activation,
                       "return_sequences": "seq" in parts[3:], "dropout": 0.0})
    return layers


def tensors(layers, features, rng):
    out, width = [], features
    for i, layer in enumerate(layers):
        kind, units = layer["type"], layer["units"]
        if kind == "dropout":
            continue
        bound = 1.0 / np.sqrt(max(width, units))
        draw = lambda *shape: rng.uniform(-bound, bound, shape).astype("<f4")  # noqa: E731
        if kind == "dense":
            out += [(f"layers.{i}.weight", draw(units, width)), (f"layers.{i}.bias", draw(units))]
        else:
            g = GATES[kind] * units
            out += [(f"layers.{i}.weight_ih", draw(g, width)), (f"layers.{i}.weight_hh", draw(g, units)),
                    (f"layers.{i}.bias_ih", draw(g)), (f"layers.{i}.bias_hh", draw(g))]
        width = units
    return out


def write_safetensors(path, named, metadata):
    header, offset = {"__metadata__": metadata}, 0
    for name, array in named:
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(a.tobytes() for _, a in named))


def main():
    base, spec, out = sys.argv[1:4]
    meta = read_meta(base)
    meta["layers"] = parse_layers(spec, meta["horizon"] * len(meta["targets"]))
    named = tensors(meta["layers"], meta["input_features"], np.random.default_rng(11))
    write_safetensors(out, named, {"rnnwb": json.dumps(meta), "format": "pt"})


if __name__ == "__main__":
    main()
