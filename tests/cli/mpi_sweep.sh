#!/usr/bin/env bash
# `mpirun -n 3 regsim sweep` of the shipped example (docs/CLUSTER.md): sweep.h5 equal, dataset
# for dataset and bit for bit, to the single-process sweep of the same spec, with 1 and 2
# threads per rank and with --no-run-files; a job whose rank dies part-way (the hidden
# --stop-after exits a rank abruptly after N runs) and one killed as a whole (SIGTERM to mpirun,
# as scancel does) leave no sweep.h5, and the same command again redoes only the runs without a
# finished file and ends equal; a run failing on some rank ends the job with the single
# process's message, printed once, and exit 2; other commands and --shard are refused under
# mpirun.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/cli/lib/mpi.sh"
spec="$src/scenarios/fushun-sweep-interest-subsidy.toml"
same() { "$python" "$src/tests/python/same_datasets.py" "$1" "$2" > /dev/null || fail "$3"; }
count_runs() { ls "$1" 2> /dev/null | grep -c '^run-[0-9]\{6\}\.h5$' || true; }

# 1. The reference: one process, one thread.
"$regsim" sweep "$spec" -o "$tmp/single" --threads 1 --quiet
[ "$(count_runs "$tmp/single/runs")" -eq 20 ] || fail "single-process sweep: not 20 run files"

# 2. Three ranks, 1 and 2 threads each; without run files.
mpi -n 3 "$regsim" sweep "$spec" -o "$tmp/mpi1" --threads 1 > "$tmp/mpi1.txt" 2> "$tmp/mpi1.err" ||
  fail "mpirun -n 3: $(cat "$tmp/mpi1.err")"
grep -q "20 runs (20 run now, 0 reused).*3 ranks" "$tmp/mpi1.txt" || fail "summary line: $(cat "$tmp/mpi1.txt")"
grep -qE "3 ranks, [1-9][0-9]* runs on ranks 1..2" "$tmp/mpi1.txt" || fail "ranks 1..2 ran nothing: $(cat "$tmp/mpi1.txt")"
[ "$(count_runs "$tmp/mpi1/runs")" -eq 20 ] || fail "mpirun -n 3: not 20 run files"
[ -z "$(find "$tmp/mpi1" -name "*.tmp-*")" ] || fail "temporary file left behind"
same "$tmp/single/sweep.h5" "$tmp/mpi1/sweep.h5" "mpirun -n 3 --threads 1 differs from one process"
for f in run-000000.h5 run-000013.h5 run-000019.h5; do
  same "$tmp/single/runs/$f" "$tmp/mpi1/runs/$f" "run file $f differs"
done
mpi -n 3 "$regsim" sweep "$spec" -o "$tmp/mpi2" --threads 2 --quiet
same "$tmp/single/sweep.h5" "$tmp/mpi2/sweep.h5" "mpirun -n 3 --threads 2 differs from one process"
mpi -n 2 "$regsim" sweep "$spec" -o "$tmp/mpin" --threads 1 --quiet --no-run-files
[ "$(ls "$tmp/mpin")" = "sweep.h5" ] || fail "--no-run-files under mpirun wrote more: $(ls "$tmp/mpin")"
same "$tmp/single/sweep.h5" "$tmp/mpin/sweep.h5" "mpirun --no-run-files differs from one process"

# 3. A rank dies after 2 runs: the job ends (non-zero), no sweep.h5; the same command resumes.
code=0
mpi -n 3 "$regsim" sweep "$spec" -o "$tmp/died" --threads 1 --quiet --stop-after 2 \
  > /dev/null 2>&1 || code=$?
[ $code -ne 0 ] || fail "a job whose ranks died exited 0"
[ ! -e "$tmp/died/sweep.h5" ] || fail "a job whose ranks died wrote sweep.h5"
before=$(count_runs "$tmp/died/runs")
[ "$before" -ge 2 ] && [ "$before" -lt 20 ] || fail "expected 2..19 finished runs, got $before"
mpi -n 3 "$regsim" sweep "$spec" -o "$tmp/died" --threads 1 > "$tmp/died.txt" 2> /dev/null
grep -q "($((20 - before)) run now, $before reused)" "$tmp/died.txt" ||
  fail "the resumed job did not reuse the $before finished runs: $(cat "$tmp/died.txt")"
[ -z "$(find "$tmp/died" -name "*.tmp-*")" ] || fail "stale temporary file not removed"
same "$tmp/single/sweep.h5" "$tmp/died/sweep.h5" "resumed job differs from one process"

# 4. The whole job killed (SIGTERM to mpirun) once some run files exist, then rerun.
mpi -n 3 "$regsim" sweep "$spec" -o "$tmp/killed" --threads 1 --quiet > /dev/null 2>&1 &
job=$!
for _ in $(seq 1 1000); do
  [ "$(count_runs "$tmp/killed/runs")" -ge 1 ] && break
  sleep 0.01
done
kill -TERM $job 2> /dev/null || true
wait $job 2> /dev/null || true
if [ -e "$tmp/killed/sweep.h5" ]; then
  echo "note: the job finished before it could be killed; the resume below reuses every run"
fi
mpi -n 3 "$regsim" sweep "$spec" -o "$tmp/killed" --threads 1 --quiet
[ -z "$(find "$tmp/killed" -name "*.tmp-*")" ] || fail "stale temporary file not removed after a kill"
same "$tmp/single/sweep.h5" "$tmp/killed/sweep.h5" "killed and resumed job differs from one process"

# 5. A run that fails on whichever rank gets it: the message once, exit 2, no sweep.h5.
cat > "$tmp/infeasible.toml" <<TOML
[sweep]
base = "$src/scenarios/fushun-2018-2020.toml"
replicates = 3
[[sweep.factors]]
key = "platforms[抚顺经济开发区].land.serviced_ha"
values = [730.0, 1.0]
TOML
code=0
mpi -n 3 "$regsim" sweep "$tmp/infeasible.toml" -o "$tmp/bad" --threads 1 --quiet \
  > /dev/null 2> "$tmp/bad.err" || code=$?
[ $code -eq 2 ] || fail "a failing run: exit code $code, expected 2: $(cat "$tmp/bad.err")"
[ "$(grep -c "error: point 1, replicate [0-2]: platform '抚顺经济开发区'" "$tmp/bad.err")" -eq 1 ] ||
  fail "the failing run's message is not printed exactly once: $(cat "$tmp/bad.err")"
grep -q "fushun-2018-2020.toml:[0-9]*:[0-9]*: error" "$tmp/bad.err" || fail "message not located: $(cat "$tmp/bad.err")"
[ ! -e "$tmp/bad/sweep.h5" ] || fail "a failed job wrote sweep.h5"

# 6. Refused under mpirun: --shard, and commands that do not share work.
code=0
mpi -n 2 "$regsim" sweep "$spec" -o "$tmp/shard" --shard 1/2 > /dev/null 2> "$tmp/shard.err" || code=$?
[ $code -eq 2 ] && grep -q "drop --shard or run without mpirun" "$tmp/shard.err" ||
  fail "--shard under mpirun: exit $code: $(cat "$tmp/shard.err")"
code=0
mpi -n 2 "$regsim" run "$src/scenarios/fushun-2018-2020.toml" -o "$tmp/x.h5" > /dev/null 2> "$tmp/run.err" || code=$?
[ $code -eq 2 ] && grep -q "run \`regsim run\` as a single process" "$tmp/run.err" ||
  fail "regsim run under mpirun: exit $code: $(cat "$tmp/run.err")"
[ ! -e "$tmp/x.h5" ] || fail "regsim run under mpirun wrote its output"
echo "OK"
