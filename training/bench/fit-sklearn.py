"""scikit-learn's side of bench/fit.ts. Prints one JSON object. Run with Debian's /usr/bin/python3.

    fit-sklearn.py small DATA.csv   per-fit time of Ridge().fit on the 442 × 10 sample (in-process, median)
    fit-sklearn.py large N P        Ridge().fit on synthetic N × P data: fit seconds (median of 3), peak RSS
    fit-sklearn.py baseline         peak RSS of the interpreter with numpy and scikit-learn imported
"""
import json
import resource
import statistics
import sys
import time

import numpy as np
from sklearn.linear_model import Ridge


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def small(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    X, y = data[:, :10], data[:, 10]
    for _ in range(200):
        Ridge().fit(X, y)
    per_fit = []
    for _ in range(20):
        t = time.perf_counter()
        for _ in range(100):
            Ridge().fit(X, y)
        per_fit.append((time.perf_counter() - t) / 100)
    return {"per_fit_s": statistics.median(per_fit)}


def large(n, p):
    rng = np.random.default_rng(0)
    X = rng.random((n, p))
    w = np.arange(1, p + 1, dtype=float)
    y = X @ w + 0.1 * rng.standard_normal(n)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        model = Ridge().fit(X, y)
        times.append(time.perf_counter() - t)
    return {"fit_s": statistics.median(times), "peak_mb": peak_mb(), "max_coef_error": float(np.max(np.abs(model.coef_ - w)))}


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "small":
        out = small(sys.argv[2])
    elif mode == "large":
        out = large(int(sys.argv[2]), int(sys.argv[3]))
    else:
        out = {"peak_mb": peak_mb()}
    print(json.dumps(out))
