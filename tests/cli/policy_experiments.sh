#!/usr/bin/env bash
# Policy transmission (VALIDATION.md, "Policy effects"): incumbents' investment elasticity to the
# user cost lies in the published range, and each plan baseline's instruments move output with
# a common-random-number interval that excludes zero, raise tax, and return GDP per 亿元 spent
# within the stated range; the effects across each elasticity's range are reported; each Fushun
# industrial park never designated starts from the same base year and its effect is reported;
# each baseline's growth is split into instruments, exogenous growth and initial conditions
# (reported); the zone-designation checks on Yingkou and the synthetic province hold; halving
# Yingkou's land quota lowers entry and output where land binds (Zhangye reported); removing
# guarantee funds lowers entry and a credit expansion raises investment (credit --check);
# VALIDATION.md shows exactly what the current code measures.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tool=$(dirname "$regsim")/regsim_policy_experiments
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
"$python" - "$src/VALIDATION.md" > "$tmp/commands" <<'PY'
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
for args in re.findall(r"<!-- generated: regsim_policy_experiments ([^>]+) -->", doc):
    print(args.strip())
PY
[[ $(wc -l < "$tmp/commands") -eq 10 ]] || { echo "FAIL: VALIDATION.md should hold the ten policy experiments" >&2; exit 1; }
k=0
while read -r args; do
  k=$((k + 1))
  # shellcheck disable=SC2086
  if ! "$tool" $args > "$tmp/out$k.md"; then
    cat "$tmp/out$k.md" >&2
    echo "FAIL: regsim_policy_experiments $args: an effect is outside its range (above)" >&2
    exit 1
  fi
  "$python" - "$src/VALIDATION.md" "$tmp/out$k.md" "$args" <<'PY'
import sys
doc = open(sys.argv[1], encoding="utf-8").read()
out = open(sys.argv[2], encoding="utf-8").read().strip()
if out not in doc:
    sys.exit(f"VALIDATION.md is out of date for `{sys.argv[3]}`: run /usr/bin/python3 tools/update_docs.py")
PY
done < "$tmp/commands"
# Bad use is refused.
if "$tool" cost-of-capital /nonexistent.toml > /dev/null 2>&1; then
  echo "FAIL: a missing scenario was accepted" >&2; exit 1
fi
echo "policy experiments within their ranges; VALIDATION.md is current"
