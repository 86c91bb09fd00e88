#!/usr/bin/env bash
# ./test.sh: installs what is missing, builds with warnings as errors, runs
# every test, then builds and runs the suite again under ASan + UBSan, and
# checks the formatting. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/deps.sh
xenoscope_install_deps

jobs="$(nproc)"
export QT_QPA_PLATFORM=offscreen

echo "==> Build (warnings are errors) and test"
cmake --preset ci
cmake --build --preset ci -j "$jobs"
ctest --preset ci -j "$jobs"

echo "==> Build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cmake --preset asan
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"

echo "==> clang-format"
scripts/check-format.sh
