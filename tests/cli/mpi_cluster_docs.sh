#!/usr/bin/env bash
# docs/CLUSTER.md followed as written: its Slurm batch scripts (the ```sh blocks starting
# "#!/bin/bash" with a "# file: NAME" line) are run by bash the way sbatch would, in a submit
# directory holding build/regsim and scenarios/, with Slurm's environment variables set and
# `srun` standing for Open MPI's mpirun (a shim on PATH: srun -> mpirun -n $SLURM_NTASKS). The
# MPI sweep, the job array (3 tasks, then the gather script) and a single-process sweep give
# the same sweep.h5 datasets; the MPI calibration script, pointed at a plan with known truth
# through its PLAN/FIT variables, reaches the standard with the single process's fit.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/cli/lib/mpi.sh"
doc="$src/docs/CLUSTER.md"

# The scripts, by name.
script() {
  awk -v want="$1" '
    /^```sh$/ { inblock = 1; text = ""; next }
    /^```$/ && inblock { if (name == want) { printf "%s", text; found = 1 } inblock = 0; name = ""; next }
    inblock { text = text $0 "\n"; if ($0 ~ /^# file: /) { split($0, w, " "); name = w[3] } }
    END { exit found ? 0 : 1 }' "$doc" > "$tmp/$1" || fail "docs/CLUSTER.md has no script '$1'"
}
for s in sweep-mpi.slurm sweep-array.slurm sweep-gather.slurm calibrate-mpi.slurm; do script $s; done

# The submit directory, and srun.
submit="$tmp/submit"
mkdir -p "$submit/build" "$tmp/bin"
ln -s "$regsim" "$submit/build/regsim"
ln -s "$src/scenarios" "$submit/scenarios"
ln -s "$src/data" "$submit/data"  # the national price series the plans name
cat > "$tmp/bin/srun" <<'SH'
#!/bin/bash
exec mpirun --oversubscribe -n "$SLURM_NTASKS" "$@"
SH
chmod +x "$tmp/bin/srun"
export PATH="$tmp/bin:$PATH" SLURM_SUBMIT_DIR="$submit" SLURM_CPUS_PER_TASK=1
out="$submit/runs/fushun-sweep-interest-subsidy"

# The MPI sweep (3 tasks), moved aside; then the array of 3 tasks and the gather.
SLURM_NTASKS=3 bash "$tmp/sweep-mpi.slurm" > "$tmp/mpi.txt" 2>&1 || fail "sweep-mpi.slurm: $(cat "$tmp/mpi.txt")"
grep -q "3 ranks" "$tmp/mpi.txt" || fail "sweep-mpi.slurm did not run 3 ranks: $(cat "$tmp/mpi.txt")"
mv "$out" "$tmp/mpi"
for task in 2 3 1; do
  SLURM_ARRAY_TASK_ID=$task SLURM_ARRAY_TASK_COUNT=3 bash "$tmp/sweep-array.slurm" > "$tmp/array-$task.txt" 2>&1 ||
    fail "sweep-array.slurm task $task: $(cat "$tmp/array-$task.txt")"
  [ ! -e "$out/sweep.h5" ] || fail "array task $task wrote sweep.h5"
done
bash "$tmp/sweep-gather.slurm" > "$tmp/gather.txt" 2>&1 || fail "sweep-gather.slurm: $(cat "$tmp/gather.txt")"
grep -q "(0 run now, 20 reused)" "$tmp/gather.txt" || fail "the gather ran runs: $(cat "$tmp/gather.txt")"
"$regsim" sweep "$src/scenarios/fushun-sweep-interest-subsidy.toml" -o "$tmp/single" --quiet
"$python" "$src/tests/python/same_datasets.py" "$tmp/single/sweep.h5" "$tmp/mpi/sweep.h5" > /dev/null ||
  fail "sweep-mpi.slurm differs from one process"
"$python" "$src/tests/python/same_datasets.py" "$tmp/single/sweep.h5" "$out/sweep.h5" > /dev/null ||
  fail "the job array differs from one process"

# The calibration script on the analytic plan with known truth (2 tasks, 2 replicates).
. "$src/tests/cli/lib/calibration_truth.sh"
calibration_truth "$tmp/truth"
PLAN="$tmp/truth/truth.toml" FIT="$tmp/fit-mpi.toml" SLURM_NTASKS=2 bash "$tmp/calibrate-mpi.slurm" > "$tmp/cal.txt" 2>&1 ||
  fail "calibrate-mpi.slurm: $(cat "$tmp/cal.txt")"
grep -q "standard: REACHED" "$tmp/cal.txt" || fail "calibrate-mpi.slurm: standard not reached: $(cat "$tmp/cal.txt")"
"$regsim" calibrate "$tmp/truth/truth.toml" -o "$tmp/fit-single.toml" --threads 1 --quiet > /dev/null
strip() { grep -vE "wall time|^# regsim calibrate" "$1"; }
diff <(strip "$tmp/fit-single.toml") <(strip "$tmp/fit-mpi.toml") > /dev/null ||
  fail "calibrate-mpi.slurm fit another point than one process"
echo "OK"
