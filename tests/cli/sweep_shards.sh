#!/usr/bin/env bash
# Job arrays without MPI (docs/CLUSTER.md): `regsim sweep --shard I/N` for I = 1..3 (in any
# order, here 3, 1, 2) writes only its share of the run files (id mod 3 = I-1) and no sweep.h5;
# `--gather` then writes sweep.h5 from them without running anything, equal dataset for dataset
# to the single-process sweep, and so does a plain sweep; `--gather` with a shard missing names
# the missing run files and exits 2 without writing sweep.h5; a rerun shard reuses its files;
# malformed --shard values are refused.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
spec="$src/scenarios/fushun-sweep-interest-subsidy.toml"
same() { "$python" "$src/tests/python/same_datasets.py" "$1" "$2" > /dev/null || fail "$3"; }

"$regsim" sweep "$spec" -o "$tmp/single" --threads 2 --quiet

# Shards 3 and 1 only: --gather refuses and names what is missing.
"$regsim" sweep "$spec" -o "$tmp/arr" --threads 1 --shard 3/3 > "$tmp/s3.txt" 2> /dev/null
grep -q "shard 3/3: 6 runs (6 run now, 0 reused)" "$tmp/s3.txt" || fail "shard 3/3: $(cat "$tmp/s3.txt")"
[ "$(ls "$tmp/arr/runs")" = "$(printf 'run-%06d.h5\n' 2 5 8 11 14 17)" ] ||
  fail "shard 3/3 wrote other runs: $(ls "$tmp/arr/runs")"
[ ! -e "$tmp/arr/sweep.h5" ] || fail "a shard wrote sweep.h5"
"$regsim" sweep "$spec" -o "$tmp/arr" --threads 1 --shard 1/3 --quiet
code=0
"$regsim" sweep "$spec" -o "$tmp/arr" --gather > /dev/null 2> "$tmp/gather.err" || code=$?
[ $code -eq 2 ] || fail "--gather with a shard missing: exit $code"
grep -q "\-\-gather: 7 of 20 runs have no finished run file .*(run-000001.h5, run-000004.h5," "$tmp/gather.err" ||
  fail "--gather message: $(cat "$tmp/gather.err")"
[ ! -e "$tmp/arr/sweep.h5" ] && [ -z "$(find "$tmp/arr" -name "*.tmp-*")" ] ||
  fail "a refused --gather left files: $(ls -R "$tmp/arr")"

# The last shard, a shard run again (nothing to do), then the gather.
"$regsim" sweep "$spec" -o "$tmp/arr" --threads 2 --shard 2/3 --quiet
"$regsim" sweep "$spec" -o "$tmp/arr" --threads 1 --shard 1/3 > "$tmp/again.txt" 2> /dev/null
grep -q "shard 1/3: 7 runs (0 run now, 7 reused)" "$tmp/again.txt" || fail "rerun shard: $(cat "$tmp/again.txt")"
"$regsim" sweep "$spec" -o "$tmp/arr" --gather > "$tmp/gather.txt" 2> /dev/null
grep -q "20 runs (0 run now, 20 reused)" "$tmp/gather.txt" || fail "--gather ran runs: $(cat "$tmp/gather.txt")"
same "$tmp/single/sweep.h5" "$tmp/arr/sweep.h5" "the shards' gather differs from one process"
rm "$tmp/arr/sweep.h5"
"$regsim" sweep "$spec" -o "$tmp/arr" --quiet
same "$tmp/single/sweep.h5" "$tmp/arr/sweep.h5" "the plain sweep after the shards differs from one process"

# A stale temporary of a shard's run from another machine is the shard's to remove.
touch "$tmp/arr/runs/run-000004.h5.tmp-othernode-12345" "$tmp/arr/runs/run-000005.h5.tmp-othernode-12345"
"$regsim" sweep "$spec" -o "$tmp/arr" --shard 2/3 --quiet
[ ! -e "$tmp/arr/runs/run-000004.h5.tmp-othernode-12345" ] || fail "shard 2/3 kept its stale temporary"
[ -e "$tmp/arr/runs/run-000005.h5.tmp-othernode-12345" ] || fail "shard 2/3 removed shard 3's temporary"

for bad in 0/3 4/3 a/3 3 1/0 /3 1/ -1/3; do
  code=0
  "$regsim" sweep "$spec" -o "$tmp/bad" --shard "$bad" > /dev/null 2> "$tmp/bad.err" || code=$?
  [ $code -eq 2 ] && grep -q "expected I/N with 1 <= I <= N" "$tmp/bad.err" ||
    fail "--shard $bad: exit $code: $(cat "$tmp/bad.err")"
done
[ ! -e "$tmp/bad" ] || fail "a refused --shard created its output directory"
code=0
"$regsim" sweep "$spec" -o "$tmp/bad" --shard 1/2 --no-run-files > /dev/null 2>&1 || code=$?
[ $code -eq 2 ] || fail "--shard --no-run-files: exit $code"
echo "OK"
