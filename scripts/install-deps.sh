#!/usr/bin/env bash
# Installs raices' build and test dependencies from Debian packages.
# Idempotent: packages already present are skipped, so a second run is quick.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git
  libtbb-dev libhdf5-dev libyaml-cpp-dev libgtest-dev librandom123-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libbenchmark-dev
  libboost-dev libeigen3-dev libssl-dev libhwy-dev
  libopenmpi-dev openmpi-bin
  hdf5-tools netcdf-bin
  python3 python3-h5py python3-xarray python3-h5netcdf python3-netcdf4
  python3-matplotlib python3-pandas python3-scipy python3-pytest
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present" >&2
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
