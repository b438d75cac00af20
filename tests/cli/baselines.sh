#!/usr/bin/env bash
# The committed calibrated baselines of the seed plans (scenarios/*-baseline.toml) reproduce
# their plans (issue 4's reproduction standard): `regsim run` with the baseline's replicates
# (common random numbers, as calibrated) has, in the replicate mean, every modelled "=" row within
# its tolerance (3%) and every ">=" / "<=" row met (`/targets/attained_mean` = 1), and `/targets`
# carries every target ID of the plan in ../shared/brief/TARGETS.md (listed below), modelled or
# out of scope.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ids() { # PREFIX N: PREFIX-01 .. PREFIX-N
  local i; for ((i = 1; i <= $2; i++)); do printf '%s-%02d ' "$1" "$i"; done
}
declare -A plan_ids=(
  [fushun]="$(ids FS 10)"
  [ankang]="$(ids AK 16)"
  [yingkou]="$(ids YK 6)"
  [zhangye]="$(ids ZY 18)"
  [hubei]="$(ids HB 15)"
)

found=0
for baseline in "$src"/scenarios/*-baseline.toml; do
  name=$(basename "$baseline" .toml)
  plan=${name%%-*}
  [[ -n "${plan_ids[$plan]:-}" ]] || { echo "FAIL: $name is not a baseline of a seed plan" >&2; exit 1; }
  found=$((found + 1))
  "$regsim" run "$baseline" -o "$tmp/$name" --quiet > "$tmp/$name.log"
  "$python" - "$tmp/$name/sweep.h5" "$name" ${plan_ids[$plan]} <<'PY'
import sys, h5py
path, name, expected = sys.argv[1], sys.argv[2], sys.argv[3:]
with h5py.File(path, "r") as f:
    g = f["targets"]
    ids = [x.decode() for x in g["id"][()]]
    status = [x.decode() for x in g["status"][()]]
    attained = g["attained_mean"][()]
    mean = g["simulated_mean"][()]
    target = g["target"][()]
    runs = g["simulated"].shape[0]
    g_years = g["year"][()]
years = g_years
base_ids = {i.split(".")[0] for i in ids}
missing = [i for i in expected if i not in base_ids]
assert not missing, f"{name}: target IDs missing from /targets: {missing}"
bad = [(ids[k], int(years[k]), target[k], mean[k]) for k in range(len(ids))
       if status[k] == "modelled" and attained[k] != 1]
assert not bad, f"{name}: rows not reproduced in the mean of {runs} replicates: {bad}"
modelled = sum(s == "modelled" for s in status)
assert modelled > 0, f"{name}: no modelled target"
print(f"{name}: {modelled} modelled rows reproduced in the mean of {runs} replicates, "
      f"all {len(expected)} plan IDs present")
PY
done
[[ $found -eq 5 ]] || { echo "FAIL: expected the 5 plan baselines, found $found" >&2; exit 1; }
