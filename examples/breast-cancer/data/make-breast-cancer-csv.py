"""Writes breast_cancer.csv from the copy Debian's python3-sklearn ships (sklearn/datasets/data/breast_cancer.csv).

That file's first line is `569,30,malignant,benign` (rows, features, class names), not a header, and its last column
is the class index (0 = malignant, 1 = benign). This script writes a header of scikit-learn's feature names (spaces
as `_`) and the class names themselves in a `diagnosis` column, so the CSV reads on its own.

Run with Debian's Python: /usr/bin/python3 examples/breast-cancer/data/make-breast-cancer-csv.py
"""

import csv
import os

import sklearn
from sklearn.datasets import load_breast_cancer

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(os.path.dirname(sklearn.__file__), "datasets", "data", "breast_cancer.csv")


def main():
    names = [n.replace(" ", "_") for n in load_breast_cancer().feature_names]
    with open(SOURCE, newline="") as f:
        rows = list(csv.reader(f))
    n, p, *classes = rows[0]
    assert (int(n), int(p), classes) == (569, 30, ["malignant", "benign"]), rows[0]
    body = rows[1:]
    assert len(body) == 569 and all(len(r) == 31 for r in body)
    out = os.path.join(HERE, "breast_cancer.csv")
    tmp = out + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([*names, "diagnosis"])
        for r in body:
            # The values are written as the source spells them: no float round trip.
            w.writerow([*r[:30], classes[int(r[30])]])
    os.replace(tmp, out)
    print(f"wrote {out}: {len(body)} rows from {SOURCE} (scikit-learn {sklearn.__version__})")


if __name__ == "__main__":
    main()
