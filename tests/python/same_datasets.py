#!/usr/bin/python3
"""Checks that two regsim HDF5 files hold bit-identical datasets (and the same seed and
scenario hash). Attributes that describe the run rather than its results (created_utc,
threads) may differ.

Usage: /usr/bin/python3 tests/python/same_datasets.py A.h5 B.h5
"""

import sys

import h5py
import numpy as np


def datasets(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return out


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind == "f":
        return a.shape == b.shape and a.tobytes() == b.tobytes()  # bitwise, NaN-safe
    return a.shape == b.shape and bool(np.all(a == b))


def main(path_a, path_b):
    with h5py.File(path_a, "r") as fa, h5py.File(path_b, "r") as fb:
        for attr in ("seed", "scenario_sha256", "scenario_name"):
            if fa.attrs[attr] != fb.attrs[attr]:
                sys.exit(f"root attribute {attr} differs: {fa.attrs[attr]!r} vs {fb.attrs[attr]!r}")
        da, db = datasets(fa), datasets(fb)
        if sorted(da) != sorted(db):
            sys.exit(f"different datasets: {sorted(set(da) ^ set(db))}")
        differing = [name for name in sorted(da) if not same(da[name], db[name])]
        if differing:
            sys.exit(f"{len(differing)} datasets differ, e.g. {differing[:5]}")
        print(f"identical: {len(da)} datasets")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
