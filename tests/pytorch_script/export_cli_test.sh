#!/usr/bin/env bash
# `rnnwb export --format pytorch-script` on the command line (issue 18): what it writes and what it refuses.
#  1. from a model: the project's files, config.json with the model's settings and absolute data paths, the
#     embedded sample's CSV byte for byte as `rnnwb` reads it; with --resume the model as initial.safetensors;
#  2. from a saved session (no training needed), and from a sequence model;
#  3. refused, with one clear line and nothing written: a folder that holds anything, --out over an input,
#     neither or both of --model and --session, --resume from a session without a trained model.
# Usage: export_cli_test.sh path/to/rnnwb
set -uo pipefail
RNNWB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# shellcheck source=../cli/check_helpers.sh
source "$HERE/../cli/check_helpers.sh"

"$RNNWB" train --data sample:sunspots --target SUNACTIVITY --window 7 --units 4 --epochs 2 --threads 1 --seed 3 \
  --out m.safetensors 2>/dev/null >/dev/null || { echo "FAILED: training the model to export"; exit 1; }

project_from_model() {
  "$RNNWB" export --model m.safetensors --format pytorch-script --out p1 || return 1
  for f in train.py pipeline.py README.md load_in_pytorch.py config.json data/sunspots.csv; do
    [ -s "p1/$f" ] || { echo "p1/$f missing"; return 1; }
  done
  [ ! -e p1/initial.safetensors ] || { echo "initial.safetensors without --resume"; return 1; }
  "$RNNWB" samples >/dev/null
  $PY - <<'PY'
import json, hashlib
c = json.load(open("p1/config.json"))
assert c["format"] == "rnnwb-pytorch-script" and c["format_version"] == 1, c
assert c["resume"] is None
s = c["settings"]
assert s["data"]["source"] == "data/sunspots.csv", s["data"]
assert s["data"]["csv"]["time_column"] == "YEAR"
assert s["pipeline"]["window"] == 7 and s["pipeline"]["targets"] == ["SUNACTIVITY"]
assert s["layers"][0]["units"] == 4 and s["training"]["seed"] == 3, s["training"]
# The sample's bytes: the SHA-256 the model recorded for its training data.
meta_len = int.from_bytes(open("m.safetensors", "rb").read(8), "little")
meta = json.loads(json.loads(open("m.safetensors", "rb").read()[8:8 + meta_len])["__metadata__"]["rnnwb"])
assert hashlib.sha256(open("p1/data/sunspots.csv", "rb").read()).hexdigest() == meta["data"]["sha256"]
assert s["data"]["sha256"] == meta["data"]["sha256"]
PY
}
check "a project from a model: its files, its settings, the sample's bytes" project_from_model

resumed_project() {
  "$RNNWB" export --model m.safetensors --format pytorch-script --out p2 --resume || return 1
  [ "$($PY -c 'import json; print(json.load(open("p2/config.json"))["resume"])')" = initial.safetensors ] || return 1
  "$RNNWB" inspect --model p2/initial.safetensors >/dev/null || return 1
  cmp <("$RNNWB" predict --model m.safetensors --data sample:sunspots --out /dev/stdout 2>/dev/null) \
    <("$RNNWB" predict --model p2/initial.safetensors --data sample:sunspots --out /dev/stdout 2>/dev/null)
}
check "--resume writes the model it continues from" resumed_project

other_data() {
  head -200 p1/data/sunspots.csv >short.csv
  "$RNNWB" export --model m.safetensors --format pytorch-script --out p3 --data short.csv || return 1
  $PY -c "
import json, os
s = json.load(open('p3/config.json'))['settings']['data']
assert s['source'] == os.path.realpath('short.csv'), s
assert s['sha256'] == '', s
" && [ ! -e p3/data ]
}
check "--data: other data, named by its absolute path, not copied" other_data

sequence_model() {
  $PY -c "
import numpy as np
rng = np.random.default_rng(1)
X = rng.normal(size=(40, 6, 2)).astype(np.float32)
X[:10, :2] = np.nan  # padding before the valid steps
np.savez('seq.npz', X=X, y=X[:, -1, :1].astype(np.float64) * 2)
"
  "$RNNWB" train --input seq.npz --units 3 --epochs 1 --threads 1 --out s.safetensors >/dev/null 2>&1 || return 1
  "$RNNWB" export --model s.safetensors --format pytorch-script --out p4 || return 1
  $PY -c "
import json, os
s = json.load(open('p4/config.json'))['settings']
assert s['data']['kind'] == 'sequences', s['data']
assert s['sequences']['x'] == os.path.realpath('seq.npz'), s['sequences']
"
}
check "a sequence model's project names its .npz" sequence_model

