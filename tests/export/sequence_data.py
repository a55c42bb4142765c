#!/usr/bin/python3
"""The sequence datasets the export checks train on (written to the current directory):
seq_X.npy (60, 20, 3) float32 with NaN padding before and after some sequences (valid lengths 12
to 20), seq_y.npy (60, 2) targets and seq_yh.npy (60, 3, 2) targets with a horizon of 3. The
targets are a known function of the valid steps; the weights only need to be non-trivial.
seq_class.npy (60, 1) int64 holds class labels 0, 1, 2 of the same sequences (a classifier)."""
import numpy as np

rng = np.random.default_rng(14)
N, T, F = 60, 20, 3
X = rng.normal(loc=[5.0, -2.0, 0.0], scale=[2.0, 0.5, 1.0], size=(N, T, F)).astype(np.float32)
for i in range(N):
    length = rng.integers(12, T + 1)
    first = rng.integers(0, T - length + 1)
    X[i, :first] = np.nan
    X[i, first + length :] = np.nan
mean = np.nanmean(X, axis=1)
y = np.stack([mean[:, 0] + mean[:, 1], np.nanmax(X[:, :, 2], axis=1) * 3.0 + 10.0], axis=1)
yh = np.stack([y * (1.0 + 0.1 * h) for h in range(3)], axis=1)
np.save("seq_X.npy", X)
np.save("seq_y.npy", y)
np.save("seq_yh.npy", yh)
labels = np.digitize(y[:, 0], np.quantile(y[:, 0], [1 / 3, 2 / 3])).astype(np.int64)
np.save("seq_class.npy", labels.reshape(N, 1))
