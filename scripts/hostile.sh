#!/usr/bin/env bash
# Runs the release csvcheck on generated hostile inputs (in a temporary folder) and checks, for
# each: the exit status, a diagnostic code in the output (standard output for checks; for exit 2
# the 'csvcheck:' line on standard error), peak memory at most 64 MiB (/usr/bin/time -f %M) and
# a bounded run time (a 60 s timeout). Prints a table; exits 1 if any expectation is missed.
#
# The cases and what is expected of them:
#   unterminated-quote-100MB  header, then a row whose Password opens a quote never closed, 100 MB
#                             long                                        exit 1, CSV002 or CSV009
#   unquoted-field-50MB       header, then a row with a 50 MB unquoted value   exit 1, CSV009
#   million-commas            header, then a row of one address and 1,000,000 commas
#                                                                         exit 1, CSV009
#   blank-lines-5M            header, one row, 5,000,000 blank lines, one more row: blank lines
#                             between data rows are a warning, reported once for the run
#                                                                         exit 0, CSV007
#   all-bytes                 the bytes 0-255 repeated 4,096 times (1 MiB): a NUL makes it binary
#                                                                         exit 1, ENC001
#   utf16-odd-length          UTF-16LE with a BOM and a dangling last byte     exit 1, ENC001
#   utf8-truncated-end        valid UTF-8 rows, then a cut 3-byte sequence at the very end
#                                                                         exit 1, ENC001
#   directory                 a folder given as FILE                           exit 2, csvcheck:
#   dev-null                  /dev/null                                        exit 1, CSV001
#   empty-stdin               '-' with empty standard input                    exit 1, CSV001
#   split-out-below-file      split --out FILE/batches where FILE is a regular file
#                                                                         exit 2, csvcheck:
#
#   scripts/hostile.sh          env: HOSTILE_TIMEOUT (default 60), HOSTILE_MAX_KIB (default 65536)
set -euo pipefail
cd "$(dirname "$0")/.."
timeout_seconds=${HOSTILE_TIMEOUT:-60}
max_kib=${HOSTILE_MAX_KIB:-65536}

if [ ! -x /usr/bin/time ]; then
    echo "hostile: installing time (for /usr/bin/time -f %M)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

echo "hostile: building release (.build-hostile)"
build_log=$(mktemp)
swift build -c release --product csvcheck --scratch-path .build-hostile >"$build_log" 2>&1 || {
    tail -n 20 "$build_log"
    exit 1
}
tail -n 1 "$build_log"
# The release build, the one people run, must be as quiet as the debug build CI checks: no
# compiler warning in our code, no linker warning.
if grep -E "warning:" "$build_log"; then
    echo "hostile: the release build has warnings"
    exit 1
fi
rm -f "$build_log"
bin=$(swift build -c release --product csvcheck --scratch-path .build-hostile --show-bin-path)/csvcheck

work=$(mktemp -d "${TMPDIR:-/tmp}/csvcheck-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
header='EmailAddress,Password,ForceChangePassword'

# Generates the inputs.
{ printf '%s\r\n' "$header"; printf 'a@contoso.com,"'; head -c 100000000 /dev/zero | tr '\0' 'x'; } >"$work/unterminated.csv"
{ printf '%s\r\n' "$header"; printf 'a@contoso.com,'; head -c 50000000 /dev/zero | tr '\0' 'y'; printf ',False\r\n'; } >"$work/unquoted.csv"
{ printf '%s\r\n' "$header"; printf 'a@contoso.com'; head -c 1000000 /dev/zero | tr '\0' ','; printf '\r\n'; } >"$work/commas.csv"
{ printf '%s\r\nb@contoso.com,Xy7#kLm2pQ,False\r\n' "$header"; head -c 5000000 /dev/zero | tr '\0' '\n'; printf 'c@contoso.com,Zr4!kWq8nT#e,False\r\n'; } >"$work/blank.csv"
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 4096)' >"$work/allbytes.csv"
python3 -c 'import sys; sys.stdout.buffer.write(b"\xff\xfe" + "EmailAddress\r\na@contoso.com\r\n".encode("utf-16-le") + b"\x41")' >"$work/utf16odd.csv"
{ printf 'EmailAddress\r\nj\xc3\xb6rg@contoso.com\r\nx\xe2\x82'; } >"$work/utf8cut.csv"
mkdir "$work/folder.csv"
touch "$work/regular-file"

failures=0
printf '%-26s %5s %9s %10s %8s  %s\n' case exit expected "peak KiB" seconds result
# run NAME EXPECTED_EXIT CODES STDIN -- ARGS...: CODES is a regex matched in the output.
run() {
    local name=$1 expected=$2 codes=$3 input=$4
    shift 5
    local start end status peak elapsed verdict=ok
    start=$(date +%s.%N)
    set +e
    /usr/bin/time -f %M -o "$work/$name.time" timeout "$timeout_seconds" "$bin" "$@" \
        <"$input" >"$work/$name.out" 2>"$work/$name.err"
    status=$?
    set -e
    end=$(date +%s.%N)
    elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    peak=$(grep -Eo '^[0-9]+$' "$work/$name.time" | tail -n 1 || true)
    peak=${peak:-0}
    if [ "$status" -eq 124 ]; then
        verdict="TIMEOUT after ${timeout_seconds}s"
    elif [ "$status" -ne "$expected" ]; then
        verdict="WRONG EXIT: $(head -c 300 "$work/$name.err" | tr '\n' ' ')"
    elif ! { head -c 1000000 "$work/$name.out"; head -c 100000 "$work/$name.err"; } | grep -Ec "$codes" >/dev/null; then
        verdict="MISSING /$codes/ in the output"
    elif [ "$peak" -gt "$max_kib" ]; then
        verdict="OVER ${max_kib} KiB"
    fi
    [ "$verdict" = ok ] || failures=$((failures + 1))
    printf '%-26s %5s %9s %10s %8s  %s\n' "$name" "$status" "$expected" "$peak" "$elapsed" "$verdict"
}

run unterminated-quote-100MB 1 'CSV002|CSV009' /dev/null -- --no-config "$work/unterminated.csv"
run unquoted-field-50MB 1 'CSV009' /dev/null -- --no-config "$work/unquoted.csv"
run million-commas 1 'CSV009' /dev/null -- --no-config "$work/commas.csv"
run blank-lines-5M 0 'CSV007' /dev/null -- --no-config "$work/blank.csv"
run all-bytes 1 'ENC001' /dev/null -- --no-config "$work/allbytes.csv"
run utf16-odd-length 1 'ENC001' /dev/null -- --no-config "$work/utf16odd.csv"
run utf8-truncated-end 1 'ENC001' /dev/null -- --no-config "$work/utf8cut.csv"
run directory 2 '^csvcheck:' /dev/null -- --no-config "$work/folder.csv"
run dev-null 1 'CSV001' /dev/null -- --no-config /dev/null
run empty-stdin 1 'CSV001' /dev/null -- --no-config -
run split-out-below-file 2 '^csvcheck:' /dev/null -- split "$work/blank.csv" --out "$work/regular-file/batches"

if [ "$failures" -gt 0 ]; then
    echo "hostile: $failures case(s) missed their expectation"
    exit 1
fi
echo "hostile: all cases as expected"
