#!/usr/bin/env bash
# The README's variable tables and instrument list are what the code has: the output of
# `regsim variables` and `regsim instruments` must appear in README.md verbatim.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$regsim" variables > "$tmp/variables.md"
"$regsim" instruments > "$tmp/instruments.md"
"$python" - "$src/README.md" "$tmp/variables.md" "$tmp/instruments.md" <<'PY'
import sys
readme = open(sys.argv[1], encoding="utf-8").read()
for path, what in ((sys.argv[2], "regsim variables"), (sys.argv[3], "regsim instruments")):
    text = open(path, encoding="utf-8").read().strip()
    if text not in readme:
        sys.exit(f"README.md is out of date with `{what}`: run /usr/bin/python3 tools/update_docs.py")
print("README matches the variable catalogue and the instrument registry")
PY
