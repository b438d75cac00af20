#!/usr/bin/env bash
# `regsim bench` cannot rot: a small synthetic province runs and prints one line in which every
# key has a positive finite number; tools/bench/goals.py (the goals table of BENCHMARKS.md) runs
# on a small province and prints a row per goal. No timing thresholds.
# Arguments: REGSIM SOURCE_DIR PYTHON
set -euo pipefail
regsim=$1 src=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$regsim" bench --firms 20000 --years 2 --threads 2 > "$tmp/out.txt" || fail "regsim bench failed"
[ "$(wc -l < "$tmp/out.txt")" -eq 1 ] || fail "expected one line, got: $(cat "$tmp/out.txt")"
"$python" - "$tmp/out.txt" <<'PY' || fail "bad figures: $(cat "$tmp/out.txt")"
import math, sys
line = open(sys.argv[1], encoding="utf-8").read().split()
pairs = dict(kv.split("=", 1) for kv in line)
required = ["firms", "years", "threads", "firm_years_per_s", "firm_years_per_s_per_core",
            "seconds_setup", "seconds_simulate", "seconds_year_1", "seconds_year_2",
            "seconds_finish", "seconds_write", "seconds_total", "output_share",
            "firms_active_final", "peak_rss_bytes", "bytes_per_firm", "stream_bandwidth_gb_s",
            "cpu_seconds_simulate", "firm_rows_final", "phase_produce_s", "phase_record_s",
            "phase_produce_bandwidth_ratio"]
missing = [k for k in required if k not in pairs]
assert not missing, f"missing keys {missing}"
for k, v in pairs.items():
    x = float(v)
    assert math.isfinite(x) and x > 0, f"{k}={v} is not a positive finite number"
assert pairs["firms"] == "20000" and pairs["years"] == "2" and pairs["threads"] == "2"
assert float(pairs["output_share"]) < 1
PY
# The temporary HDF5 file is removed; --output keeps it.
"$regsim" bench --firms 1000 --years 1 --threads 1 --output "$tmp/kept.h5" > /dev/null \
  || fail "regsim bench --output failed"
[ -s "$tmp/kept.h5" ] || fail "--output did not keep the HDF5 file"
echo ok

# The goals table script, small and without the sweep.
"$python" "$src/tools/bench/goals.py" --regsim "$regsim" --quick --firms 20000 --threads 1,2 \
  --sweep-reps 0 > "$tmp/goals.txt" || fail "goals.py failed"
for row in "firm-years/s per core" "speed-up on 2 threads" "bytes per firm" "HDF5 share"; do
  grep -q "^| $row" "$tmp/goals.txt" || fail "goals.py: no row '$row': $(cat "$tmp/goals.txt")"
done
