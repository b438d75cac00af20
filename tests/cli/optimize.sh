#!/usr/bin/env bash
# `regsim optimize`: on the Fushun baseline (two of its levers, two of its rows met in 2019, 3
# replicates, a short search), the search does not depend on the thread count; an interrupted
# search run again replays its cached evaluations and ends where an uninterrupted one ends, a
# cut-off cache line is dropped and a cache from another model is detected; best.toml reproduces
# the best mix's attainment when run with `regsim run`; the best mix is the cheapest feasible
# evaluation and the front is monotone; an infeasible problem exits 3 with its evidence and no
# best.toml; a bad spec exits 2 and creates nothing; the report draws the trade-off.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$(cd "$2" && pwd) python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

spec() {  # spec FILE EXTRA-TOML
  cat > "$1" <<EOF
[optimize]
base = "$src/scenarios/fushun-2018-2020-baseline.toml"
targets = ["FS-04", "FS-06"]
years = [2019]
replicates = 3
validation_replicates = 3
probability = 0.6
reach = "floor"
max_evaluations = 14
initial_points = 3
seed = 2
$2
[[optimize.variables]]
key = "policies.subsidy[SME loan interest subsidy].params.points"
min = 0.0
max = 0.04

[[optimize.variables]]
key = "policies.subsidy[graded project funds for major projects].params.rate"
min = 0.0
max = 0.12
EOF
}
spec "$tmp/s.toml" ""

"$regsim" optimize "$tmp/s.toml" -o "$tmp/a" -t 1 > "$tmp/a.txt" 2> "$tmp/a.err" || fail "run a: $(cat "$tmp/a.err")"
grep -q "best mix: evaluation" "$tmp/a.txt" || fail "no best mix: $(cat "$tmp/a.txt")"
[ -f "$tmp/a/best.toml" ] && [ -f "$tmp/a/optimize.h5" ] || fail "missing outputs"
"$regsim" optimize "$tmp/s.toml" -o "$tmp/b" -t 2 -q > /dev/null 2>&1 || fail "run b"

# Interrupted after 5 evaluations, then run again: replays 5, ends equal.
"$regsim" optimize "$tmp/s.toml" -o "$tmp/c" --max-evaluations 5 -q > /dev/null 2>&1 || [ $? -eq 3 ] || fail "run c1"
printf '0x1p-3\t0x1p-2\t1' >> "$tmp/c/evaluations.cache"  # a line cut short by a kill
"$regsim" optimize "$tmp/s.toml" -o "$tmp/c" > "$tmp/c.txt" 2> "$tmp/c.err" || fail "run c2: $(cat "$tmp/c.err")"
grep -q "5 cached from an earlier run" "$tmp/c.err" || fail "no replay: $(cat "$tmp/c.err")"
# The plan's mix is always run again (the check against another model's cache).
grep -q "(4 replayed from evaluations.cache)" "$tmp/c.txt" || fail "replay count: $(head -3 "$tmp/c.txt")"

# A cache whose plan's-mix line differs from what this model computes is discarded.
cp -r "$tmp/a" "$tmp/d"
sed -i '2s/^\(\([^\t]*\t\)\{3\}\)[^\t]*/\10x1p+10/' "$tmp/d/evaluations.cache"
"$regsim" optimize "$tmp/s.toml" -o "$tmp/d" > /dev/null 2> "$tmp/d.err" || fail "run d: $(cat "$tmp/d.err")"
grep -q "was written by a different model" "$tmp/d.err" || fail "stale cache not detected: $(cat "$tmp/d.err")"

# best.toml, run as a scenario: the same attainment as the search measured.
"$regsim" run "$tmp/a/best.toml" -o "$tmp/best-run" --replicates 3 --quiet > /dev/null 2>&1 || fail "best.toml does not run"

"$python" - "$tmp" <<'PY'
import sys, h5py, numpy as np
tmp = sys.argv[1]
def history(d):
    with h5py.File(f"{tmp}/{d}/optimize.h5", "r") as f:
        h = f["history"]
        return {k: h[k][()] for k in ("x", "cost", "row_attained", "row_margin", "feasible",
                                       "probability")}, dict(f.attrs), \
            {k: f[k][()] for k in ("row_id", "row_year", "row_target", "row_tolerance",
                                   "row_comparator", "front/cost", "front/probability",
                                   "front/evaluation")}
