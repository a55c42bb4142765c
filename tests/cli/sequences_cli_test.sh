#!/usr/bin/env bash
# Sequence datasets from the command line: the recipe end to end (X (100, 50, 3), y a known function
# of X plus noise, LSTM(64) + Dense(1), Adam, MSE, batch 32: test R2 well above the mean baseline),
# .npz input, predict on another T and with padding, evaluate, --metrics-json recomputed in numpy,
# inspect, and the exit codes of every bad input and of flags of the other kind of dataset.
# Usage: sequences_cli_test.sh path/to/rnnwb
set -uo pipefail
RNNWB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
# shellcheck source=check_helpers.sh
source "$HERE/check_helpers.sh"

# The recipe's data: 100 sequences of 50 steps of 3 features; the target depends on the whole
# sequence (the mean of feature 0, the last steps of feature 1, the peak of feature 2) plus noise.
$PY - <<'PY'
import numpy as np
rng = np.random.default_rng(2026)
N, T, F = 100, 50, 3
X = rng.normal(size=(N, T, F)).astype(np.float32)
y = 2 * X[:, :, 0].mean(1) + X[:, -5:, 1].sum(1) - 0.5 * X[:, :, 2].max(1) + rng.normal(scale=0.05, size=N)
y = (10 + y).reshape(N, 1)
np.save("X.npy", X)
np.save("y.npy", y)
np.savez_compressed("data.npz", X=X, y=y)
np.save("X30.npy", rng.normal(size=(4, 30, 3)).astype(np.float32))   # another T
# Padding: sequence i keeps its steps a_i .. b_i; the rest NaN (before and after).
P = X[:6].copy()
spans = [(0, 50), (5, 50), (0, 40), (10, 35), (20, 50), (0, 25)]
for i, (a, b) in enumerate(spans):
    P[i, :a] = np.nan
    P[i, b:] = np.nan
    np.save(f"trim{i}.npy", X[i:i + 1, a:b])
np.save("padded.npy", P)
# A whole padded dataset: sequence i has L_i valid steps (25 .. 50), padded before or after.
L = rng.integers(25, 51, size=N)
XP = X.copy()
for i in range(N):
    if i % 2: XP[i, L[i]:] = np.nan
    else: XP[i, :T - L[i]] = np.nan
yp = np.array([2 * np.nanmean(XP[i, :, 0]) - 0.5 * np.nanmax(XP[i, :, 2]) for i in range(N)]).reshape(N, 1)
np.save("Xpad.npy", XP); np.save("ypad.npy", yp)
open("pad_lengths.txt", "w").write(f"training lengths {L[:70].min()} to {L[:70].max()}")
# Bad inputs.
np.save("rank2.npy", X[:, :, 0])
np.save("X2f.npy", X[:5, :, :2])
np.save("y99.npy", y[:99])
np.save("Xint.npy", (X * 10).astype(np.int16))
np.save("obj.npy", np.array([[1], ["a"]], dtype=object), allow_pickle=True)
G = X.copy(); G[7, 20, :] = np.nan; np.save("gap.npy", G)
M = X.copy(); M[3, 4, 2] = np.nan; np.save("partial.npy", M)
E = X.copy(); E[9] = np.nan; np.save("empty.npy", E)
Y = y.copy(); Y[5, 0] = np.inf; np.save("yinf.npy", Y)
PY

FIT=(--cell lstm --optimizer adam --loss mse --batch-size 32 --lr 0.003 --seed 7 --threads 2)
RECIPE=(--units 64 "${FIT[@]}")
check "the recipe trains: rnnwb train --input X.npy --targets y.npy" "$RNNWB" train --input X.npy --targets y.npy \
  "${RECIPE[@]}" --epochs 40 --quiet --feature-names a,b,c --target-names out --out recipe.safetensors --metrics-json recipe.json
cat check.out
check "the recipe's test R2 is well above the mean baseline's (figures printed)" $PY - <<'PY'
import json
m = json.load(open("recipe.json"))
t, b = m["test"], m["baselines"]["mean"]["test"]
print(f"recipe figures: test R2 {t['r2']:.4f} (mean baseline {b['r2']:.4f}), test RMSE {t['rmse']:.4f} "
      f"(mean baseline {b['rmse']:.4f}), MAE {t['mae']:.4f}, {t['count']} test sequences")
assert t["count"] == 15 and m["train"]["count"] == 70 and m["validation"]["count"] == 15
assert t["r2"] > 0.6, t["r2"]
assert t["r2"] > b["r2"] + 0.5, (t["r2"], b["r2"])
assert t["rmse"] < 0.7 * b["rmse"]
assert set(m["targets"]) == {"out"}
PY
cat check.out

check "--metrics-json agrees with numpy on predict's output (MSE, RMSE, MAE, R2, MAPE, sMAPE, mean baseline)" bash -c "
  '$RNNWB' predict --model recipe.safetensors --input X.npy --out p.npy 2>/dev/null && $PY - <<'PY'
