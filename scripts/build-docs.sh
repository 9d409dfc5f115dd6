#!/usr/bin/env bash
# Builds the DocC documentation of the CSVCheck library, and fails on any DocC warning.
#
#     scripts/build-docs.sh [--output DIR] [--static-hosting BASE-PATH]
#
# swift-docc-plugin is deliberately not a dependency of csvcheck: a package that depends on
# CSVCheck should not resolve a documentation plugin it never uses. This script copies the
# package (Package.swift, Sources/, Tests/) to a temporary folder, adds the plugin to the
# copy's Package.swift, and runs
#
#     swift package --disable-sandbox generate-documentation --target CSVCheck
#
# there. The archive is copied to --output (default: .build-docc/CSVCheck.doccarchive, which
# git ignores). With --static-hosting BASE-PATH it is transformed for a static web server whose
# site lives under /BASE-PATH (e.g. GitHub Pages: the repository's name).
#
# Exit status: 0 built without warnings, 1 DocC (or the compiler, in Sources/CSVCheck)
# warned or failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

output="$root/.build-docc/CSVCheck.doccarchive"
hosting=()
while [ $# -gt 0 ]; do
    case "$1" in
    --output) output=$2; shift 2 ;;
    --static-hosting) hosting=(--transform-for-static-hosting --hosting-base-path "$2"); shift 2 ;;
    -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-docs: unknown argument $1" >&2; exit 2 ;;
    esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/csvcheck-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT
copy="$work/csvcheck"
mkdir -p "$copy"
cp -R "$root/Package.swift" "$root/Sources" "$root/Tests" "$copy/"
cat >>"$copy/Package.swift" <<'SWIFT'

// Added by scripts/build-docs.sh to this temporary copy only.
package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"))
SWIFT

echo "build-docs: building CSVCheck's documentation in $copy (a few minutes on a cold cache)"
log="$work/docc.log"
set +e
(cd "$copy" && swift package --disable-sandbox generate-documentation --target CSVCheck \
    --output-path "$work/CSVCheck.doccarchive" ${hosting[@]+"${hosting[@]}"}) >"$log" 2>&1
status=$?
set -e

# DocC's own warnings (each followed by its "--> File.md:line" and the source lines), and
# compiler warnings in our sources (symbol-graph extraction compiles the library); warnings in
# dependencies' checkouts are not ours to fix.
pattern='^(warning:|[^ ]+:[0-9]+:[0-9]+: warning:)'
warnings=$(grep -v "/checkouts/" "$log" | awk -v pattern="$pattern" '
    $0 ~ pattern { shown = 8 }
    shown > 0 { if ($0 == "") { shown = 0; print ""; next } print; shown-- }')
count=$(grep -v "/checkouts/" "$log" | grep -cE "$pattern" || true)
if [ "$status" -ne 0 ]; then
    tail -n 40 "$log"
    echo "build-docs: generate-documentation failed (exit $status)" >&2
    exit 1
fi
if [ "$count" -gt 0 ]; then
    printf '%s\n' "$warnings" | sed "s|$copy/|$root/|g"
    echo "build-docs: DocC reported $count warning(s)" >&2
    exit 1
fi

rm -rf "$output"
mkdir -p "$(dirname "$output")"
cp -R "$work/CSVCheck.doccarchive" "$output"
echo "build-docs: no warnings; wrote $output"