# A workbench session holding settings only (as File > Save Session writes before any training).
from_session() {
  $PY - <<'PY' || return 1
import json, struct
settings = json.load(open("p1/config.json"))["settings"]
settings["data"]["source"] = "sample:sunspots"
settings["pipeline"]["window"] = 5
session = dict(settings, format_version=1, rnnwb_version="0.1.0", view={})
header = json.dumps({"__metadata__": {"rnnwb_session": json.dumps(session)}}).encode()
header += b" " * (-len(header) % 8)
open("settings.rnnwb", "wb").write(struct.pack("<Q", len(header)) + header)
PY
  "$RNNWB" export --session settings.rnnwb --format pytorch-script --out p6 || return 1
  $PY -c "
import json
s = json.load(open('p6/config.json'))['settings']
assert s['pipeline']['window'] == 5 and s['data']['source'] == 'data/sunspots.csv', s
" && [ -s p6/data/sunspots.csv ]
}
check "a project from a saved session, before any training" from_session
check "--resume from a session without a trained model is refused" expect_exit 2 "holds no trained model" \
  "$RNNWB" export --session settings.rnnwb --format pytorch-script --out p7 --resume
check "  ... nothing written" test ! -e p7
# A sequence model given other data: X and its targets together, never a new X beside the old Y.
check "--data for a sequence model must bring its targets (.npz)" expect_exit 2 "need their targets with them" \
  "$RNNWB" export --model s.safetensors --format pytorch-script --out p8 --data other_X.npy
check "  ... nothing written" test ! -e p8
npz_data() {
  cp seq.npz other.npz
  "$RNNWB" export --model s.safetensors --format pytorch-script --out p9 --data other.npz || return 1
  $PY -c "
import json, os
q = json.load(open('p9/config.json'))['settings']['sequences']
assert q['x'] == os.path.realpath('other.npz') and q['y'] == '', q
"
}
check "  ... an .npz replaces X and Y" npz_data

# A model records its data as the training was given it: relative to where that ran. Found beside
# the model (or in the current folder); found nowhere: one clear line asking for --data.
relative_data() {
  mkdir -p trained/elsewhere && head -150 p1/data/sunspots.csv >trained/spots.csv || return 1
  (cd trained && "$RNNWB" train --data spots.csv --target SUNACTIVITY --window 5 --units 3 --epochs 1 --threads 1 \
    --missing interpolate --out m.safetensors >/dev/null 2>&1) || return 1
  (cd trained/elsewhere && "$RNNWB" export --model ../m.safetensors --format pytorch-script --out ../../p10) || return 1
  $PY -c "
import json, os
d = json.load(open('p10/config.json'))['settings']['data']
assert d['source'] == os.path.realpath('trained/spots.csv'), d
assert d['missing'] == 'interpolate', d   # the model file recorded the policy its training used
"
}
check "a relative data path is found beside the model; the missing-value policy comes from the model" relative_data
mv trained/spots.csv trained/gone.csv
check "data found nowhere: export asks for --data" expect_exit 3 "give the data to train on with --data" \
  "$RNNWB" export --model trained/m.safetensors --format pytorch-script --out p11
check "  ... nothing written" test ! -e p11

check "a non-empty folder is refused, nothing in it changed" expect_exit 5 "is not empty" \
  "$RNNWB" export --model m.safetensors --format pytorch-script --out p1
check "  ... and p1's config is the first export's" $PY -c "import json; assert json.load(open('p1/config.json'))['resume'] is None"
check "--out over the model is refused" expect_exit 2 "" \
  "$RNNWB" export --model m.safetensors --format pytorch-script --out m.safetensors
check "neither --model nor --session" expect_exit 2 "give one of them" \
  "$RNNWB" export --format pytorch-script --out p5
check "  ... nothing written" test ! -e p5
check "--resume belongs to pytorch-script" expect_exit 2 "--resume and --session belong to --format pytorch-script" \
  "$RNNWB" export --model m.safetensors --format onnx --out m.onnx --resume
check "--model is still needed for the other formats" expect_exit 2 "--model is required for --format onnx" \
  "$RNNWB" export --format onnx --out m.onnx

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
