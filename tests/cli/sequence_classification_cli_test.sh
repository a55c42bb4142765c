#!/usr/bin/env bash
# Sequence classification from the command line: integer class labels in Y train a classifier
# (softmax head, cross-entropy); its metrics beside the majority-class baseline are recomputed in
# numpy from `rnnwb predict`'s probabilities; predict's (N, 1 + C) table, evaluate's confusion
# matrix, inspect, class weights and names, the .npz form, and the exit codes for bad labels.
# Usage: sequence_classification_cli_test.sh path/to/rnnwb
set -uo pipefail
RNNWB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
# shellcheck source=check_helpers.sh
source "$HERE/check_helpers.sh"
FAST=(--units 12 --batch-size 32 --lr 0.01 --threads 2 --seed 3 --quiet)

# 400 sequences of 12 steps x 2 features around a per-sequence level mu (N(0, 1) per feature); the
# class is the sign pattern of the feature means, 2 * (mean f0 > 0) + (mean f1 > 0), so 4 classes;
# a quarter of them are shifted so that class 3 is the most frequent (the majority baseline is not
# a coin toss).
$PY - <<'PY'
import numpy as np
rng = np.random.default_rng(7)
n, t = 400, 12
mu = rng.normal(0, 1, (n, 2))
mu[: n // 4] = np.abs(mu[: n // 4])  # more of class 3
rng.shuffle(mu)
x = (mu[:, None, :] + rng.normal(0, 0.5, (n, t, 2))).astype(np.float32)
m = x.mean(axis=1)
y = (2 * (m[:, 0] > 0) + (m[:, 1] > 0)).astype(np.int64).reshape(n, 1)
np.save("X.npy", x)
np.save("Y.npy", y)
np.save("Yf.npy", y.astype(np.float32))  # the same labels as floats
np.savez("data.npz", X=x, y=y.astype(np.int32))
bad = y.copy(); bad[5] = -1; np.save("Yneg.npy", bad)
half = y.astype(np.float32); half[7] = 1.5; np.save("Yhalf.npy", half)
late = y.copy(); late[-3:] = 4; np.save("Ylate.npy", late)  # class 4 only in the test split
gap = np.where(y == 2, 4, y); np.save("Ygap.npy", gap)          # no class 2 anywhere
np.save("Yone.npy", np.zeros((n, 1), np.int64))
np.save("Ytwo.npy", np.concatenate([y, y], axis=1))
big = y.copy(); big[-1] = 9; np.save("Ybig.npy", big)
np.save("Ycont.npy", m[:, :1].astype(np.float32))
print("class counts", np.bincount(y[:, 0]))
PY

check "train a classifier on integer labels" "$RNNWB" train --input X.npy --targets Y.npy "${FAST[@]}" --epochs 25 \
  --out m.safetensors --metrics-json m.json
check "train prints the classifier's table and a confusion matrix" bash -c \
  "'$RNNWB' train --input X.npy --targets Y.npy ${FAST[*]} --epochs 1 --out m1.safetensors >t.txt 2>&1 &&
   grep -q 'accuracy' t.txt && grep -q majority t.txt && grep -q 'confusion matrix, test split' t.txt &&
   grep -q 'class labels (classification)' t.txt"
check "predict writes (N, 1 + C): the class, then probabilities that sum to 1" bash -c "
  '$RNNWB' predict --model m.safetensors --input X.npy --out P.npy 2>p.txt && grep -q 'column 0 the class' p.txt &&
  $PY -c \"
import numpy as np
p = np.load('P.npy')
assert p.shape == (400, 5) and p.dtype == np.float32, (p.shape, p.dtype)
assert np.allclose(p[:, 1:].sum(1), 1, atol=1e-5)
assert (p[:, 0] == p[:, 1:].argmax(1)).all()
\""
check "padded sequences (NaN steps before or after) predict what the trimmed ones do" bash -c "
  $PY -c \"
import numpy as np
x = np.load('X.npy'); n, t, f = x.shape
p = np.full((n, t + 4, f), np.nan, np.float32)
for i in range(n):
    s = 3 if i % 2 else 0
    p[i, s:s + t] = x[i]
np.save('Xpad.npy', p)
\" && '$RNNWB' predict --model m.safetensors --input Xpad.npy --out Ppad.npy 2>/dev/null &&
  $PY -c \"
import numpy as np
a, b = np.load('P.npy'), np.load('Ppad.npy')
assert a.shape == b.shape and (a[:, 0] == b[:, 0]).all() and np.allclose(a, b, atol=1e-5), abs(a - b).max()
\""
check "a classifier trains on padded sequences as well" bash -c "
  '$RNNWB' train --input Xpad.npy --targets Y.npy ${FAST[*]} --epochs 25 --out pad.safetensors --metrics-json pad.json &&
  $PY -c \"
import json
m = json.load(open('pad.json'))
assert m['test']['accuracy'] > m['baselines']['majority']['test']['accuracy'] + 0.3, m['test']
\""
check "metrics recomputed in numpy from the predictions, and well above the majority baseline" $PY - <<'PY'
import json
import numpy as np
m = json.load(open("m.json"))
p = np.load("P.npy"); y = np.load("Y.npy")[:, 0]
n = len(y); tr, va = int(np.floor(0.7 * n)), int(np.floor(0.85 * n))
freq = np.bincount(y[:tr], minlength=4) / tr
def metrics(actual, prob):
    pred = prob.argmax(1)
    cm = np.zeros((4, 4), int)
    for a, b in zip(actual, pred): cm[a, b] += 1
    f1 = [2 * cm[c, c] / (cm[c].sum() + cm[:, c].sum()) for c in range(4) if cm[c].sum() + cm[:, c].sum() > 0]
    ll = -np.mean(np.log(np.clip(prob[np.arange(len(actual)), actual], 1e-15, 1)))
    return (pred == actual).mean(), np.mean(f1), ll, cm
for split, rows in (("train", slice(0, tr)), ("validation", slice(tr, va)), ("test", slice(va, n))):
    acc, f1, ll, cm = metrics(y[rows], p[rows, 1:].astype(np.float64))
    got = m[split]
    assert got["count"] == len(y[rows]), got["count"]
    assert abs(got["accuracy"] - acc) < 1e-12, (split, got["accuracy"], acc)
    assert abs(got["macro_f1"] - f1) < 1e-12, (split, got["macro_f1"], f1)
    assert abs(got["log_loss"] - ll) < 1e-5 * max(1, ll), (split, got["log_loss"], ll)
    assert got["confusion_matrix"] == cm.tolist(), (split, got["confusion_matrix"], cm)
    base = m["baselines"]["majority"][split]
    bacc, bf1, bll, bcm = metrics(y[rows], np.tile(freq, (len(y[rows]), 1)))
    assert abs(base["accuracy"] - bacc) < 1e-12 and abs(base["macro_f1"] - bf1) < 1e-12, (split, base)
    assert abs(base["log_loss"] - bll) < 1e-12, (split, base["log_loss"], bll)
    assert (bcm[:, freq.argmax()].sum() == len(y[rows])), "the baseline predicts the majority class"
assert m["test"]["classes"] == ["0", "1", "2", "3"]
print("test accuracy", m["test"]["accuracy"], "majority", m["baselines"]["majority"]["test"]["accuracy"],
      "macro F1", m["test"]["macro_f1"], "log loss", m["test"]["log_loss"],
      "majority log loss", m["baselines"]["majority"]["test"]["log_loss"])
assert m["test"]["accuracy"] > m["baselines"]["majority"]["test"]["accuracy"] + 0.3
assert m["test"]["accuracy"] > 0.8
assert m["test"]["log_loss"] < m["baselines"]["majority"]["test"]["log_loss"]
PY
check "evaluate prints the class metrics with the confusion matrix, and writes the same JSON" bash -c "
  '$RNNWB' evaluate --model m.safetensors --input X.npy --targets Y.npy --metrics-json e.json >e.txt &&
  grep -q 'macro F1' e.txt && grep -q 'rows actual, columns predicted' e.txt && grep -q majority e.txt &&
  $PY -c \"
import json
a, b = json.load(open('m.json')), json.load(open('e.json'))
# The same numbers, up to float32 rounding: evaluate batches the sequences its own way, and a
# product's rounding depends on its batch's shape.
def same(x, y, where):
    if isinstance(x, dict):
        assert x.keys() == y.keys(), where
        for k in x: same(x[k], y[k], where + '.' + k)
    elif isinstance(x, list):
        assert len(x) == len(y), where
        for i, (u, v) in enumerate(zip(x, y)): same(u, v, where + '[%d]' % i)
    elif isinstance(x, float):
        assert abs(x - y) <= 1e-5 * max(1.0, abs(x)), (where, x, y)
    else:
        assert x == y, (where, x, y)
for k in ('train', 'validation', 'test', 'baselines'): same(a[k], b[k], k)
\""
check "inspect shows the task and the classes" bash -c \
  "'$RNNWB' inspect --model m.safetensors >i.txt && grep -q 'sequences (classification)' i.txt &&
   grep -q 'classes:   4: 0, 1, 2, 3' i.txt && grep -q 'cross_entropy loss' i.txt && grep -q 'test accuracy' i.txt"
check "an .npz with integer y trains a classifier too" bash -c \
  "'$RNNWB' train --input data.npz ${FAST[*]} --epochs 2 --out z.safetensors >z.txt && grep -q accuracy z.txt"
check "float labels with --task classification, balanced class weights and class names" bash -c "
  '$RNNWB' train --input X.npy --targets Yf.npy --task classification --class-weights balanced \
    --class-names ll,lh,hl,hh ${FAST[*]} --epochs 3 --out w.safetensors --metrics-json w.json >w.txt &&
  grep -q ' hh ' w.txt &&
  $PY -c \"
import json, numpy as np
m = json.load(open('w.json'))
assert m['test']['classes'] == ['ll', 'lh', 'hl', 'hh'] and 'hh' in m['test']['per_class']
\" && '$RNNWB' inspect --model w.safetensors | grep -q 'classes:   4: ll, lh, hl, hh'"
check "given class weights" "$RNNWB" train --input X.npy --targets Y.npy --class-weights 1,2,2,0.5 "${FAST[@]}" \
  --epochs 1 --out g.safetensors
check "float Y is still a regression by default" bash -c \
  "'$RNNWB' train --input X.npy --targets Yf.npy ${FAST[*]} --epochs 1 --out r.safetensors >r.txt && grep -q RMSE r.txt"

# Bad labels and settings: a clear line and exit 3 (data) or 2 (settings).
check "a negative label" expect_exit 3 "Y[5] is -1" \
  "$RNNWB" train --input X.npy --targets Yneg.npy "${FAST[@]}" --out x.safetensors
check "a label that is not a whole number" expect_exit 3 "Y[7] is 1.5" \
  "$RNNWB" train --input X.npy --targets Yhalf.npy --task classification "${FAST[@]}" --out x.safetensors
check "a class only outside the training split" expect_exit 3 "class 4 occurs in no training sequence (sequence 397" \
  "$RNNWB" train --input X.npy --targets Ylate.npy "${FAST[@]}" --out x.safetensors
check "a gap in the class numbers" expect_exit 3 "class 2 occurs in no training sequence" \
  "$RNNWB" train --input X.npy --targets Ygap.npy "${FAST[@]}" --out x.safetensors
check "a single class" expect_exit 3 "at least two classes" \
  "$RNNWB" train --input X.npy --targets Yone.npy "${FAST[@]}" --out x.safetensors
check "two label columns" expect_exit 3 "one label per sequence" \
  "$RNNWB" train --input X.npy --targets Ytwo.npy "${FAST[@]}" --out x.safetensors
check "continuous targets named classification" expect_exit 3 "class labels are whole numbers" \
  "$RNNWB" train --input X.npy --targets Ycont.npy --task classification "${FAST[@]}" --out x.safetensors
check "a label beyond the class names" expect_exit 3 "2 class names are given" \
  "$RNNWB" train --input X.npy --targets Y.npy --class-names a,b "${FAST[@]}" --out x.safetensors
check "class weights of the wrong count" expect_exit 2 "3 class weights are given but there are 4 classes" \
  "$RNNWB" train --input X.npy --targets Y.npy --class-weights 1,2,3 "${FAST[@]}" --out x.safetensors
check "a class weight that is not > 0" expect_exit 2 "is not a number > 0" \
  "$RNNWB" train --input X.npy --targets Y.npy --class-weights 1,0,1,1 "${FAST[@]}" --out x.safetensors
check "a regression loss for a classifier" expect_exit 2 "a classifier trains with cross_entropy" \
  "$RNNWB" train --input X.npy --targets Y.npy --loss mse "${FAST[@]}" --out x.safetensors
check "class weights for a regression" expect_exit 2 "--class-weights and --class-names are for classification" \
  "$RNNWB" train --input X.npy --targets Yf.npy --class-weights balanced "${FAST[@]}" --out x.safetensors
check "cross-entropy for a regression" expect_exit 2 "the cross-entropy loss needs class targets" \
  "$RNNWB" train --input X.npy --targets Yf.npy --loss cross_entropy "${FAST[@]}" --out x.safetensors
check "cross-entropy for a series" expect_exit 2 "the cross-entropy loss is for class labels" \
  "$RNNWB" train --data sample:sunspots --window 4 --loss cross_entropy "${FAST[@]}" --out x.safetensors
check "an unknown task" expect_exit 2 "--task" \
  "$RNNWB" train --input X.npy --targets Y.npy --task clustering "${FAST[@]}" --out x.safetensors
check "evaluate on labels the classifier does not know" expect_exit 3 "sequence 399 is 9" \
  "$RNNWB" evaluate --model m.safetensors --input X.npy --targets Ybig.npy
check "no file was written by a refused command" test ! -e x.safetensors

echo "sequence_classification_cli_test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
