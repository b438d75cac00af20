#!/usr/bin/env bash
# `regsim run --replicates 3` and `regsim compare`: the Fushun default against the same scenario
# without the SME loan interest subsidy, 3 replicates each (common random numbers). The JSON
# parses; the subsidy costs something in the base and nothing in the alternative; the region
# output_value interval contains its delta and is paired; the CSV has the documented header and
# one row per (level, entity, variable, year). Results with other instruments or platforms line up
# by entity name (an instrument on one side only spent 0 on the other; a platform on one side
# only is named, not compared). Errors: other years, a missing file, a bad
# point selector, a point selector on a run file, a multi-point sweep without a selector (exit
# code 2 each, with a clear message). Two points of one sweep compare paired.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$regsim" run "$src/scenarios/fushun-2018-2020.toml" -o "$tmp/base" --replicates 3 -t 2 > "$tmp/run.txt"
grep -q "mean of 3 replicates" "$tmp/run.txt" || fail "no replicate-mean summary: $(cat "$tmp/run.txt")"
[ -f "$tmp/base/sweep.h5" ] && [ -f "$tmp/base/runs/run-000002.h5" ] || fail "no sweep layout"
"$regsim" run "$src/scenarios/fushun-no-interest-subsidy.toml" -o "$tmp/alt" --replicates 3 -t 2 -q > /dev/null
# Without --force an existing result is not overwritten.
code=0
"$regsim" run "$src/scenarios/fushun-2018-2020.toml" -o "$tmp/base" --replicates 3 -q > /dev/null 2> "$tmp/err.txt" || code=$?
[ $code -eq 2 ] && grep -q "already holds results" "$tmp/err.txt" || fail "overwrote without --force"
code=0
"$regsim" run "$src/scenarios/fushun-2018-2020.toml" -o "$tmp/x.h5" --replicates 2 -q > /dev/null 2> "$tmp/err.txt" || code=$?
[ $code -eq 2 ] && grep -q "the output is a directory" "$tmp/err.txt" || fail "-o x.h5 with replicates: $(cat "$tmp/err.txt")"

"$regsim" compare "$tmp/base/sweep.h5" "$tmp/alt/sweep.h5:point=0" --json "$tmp/c.json" \
  --csv "$tmp/c.csv" > "$tmp/table.txt"
grep -q "paired (common random numbers)" "$tmp/table.txt" || fail "table: $(cat "$tmp/table.txt")"
grep -q "per 亿元 of spending" "$tmp/table.txt" || fail "no cost-effectiveness in the table"

"$python" - "$tmp/c.json" "$tmp/c.csv" <<'PY'
import csv, json, math, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["confidence"] == 0.95
assert doc["base"]["replicates"] == [0, 1, 2], doc["base"]
(alt,) = doc["alternatives"]
assert alt["paired"] is True
costs = {c["policy"]: c for c in alt["costs"]["instruments"]}
sub = costs["SME loan interest subsidy"]
assert sub["base_cumulative_spending"] > 0, sub
assert sub["alt_cumulative_spending"] == 0, sub
rows = [r for r in alt["rows"] if r["level"] == "region" and r["variable"] == "output_value"
        and r["year"] == 2020]
(r,) = rows
assert r["n_base"] == r["n_alt"] == 3 and r["paired"] is True, r
assert r["ci_low"] <= r["delta"] <= r["ci_high"], r
assert math.isclose(r["delta"], r["alt_mean"] - r["base_mean"], rel_tol=1e-9, abs_tol=1e-12), r
spend = alt["costs"]["region"]["spending"]
assert spend["delta"] < 0, spend  # the alternative pays no interest subsidy
ce = alt["costs"]["cost_effectiveness"]
out = alt["costs"]["region"]["output_value"]
assert math.isclose(ce["output_value_per_yi"], out["delta"] / spend["delta"], rel_tol=1e-9), ce
p = [t for t in alt["targets"] if t["status"] == "modelled"]
assert p and all(0 <= t["base_attainment_probability"] <= 1 for t in p), p[:2]

header = "alternative,level,entity,variable,year,base_mean,alt_mean,delta,ci_low,ci_high,n_base,n_alt,paired"
with open(sys.argv[2], encoding="utf-8") as f:
    first = f.readline().strip()
    assert first == header, first
    f.seek(0)
    table = list(csv.DictReader(f))
assert len(table) == len(alt["rows"]), (len(table), len(alt["rows"]))
row = next(t for t in table if t["level"] == "region" and t["variable"] == "output_value"
           and t["year"] == "2020")
