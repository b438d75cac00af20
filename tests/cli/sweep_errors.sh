#!/usr/bin/env bash
# `regsim sweep` rejects a bad spec before running anything: a factor key the scenario does not
# have, an element name it does not have, a value out of range and an unknown spec key are
# located in the spec file (file:line:column), with the scenario parser's message or a
# did-you-mean; exit code 2 and no output.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect NAME REGEX: the spec $tmp/NAME.toml fails with exit code 2 and a matching message.
expect() {
  local code=0
  "$regsim" sweep "$tmp/$1.toml" -o "$tmp/out-$1" 2> "$tmp/err.txt" > /dev/null || code=$?
  [ $code -eq 2 ] || fail "$1: exit code $code, expected 2: $(cat "$tmp/err.txt")"
  grep -qE "$2" "$tmp/err.txt" || fail "$1: unexpected message: $(cat "$tmp/err.txt")"
  [ ! -e "$tmp/out-$1/sweep.h5" ] || fail "$1: wrote sweep.h5"
  [ -z "$(ls "$tmp/out-$1/runs" 2> /dev/null)" ] || fail "$1: ran something"
}

spec() {  # spec NAME KEY VALUES [EXTRA [sweep] LINE]
  cat > "$tmp/$1.toml" <<TOML
[sweep]
base = "$src/scenarios/fushun-2018-2020.toml"
${4:-}

[[sweep.factors]]
key = "$2"
values = $3
TOML
}

# Unknown parameter of the instrument: located at the factor's key (line 6, column 7).
spec bad_key "policies.subsidy[SME loan interest subsidy].params.pointz" "[0.0, 0.01]"
expect bad_key "bad_key.toml:6:7: error: factor 'policies.subsidy\[SME loan interest subsidy\].params.pointz': .*'pointz'.*did you mean 'points'"

# An element name the base scenario does not have, with a suggestion.
spec bad_name "policies.subsidy[SME loan interest subsidie].params.points" "[0.0, 0.01]"
expect bad_name "bad_name.toml:6:7: error: .*no element of 'policies.subsidy' with name 'SME loan interest subsidie'; did you mean 'SME loan interest subsidy'"

# A value out of the parameter's range (points <= 0.2).
spec out_of_range "policies.subsidy[SME loan interest subsidy].params.points" "[0.0, 0.5]"
expect out_of_range "out_of_range.toml:6:7: error: factor .*value 0.5 is rejected by the scenario: .*points"

# A key of no scenario at all.
spec no_such "fiscal.vat_rat" "[0.1, 0.13]"
expect no_such "no_such.toml:6:7: error: factor 'fiscal.vat_rat': .*'vat_rat'.*did you mean 'vat_rate'"

# Unknown key in [sweep], with a did-you-mean.
spec unknown_key "fiscal.vat_rate" "[0.1, 0.13]" "replicate = 3"
expect unknown_key "unknown_key.toml:3:1: error: unknown key 'replicate' in \[sweep\]; did you mean 'replicates'"

# points with a grid, and a design that does not exist.
spec grid_points "fiscal.vat_rate" "[0.1, 0.13]" "points = 4"
expect grid_points "grid_points.toml:3:1: error: 'points' is for 'lhs' and 'sobol'"
spec bad_design "fiscal.vat_rate" "[0.1, 0.13]" 'design = "sobel"'
expect bad_design "bad_design.toml:3:10: error: unknown design 'sobel'.*did you mean 'sobol'"
echo "OK"
