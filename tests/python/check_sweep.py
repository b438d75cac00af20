#!/usr/bin/python3
"""Checks a sweep.h5 written by `regsim sweep` (layout: output/sweep_writer.hpp): xarray opens
every level group with dims (run, year, entity), /targets with (run, row), /runs with the run
table and the named factor dataset; the runs are labelled point-major.

Usage: /usr/bin/python3 tests/python/check_sweep.py SWEEP.h5 N_RUNS FACTOR_DATASET
"""

import sys

import h5py
import numpy as np
import xarray

LEVELS = ("region", "county", "platform", "sector", "policy", "payer", "policy_payer")


def main(path, n_runs, factor):
    n_runs = int(n_runs)
    for level in LEVELS:
        with xarray.open_dataset(path, engine="h5netcdf", group=level) as ds:
            assert ds.sizes["run"] == n_runs, (level, dict(ds.sizes))
            assert list(ds["run"].values) == list(range(n_runs)), level
            series = [v for v in ds.data_vars.values() if v.ndim == 3]
            assert series, f"{level}: no [run, year, entity] variables"
            for v in series:
                assert v.dims == ("run", "year", level), (level, v.name, v.dims)
                assert "units" in v.attrs and "long_name" in v.attrs, (level, v.name)
    with xarray.open_dataset(path, engine="h5netcdf", group="region") as ds:
        out = ds["output_value"].sel(region=ds["region"].values[0])
        assert np.all(np.isfinite(out.values)), "region output_value has NaN"
    with xarray.open_dataset(path, engine="h5netcdf", group="targets") as ds:
        assert ds["simulated"].dims == ("run", "row"), ds["simulated"].dims
        assert ds["attained"].dims == ("run", "row")
        assert ds["id"].dims == ("row",)
    with xarray.open_dataset(path, engine="h5netcdf", group="runs") as ds:
        assert ds.sizes["run"] == n_runs
        assert factor in ds, f"no factor dataset {factor}: {list(ds.data_vars)}"
        assert ds[factor].dims == ("run",)
        assert ds[factor].attrs["long_name"].startswith("policies.subsidy[")
        reps = int(ds["replicate"].max()) + 1
        assert list(ds["point"].values) == [r // reps for r in range(n_runs)]
        assert list(ds["replicate"].values) == [r % reps for r in range(n_runs)]
    with h5py.File(path, "r") as f:
        for attr in ("spec", "spec_sha256", "design", "seed", "scenario_sha256", "created_utc"):
            assert attr in f.attrs, f"root attribute {attr} missing"
        assert len(f.attrs["spec_sha256"]) == 64
    print(f"sweep.h5 OK: {n_runs} runs, {len(LEVELS)} levels")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