assert math.isclose(float(row["delta"]), r["delta"], rel_tol=1e-8), row
print("compare JSON and CSV ok: Δ output 2020 %.4f [%.4f, %.4f] 亿元" % (r["delta"], r["ci_low"], r["ci_high"]))
PY

# --level/--variables/--years narrow the CSV; a run file against a sweep point works (unpaired).
"$regsim" compare "$tmp/base/runs/run-000000.h5" "$tmp/alt/sweep.h5" --csv - --level region \
  --variables output_value,employment --years 2019,2020 > "$tmp/narrow.csv"
[ "$(wc -l < "$tmp/narrow.csv")" -eq 5 ] || fail "narrow CSV: $(cat "$tmp/narrow.csv")"
grep -q ",1,3,0$" "$tmp/narrow.csv" || fail "run file vs 3 replicates is not n_base 1, n_alt 3, unpaired"

# A point of a multi-point sweep against another (2 levels of the subsidy x 2 replicates).
cat > "$tmp/spec.toml" <<TOML
[sweep]
base = "$src/scenarios/fushun-2018-2020.toml"
replicates = 2

[[sweep.factors]]
key = "policies.subsidy[SME loan interest subsidy].params.points"
values = [0.0, 0.02]
TOML
"$regsim" sweep "$tmp/spec.toml" -o "$tmp/sweep" -t 2 --quiet
"$regsim" compare "$tmp/sweep/sweep.h5:point=1" "$tmp/sweep/sweep.h5:point=0" --json - > "$tmp/s.json"
"$python" - "$tmp/s.json" <<'PY'
import json, sys
(alt,) = json.load(open(sys.argv[1], encoding="utf-8"))["alternatives"]
assert alt["paired"] is True and alt["alternative"]["replicates"] == [0, 1], alt["alternative"]
sub = next(c for c in alt["costs"]["instruments"] if c["policy"] == "SME loan interest subsidy")
assert sub["base_cumulative_spending"] > 0 and sub["alt_cumulative_spending"] == 0, sub
PY

# Probabilities of attainment in sweep.h5: per point and row the share of replicates attaining it,
# for the whole plan the share attaining every modelled row, each inside its Wilson interval;
# compare's JSON gives the same with its intervals.
"$python" - "$tmp/base/sweep.h5" "$tmp/c.json" <<'PY'
import json, math, sys
import h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    g = f["targets"]
    att = g["attained"][()]
    modelled = np.array([s.decode() == "modelled" for s in g["status"][()]])
    p, lo, hi = (g[k][()][0] for k in ("attainment_probability", "attainment_probability_low",
                                       "attainment_probability_high"))
    n = att.shape[0]
    for i in range(att.shape[1]):
        if (att[:, i] == -1).all():
            assert math.isnan(p[i]), (i, p[i])
            continue
        assert p[i] == (att[:, i] == 1).sum() / n, (i, p[i])
        assert lo[i] <= p[i] <= hi[i] and 0 <= lo[i] and hi[i] <= 1, (i, lo[i], p[i], hi[i])
        if p[i] == 1:  # Wilson at k = n = 3, 95%: [0.4385, 1]
            assert abs(lo[i] - 0.43850) < 1e-4 and hi[i] == 1, (lo[i], hi[i])
    plan = [((att[r, modelled] == 1) | (att[r, modelled] == -1)).all() and (att[r, modelled] == 1).any()
            for r in range(n)]
    assert g["plan_attainment_probability"][0] == sum(plan) / n
doc = json.load(open(sys.argv[2], encoding="utf-8"))["alternatives"][0]
base_plan = doc["plan_attainment"]["base"]
assert base_plan["replicates"] == n and base_plan["probability"] == sum(plan) / n, base_plan
lo_, hi_ = base_plan["interval"]
assert lo_ <= base_plan["probability"] <= hi_
row = doc["targets"][0]
assert row["base_attainment_interval"][0] <= row["base_attainment_probability"] <= row["base_attainment_interval"][1]
print("attainment probabilities ok: plan met in %d of %d replicates" % (sum(plan), n))
PY

