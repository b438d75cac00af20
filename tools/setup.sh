#!/usr/bin/env bash
# Installs the Debian packages regsim needs to build, run and test.
# A no-op (no apt-get at all) when every package is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang-format
  libboost-dev libtbb-dev libhdf5-dev hdf5-tools libeigen3-dev libnlopt-dev
  catch2 libtomlplusplus-dev librandom123-dev libcli11-dev libfmt-dev libssl-dev
  python3-h5py python3-h5netcdf python3-xarray python3-numpy
  # regsim report: charts (matplotlib), Chinese names in them, headless rendering in the tests
  python3-matplotlib fonts-wqy-microhei chromium
  # import regsim (python/): pybind11 and the Python headers; its tests run with pytest
  pybind11-dev python3-dev python3-pytest
  # tools/fuzz.sh: libFuzzer harnesses (clang with its fuzzer and sanitizer runtimes), bc
  clang libclang-rt-14-dev bc
  # regsim sweep/calibrate under mpirun (Open MPI)
  openmpi-bin libopenmpi-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
