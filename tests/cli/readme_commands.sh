#!/usr/bin/env bash
# Every command in the README runs as written, in the README's order, from a directory laid out
# like the repository root (build/ is this build, scenarios/, data/ and tools/ the sources; runs/ and
# plans/ are written there): each ```sh block as one bash script, each ```python block with
# Debian's python3 and PYTHONPATH=build/python. Of the two commands, the setup and build parts
# (`bash tools/setup.sh`, `cmake ...`) are not run: installing packages needs root and the
# network, and the suite runs from the build they make; the second command (`bash tools/test.sh`,
# the suite itself) is not run from inside the suite. What command 1 runs after them is run, and
# its output must contain every line of the README's sample output (its targets, the findings).
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
build=$(cd "$(dirname "$regsim")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir "$tmp/root"
ln -s "$build" "$tmp/root/build"
ln -s "$src/scenarios" "$tmp/root/scenarios"
ln -s "$src/tools" "$tmp/root/tools"
ln -s "$src/data" "$tmp/root/data"  # the national price series the plans name (../data/prices)

# Extract the blocks into numbered scripts, in order; the sample output block is kept apart.
"$python" - "$src/README.md" "$tmp" <<'PY'
import pathlib, re, sys
readme, tmp = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8"), pathlib.Path(sys.argv[2])
blocks = re.findall(r"^```(\w*)\n(.*?)^```\n", readme, re.M | re.S)
n = 0
samples = []
for lang, body in blocks:
    if lang == "":
        samples.append(body)
        continue
    if lang not in ("sh", "python"):
        sys.exit(f"README: a ```{lang} block: the test runs only sh and python blocks")
    if lang == "sh":
        lines = []
        for line in body.splitlines():
            if line.startswith("bash tools/setup.sh"):
                parts = line.split(" && ")
                run = [p for p in parts if not re.match(r"(bash tools/setup\.sh|cmake |bash tools/test\.sh)", p)]
                skipped = [p for p in parts if p not in run]
                print(f"not run (the suite's own setup and build): {' && '.join(skipped)}")
                if run:
                    lines.append(" && ".join(run) + " | tee command-1.txt")
                continue
            lines.append(line)
        body = "\n".join(lines) + "\n"
    n += 1
    (tmp / f"block-{n:02d}.{lang}").write_text(body, encoding="utf-8")
(tmp / "samples.txt").write_text("".join(samples), encoding="utf-8")
print(f"{n} blocks to run, {len(samples)} sample output blocks")
PY

have_module=1
[ -f "$build/python/regsim/__init__.py" ] || have_module=0
cd "$tmp/root"
for block in "$tmp"/block-*; do
  name=$(basename "$block")
  start=$(date +%s.%N)
  case "$block" in
    *.sh)
      bash -euo pipefail "$block" > "$tmp/$name.out" 2>&1 ||
        fail "README block $name failed:$(echo; cat "$block"; echo ---; tail -30 "$tmp/$name.out")" ;;
    *.python)
      if [ "$have_module" = 0 ] && grep -q "import regsim" "$block"; then
        echo "$name: skipped (the Python module is not built: REGSIM_PYTHON=OFF)"
        continue
      fi
      PYTHONPATH="$build/python" "$python" "$block" > "$tmp/$name.out" 2>&1 ||
        fail "README block $name failed:$(echo; cat "$block"; echo ---; tail -30 "$tmp/$name.out")" ;;
  esac
  printf '%s ok (%.1f s)\n' "$name" "$(echo "$(date +%s.%N) - $start" | bc)"
done

# The README's sample output is what command 1 printed (every line but "...").
[ -s command-1.txt ] || fail "command 1 printed nothing"
while IFS= read -r line; do
  [ "$line" = "..." ] || [ -z "$line" ] && continue
  grep -qxF -- "$line" command-1.txt || fail "README sample line not in command 1's output: $line"
done < "$tmp/samples.txt"
grep -q "^[0-9]* of 21 modelled target rows attained" command-1.txt ||
  fail "command 1 does not report the 21 modelled target rows"
for f in runs/fushun.html runs/no-subsidy.html runs/interest-sweep.html runs/interest-sweep/sweep.h5 \
         plans/my-county-baseline.toml runs/my-county/sweep.h5; do
  [ -s "$f" ] || fail "the steps did not write $f"
done
echo "OK"
