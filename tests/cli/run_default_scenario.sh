#!/usr/bin/env bash
# End to end: `regsim run` on the default (Fushun) scenario writes an HDF5 file that xarray and
# h5dump read with the documented layout, prints the summary, never overwrites without --force,
# and gives identical datasets on 1 and 2 threads.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scenario=$src/scenarios/fushun-2018-2020.toml
fail() { echo "FAIL: $*" >&2; exit 1; }

"$regsim" run "$scenario" -o "$tmp/one.h5" --threads 1 > "$tmp/summary.txt"
grep -q "targets" "$tmp/summary.txt" || fail "no target table in the summary"
grep -q "FS-01" "$tmp/summary.txt" || fail "FS-01 missing from the summary"
grep -qE "^2020 " "$tmp/summary.txt" || fail "no 2020 row in the summary"
grep -q "wrote $tmp/one.h5" "$tmp/summary.txt" || fail "no 'wrote' line"
[ -f "$tmp/one.h5" ] || fail "no output file"
ls "$tmp" | grep -q tmp && fail "temporary file left behind"

"$python" "$src/tests/python/check_output.py" "$tmp/one.h5"
h5dump -H "$tmp/one.h5" > "$tmp/header.txt" || fail "h5dump cannot read the file"
for g in region county platform sector targets; do
  grep -q "GROUP \"$g\"" "$tmp/header.txt" || fail "h5dump shows no group $g"
done

# Every FS target id is in /targets.
"$python" - "$tmp/one.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    ids = {x.decode() if isinstance(x, bytes) else x for x in f["targets/id"][()]}
missing = [f"FS-{k:02d}" for k in range(1, 11) if f"FS-{k:02d}" not in ids]
sys.exit(f"targets missing: {missing}") if missing else print("all FS targets present")
PY

# No overwrite without --force; the existing file is untouched.
before=$(sha256sum "$tmp/one.h5")
if "$regsim" run "$scenario" -o "$tmp/one.h5" > /dev/null 2> "$tmp/err.txt"; then fail "overwrote without --force"; fi
grep -q -- "--force" "$tmp/err.txt" || fail "refusal does not mention --force"
[ "$before" = "$(sha256sum "$tmp/one.h5")" ] || fail "existing file changed"

# Determinism: 2 threads give bit-identical datasets; --force overwrites.
"$regsim" run "$scenario" -o "$tmp/two.h5" --threads 2 --quiet > /dev/null
"$python" "$src/tests/python/same_datasets.py" "$tmp/one.h5" "$tmp/two.h5"
"$regsim" run "$scenario" -o "$tmp/one.h5" --threads 2 --force --quiet > /dev/null
"$python" "$src/tests/python/same_datasets.py" "$tmp/one.h5" "$tmp/two.h5"

# The counterfactual without the SME interest subsidy (`extends` + one override) spends less on
# policy in the first simulated year, and its resolved scenario differs.
"$regsim" run "$src/scenarios/fushun-no-interest-subsidy.toml" -o "$tmp/cf.h5" --threads 2 --quiet > /dev/null
"$python" - "$tmp/two.h5" "$tmp/cf.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as base, h5py.File(sys.argv[2], "r") as cf:
    b, c = base["region/policy_spending"][1, 0], cf["region/policy_spending"][1, 0]
    assert c < b, f"counterfactual spends {c} >= baseline {b}"
    assert base.attrs["scenario_sha256"] != cf.attrs["scenario_sha256"]
    print(f"policy spending 2018: baseline {b:.3f} 亿, without interest subsidy {c:.3f} 亿")
PY

# A different seed gives a different run.
"$regsim" run "$scenario" -o "$tmp/seed.h5" --seed 12345 --quiet > /dev/null
if "$python" "$src/tests/python/same_datasets.py" "$tmp/one.h5" "$tmp/seed.h5" > /dev/null 2>&1; then
  fail "seed 12345 gave the same run"
fi
echo "OK"
