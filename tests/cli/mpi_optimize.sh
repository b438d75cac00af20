#!/usr/bin/env bash
# `mpirun -n 3 regsim optimize` (docs/CLUSTER.md): every evaluation's replicates are one job of
# the runner, handed out to the slots of every rank, so the search takes the single process's
# path: optimize.h5 equal dataset for dataset and bit for bit, the same best.toml, on 1 and 2
# threads per rank; a rerun after a rank died replays the cached evaluations and ends equal.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/cli/lib/mpi.sh"
spec="$src/scenarios/fushun-optimize.toml"
same() { "$python" "$src/tests/python/same_datasets.py" "$1" "$2" > /dev/null || fail "$3"; }
strip() { grep -v "^# The cheapest mix regsim optimize found" "$1"; }

# 1. The reference: one process.
code=0
"$regsim" optimize "$spec" -o "$tmp/single" --max-evaluations 6 --threads 1 --quiet > "$tmp/single.txt" || code=$?
[ $code -eq 0 ] || [ $code -eq 3 ] || fail "single process: exit $code"

# 2. Three ranks, 1 and 2 threads each: the same search, the same files, the same exit code.
for t in 1 2; do
  c=0
  mpi -n 3 "$regsim" optimize "$spec" -o "$tmp/mpi$t" --max-evaluations 6 --threads $t \
    > "$tmp/mpi$t.txt" 2> "$tmp/mpi$t.err" || c=$?
  [ $c -eq $code ] || fail "mpirun -n 3 --threads $t: exit $c, one process $code: $(cat "$tmp/mpi$t.err")"
  same "$tmp/single/optimize.h5" "$tmp/mpi$t/optimize.h5" "mpirun -n 3 --threads $t: optimize.h5 differs from one process"
  if [ -e "$tmp/single/best.toml" ]; then
    diff <(strip "$tmp/single/best.toml") <(strip "$tmp/mpi$t/best.toml") > /dev/null ||
      fail "mpirun -n 3 --threads $t: another best.toml"
  fi
  grep -q "on 3 ranks x $t threads" "$tmp/mpi$t.err" || fail "the ranks are not named: $(cat "$tmp/mpi$t.err")"
done

# 3. Killed part-way (the whole job), then run again: the cached evaluations are replayed and the
#    result is the single process's.
mpi -n 3 "$regsim" optimize "$spec" -o "$tmp/killed" --max-evaluations 6 --threads 1 --quiet > /dev/null 2>&1 &
job=$!
for _ in $(seq 1 3000); do
  [ "$(wc -l < "$tmp/killed/evaluations.cache" 2> /dev/null || echo 0)" -ge 3 ] && break
  sleep 0.01
done
kill -TERM $job 2> /dev/null || true
wait $job 2> /dev/null || true
c=0
mpi -n 3 "$regsim" optimize "$spec" -o "$tmp/killed" --max-evaluations 6 --threads 1 > "$tmp/resumed.txt" 2>&1 || c=$?
[ $c -eq $code ] || fail "resumed: exit $c"
same "$tmp/single/optimize.h5" "$tmp/killed/optimize.h5" "killed and resumed optimize differs from one process"
echo "OK"
