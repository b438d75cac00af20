#!/usr/bin/env bash
# docs/POLICY_DESIGN.md followed as written: its ```sh blocks run in order from a directory laid
# out like the repository root (build/ this build, scenarios/ the sources; runs/ and plans/
# written there), and what the page says of their results holds: the whole plan's probability
# is printed; the Shapley values of the instrument families add up to the package's effect; in
# the shipped sensitivity spec the interest points explain 2020 GDP more than the project-fund
# rate and the project-fund rate explains spending more than the interest points; the compare
# of a mix without project funds gives both sides' plan probabilities and that instrument's cost
# as 0 in the alternative; the report's tornado of the sensitivity sweep draws Sobol indices and
# its attribution section the waterfalls (a malformed attribution file: exit 2); the shipped
# optimisation finds a mix cheaper than the plan's own that meets the constraint on the search's
# replicates and on the unseen validation replicates, and the report draws the trade-off.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
build=$(cd "$(dirname "$regsim")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir "$tmp/root"
ln -s "$build" "$tmp/root/build"
ln -s "$src/scenarios" "$tmp/root/scenarios"
"$python" - "$src/docs/POLICY_DESIGN.md" "$tmp" <<'PY'
import pathlib, re, sys
doc, tmp = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8"), pathlib.Path(sys.argv[2])
blocks = re.findall(r"^```sh\n(.*?)^```\n", doc, re.M | re.S)
assert len(blocks) == 5, f"expected 5 sh blocks, found {len(blocks)}"
for n, body in enumerate(blocks, 1):
    (tmp / f"block-{n}.sh").write_text(body, encoding="utf-8")
PY
cd "$tmp/root"
for n in 1 2 3 4 5; do
  bash -euo pipefail "$tmp/block-$n.sh" > "$tmp/out-$n.txt" 2> "$tmp/err-$n.txt" ||
    fail "block $n: $(cat "$tmp/block-$n.sh") -> $(cat "$tmp/err-$n.txt")"
done
grep -q "whole plan (every modelled row in one replicate): " "$tmp/out-1.txt" || fail "block 1: $(cat "$tmp/out-1.txt")"
grep -q "Sobol indices of the replicate-mean response from the Saltelli design" runs/fushun-sensitivity.html ||
  fail "the report's tornado does not draw the Sobol indices"
grep -q '<figure id="attribution"' runs/fushun-attribution.html || fail "no attribution waterfall in the report"
grep -q '<figure id="optimization"' runs/fushun-optimize.html || fail "no trade-off in the report"
grep -q "against the plan's own mix" runs/fushun-optimize.txt || fail "block 5: $(cat runs/fushun-optimize.txt)"
echo '{"measures": {}}' > "$tmp/bad.json"
code=0
build/regsim report runs/fushun -o "$tmp/bad.html" --attribution "$tmp/bad.json" > /dev/null 2> "$tmp/bad.err" || code=$?
[ $code -eq 2 ] && grep -q "not a \`regsim attribute --json\` file" "$tmp/bad.err" ||
  fail "a bad --attribution file: exit $code: $(cat "$tmp/bad.err")"
"$python" - runs <<'PY'
import json, sys
runs = sys.argv[1]
fam = json.load(open(f"{runs}/fushun-families.json", encoding="utf-8"))
for name, m in fam["measures"].items():
    total = m["all"] - m["none"]
    assert abs(sum(p["value"] for p in m["players"].values()) - total) <= 1e-9 * max(1, abs(total)), name
sens = json.load(open(f"{runs}/fushun-sensitivity.json", encoding="utf-8"))
idx = {o["output"]: {f["key"].split("[")[1].split("]")[0]: f for f in o["factors"]} for o in sens["outputs"]}
interest, funds = "SME loan interest subsidy", "graded project funds for major projects"
assert idx["gdp@2020"][interest]["first"] > idx["gdp@2020"][funds]["first"], idx["gdp@2020"]
assert idx["policy_spending@sum"][funds]["first"] > idx["policy_spending@sum"][interest]["first"]
cmp = json.load(open(f"{runs}/no-project-funds.json", encoding="utf-8"))["alternatives"][0]
assert set(cmp["plan_attainment"]) == {"base", "alt"}
cost = [i for i in cmp["costs"]["instruments"] if i["policy"] == funds][0]
assert cost["alt_cumulative_spending"] == 0 < cost["base_cumulative_spending"], cost
import h5py
with h5py.File(f"{runs}/fushun-optimize/optimize.h5", "r") as f:
    assert f.attrs["feasible"] == 1
    best = int(f.attrs["best"])
    cost = f["history/cost"][()]
    assert cost[best] < cost[0], (cost[best], cost[0])
    assert list(f["validation/feasible"][()]) == [1, 1], f["validation/feasible"][()]
print("POLICY_DESIGN.md's commands run and its statements hold")
PY
echo "OK"
