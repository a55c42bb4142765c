#!/usr/bin/python3
"""Writes ljung_box_fixtures.json: residual vectors and statsmodels' figures for them.

A generator, not a dependency: run it once with statsmodels installed (Debian: python3-statsmodels)
  /usr/bin/python3 tests/data/make_ljung_box_fixtures.py > tests/data/ljung_box_fixtures.json
tests/engine/residual_diagnostics_test.cpp compares rnnwb's ACF, Ljung-Box Q and p with these.
The pooled case (several series' residual runs) has no statsmodels function: its ACF is computed
here with numpy by the estimator rnnwb documents (engine/data/residual_diagnostics.hpp), and its
Q and p with scipy's chi-square survival function.
"""
import json

import numpy as np
from scipy import stats
from statsmodels.stats.diagnostic import acorr_ljungbox
from statsmodels.tsa.stattools import acf


def single(name, x, lags):
    lb = acorr_ljungbox(x, lags=lags, return_df=True)
    return {
        "name": name,
        "runs": [list(map(float, x))],
        "lags": lags,
        "acf": list(map(float, acf(x, nlags=lags, fft=False, adjusted=False)[1:])),
        "q": list(map(float, lb["lb_stat"])),
        "p": list(map(float, lb["lb_pvalue"])),
    }


def pooled(name, runs, lags):
    mean = np.mean(np.concatenate(runs))
    c0 = sum(np.sum((r - mean) ** 2) for r in runs)
    r = [sum(np.sum((x[k:] - mean) * (x[:-k] - mean)) for x in runs) / c0 for k in range(1, lags + 1)]
    n = sum(len(x) for x in runs)
    q = [n * (n + 2) * sum(r[i] ** 2 / (n - i - 1) for i in range(k)) for k in range(1, lags + 1)]
    p = [float(stats.chi2.sf(qk, k)) for k, qk in zip(range(1, lags + 1), q)]
    return {"name": name, "runs": [list(map(float, x)) for x in runs], "lags": lags,
            "acf": list(map(float, r)), "q": list(map(float, q)), "p": p}


def main():
    rng = np.random.default_rng(17)
    white = rng.normal(0, 1, 200)
    e = rng.normal(0, 1, 300)
    ar = np.zeros(300)
    for t in range(1, 300):
        ar[t] = 0.6 * ar[t - 1] + e[t]
    ar = ar[100:]
    t = np.arange(240)
    seasonal = 2 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1, 240)
    runs = [rng.normal(0.3, 1, 60), rng.normal(-0.2, 1.5, 45) + 0.5 * np.sin(np.arange(45)), rng.normal(0, 0.5, 80)]
    cases = [single("white_noise", white, 24), single("ar1", ar, 24), single("seasonal_12", seasonal, 24),
             pooled("pooled_three_series", runs, 12)]
    print(json.dumps({"generator": "tests/data/make_ljung_box_fixtures.py", "cases": cases}, indent=1))


main()
