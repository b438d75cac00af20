#!/usr/bin/env bash
# `regsim new plan`: the skeleton it writes validates, runs, and `regsim calibrate` reaches its
# reproduction standard from it (exit 0, every modelled row met), for the default entities and
# for other counts of counties and sectors; running the calibrated overlay attains every modelled
# row; it holds one target row of each kind and a [calibration] table; the same arguments give
# the same bytes; an existing file is not overwritten without --force; bad names and lists are
# refused with exit 2 and write nothing.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$tmp"

# 1. Default entities: validate, run, calibrate, run the baseline.
"$regsim" new plan my-county -o plans/my-county.toml > new.txt || fail "new plan failed"
grep -q "wrote plans/my-county.toml" new.txt || fail "no 'wrote' line: $(cat new.txt)"
plan=plans/my-county.toml
for kind in 'transform = "growth"' 'transform = "count_above"' 'transform = "change"' \
            'denominator_entity = "region"' 'variable = "output_per_mu"' 'out_of_scope = ' \
            '^\[calibration\]' '^\[\[calibration.parameters\]\]' '^\[\[policies.subsidy\]\]' \
            '^\[\[policies.land\]\]' '^\[\[policies.finance\]\]' '^\[\[initial.cells\]\]' \
            'firm_registry'; do
  grep -q -- "$kind" "$plan" || fail "the skeleton has no line matching '$kind'"
done
"$regsim" validate "$plan" | grep -q "ok — scenario 'my-county'" || fail "validate"
"$regsim" run "$plan" -o runs/my-county --threads 2 > run.txt || fail "run failed"
grep -q "modelled target rows attained" run.txt || fail "run printed no target table"
"$regsim" calibrate "$plan" -o plans/my-county-baseline.toml --threads 2 > cal.txt 2>&1 ||
  fail "calibrate did not reach its standard (exit $?): $(tail -20 cal.txt)"
grep -q "standard: REACHED" cal.txt || fail "no 'standard: REACHED' in the report"
"$regsim" run plans/my-county-baseline.toml -o runs/my-county-baseline --threads 2 > base.txt
grep -q "^10 of 10 modelled target rows attained" base.txt ||
  fail "the calibrated baseline does not attain all 10 rows: $(grep attained base.txt | tail -1)"

# 2. Other entities: one county and one sector; three counties and four sectors (Chinese names).
"$regsim" new plan 单县 --counties 甲县 --sectors 钢铁 -o one.toml > /dev/null
"$regsim" new plan 四业 --counties 新抚区,抚顺县,新宾县 --sectors 石化,装备,农产品,商贸 -o many.toml \
  > /dev/null
grep -q 'key = "counties\[甲县\].exogenous_gdp_growth"' one.toml || fail "one.toml parameters"
grep -q 'name = "新宾县经济开发区"' many.toml || fail "many.toml: no park per county"
grep -q 'name = "新抚区装备集聚区"' many.toml || fail "many.toml: no cluster"
for f in one.toml many.toml; do
  "$regsim" validate "$f" > /dev/null || fail "validate $f"
  "$regsim" calibrate "$f" -o "${f%.toml}-baseline.toml" --threads 2 --quiet > /dev/null ||
    fail "calibrate $f did not reach its standard"
done

# 3. Deterministic: the same arguments write the same bytes.
"$regsim" new plan my-county -o again.toml > /dev/null
cmp -s again.toml "$plan" || fail "two runs of the same command differ"

# 4. No overwrite without --force; --force overwrites.
echo "# mine" > mine.toml
if "$regsim" new plan x -o mine.toml > /dev/null 2> err.txt; then fail "overwrote without --force"; fi
grep -q -- "--force" err.txt || fail "refusal does not mention --force: $(cat err.txt)"
[ "$(cat mine.toml)" = "# mine" ] || fail "the existing file changed"
"$regsim" new plan x -o mine.toml --force > /dev/null
grep -q '^name = "x"' mine.toml || fail "--force did not overwrite"

# 5. Bad names and lists: exit 2, a message naming the problem, nothing written.
mkdir bad && cd bad
expect_refusal() {  # expected message fragment, then the arguments
  local fragment=$1; shift
  set +e; "$regsim" new plan "$@" > out.txt 2> err.txt; local rc=$?; set -e
  [ "$rc" -eq 2 ] || fail "new plan $* exited $rc, expected 2"
  grep -qF -- "$fragment" err.txt || fail "new plan $*: expected '$fragment', got: $(cat err.txt)"
  [ -z "$(ls -A | grep -v -e '^out.txt$' -e '^err.txt$')" ] || fail "new plan $* wrote $(ls)"
}
expect_refusal "may not contain" "a/b"
expect_refusal "starts with '-' or '.'" -- -x
expect_refusal "starts with '-' or '.'" .hidden
expect_refusal "appears twice" p --sectors 钢铁,钢铁
expect_refusal "names may not contain" p --counties '东[1]'
expect_refusal "names may not contain" p --sectors 'a:b'
expect_refusal "control character" p --counties "$(printf 'a\tb')"
expect_refusal "starts or ends with a space" p --counties ' a'
expect_refusal "expected a path" p -o ""
expect_refusal "name is required"
cd ..
echo "OK"