a, attrs, meta = history("a")
for other in ("b", "c", "d"):
    o, oattrs, _ = history(other)
    for k in a:
        assert np.array_equal(a[k], o[k], equal_nan=True), (other, k)
    assert oattrs["best"] == attrs["best"]
assert len(a["cost"]) == 14
best = int(attrs["best"])
feasible = a["feasible"].astype(bool)
assert attrs["feasible"] == 1 and feasible[best]
# Feasible means at least k = ceil(p R) replicates attain every row.
k = int(attrs["required_replicates"])
assert k == 2
assert np.array_equal(feasible, (a["row_attained"] >= k).all(axis=1))
# The best mix is the cheapest feasible one; the front rises in cost and probability.
assert a["cost"][best] == a["cost"][feasible].min()
fc, fp = meta["front/cost"], meta["front/probability"]
assert np.all(np.diff(fc) > 0) and np.all(np.diff(fp) > 0)
# The best mix run from best.toml: the same simulated rows, the same attainment (floor reach).
with h5py.File(f"{tmp}/best-run/sweep.h5", "r") as f:
    t = f["targets"]
    ids = [s.decode() for s in t["id"][()]]
    years = t["year"][()]
    sim = t["simulated"][()]
for r, (rid, year) in enumerate(zip(meta["row_id"], meta["row_year"])):
    rid = rid.decode()
    col = [i for i in range(len(ids)) if ids[i] == rid and years[i] == year][0]
    floor = meta["row_target"][r] * (1 - meta["row_tolerance"][r]) \
        if meta["row_comparator"][r].decode() == "=" else meta["row_target"][r]
    attained = int((sim[:, col] >= floor).sum())
    assert attained == a["row_attained"][best][r], (rid, attained, a["row_attained"][best][r])
print("optimize ok")
PY

# Infeasible: no spending allowed, yet at least 1 point of interest subsidy.
spec "$tmp/inf.toml" $'[[optimize.budgets]]\npayer = "upper"\nmax = 0\n[[optimize.budgets]]\npayer = "province"\nmax = 0'
sed -i 's/^min = 0.0$/min = 0.01/' "$tmp/inf.toml"
code=0
"$regsim" optimize "$tmp/inf.toml" -o "$tmp/inf" --max-evaluations 6 -q > "$tmp/inf.txt" 2> "$tmp/inf.err" || code=$?
[ $code -eq 3 ] || fail "infeasible: exit code $code, expected 3: $(cat "$tmp/inf.err")"
grep -q "NO EVALUATED MIX MEETS EVERY CONSTRAINT" "$tmp/inf.txt" || fail "no infeasibility evidence"
grep -q "spending of upper: at least" "$tmp/inf.txt" || fail "no budget evidence: $(cat "$tmp/inf.txt")"
[ ! -e "$tmp/inf/best.toml" ] || fail "best.toml written for an infeasible problem"

# A bad spec: exit 2, located, nothing created.
printf '[optimize]\nbase = "%s"\nprobability = 2\n' "$src/scenarios/fushun-2018-2020-baseline.toml" > "$tmp/bad.toml"
code=0
"$regsim" optimize "$tmp/bad.toml" -o "$tmp/bad-out" > /dev/null 2> "$tmp/bad.err" || code=$?
[ $code -eq 2 ] || fail "bad spec: exit code $code"
grep -q "bad.toml:3:15: error: 'probability' in \[optimize\] must be in (0, 1], got 2" "$tmp/bad.err" ||
  fail "bad spec message: $(cat "$tmp/bad.err")"
[ ! -e "$tmp/bad-out" ] || fail "a refused spec created its output directory"

# The report draws the trade-off.
if "$python" -c "import matplotlib" 2> /dev/null; then
  "$regsim" report "$tmp/best-run" -o "$tmp/r.html" --optimization "$tmp/a" > "$tmp/r.txt" ||
    fail "report: $(cat "$tmp/r.txt")"
  grep -q "optimization" "$tmp/r.txt" || fail "no trade-off chart: $(cat "$tmp/r.txt")"
fi
echo "OK"
