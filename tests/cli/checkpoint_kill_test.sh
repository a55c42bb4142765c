#!/usr/bin/env bash
# Crash recovery of `rnnwb train --checkpoint`, on a real process killed with SIGKILL:
#  1. a normal run with --checkpoint leaves only the --out model, no checkpoint;
#  2. an unusable checkpoint path (missing folder, a folder, the --out file) is one clear error
#     and the documented exit code, before any training;
#  3. a long training (100000 epochs, minutes) with --checkpoint-every 0 is killed with kill -9 once
#     `rnnwb inspect` shows at least 2 epochs in the checkpoint. The checkpoint must load, carry
#     its recovery entry and the loss history, and predict exactly (byte for byte of the .npy)
#     like (a) itself read again, (b) a copy taken right after the kill, and (c) the model file
#     the engine writes from the same weights: `rnnwb export --format safetensors` loads the
#     checkpoint and saves it as an ordinary model file (no recovery entry), which is what
#     "restoring" it amounts to. The weights of (c) are also compared with the checkpoint's.
# Usage: checkpoint_kill_test.sh path/to/rnnwb
set -uo pipefail
RNNWB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
work=$(mktemp -d)
trainer_pid=""
cleanup() {
  [ -n "$trainer_pid" ] && kill -9 "$trainer_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
MAX_STDERR_LINES=1
# shellcheck source=check_helpers.sh
source "$HERE/check_helpers.sh"
TRAIN=("$RNNWB" train --data sample:sunspots --target SUNACTIVITY --window 12 --units 16 --threads 1 --seed 5)

# 1. A run that ends normally removes its checkpoint; the --out file is the result.
normal_run() {
  "${TRAIN[@]}" --epochs 5 --quiet --out done.safetensors --checkpoint done-ck.safetensors --checkpoint-every 0 \
    >/dev/null || return 1
  [ -f done.safetensors ] || { echo "no model written"; return 1; }
  if ls -A | grep 'done-ck'; then echo "the checkpoint (or a temporary file of it) is left"; return 1; fi
  "$RNNWB" inspect --model done.safetensors | grep '5 epochs run, best [0-9]* (completed)'
}
check "a normal run with --checkpoint leaves no checkpoint" normal_run

# 2. Unusable checkpoint paths: one line on stderr, exit 5 (file error) / 2 (usage), no training.
check "a checkpoint in a missing folder is a file error (exit 5)" expect_exit 5 \
  "cannot write the checkpoint $work/no/such/folder/ck.safetensors: its folder" \
  "${TRAIN[@]}" --epochs 2 --out m.safetensors --checkpoint "$work/no/such/folder/ck.safetensors"
mkdir -p a-folder
check "a checkpoint path that is a folder is a file error (exit 5)" expect_exit 5 "it is a folder" \
  "${TRAIN[@]}" --epochs 2 --out m.safetensors --checkpoint a-folder
check "nothing was trained or written for the bad checkpoint paths" bash -c "[ ! -e m.safetensors ]"
check "the checkpoint and --out must differ (exit 2)" expect_exit 2 "name the same file" \
  "${TRAIN[@]}" --epochs 2 --out same.safetensors --checkpoint ./same.safetensors
check "a negative --checkpoint-every is a usage error (exit 2)" expect_exit 2 "--checkpoint-every" \
  "${TRAIN[@]}" --epochs 2 --out m.safetensors --checkpoint ck.safetensors --checkpoint-every -1

# 3. kill -9 during a long training.
epochs_in() {  # epochs_in FILE: the epochs `rnnwb inspect` reports, or nothing
  "$RNNWB" inspect --model "$1" 2>/dev/null | sed -n 's/.*; \([0-9]*\) epochs run, best.*/\1/p'
}
"${TRAIN[@]}" --epochs 100000 --quiet --out never.safetensors --checkpoint ck.safetensors --checkpoint-every 0 \
  >train.out 2>train.err &
trainer_pid=$!
epochs=""
for _ in $(seq 1 400); do  # up to 20 s
  if [ -f ck.safetensors ]; then
    epochs=$(epochs_in ck.safetensors)
    [ -n "$epochs" ] && [ "$epochs" -ge 2 ] && break
  fi
  kill -0 "$trainer_pid" 2>/dev/null || break
  sleep 0.05
done
alive=no
kill -0 "$trainer_pid" 2>/dev/null && alive=yes
kill -9 "$trainer_pid" 2>/dev/null
wait "$trainer_pid" 2>/dev/null
status=$?
trainer_pid=""
cp ck.safetensors ck-copy.safetensors 2>/dev/null  # the file as the kill left it
check "the trainer was still training when killed, and died of SIGKILL" bash -c \
  "[ '$alive' = yes ] && [ '$status' -eq 137 ] && [ ! -e never.safetensors ]"
check "the checkpoint had at least 2 epochs before the kill (saw: ${epochs:-none})" \
  bash -c "[ -n '$epochs' ] && [ '$epochs' -ge 2 ]"
check "no temporary file is left beside the checkpoint except an interrupted one" bash -c \
  "[ \$(ls -A | grep -c '^\.ck\.safetensors\.tmp-') -le 1 ]"
check "the killed checkpoint loads (rnnwb inspect) and is marked in progress" bash -c \
  "'$RNNWB' inspect --model ck.safetensors | tee inspect.txt | grep -q 'epochs run, best [0-9]* (in_progress)'"
check "its metadata holds the recovery entry, the history and the best epoch" $PY - <<'PY'
import json, struct
raw = open("ck.safetensors", "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + n])
meta = json.loads(header["__metadata__"]["rnnwb"])
r = meta["recovery"]
print("recovery:", r)
assert r["status"] == "in_progress" and r["monitored"] == "validation"
assert r["epochs_done"] >= 2 and r["epochs_done"] == len(meta["history"]), (r, len(meta["history"]))
assert [e["epoch"] for e in meta["history"]] == list(range(1, r["epochs_done"] + 1))
assert 1 <= r["best_epoch"] <= r["epochs_done"] and r["best_epoch"] == meta["best_epoch"]
best = min(meta["history"], key=lambda e: e["val_loss"])
assert best["epoch"] == r["best_epoch"] and abs(best["val_loss"] - r["best_loss"]) <= 1e-12 * abs(best["val_loss"])
assert meta["fit_status"] == "in_progress" and meta["data"]["source"] == "sample:sunspots"
assert r["written_at"].endswith("Z") and r["context"]["writer"] == "rnnwb train"
PY

check "the checkpoint restores to an ordinary model file (rnnwb export --format safetensors)" \
  "$RNNWB" export --model ck.safetensors --format safetensors --out restored.safetensors
check "the restored file has the checkpoint's weights bit for bit and no recovery entry" $PY - <<'PY'
import json, struct
def read(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = json.loads(header.pop("__metadata__")["rnnwb"])
    body = raw[8 + n:]
    return meta, {k: body[v["data_offsets"][0]:v["data_offsets"][1]] for k, v in header.items()}
m1, t1 = read("ck.safetensors")
m2, t2 = read("restored.safetensors")
assert t1 == t2 and len(t1) > 0
assert "recovery" not in m2 and m2["history"] == m1["history"] and m2["best_epoch"] == m1["best_epoch"]
PY

check "windows for prediction" $PY -c "
import numpy as np
x = (50 + 40 * np.sin(np.arange(20 * 12).reshape(20, 12, 1) / 3.0)).astype(np.float32)
np.save('x.npy', x)"
check "predict with the killed checkpoint" "$RNNWB" predict --model ck.safetensors --input x.npy --out p-ck.npy
check "predict with the checkpoint read again" "$RNNWB" predict --model ck.safetensors --input x.npy --out p-again.npy
check "predict with the copy taken after the kill" "$RNNWB" predict --model ck-copy.safetensors --input x.npy \
  --out p-copy.npy
check "predict with the restored model file" "$RNNWB" predict --model restored.safetensors --input x.npy \
  --out p-restored.npy
check "all four predictions are identical, byte for byte" bash -c \
  "cmp p-ck.npy p-again.npy && cmp p-ck.npy p-copy.npy && cmp p-ck.npy p-restored.npy"
check "and they are real predictions (20 finite values)" $PY -c "
import numpy as np
p = np.load('p-ck.npy'); print(p.shape, p.ravel()[:3])
assert p.size == 20 and np.isfinite(p).all()"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
