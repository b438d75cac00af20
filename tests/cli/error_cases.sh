#!/usr/bin/env bash
# The data-driven error-case suite (tests/errors/README.md): every folder of tests/errors is one
# input, bad or valid-but-unusual. Each is copied to a scratch folder, its optional `setup` run
# there, then `regsim <cmd>`; the exit code and every message fragment of `expect` must match,
# and the command must finish within max_seconds (default 10). A refused command (exit != 0)
# must leave the folder exactly as it was (nothing written, created or removed); an accepted
# one must leave every file that was there before unchanged, except those named by a
# `writes PATH` line.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
cases=0

# Every path under the current folder with type, size and (files up to 64 MiB) checksum.
snapshot() {
  find . -mindepth 1 \( -type f -o -type d -o -type l \) -printf '%y %s %p\n' | sort | while read -r type size path; do
    sum=-
    if [ "$type" = f ] && [ "$size" -le 67108864 ]; then sum=$(sha256sum "$path" | cut -c1-16); fi
    [ "$type" = d ] && size=-
    echo "$type $size $sum $path"
  done
}

for dir in "$src"/tests/errors/*/; do
  name=$(basename "$dir")
  cases=$((cases + 1))
  work="$tmp/$name"
  cp -r "$dir" "$work"
  rm -f "$work/cmd" "$work/expect" "$work/setup"
  expect_file="$dir/expect"
  want_exit=$(sed -n 's/^exit \([0-9]*\)$/\1/p' "$expect_file")
  max_seconds=$(sed -n 's/^max_seconds \([0-9.]*\)$/\1/p' "$expect_file")
  max_seconds=${max_seconds:-10}
  (
    cd "$work"
    if [ -f "$dir/setup" ]; then REGSIM="$regsim" bash "$dir/setup"; fi
  ) || { echo "FAIL $name: setup failed"; failures=$((failures + 1)); continue; }
  before=$(cd "$work" && snapshot)
  eval "set -- $(cat "$dir/cmd")"
  start=$(date +%s.%N)
  set +e
  (cd "$work" && timeout 120 "$regsim" "$@") > "$tmp/out.txt" 2>&1
  code=$?
  set -e
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  after=$(cd "$work" && snapshot)
  problems=()
  [ "$code" = "$want_exit" ] || problems+=("exit code $code, expected $want_exit")
  while IFS= read -r fragment; do
    case "$fragment" in "exit "*|"max_seconds "*|"writes "*|"#"*|"") continue ;; esac
    grep -qF -- "$fragment" "$tmp/out.txt" || problems+=("no '$fragment' in the output")
  done < "$expect_file"
  if [ "$(echo "$seconds > $max_seconds" | bc)" = 1 ]; then
    problems+=("took $seconds s, more than $max_seconds s")
  fi
  if [ "$code" != 0 ]; then
    [ "$before" = "$after" ] || problems+=("the folder changed: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | head -5 | tr '\n' ' ')")
  else
    writes=$(sed -n 's/^writes \(.*\)$/\1/p' "$expect_file")
    missing=$(comm -23 <(echo "$before" | grep -v '^d') <(echo "$after") |
      while read -r type size sum path; do
        grep -qxF "${path#./}" <<< "$writes" || echo "$path"
      done)
    [ -z "$missing" ] || problems+=("an input changed or went: $missing")
  fi
  if [ ${#problems[@]} -gt 0 ]; then
    failures=$((failures + 1))
    echo "FAIL $name (regsim $(cat "$dir/cmd")):"
    for p in "${problems[@]}"; do echo "  - $p"; done
    echo "  output: $(head -c 600 "$tmp/out.txt")"
  fi
done
[ "$cases" -gt 50 ] || { echo "FAIL: only $cases cases found in $src/tests/errors"; exit 1; }
[ "$failures" -eq 0 ] || { echo "$failures of $cases error cases failed"; exit 1; }
echo "OK: $cases error cases"
