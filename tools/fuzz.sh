#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz, clang, -fsanitize=fuzzer,address,undefined) in
# build-fuzz and runs each of them on a seed corpus made from scenarios/ and tests/data/, after
# replaying its regression inputs (tests/fuzz/regressions/<harness>/). Any crash, sanitizer
# report, leak, timeout or uncaught exception fails (exit 1); the input is left in
# build-fuzz/findings/<harness>/ (add it to tests/fuzz/regressions/<harness>/ once fixed).
#
#   tools/fuzz.sh               # the suite's bounded run: FUZZ_SECONDS (default 10) per harness
#   tools/fuzz.sh --long        # 1e6 executions per harness (FUZZ_RUNS, default 1000000);
#                               # hdf5_reader: FUZZ_LONG_HDF5_SECONDS (default 900) instead
#   tools/fuzz.sh --build-only
# Prints executions and executions/s per harness.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-short}
jobs=$(nproc 2>/dev/null || echo 2)
seconds=${FUZZ_SECONDS:-10}
runs=${FUZZ_RUNS:-1000000}
harnesses=(scenario sweep_spec optimize_spec registry_csv key_path hdf5_reader)

cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DREGSIM_FUZZ=ON -DREGSIM_BUILD_TESTS=OFF > /dev/null
cmake --build build-fuzz -j "$jobs" --target "${harnesses[@]/#/fuzz_}"
[ "$mode" = --build-only ] && exit 0

# --- seed corpora
corpus=build-fuzz/corpus
rm -rf "$corpus" && mkdir -p "$corpus"
for h in "${harnesses[@]}"; do mkdir -p "$corpus/$h" "build-fuzz/findings/$h"; done
minimal=tests/data/scenarios/minimal.toml
# scenario: every scenario, and children with their parents ("#=== NAME" starts another file)
for f in scenarios/*.toml tests/data/scenarios/*.toml tests/data/calibration/*.toml; do
  grep -q '^\[sweep\]\|^\[optimize\]' "$f" && continue
  out="$corpus/scenario/$(basename "$f")"
  cp "$f" "$out"
  parent=$(sed -n 's/^extends = "\(.*\)"$/\1/p' "$f")
  if [ -n "$parent" ] && [ -f "$(dirname "$f")/$parent" ]; then
    { printf '\n#=== %s\n' "$parent"; cat "$(dirname "$f")/$parent"; } >> "$out"
  fi
done
# sweep_spec: the specs with the minimal scenario as their base
for f in tests/data/sweeps/*.toml; do
  { sed 's|^base = .*|base = "minimal.toml"|' "$f"; printf '\n#=== minimal.toml\n'; cat "$minimal"; } \
    > "$corpus/sweep_spec/$(basename "$f")"
done
# optimize_spec: the specs with the minimal scenario as their base
for f in tests/data/optimize/*.toml scenarios/*optimize*.toml; do
  { sed 's|^base = .*|base = "minimal.toml"|' "$f"; printf '\n#=== minimal.toml\n'; cat "$minimal"; } \
    > "$corpus/optimize_spec/$(basename "$f")"
done
# registry_csv
cp tests/data/registry/*.csv "$corpus/registry_csv/"
# key_path: sweep factor and calibration keys
grep -h '^key = ' tests/data/sweeps/*.toml tests/data/calibration/*.toml tests/data/optimize/*.toml scenarios/*.toml 2>/dev/null |
  sed 's/^key = "\(.*\)"$/\1/' | sort -u | nl -n ln | while read -r n key; do
  printf '%s' "$key" > "$corpus/key_path/key-$n"
done
# hdf5_reader: a run file and a sweep.h5 of the minimal scenario (one year), which its inputs
# edit; written by the Release build's regsim (tools/test.sh builds it first)
if [ -x build/regsim ]; then
  tmp=$(mktemp -d)
  sed 's/^last_year = 2020/last_year = 2018/; s/^years = \[2018, 2019, 2020\]/years = [2018]/; s/^values = \[40, 45, 50\]/values = [40]/; s/^year = 2020/year = 2018/' \
    "$minimal" > "$tmp/one.toml"
  build/regsim run "$tmp/one.toml" -q -o "$tmp/run.h5" > /dev/null
  build/regsim run "$tmp/one.toml" -q --replicates 2 -o "$tmp/sw" > /dev/null
  mkdir -p build-fuzz/hdf5_files
  cp "$tmp/run.h5" "$tmp/sw/sweep.h5" build-fuzz/hdf5_files/
  rm -rf "$tmp"
fi
[ -f build-fuzz/hdf5_files/run.h5 ] || { echo "fuzz: build/regsim is needed to write the HDF5 seed files" >&2; exit 1; }
export REGSIM_FUZZ_H5_DIR=$PWD/build-fuzz/hdf5_files
# hdf5_reader's inputs are edit lists (tests/fuzz/fuzz_hdf5_reader.cpp): a few to start from
for n in 1 2 3 4 5 6 7 8; do head -c $((n * 8)) /dev/urandom > "$corpus/hdf5_reader/edits-$n"; done

status=0
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for h in "${harnesses[@]}"; do
  bin=build-fuzz/fuzz/fuzz_$h
  regressions=tests/fuzz/regressions/$h
  # 1. Regression inputs (crashes found earlier) must pass.
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions" 2>/dev/null)" ]; then
    if ! "$bin" -runs=0 "$regressions" > "build-fuzz/findings/$h.log" 2>&1; then
      echo "fuzz $h: a regression input fails again (build-fuzz/findings/$h.log)"; status=1; continue
    fi
  fi
  # 2. Fuzzing (the corpus grows in a copy; seeds stay as they are).
  work=build-fuzz/work/$h
  rm -rf "$work" && mkdir -p "$work"
  max_len=65536
  limit=(-max_total_time="$seconds")
  if [ "$mode" = --long ]; then
    limit=(-runs="$runs")
    # The HDF5 readers read hundreds of datasets per input (~30 inputs/s instrumented): 10^6
    # would take days, so this harness's long run is bounded by time instead.
    [ "$h" = hdf5_reader ] && limit=(-max_total_time="${FUZZ_LONG_HDF5_SECONDS:-900}")
  fi
  start=$(date +%s.%N)
  if ! "$bin" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
      -artifact_prefix="build-fuzz/findings/$h/" "$work" "$corpus/$h" > "build-fuzz/findings/$h.log" 2>&1; then
    echo "fuzz $h: FINDING (build-fuzz/findings/$h/, log build-fuzz/findings/$h.log):"
    grep -E "ERROR|SUMMARY|uncaught|terminate|Test unit written" "build-fuzz/findings/$h.log" | head -8
    status=1
    continue
  fi
  elapsed=$(echo "$(date +%s.%N) - $start" | bc)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build-fuzz/findings/$h.log")
  cov=$(grep -oE 'cov: [0-9]+' "build-fuzz/findings/$h.log" | tail -1)
  printf 'fuzz %-13s %9s executions in %5.1f s (%s/s), %s\n' "$h" "$execs" "$elapsed" \
    "$(echo "$execs / $elapsed" | bc)" "$cov"
done
exit $status
