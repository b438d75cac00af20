#!/usr/bin/env bash
# `regsim sensitivity`: a Saltelli design on the Fushun plan with three factors, one of which
# (the fiscal discount rate) enters only the discounted fiscal balance: its first-order and
# total Sobol indices for GDP are exactly 0, the sector's demand growth has the largest total
# index for GDP, every interval holds its estimate, and the replicate noise is reported; the
# JSON parses. A Morris design gives the discount rate mu* = 0 for GDP and a positive mu* for
# demand growth. A second call reuses the sweep's runs. Errors (exit 2): a grid design, a
# malformed --measure, an unknown variable or entity.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

factors() {
  cat <<TOML
[[sweep.factors]]
key = "sectors[装备制造].demand_growth"
min = 0.0
max = 0.2
[[sweep.factors]]
key = "fiscal.discount_rate"
min = 0.01
max = 0.08
[[sweep.factors]]
key = "policies.subsidy[SME loan interest subsidy].params.points"
min = 0.0
max = 0.04
TOML
}
{
  printf '[sweep]\nbase = "%s"\ndesign = "saltelli"\npoints = 8\nreplicates = 2\nseed = 3\n' \
    "$src/scenarios/fushun-2018-2020.toml"
  factors
} > "$tmp/saltelli.toml"

"$regsim" sensitivity "$tmp/saltelli.toml" -o "$tmp/s" -m gdp@2020 -m fiscal_balance_npv@2020 \
  -m county:抚顺县:output_value@sum --json "$tmp/s.json" -t 2 -q > "$tmp/s.txt"
grep -q "^gdp@2020 (40 points x 2 replicates" "$tmp/s.txt" || fail "no gdp@2020 table: $(cat "$tmp/s.txt")"
grep -q "replicate noise: [0-9.]*% of the variance of the point means" "$tmp/s.txt" || fail "no noise line"
"$python" - "$tmp/s.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["design"] == "saltelli" and doc["points"] == 40 and doc["replicates"] == 2
out = {o["output"]: o for o in doc["outputs"]}
gdp = {f["key"]: f for f in out["gdp@2020"]["factors"]}
rate = gdp["fiscal.discount_rate"]
assert rate["first"] == 0 and rate["total"] == 0, rate   # GDP does not read the discount rate
growth = gdp["sectors[装备制造].demand_growth"]
assert growth["total"] > 0.5 and growth["total"] > gdp["policies.subsidy[SME loan interest subsidy].params.points"]["total"], gdp
for o in doc["outputs"]:
    for f in o["factors"]:
        for k in ("first", "total"):
            lo, hi = f[k + "_ci"]
            assert lo <= f[k] <= hi, (o["output"], f)
    assert 0 <= o["replicate_noise_share"] < 1, o
npv = {f["key"]: f for f in out["fiscal_balance_npv@2020"]["factors"]}
assert npv["fiscal.discount_rate"]["total"] > 0, npv  # ... the discounted balance does
print("saltelli ok")
PY

# The same command again: every run is reused.
"$regsim" sensitivity "$tmp/saltelli.toml" -o "$tmp/s" -m gdp@2020 -t 2 > "$tmp/again.txt" 2> /dev/null
grep -q "(0 run now, 80 reused)" "$tmp/again.txt" || fail "runs not reused: $(head -3 "$tmp/again.txt")"

# Morris: 4 trajectories.
{
  printf '[sweep]\nbase = "%s"\ndesign = "morris"\npoints = 4\nseed = 9\n' \
    "$src/scenarios/fushun-2018-2020.toml"
  factors
} > "$tmp/morris.toml"
"$regsim" sensitivity "$tmp/morris.toml" -o "$tmp/m" -m gdp@2020 --json - -t 2 -q > "$tmp/m.txt"
"$python" - "$tmp/m.txt" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
doc = json.loads(text[text.index("{"):])
f = {x["key"]: x for x in doc["outputs"][0]["factors"]}
assert doc["points"] == 16 and doc["design"] == "morris"
assert f["fiscal.discount_rate"]["mu_star"] == 0, f
assert f["sectors[装备制造].demand_growth"]["mu_star"] > 0, f
assert f["sectors[装备制造].demand_growth"]["mu"] > 0, f   # more demand, more GDP
print("morris ok")
PY

# Errors.
expect() {
  local re=$1 code=0
  shift
  "$regsim" sensitivity "$@" > /dev/null 2> "$tmp/err.txt" || code=$?
  [ $code -eq 2 ] || fail "sensitivity $*: exit code $code, expected 2: $(cat "$tmp/err.txt")"
  grep -qE -e "$re" "$tmp/err.txt" || fail "sensitivity $*: unexpected message: $(cat "$tmp/err.txt")"
}
expect "needs design = \"saltelli\" .* or \"morris\"" "$src/scenarios/fushun-sweep-interest-subsidy.toml" -o "$tmp/g" -m gdp@2020
[ ! -e "$tmp/g" ] || fail "a refused sensitivity ran its sweep"
expect "--measure 'gdp': no @YEAR" "$tmp/saltelli.toml" -o "$tmp/s" -m gdp
expect "--measure 'gdp@20x0': '20x0' is not a year" "$tmp/saltelli.toml" -o "$tmp/s" -m gdp@20x0
expect "no variable 'gpd' at level region" "$tmp/saltelli.toml" -o "$tmp/new" -m gpd@2020
expect "no level 'town'" "$tmp/saltelli.toml" -o "$tmp/new" -m town:x:gdp@2020
[ ! -e "$tmp/new" ] || fail "a bad --measure ran the sweep first"
expect "no county '火星县'" "$tmp/saltelli.toml" -o "$tmp/s" -m county:火星县:gdp@2020
expect "no year 2031 in the sweep" "$tmp/saltelli.toml" -o "$tmp/s" -m gdp@2031
printf '[sweep]\nbase = "%s"\ndesign = "morris"\npoints = 4\nmorris_levels = 3\n' "$src/scenarios/fushun-2018-2020.toml" > "$tmp/odd.toml"
factors >> "$tmp/odd.toml"
expect "odd.toml:[0-9]+:[0-9]+: error: 'morris_levels' must be even" "$tmp/odd.toml" -o "$tmp/o" -m gdp@2020
echo "OK"
