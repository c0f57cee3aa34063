#!/usr/bin/env bash
# Command 1 of the README: install dependencies, build, run the baseline
# scenario on the embedded data, write out/baseline.h5 and print a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
mkdir -p out
./build/raices run scenarios/baseline.yaml -o out/baseline.h5 --force
