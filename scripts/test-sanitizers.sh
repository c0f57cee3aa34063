#!/usr/bin/env bash
# The whole test suite (ctest: GoogleTest + pytest) against a Debug build with
# AddressSanitizer (+ LeakSanitizer) and UndefinedBehaviorSanitizer, in
# build-asan/. Any sanitizer report fails the test that triggered it: ASan and
# UBSan exit non-zero (halt_on_error), and the Python tests accept only exit
# codes 0, 1 and 2 with their own messages on stderr.
#
#   scripts/test-sanitizers.sh            # everything
#   scripts/test-sanitizers.sh -R python  # extra arguments go to ctest
#
# Processes started by mpirun skip the leak check (OpenMPI's own leaks come
# from plugins it unloads; see sim/cli/mpi_session.cpp); the same code is
# leak-checked in the serial runs.
#
# RAICES_SANITIZED=1 skips the tests marked `statistical` (a calibration's
# coverage of the truth, totals across scales): hours under ASan, and their
# code paths run here in smaller tests. RAICES_MUTATIONS (default here: 600) sets the size of the mutation test,
# which is slower under the sanitizers; the Release suite runs 10000 (tests/python/test_mutation.py).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DRAICES_SANITIZE=ON -DRAICES_BENCH=OFF >/dev/null
cmake --build build-asan -j"$(nproc)"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
export RAICES_MUTATIONS="${RAICES_MUTATIONS:-600}"
# Statistical pytest tests (many full-size runs) are Release-only (tests/python/conftest.py).
export RAICES_SANITIZED=1
start=$(date +%s)
status=0
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" --timeout 3600 "$@" || status=$?
echo "sanitizer test suite: exit $status after $(( $(date +%s) - start ))s"
exit "$status"
