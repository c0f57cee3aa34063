"""Compares two run files dataset by dataset: numbers by their bits (NaN
included), strings by value. Prints the differing datasets; exit 1 if any.

    /usr/bin/python3 bench/compare_run_files.py A.h5 B.h5
"""
import sys

import h5py
import numpy as np


def datasets(path):
    out = {}
    with h5py.File(path, "r") as h:
        h.visititems(lambda n, o: out.__setitem__(n, o[()]) if isinstance(o, h5py.Dataset) else None)
    return out


def equal(x, y):
    x, y = np.asarray(x), np.asarray(y)
    if x.dtype.kind == "O" or y.dtype.kind == "O":
        return x.shape == y.shape and all(a == b for a, b in zip(x.ravel().tolist(), y.ravel().tolist()))
    return x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()


def main():
    a, b = datasets(sys.argv[1]), datasets(sys.argv[2])
    bad = sorted(set(a) ^ set(b)) + [k for k in a if k in b and not equal(a[k], b[k])]
    print(f"{len(a)} datasets, {len(bad)} differ" + (": " + ", ".join(bad) if bad else " (bit-identical)"))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
