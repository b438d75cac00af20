#!/usr/bin/env bash
# The CLI's help and its errors: bad scenarios exit non-zero with file:line:column and a
# did-you-mean; usage errors exit non-zero; a failed run leaves no output file.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$regsim" --help | grep -q "run" || fail "--help does not list run"
"$regsim" run --help | grep -q -- "--threads" || fail "run --help does not list --threads"
"$regsim" validate --help | grep -q "scenario" || fail "validate --help"
"$regsim" validate "$src/scenarios/fushun-2018-2020.toml" | grep -q "ok" || fail "validate default"

# Unknown key with a suggestion, located.
sed -e 's/^labour_force = /labor_force = /' \
  -e "s|^national_prices = .*|national_prices = \"$src/data/prices/national_prices.toml\"|" \
  "$src/scenarios/fushun-2018-2020.toml" > "$tmp/typo.toml"
grep -q "labor_force" "$tmp/typo.toml" || fail "test set-up: no labour_force key to misspell"
set +e
"$regsim" validate "$tmp/typo.toml" 2> "$tmp/err.txt"; code=$?
set -e
[ $code -ne 0 ] || fail "validate accepted an unknown key"
grep -qE "typo.toml:[0-9]+:[0-9]+: error: .*'labor_force'.*did you mean 'labour_force'" "$tmp/err.txt" \
  || fail "unexpected message: $(cat "$tmp/err.txt")"

# A run that fails leaves no output file.
printf 'format = 1\nname = "broken"\n' > "$tmp/broken.toml"
set +e
"$regsim" run "$tmp/broken.toml" -o "$tmp/out.h5" 2> "$tmp/err.txt"; code=$?
set -e
[ $code -ne 0 ] || fail "run accepted a broken scenario"
grep -q "broken.toml" "$tmp/err.txt" || fail "error does not name the file: $(cat "$tmp/err.txt")"
[ ! -e "$tmp/out.h5" ] || fail "a failed run left an output file"
ls "$tmp" | grep -q "out.h5" && fail "a failed run left a temporary file"

# An infeasible base year is located at the entity: here a park with too little serviced land.
sed -e '0,/serviced_ha = [0-9.]*/s//serviced_ha = 1.0/' \
  -e "s|^national_prices = .*|national_prices = \"$src/data/prices/national_prices.toml\"|" \
  "$src/scenarios/fushun-2018-2020.toml" > "$tmp/no_land.toml"
set +e
"$regsim" run "$tmp/no_land.toml" -o "$tmp/no_land.h5" 2> "$tmp/err.txt"; code=$?
set -e
[ $code -eq 2 ] || fail "infeasible base year: exit code $code, expected 2"
grep -qE "no_land.toml:[0-9]+:[0-9]+: error: platform '.*serviced land" "$tmp/err.txt" \
  || fail "infeasible base year message: $(cat "$tmp/err.txt")"
[ ! -e "$tmp/no_land.h5" ] || fail "an infeasible run left an output file"

# Usage errors.
if "$regsim" run 2> /dev/null; then fail "run without a scenario succeeded"; fi
if "$regsim" frobnicate 2> /dev/null; then fail "unknown subcommand succeeded"; fi
if "$regsim" run "$src/scenarios/fushun-2018-2020.toml" --threads -3 -o "$tmp/x.h5" 2> /dev/null; then
  fail "negative thread count accepted"
fi
echo "OK"