import json, numpy as np
m = json.load(open('recipe.json'))
y, p = np.load('y.npy').astype(np.float64), np.load('p.npy').astype(np.float64)
assert p.shape == (100, 1), p.shape
mean = y[:70].mean()
for name, rows in (('train', slice(0, 70)), ('validation', slice(70, 85)), ('test', slice(85, 100))):
    a = y[rows, 0]
    for got, pred in ((m[name], p[rows, 0]), (m['baselines']['mean'][name], np.full(len(a), mean))):
        e = a - pred
        want = dict(mse=np.mean(e**2), rmse=np.sqrt(np.mean(e**2)), mae=np.mean(abs(e)),
                    r2=1 - np.sum(e**2) / np.sum((a - a.mean())**2), mape=100 * np.mean(abs(e / a)),
                    smape=100 * np.mean(2 * abs(e) / (abs(a) + abs(pred))))
        for k, v in want.items():
            # predictions were written as float32: allow for their rounding
            assert abs(got[k] - v) <= 1e-4 * max(1, abs(v)), (name, k, got[k], v)
PY"

check "one .npz holding X and y trains the same model as the .npy pair" bash -c "
  '$RNNWB' train --input data.npz ${RECIPE[*]} --epochs 3 --quiet --out z.safetensors --metrics-json z.json >/dev/null &&
  '$RNNWB' train --input X.npy --targets y.npy ${RECIPE[*]} --epochs 3 --quiet --out n.safetensors --metrics-json n.json >/dev/null &&
  $PY -c \"import json; a, b = json.load(open('z.json')), json.load(open('n.json')); assert a['test'] == b['test'], (a['test'], b['test'])\""

check "progress, early stopping and checkpoints work as for series (the checkpoint removed at the end)" bash -c "
  '$RNNWB' train --input X.npy --targets y.npy ${FIT[*]} --units 8 --epochs 4 --patience 1 --schedule cosine \
    --checkpoint ck.safetensors --checkpoint-every 0 --out c.safetensors 2> progress.txt >/dev/null &&
  grep -q 'epoch 1/4  loss [0-9.]*  val_loss' progress.txt && [ ! -e ck.safetensors ] && [ -s c.safetensors ]"
check "--shuffle-split assigns sequences at random from the seed (same counts, another split, recorded)" bash -c "
  '$RNNWB' train --input X.npy --targets y.npy ${FIT[*]} --units 8 --epochs 2 --shuffle-split --quiet \
    --out s.safetensors --metrics-json s.json >/dev/null &&
  '$RNNWB' train --input X.npy --targets y.npy ${FIT[*]} --units 8 --epochs 2 --quiet \
    --out f.safetensors --metrics-json f.json >/dev/null &&
  '$RNNWB' inspect --model s.safetensors | grep -q 'sequences assigned at random (seed 7)' &&
  $PY -c \"
import json
s, f = json.load(open('s.json')), json.load(open('f.json'))
assert s['test']['count'] == f['test']['count'] == 15
assert s['baselines']['mean']['test'] != f['baselines']['mean']['test']
\""
check "predict takes another T (30 steps)" bash -c "
  '$RNNWB' predict --model recipe.safetensors --input X30.npy --out p30.npy 2>/dev/null &&
  $PY -c \"import numpy as np; p = np.load('p30.npy'); assert p.shape == (4, 1) and np.isfinite(p).all()\""
check "evaluate --input --targets prints the table beside the mean baseline and the same metrics" bash -c "
  '$RNNWB' evaluate --model recipe.safetensors --input X.npy --targets y.npy --metrics-json e.json > e.txt &&
  grep -q 'the same sequences the model was trained on' e.txt && grep -q '^test *mean' e.txt &&
  $PY -c \"import json; a, b = json.load(open('e.json')), json.load(open('recipe.json')); assert a['test'] == b['test']\""
check "evaluate takes the .npz too" bash -c "
  '$RNNWB' evaluate --model recipe.safetensors --input data.npz | grep -q '^test *model'"
check "inspect shows the sequence block" bash -c "
  '$RNNWB' inspect --model recipe.safetensors > i.txt && grep -q 'dataset:   sequences (regression), 100 of 50 steps' i.txt &&
  grep -q 'features:  a, b, c' i.txt && grep -q 'targets:   out' i.txt && grep -q 'feature a: standard (offset' i.txt &&
  grep -q \"sha256 \$(sha256sum X.npy | cut -c1-64)\" i.txt && grep -q 'mean ' i.txt"

# Padded sequences predict what each trimmed sequence predicts alone (the lead's padding engine).
check "padded predictions equal each sequence trimmed and run alone" bash -c "
  '$RNNWB' predict --model recipe.safetensors --input padded.npy --out pp.npy 2>/dev/null &&
  for i in 0 1 2 3 4 5; do '$RNNWB' predict --model recipe.safetensors --input trim\$i.npy --out pt\$i.npy 2>/dev/null || exit 1; done &&
  $PY -c \"
