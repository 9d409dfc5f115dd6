#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (with AddressSanitizer) and runs each for SECONDS
# (default 60) on a corpus seeded from Fixtures/, copied to a temporary folder. Fails on a crash,
# a sanitizer report or a failed fuzz assertion; the crashing input is kept under
# .build-fuzz/crashes/ (add it to Fixtures/fuzz/ with a test in FuzzRegressionTests.swift).
#
# Each input's first byte is the target's control byte (options, delimiter, record limit); the
# seeds are every fixture behind a few control bytes.
#
#   scripts/fuzz.sh [SECONDS]          env: FUZZ_JOBS (default 1), FUZZ_MAX_LEN (default 4096),
#                                      FUZZ_SEED (default: libFuzzer picks one at random)
#
# CI passes a fixed FUZZ_SEED so that its gate replays the same exploration from run to run (up
# to the time limit); run without it, for longer, to look further.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
root=$PWD
scratch=$root/.build-fuzz

echo "fuzz: building (release, -sanitize=fuzzer,address)"
(cd Fuzz && swift build -c release --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address 2>&1 \
    | grep -vE "Cannot export local symbol '__asan_extra_spill_area'" | tail -n 3)
bin=$(cd Fuzz && swift build -c release --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address --show-bin-path)

work=$(mktemp -d "${TMPDIR:-/tmp}/csvcheck-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$scratch/crashes"

status=0
for target in FuzzTokenize FuzzCheck FuzzConfig; do
    corpus=$work/$target
    mkdir -p "$corpus"
    n=0
    if [ "$target" = FuzzConfig ]; then
        # Configuration files as well as the fixtures: every setting, block and flow forms.
        printf '\x00profile: staged\nsso: false\ndomains: [contoso.com, "fabrikam.com"]\nstrict: yes\nmax-rows: 2_000\nrules:\n  PWD005: error\n  SEC001: off # c\n' >"$corpus/yaml-1"
        printf '\x00---\ndomains:\n- contoso.com\n- '"'"'o'"'"''"'"'neill.com'"'"'\nrules: {HDR005: warning,\n  EML002: off}\nallow-unknown-columns: on\n...\n' >"$corpus/yaml-2"
        printf '\x00"quoted key": "\\u00e9\\x41\\t"\nnested: [[a, b], {c: d}]\nmax-record-bytes: 4096\n' >"$corpus/yaml-3"
        n=3
    fi
    while IFS= read -r -d '' file; do
        for control in 00 01 06 09 1a; do
            n=$((n + 1))
            { printf "\\x$control"; cat "$file"; } >"$corpus/seed-$n"
        done
    done < <(find Fixtures -type f -print0 | sort -z)
    echo "fuzz: $target for ${seconds}s on $n seeds"
    start=$(date +%s)
    set +e
    # With -jobs, libFuzzer writes each job's log to fuzz-N.log in the current folder: run in
    # the temporary folder, and append those logs to the target's log.
    jobs=()
    if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then jobs=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS"); fi
    if [ -n "${FUZZ_SEED:-}" ]; then jobs+=(-seed="$FUZZ_SEED"); fi
    (cd "$work" && SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
        "$bin/$target" "$corpus" -max_total_time="$seconds" -max_len="${FUZZ_MAX_LEN:-4096}" \
        -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 "${jobs[@]}" \
        -artifact_prefix="$scratch/crashes/$target-") >"$work/$target.log" 2>&1
    rc=$?
    set -e
    cat "$work"/fuzz-*.log >>"$work/$target.log" 2>/dev/null || true
    rm -f "$work"/fuzz-*.log
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|cov:.*ft:" "$work/$target.log" | tail -n 3 || true
    if [ $rc -ne 0 ]; then
        echo "fuzz: $target FAILED (exit $rc) after $(( $(date +%s) - start ))s"
        grep -E "fuzz failure|ERROR: |SUMMARY|Test unit written|Fatal error" "$work/$target.log" | head -n 20
        cp "$work/$target.log" "$scratch/crashes/$target.log"
        status=1
    else
        echo "fuzz: $target ok"
    fi
done
exit $status