# expect REGEX ARGS...: `regsim compare ARGS` fails with exit code 2 and a matching message.
expect() {
  local re=$1 code=0
  shift
  "$regsim" compare "$@" > /dev/null 2> "$tmp/err.txt" || code=$?
  [ $code -eq 2 ] || fail "compare $*: exit code $code, expected 2: $(cat "$tmp/err.txt")"
  grep -qE -e "$re" "$tmp/err.txt" || fail "compare $*: unexpected message: $(cat "$tmp/err.txt")"
}
cat > "$tmp/extra.toml" <<TOML
format = 1
extends = "$src/scenarios/fushun-no-interest-subsidy.toml"
name = "fushun-extra-policy"

[[policies.subsidy]]
instrument = "interest_subsidy"
name = "extra subsidy"
payer = "upper"
start_year = 2018
end_year = 2020
params = { points = 0.01 }
TOML
cat >> "$tmp/extra.toml" <<TOML

[[platforms]]
name = "新设园区"
kind = "industrial_park"
level = "county"
county = "望花区"
leading_sectors = ["装备制造"]
infrastructure = 1.0
land = { planned_ha = 300.0, serviced_ha = 100.0, servicing_ha_per_year = 10.0, price_wan_per_mu = 15.0, servicing_cost_wan_per_mu = 10.0 }
TOML
"$regsim" run "$tmp/extra.toml" -o "$tmp/extra.h5" -q > /dev/null
# Different instruments and platforms line up by name: the extra subsidy and its payer count as
# 0 in the base; the new park is named as not compared; matching entities are compared.
"$regsim" compare "$tmp/base/sweep.h5" "$tmp/extra.h5" --json "$tmp/extra.json" > "$tmp/extra.txt"
grep -q "not compared, on one side only: platform '新设园区' (alt only)" "$tmp/extra.txt" ||
  fail "the new platform is not named: $(head -8 "$tmp/extra.txt")"
grep -q "counted as 0 on the other: policy 'extra subsidy' (alt only), .*policy_payer 'extra subsidy / upper' (alt only)" "$tmp/extra.txt" ||
  fail "the extra instrument is not named: $(head -8 "$tmp/extra.txt")"
"$python" - "$tmp/extra.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["alternatives"][0]
assert {"level": "platform", "entity": "新设园区", "only_in": "alternative"} in c["unmatched_entities"], c["unmatched_entities"]
assert {"level": "policy", "entity": "extra subsidy", "only_in": "alternative"} in c["zero_filled_entities"]
rows = [r for r in c["rows"] if r["entity"] == "extra subsidy" and r["variable"] == "spending"]
assert len(rows) == 4 and all(r["base_mean"] == 0 for r in rows) and rows[-1]["alt_mean"] > 0, rows
assert not [r for r in c["rows"] if r["entity"] == "新设园区"], "an unmatched platform was compared"
platforms = {r["entity"] for r in c["rows"] if r["level"] == "platform"}
assert "望花经济开发区" in platforms and len(platforms) >= 10, platforms
extra = [i for i in c["costs"]["instruments"] if i["policy"] == "extra subsidy"]
assert extra and extra[0]["base_cumulative_spending"] == 0 and extra[0]["alt_cumulative_spending"] > 0
# The SME subsidy is 0 in this alternative: its cost is the base's alone.
sme = [i for i in c["costs"]["instruments"] if i["policy"] == "SME loan interest subsidy"][0]
assert sme["alt_cumulative_spending"] == 0 < sme["base_cumulative_spending"], sme
PY
# Years must still match.
printf 'format = 1\nextends = "%s"\nlast_year = 2021\n' "$src/scenarios/fushun-2018-2020.toml" > "$tmp/long.toml"
"$regsim" run "$tmp/long.toml" -o "$tmp/long.h5" -q > /dev/null
expect "long.h5 does not match .*base/sweep.h5: years 2017,2018,2019,2020,2021 vs 2017,2018,2019,2020" \
  "$tmp/base/sweep.h5" "$tmp/long.h5"
expect "nothere.h5: no such file" "$tmp/base/sweep.h5" "$tmp/nothere.h5"
expect "bad point selector 'pt=1'.*PATH:point=K" "$tmp/base/sweep.h5" "$tmp/alt/sweep.h5:pt=1"
expect "has no design point 4" "$tmp/base/sweep.h5" "$tmp/alt/sweep.h5:point=4"
expect "has 2 design points; select one with PATH:point=K" "$tmp/sweep/sweep.h5" "$tmp/alt/sweep.h5"
expect "point selector needs a sweep.h5" "$tmp/base/sweep.h5" "$tmp/extra.h5:point=0"
expect "--years: 2031 is not a year" "$tmp/base/sweep.h5" "$tmp/alt/sweep.h5" --years 2031
echo "OK"
