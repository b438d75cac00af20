#!/usr/bin/python3
"""Regenerates the parts of the docs that are printed by the code (docs/INSTRUMENTS.md,
docs/OUTPUT_SCHEMA.md, VALIDATION.md): the
blocks between `<!-- generated: PROGRAM ARGS -->` and `<!-- end generated -->` get the output of
`build/PROGRAM ARGS` (PROGRAM is regsim or regsim_stylized_facts, run from the repository root).
Usage: /usr/bin/python3 tools/update_docs.py [BUILD_DIR]
"""

import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
build = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "build"
# A block's body never contains another block's start (an empty block must not reach the end of
# the next one).
PATTERN = (r"<!-- generated: (regsim\w*)((?: [^ >]+)*) -->\n"
           r"(?:(?:(?!<!-- generated:).)*?\n)?<!-- end generated -->")


def block(match):
    program, args = match.group(1), match.group(2).split()
    run = subprocess.run([str(build / program), *args], cwd=root, capture_output=True, text=True)
    if run.returncode not in (0, 1):  # regsim_stylized_facts exits 1 when a fact is out of range
        sys.exit(f"{program} {' '.join(args)} failed: {run.stderr}")
    return f"<!-- generated: {program}{match.group(2)} -->\n{run.stdout.strip()}\n<!-- end generated -->"


for name in ("docs/INSTRUMENTS.md", "docs/OUTPUT_SCHEMA.md", "VALIDATION.md"):
    path = root / name
    text = path.read_text(encoding="utf-8")
    new = re.sub(PATTERN, block, text, flags=re.S)
    path.write_text(new, encoding="utf-8")
    print(f"{name} up to date" if new == text else f"{name} regenerated")
