#!/usr/bin/env bash
# Determinism across thread counts: the default (Fushun) scenario and a synthetic province of
# 20000 firms (`regsim bench --output`, several blocks of firms per parallel phase) give
# bit-identical datasets on 1, 2, 4 and 8 threads (tests/python/same_datasets.py).
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for t in 1 2 4 8; do
  "$regsim" run "$src/scenarios/fushun-2018-2020.toml" -o "$tmp/fushun_$t.h5" --threads "$t" \
    --quiet > /dev/null || fail "regsim run --threads $t failed"
  "$regsim" bench --firms 20000 --years 3 --threads "$t" --seed 7 --output "$tmp/province_$t.h5" \
    > /dev/null || fail "regsim bench --threads $t failed"
done
for t in 2 4 8; do
  "$python" "$src/tests/python/same_datasets.py" "$tmp/fushun_1.h5" "$tmp/fushun_$t.h5" \
    || fail "Fushun on $t threads differs from 1 thread"
  "$python" "$src/tests/python/same_datasets.py" "$tmp/province_1.h5" "$tmp/province_$t.h5" \
    || fail "synthetic province on $t threads differs from 1 thread"
done
echo ok
