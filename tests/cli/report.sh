#!/usr/bin/env bash
# `regsim report`: a 3x3 grid sweep (2 replicates) of the minimal scenario and a baseline run
# of it are rendered into one HTML report against a baseline (the minimal scenario as it is, 2
# replicates with the same seeds: a one-point sweep); the Python mirror of the target selectors
# gives the engine's /targets values; deltas are paired by replicate id, so the grid point that
# is the baseline scenario and the baseline run differ from the baseline by exactly 0, and the
# other points get 95% intervals; headless Chromium renders the report and every expected chart
# is in its DOM with a drawn SVG and a caption, with no reference outside the file; a report of
# one run shows notes instead of the charts it cannot draw; tools/screenshot_report.sh writes a
# PNG; a missing interpreter, a missing matplotlib and bad inputs give clear errors and exit
# codes. Exits 77 (CTest: skipped) after the other checks when Chromium is absent.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$regsim" sweep "$src/tests/data/sweeps/report_grid.toml" -o "$tmp/grid" --threads 2 --quiet
"$regsim" sweep "$src/tests/data/sweeps/report_baseline.toml" -o "$tmp/baseline" --threads 2 --quiet
"$regsim" run "$src/tests/data/scenarios/minimal.toml" -o "$tmp/base.h5" --threads 2 --quiet > /dev/null

# 1. The report of the sweep (r2) and the run (r3) against the baseline (r1).
start=$(date +%s%N)
"$regsim" report "$tmp/grid" "$tmp/base.h5" -o "$tmp/out/report.html" \
  --baseline "$tmp/baseline" --title "Report test" > "$tmp/report.txt"
end=$(date +%s%N)
echo "rendered the report in $(( (end - start) / 1000000 )) ms: $(cat "$tmp/report.txt")"
[ -s "$tmp/out/report.html" ] || fail "no report written"
[ -z "$(ls "$tmp/out" | grep tmp- || true)" ] || fail "temporary file left: $(ls "$tmp/out")"
charts=targets,fan-r1,fan-r2,deltas-last-year,deltas-over-years,response-r2,tornado-r2
"$python" "$src/tests/python/check_report_dom.py" "$tmp/out/report.html" --charts "$charts" \
  --notes note-fan-r3,header,targets-table,deltas-table --title "Report test"

"$python" - "$src/tools/report" "$tmp/grid/sweep.h5" "$tmp/base.h5" "$tmp/baseline/sweep.h5" \
  "$tmp/out/report.html" <<'PY'
import math, re, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import report
# The Python selectors (platform_kind sums, growth of a county) reproduce the engine's
# /targets/simulated for every run and row.
for number, path in enumerate(sys.argv[2:5], 1):
    res = report.Result(path, number, "test")
    assert res.targets, path
    kinds = set()
    for row in res.targets:
        kinds.add(row.entity.split(":")[0] + ("/growth" if "growth" in row.variable else ""))
        col = list(res.years).index(row.year)
        got = res.selector_path(row.entity, row.variable)[:, col]
        assert np.allclose(got, row.simulated, rtol=1e-12, equal_nan=True), (row, got)
    assert {"platform_kind", "county/growth"} <= kinds, kinds
# Deltas, paired by replicate id: the grid point that is the baseline scenario (2 points, 6%
# growth; replicates 0 and 1) and the baseline run (replicate 0) differ by exactly 0; the points
# that change demand growth differ in output, with a 95% interval around the difference.
html = open(sys.argv[5], encoding="utf-8").read()
table = re.search(r'<table id="deltas-table">.*?</table>', html, re.S).group(0)
rows = dict(re.findall(r"<tr><td>([^<]*)</td>(.*?)</tr>", table, re.S))
assert len(rows) == 10, list(rows)
for label, cells in rows.items():
    means = [float(m) for m in re.findall(r'data-mean="([^"]+)"', cells)]
    intervals = re.findall(r"\[([^,\]]+), ([^\]]+)\]", cells)
    assert len(means) == 5, cells
    if label == "r3 base":
        assert means == [0.0] * 5 and not intervals, (label, cells)
    elif label == "r2 points=0.02, demand_growth=0.06":
        assert means == [0.0] * 5, (label, means)
        assert intervals == [("0", "0")] * 5, (label, intervals)
    elif "demand_growth=0.06" not in label:
        assert means[0] != 0.0 and len(intervals) == 5, (label, cells)
        lo, hi = map(float, intervals[0])
        assert lo <= means[0] <= hi and lo < hi, (label, intervals[0])
