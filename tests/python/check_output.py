#!/usr/bin/python3
"""Checks that a regsim HDF5 output file is readable as labelled data by xarray and h5py.

Usage: /usr/bin/python3 tests/python/check_output.py FILE.h5

Uses Debian's python3-xarray, python3-h5netcdf and python3-h5py. Layout: see the comment at
the top of output/hdf5_writer.hpp. Prints a short OK summary; exits 1 with a message naming
the first problem found.
"""

import re
import sys

import h5py
import numpy as np
import xarray

LEVELS = ("region", "county", "platform", "sector", "policy", "payer", "policy_payer")
TARGET_COLUMNS = {
    # name: numpy dtype kind ("O" = variable-length string)
    "id": "O",
    "status": "O",
    "entity": "O",
    "variable": "O",
    "comparator": "O",
    "reason": "O",
    "year": "i",
    "target": "f",
    "simulated": "f",
    "attained": "i",
}
ROOT_ATTRS = ("regsim_version", "scenario_name", "scenario_sha256", "seed", "created_utc")


class CheckError(Exception):
    pass


def require(condition, message):
    if not condition:
        raise CheckError(message)


def is_str_array(values):
    return all(isinstance(v, str) for v in np.asarray(values).ravel())


def check_level(path, level):
    """Every [year x entity] variable is labelled; returns (n_years, n_entities, n_series)."""
    with xarray.open_dataset(path, engine="h5netcdf", group=level) as ds:
        where = f"group /{level}"
        for coord in ("year", level):
            require(coord in ds.coords, f"{where}: coordinate {coord!r} missing")
        require(ds["year"].dtype.kind == "i", f"{where}: year is {ds['year'].dtype}, not int")
        require(ds["year"].dims == ("year",), f"{where}: year has dims {ds['year'].dims}")
        require(ds[level].dims == (level,), f"{where}: {level} has dims {ds[level].dims}")
        require(is_str_array(ds[level].values), f"{where}: entity names are not str")
        n_series = 0
        for name, var in ds.data_vars.items():
            if var.ndim == 2:
                require(
                    var.dims == ("year", level),
                    f"{where}/{name}: dims {var.dims}, expected ('year', {level!r})",
                )
                require(var.dtype == np.float64, f"{where}/{name}: dtype {var.dtype}")
                for attr in ("units", "long_name"):
                    require(attr in var.attrs, f"{where}/{name}: attribute {attr!r} missing")
                n_series += 1
            else:
                require(var.dims == (level,), f"{where}/{name}: dims {var.dims}")
                require(is_str_array(var.values), f"{where}/{name}: label values are not str")
                require("long_name" in var.attrs, f"{where}/{name}: long_name missing")
        return ds.sizes["year"], ds.sizes[level], n_series


def check_targets(path):
    with xarray.open_dataset(path, engine="h5netcdf", group="targets") as ds:
        require("row" in ds.coords, "group /targets: coordinate 'row' missing")
        for name, kind in TARGET_COLUMNS.items():
            require(name in ds.variables, f"group /targets: column {name!r} missing")
            var = ds[name]
            require(var.dims == ("row",), f"/targets/{name}: dims {var.dims}, expected ('row',)")
            require(var.dtype.kind == kind, f"/targets/{name}: dtype {var.dtype}")
            if kind == "O":
                require(is_str_array(var.values), f"/targets/{name}: values are not str")
            require("long_name" in var.attrs, f"/targets/{name}: long_name missing")
        attained = ds["attained"].values
        require(np.isin(attained, (-1, 0, 1)).all(), "/targets/attained: values not in -1, 0, 1")
        return ds.sizes["row"]


def check_h5py(path):
    with h5py.File(path, "r") as f:
        for attr in ROOT_ATTRS:
            require(attr in f.attrs, f"root attribute {attr!r} missing")
        require(
            re.fullmatch(r"[0-9a-f]{64}", str(f.attrs["scenario_sha256"])) is not None,
            "scenario_sha256 is not 64 lowercase hex digits",
        )
        require(f.attrs["seed"].dtype == np.uint64, f"seed is {f.attrs['seed'].dtype}")
        require(
            re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", str(f.attrs["created_utc"])),
            f"created_utc {f.attrs['created_utc']!r} is not YYYY-MM-DDTHH:MM:SSZ",
        )
        require("scenario_resolved" in f, "/scenario_resolved missing")
        scen = f["scenario_resolved"]
        info = h5py.check_string_dtype(scen.dtype)
        require(
            scen.shape == () and info is not None and info.encoding == "utf-8",
            "/scenario_resolved is not a scalar UTF-8 string",
        )
        require(isinstance(scen.asstr()[()], str), "/scenario_resolved is not a string")
        for level in LEVELS:
            for name, ds in f[level].items():
                if ds.ndim != 2:
                    continue  # labels and coordinates
                where = f"/{level}/{name}"
                if ds.size >= 4096:  # large series: chunked and compressed
                    require(ds.chunks is not None, f"{where}: not chunked")
                    require(ds.compression == "gzip", f"{where}: not gzip-compressed")
                else:  # small ones (a few hundred values): contiguous, no filters
                    require(ds.chunks is None, f"{where}: {ds.size} values chunked")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path = argv[1]
    try:
        check_h5py(path)
        summary = []
        for level in LEVELS:
            n_years, n_entities, n_series = check_level(path, level)
            summary.append(f"{level} {n_entities}x{n_series}")
        n_targets = check_targets(path)
    except CheckError as e:
        print(f"check_output: {path}: FAILED: {e}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as e:
        print(f"check_output: {path}: FAILED: cannot read: {type(e).__name__}: {e}",
              file=sys.stderr)
        return 1
    print(
        f"check_output: {path}: OK ({n_years} years; entities x series: "
        f"{', '.join(summary)}; {n_targets} targets)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
