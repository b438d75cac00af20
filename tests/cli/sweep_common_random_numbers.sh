#!/usr/bin/env bash
# Common random numbers: with them, the difference between two points of a sweep (the SME
# interest subsidy at 0 and 4 points) varies less across replicates than with independent
# seeds, because both points of a replicate draw the same random numbers.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for crn in true false; do
  cat > "$tmp/$crn.toml" <<TOML
[sweep]
base = "$src/scenarios/fushun-2018-2020.toml"
replicates = 8
seed = 11
common_random_numbers = $crn

[[sweep.factors]]
key = "policies.subsidy[SME loan interest subsidy].params.points"
values = [0.0, 0.04]
TOML
  "$regsim" sweep "$tmp/$crn.toml" -o "$tmp/$crn" --quiet
done

"$python" - "$tmp/true/sweep.h5" "$tmp/false/sweep.h5" <<'PY'
import sys
import numpy as np
import xarray

def differences(path):
    runs = xarray.open_dataset(path, engine="h5netcdf", group="runs")
    region = xarray.open_dataset(path, engine="h5netcdf", group="region")
    out = region["output_value"].sel(year=2020).isel(region=0).values
    point = runs["point"].values
    return out[point == 1] - out[point == 0], runs["seed"].values

d_crn, seeds_crn = differences(sys.argv[1])
d_ind, seeds_ind = differences(sys.argv[2])
assert len(d_crn) == len(d_ind) == 8
# Seeds: shared across points with CRN, all different without.
assert len(set(seeds_crn)) == 1, seeds_crn
assert len(set(seeds_ind)) == 16, seeds_ind
v_crn, v_ind = np.var(d_crn, ddof=1), np.var(d_ind, ddof=1)
print(f"Var(output_2020(point 1) - output_2020(point 0)): CRN {v_crn:.4g}, independent {v_ind:.4g}")
assert v_crn < v_ind, f"CRN variance {v_crn} is not below independent {v_ind}"
PY
echo "OK"
