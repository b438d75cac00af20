#!/usr/bin/env bash
# `regsim calibrate`: on the analytic test scenario with targets generated at known demand
# growths (from `regsim run --replicates`, /targets/simulated_mean), it reaches the standard
# (exit 0), recovers the growths, writes an overlay that extends the scenario by a relative path
# with the fit report on top, and `regsim run` on the overlay reproduces the reported replicate
# means; the overlay does not depend on --threads; constant targets it cannot meet give exit 3
# and a loud message; a bad parameter key gives exit 2 and a located error.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
data="$src/tests/data/calibration"

# 1. The truth: demand growth 0.12 and 0.03, two replicates.
. "$src/tests/cli/lib/calibration_truth.sh"
calibration_truth "$tmp/truth" 0.03
mkdir -p "$tmp/fit"

# 2. Calibrate on 1 and on 3 threads: exit 0, the same overlay apart from the report's timing.
for t in 1 3; do
  code=0
  "$regsim" calibrate "$tmp/truth/truth.toml" -o "$tmp/fit/t$t.toml" --threads $t \
    > "$tmp/out-$t.txt" 2> "$tmp/err-$t.txt" || code=$?
  [ $code -eq 0 ] || fail "calibrate --threads $t: exit code $code: $(cat "$tmp/err-$t.txt")"
done
grep -q "standard: REACHED" "$tmp/out-1.txt" || fail "no 'standard: REACHED': $(cat "$tmp/out-1.txt")"
grep -q "^# 2 parameters fitted against 7 target rows" "$tmp/fit/t1.toml" || fail "report count"
grep -qE "^calibrate: evaluation 1/120 " "$tmp/err-1.txt" || fail "no plain progress line"
strip() { grep -vE "wall time|^# regsim calibrate" "$1"; }
diff <(strip "$tmp/fit/t1.toml") <(strip "$tmp/fit/t3.toml") > /dev/null ||
  fail "the overlay depends on the thread count: $(diff <(strip "$tmp/fit/t1.toml") <(strip "$tmp/fit/t3.toml"))"
grep -qx "extends = '../truth/truth.toml'" "$tmp/fit/t1.toml" ||
  grep -qx 'extends = "../truth/truth.toml"' "$tmp/fit/t1.toml" || fail "extends is not relative"
grep -qx "replicates = 2" "$tmp/fit/t1.toml" || fail "replicates not set"
"$python" - "$tmp/fit/t1.toml" <<'PY'
import sys, re
text = open(sys.argv[1]).read()
g = [float(x) for x in re.findall(r"^demand_growth = (\S+)$", text, re.M)]
assert len(g) == 2 and abs(g[0] - 0.12) < 0.002 and abs(g[1] - 0.03) < 0.002, g
PY

# 3. The overlay runs; its replicate means are the reported simulated values.
"$regsim" validate "$tmp/fit/t1.toml" > /dev/null
"$regsim" run "$tmp/fit/t1.toml" -o "$tmp/rerun" --quiet > /dev/null
"$python" - "$tmp/rerun/sweep.h5" "$tmp/fit/t1.toml" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    g = f["targets"]
    ids = [x.decode() for x in g["id"][()]]
    years = g["year"][()]
    mean = g["simulated_mean"][()]
    attained = g["attained_mean"][()]
rows = {}
for line in open(sys.argv[2]):
    parts = line[1:].split()
    if len(parts) == 10 and parts[0].startswith("T-"):
        rows[(parts[0], int(parts[3]))] = (parts[6], parts[8], parts[9])
assert len(rows) == 7, rows
for i, y, m, a in zip(ids, years, mean, attained):
    simulated, sample, met = rows[(i, int(y))]
    assert "%.6g" % m == simulated, (i, y, m, simulated)
    assert sample == "in-sample" and met == "yes" and a == 1, (i, y, sample, met, a)
PY

# 4. Constant targets the scenario cannot meet within 0.15%: the best overlay, exit 3, loudly.
code=0
"$regsim" calibrate "$data/analytic.toml" -o "$tmp/fit/short.toml" --max-evaluations 30 --quiet \
  > /dev/null 2> "$tmp/err.txt" || code=$?
[ $code -eq 3 ] || fail "unreachable standard: exit code $code, expected 3"
grep -q "THE STANDARD IS NOT REACHED" "$tmp/err.txt" || fail "not loud: $(cat "$tmp/err.txt")"
grep -q "^# standard: NOT REACHED" "$tmp/fit/short.toml" || fail "report does not say so"
"$regsim" validate "$tmp/fit/short.toml" > /dev/null

# 5. A parameter key the scenario lacks: exit 2, located, nothing written.
code=0
"$regsim" calibrate "$data/bad_key.toml" -o "$tmp/fit/bad.toml" 2> "$tmp/err.txt" > /dev/null ||
  code=$?
[ $code -eq 2 ] || fail "bad key: exit code $code"
grep -q "bad_key.toml:5:7: error: calibration parameter .*did you mean '装备制造'" "$tmp/err.txt" ||
  fail "bad key: $(cat "$tmp/err.txt")"
[ ! -e "$tmp/fit/bad.toml" ] || fail "bad key: wrote an overlay"
echo "ok"
