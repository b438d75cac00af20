#!/usr/bin/env bash
# `regsim attribute`: Shapley values of the Fushun plan's instrument families (exact, 8 subsets
# x 2 common-random-number replicates) add up to the whole package's effect (all - none) for
# every measure; the result does not depend on the thread count; with sampled orders (9
# instruments, --exact-max 4) the values still add up exactly, carry standard errors and are
# reproducible; bad arguments exit 2.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
plan="$src/scenarios/fushun-2018-2020.toml"

"$regsim" attribute "$plan" --by family -r 2 -t 1 --json "$tmp/f1.json" > "$tmp/f1.txt" 2> "$tmp/f1.err"
grep -q "3 players (family), exact over all 8 subsets x 2 replicates = 16 runs" "$tmp/f1.err" ||
  fail "run count line: $(cat "$tmp/f1.err")"
grep -q "the values add up to all - none within" "$tmp/f1.txt" || fail "no efficiency line"
"$regsim" attribute "$plan" --by family -r 2 -t 2 --json "$tmp/f2.json" > /dev/null 2>&1
cmp -s "$tmp/f1.json" "$tmp/f2.json" || fail "the values depend on the thread count"

"$regsim" attribute "$plan" -r 2 --exact-max 4 --permutations 6 --json "$tmp/s.json" > /dev/null 2> "$tmp/s.err"
grep -q "9 players (instrument), sampled: .* subsets (6 orders)" "$tmp/s.err" || fail "sampled line: $(cat "$tmp/s.err")"
"$regsim" attribute "$plan" -r 2 --exact-max 4 --permutations 6 --json "$tmp/s2.json" > /dev/null 2>&1
cmp -s "$tmp/s.json" "$tmp/s2.json" || fail "sampled values are not reproducible"

"$python" - "$tmp/f1.json" "$tmp/s.json" <<'PY'
import json, math, sys
fam, smp = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
assert fam["exact"] is True and fam["subsets"] == 8 and set(fam["measures"]["output_value"]["players"]) == {"subsidy", "land", "finance"}
assert smp["exact"] is False
for doc in (fam, smp):
    for name, m in doc["measures"].items():
        total = m["all"] - m["none"]
        s = sum(p["value"] for p in m["players"].values())
        assert abs(s - total) <= 1e-9 * max(1.0, abs(total)), (name, s, total)
    se = [p["standard_error"] for p in doc["measures"]["output_value"]["players"].values()]
    assert all(x == 0 for x in se) if doc["exact"] else all(x is not None and x >= 0 for x in se)
# The package raises output and spends money (the plan's instruments pay out).
out = fam["measures"]["output_value"]
assert out["all"] > out["none"] and fam["measures"]["spending"]["all"] > 0
print("attribution ok")
PY

expect() {
  local re=$1 code=0
  shift
  "$regsim" attribute "$@" > /dev/null 2> "$tmp/err.txt" || code=$?
  [ $code -eq 2 ] || fail "attribute $*: exit code $code, expected 2: $(cat "$tmp/err.txt")"
  grep -qE -e "$re" "$tmp/err.txt" || fail "attribute $*: unexpected message: $(cat "$tmp/err.txt")"
}
expect "--by: expected 'instrument' or 'family', got 'county'" "$plan" --by county
printf 'format = 1\nextends = "%s"\n' "$src/tests/data/calibration/analytic.toml" > "$tmp/none.toml"
expect "none.toml: no instrument to attribute \(the scenario has no policies\)" "$tmp/none.toml"
echo "OK"