import numpy as np
pp = np.load('pp.npy')
for i in range(6):
    t = np.load(f'pt{i}.npy')
    assert np.isfinite(pp[i]).all(), (i, pp[i])
    assert abs(pp[i, 0] - t[0, 0]) <= 1e-5 * max(1, abs(t[0, 0])), (i, pp[i], t)
\""

check "a padded dataset trains, records its training lengths and evaluates to finite metrics" bash -c "
  '$RNNWB' train --input Xpad.npy --targets ypad.npy ${FIT[*]} --units 16 --epochs 5 --quiet \
    --out pad.safetensors --metrics-json pad.json >/dev/null &&
  '$RNNWB' inspect --model pad.safetensors | grep -qF \"\$(cat pad_lengths.txt)\" &&
  $PY -c \"import json; m = json.load(open('pad.json')); assert all(m[s]['rmse'] is not None for s in ('train', 'validation', 'test')), m\""

# Bad input: one clear line and exit 3; flags of the other dataset kind: exit 2.
T=(--units 4 --epochs 1 --quiet --out bad.safetensors)
check "X not rank 3 (exit 3)" expect_exit 3 "rank-3" "$RNNWB" train --input rank2.npy --targets y.npy "${T[@]}"
check "Y's first dimension not N (exit 3)" expect_exit 3 "Y has 99 rows but X has 100 sequences" \
  "$RNNWB" train --input X.npy --targets y99.npy "${T[@]}"
check "a non-float X (exit 3)" expect_exit 3 "'<i2'" "$RNNWB" train --input Xint.npy --targets y.npy "${T[@]}"
check "an object/pickle .npy, never unpickled (exit 3)" expect_exit 3 "never unpickles" \
  "$RNNWB" train --input X.npy --targets obj.npy "${T[@]}"
check "padding between valid steps names sequence and step (exit 3)" expect_exit 3 "sequence 7 has padding" \
  "$RNNWB" train --input gap.npy --targets y.npy "${T[@]}"
check "a partly NaN step names sequence, step and feature (exit 3)" expect_exit 3 "X[3, 4, 2] is NaN" \
  "$RNNWB" train --input partial.npy --targets y.npy "${T[@]}"
check "a sequence with no valid step (exit 3)" expect_exit 3 "sequence 9" \
  "$RNNWB" train --input empty.npy --targets y.npy "${T[@]}"
check "non-finite targets (exit 3)" expect_exit 3 "Y[5, 0] is infinite" \
  "$RNNWB" train --input X.npy --targets yinf.npy "${T[@]}"
check "padding in predict's input follows the same rules (exit 3)" expect_exit 3 "sequence 7 has padding" \
  "$RNNWB" predict --model recipe.safetensors --input gap.npy --out gp.npy
check "wrong feature-name count (exit 3, names the flag)" expect_exit 3 "--feature-names" \
  "$RNNWB" train --input X.npy --targets y.npy --feature-names a,b "${T[@]}"
check "--window with --input says it is for series (exit 2)" expect_exit 2 "only make sense for a series" \
  "$RNNWB" train --input X.npy --targets y.npy --window 5 --split-by series "${T[@]}"
check "--target with --input says it is for series (exit 2)" expect_exit 2 "--target" \
  "$RNNWB" train --input X.npy --targets y.npy --target y "${T[@]}"
check "--targets with --data says it is for sequence datasets (exit 2)" expect_exit 2 \
  "only make sense for a sequence dataset" "$RNNWB" train --data sample:sunspots --window 3 --targets y.npy "${T[@]}"
check "neither --data nor --input (exit 2)" expect_exit 2 "--input" "$RNNWB" train "${T[@]}"
check "X.npy without --targets (exit 2)" expect_exit 2 "--targets" "$RNNWB" train --input X.npy "${T[@]}"
check "predict refuses to write over its input (exit 2)" expect_exit 2 "name the same file" \
  "$RNNWB" predict --model recipe.safetensors --input X.npy --out X.npy
check "predict with the wrong feature count (exit 3)" expect_exit 3 "features" \
  "$RNNWB" predict --model recipe.safetensors --input X2f.npy --out q.npy
check "evaluate a sequence model with --data (exit 2)" expect_exit 2 "trained on sequences" \
  "$RNNWB" evaluate --model recipe.safetensors --data sample:sunspots
check "predict a sequence model with --data (exit 2)" expect_exit 2 "trained on sequences" \
  "$RNNWB" predict --model recipe.safetensors --data sample:sunspots --out q.csv
check "an ONNX export of a sequence model is refused in words, not a crash (exit 2)" expect_exit 2 "sequences" \
  "$RNNWB" export --model recipe.safetensors --format onnx --out r.onnx
check "the data files are untouched" bash -c "[ -s X.npy ] && [ -s y.npy ]"

echo "sequences cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
