#!/usr/bin/env bash
# Command 2 of the README: install dependencies, build, run the whole test
# suite (GoogleTest and pytest, through ctest). Exits non-zero if any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
