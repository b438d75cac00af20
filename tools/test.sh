#!/usr/bin/env bash
# Builds regsim and runs the whole test suite: a Release build (warnings as errors) with every
# test, then an AddressSanitizer + UndefinedBehaviorSanitizer build running the same tests, then
# the fuzz harnesses for a bounded time (tools/fuzz.sh), then the formatting check. Run
# tools/setup.sh first (the README's test command does).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

echo "== Release build (-Werror) and tests"
# REGSIM_PYTHON=ON: the Python module (import regsim) is required here, and tested.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DREGSIM_WERROR=ON -DREGSIM_PYTHON=ON > /dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

# The Python module is not built there: an ASan-instrumented extension cannot be loaded into an
# uninstrumented python3 (cmake/Python.cmake).
echo "== ASan + UBSan build and tests"
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREGSIM_SANITIZE=ON -DREGSIM_WERROR=ON > /dev/null
cmake --build build-sanitize -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-sanitize --output-on-failure -j "$jobs"

echo "== Fuzzing (libFuzzer + ASan/UBSan in build-fuzz, FUZZ_SECONDS=${FUZZ_SECONDS:-10} s per harness)"
tools/fuzz.sh

echo "== clang-format"
tools/check_format.sh
echo "all tests passed"
