#!/usr/bin/env bash
# The stylized facts of MODEL.md's validation list hold on the synthetic province, and
# VALIDATION.md shows exactly what the current code measures.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tool=$(dirname "$regsim")/regsim_stylized_facts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
if ! "$tool" scenarios/validation-synthetic-province.toml > "$tmp/facts.md"; then
  cat "$tmp/facts.md" >&2
  echo "FAIL: a stylized fact is outside its range (rows marked NO above)" >&2
  exit 1
fi
"$python" - "$src/VALIDATION.md" "$tmp/facts.md" <<'PY'
import sys
doc = open(sys.argv[1], encoding="utf-8").read()
facts = open(sys.argv[2], encoding="utf-8").read().strip()
if facts not in doc:
    sys.exit("VALIDATION.md is out of date: run /usr/bin/python3 tools/update_docs.py")
print("stylized facts hold; VALIDATION.md is current")
PY
