#!/usr/bin/env bash
# `mpirun -n 3 regsim attribute` (docs/CLUSTER.md): every (subset, replicate) is a run of one job
# of the runner, handed out to the slots of every rank, so the Shapley values are the single
# process's bit for bit (the JSON and the table equal), on 1 and 2 threads per rank, exact and
# with sampled orders; a bad scenario is reported once, exit 2.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/cli/lib/mpi.sh"
plan="$src/scenarios/fushun-2018-2020-baseline.toml"

for mode in "--by family" "--by family --exact-max 1 --permutations 3"; do
  # shellcheck disable=SC2086
  "$regsim" attribute "$plan" $mode -r 2 --threads 1 --json "$tmp/single.json" > "$tmp/single.txt" 2> /dev/null
  for t in 1 2; do
    # shellcheck disable=SC2086
    mpi -n 3 "$regsim" attribute "$plan" $mode -r 2 --threads $t --json "$tmp/mpi$t.json" \
      > "$tmp/mpi$t.txt" 2> "$tmp/mpi$t.err" || fail "mpirun -n 3 attribute $mode: $(cat "$tmp/mpi$t.err")"
    cmp -s "$tmp/single.json" "$tmp/mpi$t.json" ||
      fail "mpirun -n 3 --threads $t attribute $mode: another JSON: $(diff "$tmp/single.json" "$tmp/mpi$t.json" | head)"
    cmp -s "$tmp/single.txt" "$tmp/mpi$t.txt" || fail "mpirun -n 3 --threads $t attribute $mode: another table"
    grep -q "runs on 3 ranks x $t threads" "$tmp/mpi$t.err" || fail "the ranks are not named: $(cat "$tmp/mpi$t.err")"
  done
done

code=0
mpi -n 3 "$regsim" attribute "$src/tests/data/calibration/bad_key.toml" --by nonsense > /dev/null 2> "$tmp/bad.err" || code=$?
[ $code -eq 2 ] || fail "bad --by under mpirun: exit $code"
[ "$(grep -c "error" "$tmp/bad.err")" -eq 1 ] || fail "the error is not printed once: $(cat "$tmp/bad.err")"
echo "OK"