assert "95% t intervals" in html and "paired by replicate id" in html
# The targets table: each row's probability of attainment over the runs, and the whole plan's,
# with 95% Wilson intervals; the reference result's runs decide.
assert "P(attained), 95% Wilson" in html
plan_row = re.search(r'<tr id="targets-plan">(.*?)</tr>', html).group(1)
k, n = map(int, re.search(r"(\d+) of (\d+)", plan_row).groups())
ref = report.Result(sys.argv[4], 1, "baseline")
plan = report.plan_attained(ref.targets)
assert (k, n) == (int((plan == 1).sum()), len(plan)), (k, n, plan)
p, lo, hi = report.wilson_interval(k, n)
assert f"{p:.2f} [{lo:.2f}, {hi:.2f}]" in plan_row, plan_row
print("selectors match /targets; paired deltas are 0 for the baseline scenario, with intervals elsewhere; plan attainment with its interval")
PY

# 2. One run alone: the charts it cannot support are notes saying why.
"$regsim" report "$tmp/base.h5" -o "$tmp/one.html" > /dev/null
"$python" "$src/tests/python/check_report_dom.py" "$tmp/one.html" --charts targets \
  --notes note-fan-r1,note-deltas,note-response,note-tornado
grep -q 'id="fan-r1"' "$tmp/one.html" && fail "a fan chart for a single run"

# 3. Errors: no interpreter, no matplotlib, not a result, a sweep as baseline. No file written.
set +e
REGSIM_PYTHON=/nonexistent/python3 "$regsim" report "$tmp/base.h5" -o "$tmp/e1.html" 2> "$tmp/e1.txt"; c1=$?
mkdir -p "$tmp/fake/matplotlib"
echo 'raise ImportError("no matplotlib here")' > "$tmp/fake/matplotlib/__init__.py"
PYTHONPATH="$tmp/fake" "$regsim" report "$tmp/base.h5" -o "$tmp/e2.html" 2> "$tmp/e2.txt"; c2=$?
"$regsim" report "$src/tests/data/sweeps/report_grid.toml" -o "$tmp/e3.html" 2> "$tmp/e3.txt"; c3=$?
"$regsim" report "$tmp/base.h5" -o "$tmp/e4.html" --baseline "$tmp/grid" 2> "$tmp/e4.txt"; c4=$?
set -e
[ $c1 -eq 1 ] && grep -q "no Python interpreter at /nonexistent/python3" "$tmp/e1.txt" \
  || fail "missing python: exit $c1: $(cat "$tmp/e1.txt")"
[ $c2 -eq 1 ] && grep -q "matplotlib" "$tmp/e2.txt" && grep -q "python3-matplotlib" "$tmp/e2.txt" \
  || fail "missing matplotlib: exit $c2: $(cat "$tmp/e2.txt")"
[ $c3 -eq 2 ] && grep -q "report_grid.toml: not an HDF5 file" "$tmp/e3.txt" \
  || fail "not a result: exit $c3: $(cat "$tmp/e3.txt")"
[ $c4 -eq 2 ] && grep -q "a baseline is one scenario" "$tmp/e4.txt" \
  || fail "sweep as baseline: exit $c4: $(cat "$tmp/e4.txt")"
ls "$tmp"/e?.html* > /dev/null 2>&1 && fail "a failed report left a file: $(ls "$tmp"/e?.html*)"

# 4. The checker itself fails on an external reference.
sed 's|<h1>|<img src="https://example.com/logo.png"><h1>|' "$tmp/out/report.html" > "$tmp/bad.html"
if "$python" "$src/tests/python/check_report_dom.py" "$tmp/bad.html" --charts targets 2> /dev/null; then
  fail "the DOM check accepted an external image"
fi

# 5. Headless Chromium: the rendered DOM has every chart; a screenshot is written.
chrome=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" > /dev/null 2>&1; then chrome=$(command -v "$c"); break; fi
done
if [ -z "$chrome" ]; then
  echo "SKIP: chromium is not installed (apt-get install chromium): the rendered DOM and the screenshot are not checked"
  exit 77
fi
HOME=$tmp "$chrome" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/chrome" \
  --virtual-time-budget=5000 --dump-dom "file://$tmp/out/report.html" > "$tmp/dom.html" 2> "$tmp/chrome.txt" \
  || fail "chromium --dump-dom failed: $(tail -5 "$tmp/chrome.txt")"
"$python" "$src/tests/python/check_report_dom.py" "$tmp/dom.html" --charts "$charts" \
  --notes note-fan-r3,header --title "Report test"

bash "$src/tools/screenshot_report.sh" "$tmp/out/report.html" "$tmp/shot.png" > /dev/null
"$python" - "$tmp/shot.png" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert (width, height) == (1400, 5000), (width, height)
print(f"screenshot {width}x{height}, {len(data)} bytes")
PY
echo "OK"
