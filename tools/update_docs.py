#!/usr/bin/python3
"""Regenerates the parts of README.md that are printed by the code: the blocks between
`<!-- generated: regsim COMMAND -->` and `<!-- end generated -->` get the output of
`regsim COMMAND`. Usage: /usr/bin/python3 tools/update_docs.py [path/to/regsim]
"""

import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
regsim = sys.argv[1] if len(sys.argv) > 1 else str(root / "build" / "regsim")
readme = root / "README.md"
text = readme.read_text(encoding="utf-8")


def block(match):
    command = match.group(1)
    output = subprocess.run([regsim, command], check=True, capture_output=True, text=True).stdout.strip()
    return f"<!-- generated: regsim {command} -->\n{output}\n<!-- end generated -->"


new = re.sub(r"<!-- generated: regsim (\w+) -->\n.*?\n<!-- end generated -->", block, text, flags=re.S)
readme.write_text(new, encoding="utf-8")
print("README.md up to date" if new == text else "README.md regenerated")
