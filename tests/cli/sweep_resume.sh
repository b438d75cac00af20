#!/usr/bin/env bash
# `regsim sweep`: a small grid sweep of the Fushun scenario runs to completion (1 thread) and
# writes sweep.h5 that xarray opens with dims (run, year, entity); a sweep killed part-way (the
# hidden --stop-after flag exits abruptly after N runs, like a crash) and rerun (2 threads) does
# not redo the runs done before (their files are untouched), removes dead runs' temporary files
# and ends with the same sweep.h5 datasets as the uninterrupted sweep; a changed spec does not
# silently reuse old runs (error without --force). With --no-run-files only sweep.h5 is written,
# with the same datasets; such a sweep interrupted leaves no sweep.h5, and a rerun does every run
# again and removes the dead sweep's temporary sweep.h5.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > "$tmp/spec.toml" <<TOML
[sweep]
base = "$src/scenarios/fushun-2018-2020.toml"
replicates = 2
seed = 3

[[sweep.factors]]
key = "policies.subsidy[SME loan interest subsidy].params.points"
values = [0.0, 0.02, 0.04]
TOML

# 1. Uninterrupted.
"$regsim" sweep "$tmp/spec.toml" -o "$tmp/a" --threads 1 > "$tmp/a.txt"
grep -q "wrote $tmp/a/sweep.h5" "$tmp/a.txt" || fail "no 'wrote' line: $(cat "$tmp/a.txt")"
[ "$(ls "$tmp/a/runs" | grep -c '^run-[0-9]\{6\}\.h5$')" -eq 6 ] || fail "expected 6 run files: $(ls "$tmp/a/runs")"
[ -z "$(find "$tmp/a" -name "*.tmp-*")" ] || fail "temporary file left behind"
"$python" "$src/tests/python/check_sweep.py" "$tmp/a/sweep.h5" 6 \
  "policies_subsidy_SME_loan_interest_subsidy_params_points"

# 1b. Without run files: the same sweep.h5, nothing else; interrupted, no sweep.h5 and a rerun
#     cleans up.
"$regsim" sweep "$tmp/spec.toml" -o "$tmp/n" --threads 2 --no-run-files > "$tmp/n.txt"
grep -q "6 run now, 0 reused" "$tmp/n.txt" || fail "--no-run-files: $(cat "$tmp/n.txt")"
[ "$(ls "$tmp/n")" = "sweep.h5" ] || fail "--no-run-files wrote more than sweep.h5: $(ls "$tmp/n")"
"$python" "$src/tests/python/same_datasets.py" "$tmp/a/sweep.h5" "$tmp/n/sweep.h5"
set +e
"$regsim" sweep "$tmp/spec.toml" -o "$tmp/m" --quiet --no-run-files --stop-after 2 2> /dev/null; code=$?
set -e
[ $code -eq 3 ] || fail "--no-run-files --stop-after: exit code $code, expected 3"
[ ! -e "$tmp/m/sweep.h5" ] || fail "an interrupted sweep wrote sweep.h5"
"$regsim" sweep "$tmp/spec.toml" -o "$tmp/m" --quiet --no-run-files
[ "$(ls "$tmp/m")" = "sweep.h5" ] || fail "rerun left more than sweep.h5: $(ls "$tmp/m")"
"$python" "$src/tests/python/same_datasets.py" "$tmp/a/sweep.h5" "$tmp/m/sweep.h5"

# 2. Interrupted after 2 runs (exit code 3, no sweep.h5), then resumed.
set +e
"$regsim" sweep "$tmp/spec.toml" -o "$tmp/b" --threads 2 --quiet --stop-after 2 2> "$tmp/stop.txt"; code=$?
set -e
[ $code -eq 3 ] || fail "--stop-after: exit code $code, expected 3: $(cat "$tmp/stop.txt")"
[ ! -e "$tmp/b/sweep.h5" ] || fail "an interrupted sweep wrote sweep.h5"
done_before=$(cd "$tmp/b/runs" && ls | grep '^run-[0-9]\{6\}\.h5$' || true)
n_before=$(echo "$done_before" | grep -c . || true)
[ "$n_before" -ge 2 ] && [ "$n_before" -lt 6 ] || fail "expected 2..5 finished runs, got $n_before"
(cd "$tmp/b/runs" && stat -c '%n %i %y' $done_before) > "$tmp/before.txt"
# A temporary file of a run that was being written when its (now dead) process died.
true & dead=$!; wait $dead
touch "$tmp/b/runs/run-000005.h5.tmp-$dead"
"$regsim" sweep "$tmp/spec.toml" -o "$tmp/b" --threads 2 > "$tmp/b.txt" 2> "$tmp/b.err"
grep -q "$n_before reused" "$tmp/b.txt" || fail "resumed sweep did not reuse $n_before runs: $(cat "$tmp/b.txt")"
(cd "$tmp/b/runs" && stat -c '%n %i %y' $done_before) > "$tmp/after.txt"
diff "$tmp/before.txt" "$tmp/after.txt" > /dev/null || fail "runs done before were redone: $(diff "$tmp/before.txt" "$tmp/after.txt")"
[ "$(ls "$tmp/b/runs" | grep -c '^run-[0-9]\{6\}\.h5$')" -eq 6 ] || fail "resumed sweep has not 6 run files"
[ -z "$(find "$tmp/b" -name "*.tmp-*")" ] || fail "stale temporary file not removed"
"$python" "$src/tests/python/same_datasets.py" "$tmp/a/sweep.h5" "$tmp/b/sweep.h5"

# 3. A rerun with nothing to do reuses everything and writes the same sweep.h5.
"$regsim" sweep "$tmp/spec.toml" -o "$tmp/b" --threads 1 > "$tmp/c.txt"
grep -q "0 run now, 6 reused" "$tmp/c.txt" || fail "complete sweep was not fully reused: $(cat "$tmp/c.txt")"
"$python" "$src/tests/python/same_datasets.py" "$tmp/a/sweep.h5" "$tmp/b/sweep.h5"

# 4. A changed spec must not reuse runs of another scenario: error, unless --force.
sed 's/values = \[0.0, 0.02, 0.04\]/values = [0.0, 0.03, 0.04]/' "$tmp/spec.toml" > "$tmp/spec2.toml"
cp "$tmp/spec2.toml" "$tmp/spec.toml"
set +e
"$regsim" sweep "$tmp/spec.toml" -o "$tmp/b" --quiet 2> "$tmp/err.txt"; code=$?
set -e
[ $code -eq 2 ] || fail "changed spec: exit code $code, expected 2"
grep -q "run-000002.h5 is not point 1, replicate 0" "$tmp/err.txt" || fail "changed spec message: $(cat "$tmp/err.txt")"
grep -q -- "--force" "$tmp/err.txt" || fail "changed spec message does not mention --force"
"$regsim" sweep "$tmp/spec.toml" -o "$tmp/b" --quiet --force
"$python" - "$tmp/b/sweep.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    x = f["runs/policies_subsidy_SME_loan_interest_subsidy_params_points"][()]
    assert list(x) == [0.0, 0.0, 0.03, 0.03, 0.04, 0.04], x
PY
echo "OK"
