#!/usr/bin/python3
"""Writes an overlay scenario whose '=' targets are the replicate means of a `regsim run
--replicates 2` (sweep.h5, /targets/simulated_mean): targets the scenario attains exactly at the
parameters it was run with, so a calibration from elsewhere must find those parameters again.
Checks on the way that the mean is the replicates' mean summed in replicate order and that the
'>=' rows are attained.

Usage: /usr/bin/python3 tests/python/truth_targets.py SWEEP_H5 EXTENDS > truth.toml
"""

import sys

import h5py


def main(sweep_h5, extends):
    with h5py.File(sweep_h5, "r") as f:
        g = f["targets"]
        ids = [x.decode() for x in g["id"][()]]
        comparators = [x.decode() for x in g["comparator"][()]]
        mean = g["simulated_mean"][()]
        attained = g["attained_mean"][()]
        assert g["simulated"].shape == (2, len(ids))
        # The replicate mean is the mean of the replicates' values, summed in replicate order.
        assert all(mean[i] == (g["simulated"][0, i] + g["simulated"][1, i]) / 2 for i in range(len(ids)))
        assert all(a == 1 for a, c in zip(attained, comparators) if c == ">=")
    values = {}
    for i, c, m in zip(ids, comparators, mean):
        if c == "=":
            values.setdefault(i, []).append(repr(float(m)))
    print('format = 1\nextends = "%s"' % extends)
    for i, v in values.items():
        print('[[targets]]\nid = "%s"\nvalues = [%s]' % (i, ", ".join(v)))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
