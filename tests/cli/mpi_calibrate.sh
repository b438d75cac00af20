#!/usr/bin/env bash
# `mpirun -n K regsim calibrate` (docs/CLUSTER.md): the replicates of every evaluation are one job
# of the runner, handed out to the ranks' run slots as they ask, and rank 0 averages them in
# replicate order, so the fit is the single process's: on
# the analytic scenario with targets generated at known demand growths, 1 process, 2 ranks and
# 3 ranks (more ranks than the 2 replicates: said on stderr) all reach the standard (exit 0) with
# the same overlay apart from the report's timing line; on the Fushun plan with a budget too
# small for the standard, 1 process and 2 ranks write the same overlay and both exit 3; a bad
# parameter key is reported once, located, exit 2.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/cli/lib/mpi.sh"
data="$src/tests/data/calibration"
strip() { grep -vE "wall time|^# regsim calibrate" "$1"; }

# 1. Targets the analytic scenario attains at demand growths 0.12 and 0.03 (2 replicates).
. "$src/tests/cli/lib/calibration_truth.sh"
calibration_truth "$tmp/truth" 0.03
"$regsim" calibrate "$tmp/truth/truth.toml" -o "$tmp/fit/single.toml" --threads 1 --quiet > /dev/null
for k in 2 3; do
  code=0
  mpi -n $k "$regsim" calibrate "$tmp/truth/truth.toml" -o "$tmp/fit/ranks$k.toml" --threads 1 \
    > "$tmp/out-$k.txt" 2> "$tmp/err-$k.txt" || code=$?
  [ $code -eq 0 ] || fail "mpirun -n $k calibrate: exit $code: $(cat "$tmp/err-$k.txt")"
  grep -q "standard: REACHED" "$tmp/out-$k.txt" || fail "-n $k: no 'standard: REACHED'"
  grep -q "wall time .* on $k ranks x 1 threads" "$tmp/fit/ranks$k.toml" || fail "-n $k: the report does not name the ranks"
  diff <(strip "$tmp/fit/single.toml") <(strip "$tmp/fit/ranks$k.toml") > /dev/null ||
    fail "mpirun -n $k: another fit than one process: $(diff <(strip "$tmp/fit/single.toml") <(strip "$tmp/fit/ranks$k.toml"))"
done
grep -q "calibrate: 3 run slots (3 ranks x 1 threads) for 2 replicates: 1 of them idle" "$tmp/err-3.txt" ||
  fail "3 ranks for 2 replicates not said: $(cat "$tmp/err-3.txt")"

# 2. A real plan, a budget too small: the same best point, exit 3 from every launcher.
plan="$src/scenarios/fushun-2018-2020.toml"
code=0
"$regsim" calibrate "$plan" -o "$tmp/fit/fs1.toml" --max-evaluations 8 -r 2 -t 1 -q > /dev/null 2>&1 || code=$?
[ $code -eq 3 ] || fail "Fushun, 8 evaluations, one process: exit $code, expected 3"
code=0
mpi -n 2 "$regsim" calibrate "$plan" -o "$tmp/fit/fs2.toml" --max-evaluations 8 -r 2 -t 1 -q > /dev/null 2>&1 || code=$?
[ $code -eq 3 ] || fail "Fushun, 8 evaluations, 2 ranks: exit $code, expected 3"
diff <(strip "$tmp/fit/fs1.toml") <(strip "$tmp/fit/fs2.toml") > /dev/null ||
  fail "Fushun: 2 ranks fit another point than one process"

# 3. A bad [calibration] key: one located message, exit 2, nothing written.
code=0
mpi -n 2 "$regsim" calibrate "$data/bad_key.toml" -o "$tmp/fit/bad.toml" > /dev/null 2> "$tmp/bad.err" || code=$?
[ $code -eq 2 ] || fail "bad key under mpirun: exit $code"
[ "$(grep -c "bad_key.toml:[0-9]*:[0-9]*: error" "$tmp/bad.err")" -eq 1 ] || fail "bad key message not once: $(cat "$tmp/bad.err")"
[ ! -e "$tmp/fit/bad.toml" ] || fail "a refused calibration wrote its overlay"
echo "OK"
