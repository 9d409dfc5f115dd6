#!/usr/bin/env bash
# Builds the package and its tests with AddressSanitizer and runs them (scratch: .build-asan).
#
# - Leak detection is off: LeakSanitizer reports only process-lifetime allocations of XCTest,
#   Foundation (Bundle.allBundles) and swift-argument-parser at exit, none in our code, and its
#   exit status (1 for a CLI run that exits through ArgumentParser) breaks the exit-status tests.
# - SANITIZE_SKIP, when set, is a regex of tests to skip (`swift test --skip`).
#
#   scripts/sanitize.sh [extra swift test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
skip=${SANITIZE_SKIP:-}
skip_args=()
[ -n "$skip" ] && skip_args=(--skip "$skip")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

log=$(mktemp -d "${TMPDIR:-/tmp}/csvcheck-asan.XXXXXX")
trap 'rm -rf "$log"' EXIT
echo "sanitize: building with -sanitize=address"
swift build --build-tests --sanitize=address --scratch-path .build-asan >"$log/build.log" 2>&1 || {
    tail -n 40 "$log/build.log"
    exit 1
}
echo "sanitize: swift test --sanitize=address${skip:+ (skipping: $skip)}"
set +e
swift test --skip-build --sanitize=address  --scratch-path .build-asan "${skip_args[@]}" "$@" >"$log/test.log" 2>&1
status=$?
set -e
grep -E "ERROR: AddressSanitizer|SUMMARY: AddressSanitizer|✘|error:|Fatal|crashed" "$log/test.log" | head -n 60 || true
grep -E "Test run with [0-9]+ tests" "$log/test.log" || true
if grep -q "ERROR: AddressSanitizer" "$log/test.log"; then
    grep -A 30 "ERROR: AddressSanitizer" "$log/test.log" | head -n 80
    status=1
fi
echo "sanitize: exit $status"
exit "$status"
