#!/usr/bin/env python3
"""Writes a copy of an rnnwb model file (safetensors) with its "rnnwb" metadata changed, as a
hostile user would: edit_model.py IN OUT CODE, where CODE is Python run with `meta` (the parsed
metadata dict) and `raw` (its JSON text); set `raw` to write text that JSON cannot express
(a duplicate key). Only the standard library."""
import json
import struct
import sys

src, dst, code = sys.argv[1], sys.argv[2], sys.argv[3]
blob = open(src, "rb").read()
(n,) = struct.unpack("<Q", blob[:8])
header = json.loads(blob[8 : 8 + n])
data = blob[8 + n :]
meta = json.loads(header["__metadata__"]["rnnwb"])
raw = None
scope = {"meta": meta, "raw": raw, "json": json}
exec(code, scope)
text = scope["raw"] if scope["raw"] is not None else json.dumps(scope["meta"])
header["__metadata__"]["rnnwb"] = text
out = json.dumps(header).encode()
out += b" " * (-len(out) % 8)
open(dst, "wb").write(struct.pack("<Q", len(out)) + out + data)
