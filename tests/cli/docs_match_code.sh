#!/usr/bin/env bash
# The docs' generated parts are what the code has: the block `<!-- generated: regsim variables -->`
# of docs/OUTPUT_SCHEMA.md is exactly the output of `regsim variables`, and the block
# `<!-- generated: regsim instruments -->` of docs/INSTRUMENTS.md exactly that of
# `regsim instruments`; every command the README lists in its usage has a section in
# docs/CLI.md; and every relative link in README.md, the top-level docs and docs/*.md names a
# file that exists and, with #anchor, a heading of that file (GitHub's anchors).
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$regsim" variables > "$tmp/variables.md"
"$regsim" instruments > "$tmp/instruments.md"
"$regsim" --help > "$tmp/help.txt"
"$python" - "$src" "$tmp" <<'PY'
import pathlib, re, sys
src, tmp = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
problems = []

def block(path, program):
    text = (src / path).read_text(encoding="utf-8")
    m = re.search(rf"<!-- generated: {re.escape(program)} -->\n(.*?)\n?<!-- end generated -->",
                  text, re.S)
    if not m:
        problems.append(f"{path}: no block <!-- generated: {program} -->")
        return None
    return m.group(1).strip()

for path, program, out in (("docs/OUTPUT_SCHEMA.md", "regsim variables", "variables.md"),
                           ("docs/INSTRUMENTS.md", "regsim instruments", "instruments.md")):
    body = block(path, program)
    if body is not None and body != (tmp / out).read_text(encoding="utf-8").strip():
        problems.append(f"{path} is out of date with `{program}`: run "
                        "/usr/bin/python3 tools/update_docs.py")

# Every subcommand of `regsim --help` is documented in docs/CLI.md.
cli = (src / "docs/CLI.md").read_text(encoding="utf-8")
help_text = (tmp / "help.txt").read_text(encoding="utf-8")
commands = re.findall(r"^  (\w+)\s", re.split(r"(?i)subcommands:", help_text)[-1], re.M)
if not commands:
    problems.append("no subcommands found in `regsim --help`")
for c in commands:
    if f"regsim {c}" not in cli:
        problems.append(f"docs/CLI.md does not document `regsim {c}`")

def anchors(path):
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    out = set()
    in_fence = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        m = None if in_fence else re.match(r"#{1,6} +(.*?) *#*$", line)
        if m:
            text = re.sub(r"[`*_]|\[|\]\([^)]*\)", lambda g: "" if g.group(0) != "_" else "_",
                          m.group(1)).lower()
            out.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return out

pages = [src / "README.md", *sorted(src.glob("*.md")), *sorted((src / "docs").glob("*.md"))]
for page in dict.fromkeys(pages):
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # no links in code blocks
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        dest = (page.parent / file).resolve() if file else page
        where = f"{page.relative_to(src)}: link ({target})"
        if not dest.exists():
            problems.append(f"{where}: no file {file}")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            problems.append(f"{where}: {dest.name} has no heading #{anchor}")

if problems:
    sys.exit("\n".join(problems))
print(f"docs match the variable catalogue, the instrument registry and {len(commands)} commands; "
      f"links of {len(set(pages))} pages resolve")
PY
