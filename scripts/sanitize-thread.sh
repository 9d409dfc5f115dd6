#!/usr/bin/env bash
# Builds the package and its tests with ThreadSanitizer and runs them (scratch: .build-tsan).
#
# - Concurrency it covers: the checker's two-stage pipeline (FileRun/BlockJob: a DispatchQueue
#   worker runs the order-free rules of one block while the reading thread handles the block
#   before it, synchronised by a DispatchGroup), split's background writer (IOQueue), and the
#   CLI tests' pipe readers. The tests start the TSan-built csvcheck too, so its races count.
# - Reports go to files (TSAN_OPTIONS log_path), not stderr: a report from a csvcheck the tests
#   started would otherwise vanish into the output the test captured. Any report fails the run.
# - No suppressions: the suite runs clean.
# - A clean run is weaker evidence than it looks: in a TSan build the Swift runtime tells TSan
#   that every `static let` access synchronises (swift_once), so two threads that both touch a
#   global (the rules do, per row) look ordered, and a race between them can go unreported.
# - SANITIZE_SKIP, when set, is a regex of tests to skip (`swift test --skip`).
#
#   scripts/sanitize-thread.sh [extra swift test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
skip=${SANITIZE_SKIP:-}
skip_args=()
[ -n "$skip" ] && skip_args=(--skip "$skip")
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

log=$(mktemp -d "${TMPDIR:-/tmp}/csvcheck-tsan.XXXXXX")
trap 'rm -rf "$log"' EXIT
# log_path last, so that it holds whatever TSAN_OPTIONS the caller set; a process writes
# $log/tsan.PID only when it has something to report.
export TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS:}log_path=$log/tsan"
echo "sanitize-thread: building with -sanitize=thread"
start=$SECONDS
swift build --build-tests --sanitize=thread --scratch-path .build-tsan >"$log/build.log" 2>&1 || {
    tail -n 40 "$log/build.log"
    exit 1
}
echo "sanitize-thread: built in $((SECONDS - start)) s; swift test --sanitize=thread${skip:+ (skipping: $skip)}"
start=$SECONDS
set +e
swift test --skip-build --sanitize=thread --scratch-path .build-tsan "${skip_args[@]}" "$@" >"$log/test.log" 2>&1
status=$?
set -e
echo "sanitize-thread: tests ran in $((SECONDS - start)) s"
grep -E "✘|error:|Fatal|crashed" "$log/test.log" | head -n 60 || true
grep -E "Test run with [0-9]+ tests" "$log/test.log" || true
reports=$(cat "$log"/tsan.* 2>/dev/null | grep -c "^WARNING: ThreadSanitizer" || true)
if compgen -G "$log/tsan.*" >/dev/null; then
    echo "sanitize-thread: ThreadSanitizer wrote $reports report(s):"
    grep -h "^SUMMARY: ThreadSanitizer" "$log"/tsan.* | sort | uniq -c | head -n 40 || true
    head -n 120 "$log"/tsan.*
    status=1
fi
echo "sanitize-thread: exit $status (${reports:-0} ThreadSanitizer reports)"
exit "$status"
