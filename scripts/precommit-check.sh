#!/usr/bin/env bash
# Proves the `csvcheck` pre-commit hook (.pre-commit-hooks.yaml) with the real pre-commit.
#
#     scripts/precommit-check.sh [REPOSITORY]      default: the repository this script is in
#
# It tests the repository's committed HEAD, not the working tree: pre-commit installs a hook
# from a git revision, so the script clones REPOSITORY (its checked-out branch) into a temporary
# folder and points `pre-commit try-repo` at that clone. Commit a change to the hook before
# running it. In a temporary git repository it then runs
#
#     pre-commit try-repo CLONE csvcheck --files bad.csv wave2.csv
#
# and requires failure with BOOL001 (in bad.csv) and DUP002 (an address of bad.csv repeated in
# wave2.csv: found only because require_serial gives csvcheck both files in one process), and
#
#     pre-commit try-repo CLONE csvcheck --files good.csv
#
# and requires success. The files are chmod 600, so SEC002 (a password file every user can
# read) does not fire. Each try-repo builds the hook with `swift build -c release` in a fresh
# pre-commit store: about 1-2 minutes each on 2 cores.
#
# pre-commit is installed with pip when missing; only when pip cannot install it is the check
# skipped, with the reason, and exit status 0. Exit status 1: the hook misbehaved.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "${1:-$here}" && git rev-parse --show-toplevel)

say() { echo "precommit-check: $*"; }

if command -v pre-commit >/dev/null 2>&1; then
    precommit=(pre-commit)
elif python3 -c 'import pre_commit' >/dev/null 2>&1; then
    precommit=(python3 -m pre_commit)
else
    say "installing pre-commit with pip"
    if python3 -m pip install --quiet pre-commit >/dev/null 2>&1 && python3 -c 'import pre_commit' >/dev/null 2>&1; then
        precommit=(python3 -m pre_commit)
    else
        say "SKIPPED: pre-commit is not installed and 'python3 -m pip install pre-commit' failed"
        exit 0
    fi
fi
say "using $("${precommit[@]}" --version)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/csvcheck-precommit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/pre-commit-home"
git_quiet() { git -c user.name=precommit-check -c user.email=precommit-check@example.invalid -c commit.gpgsign=false "$@"; }

# The hook as committed: a clone of the repository's checked-out HEAD.
clone="$tmp/csvcheck"
git clone --quiet "$repo" "$clone"
head=$(git -C "$clone" rev-parse --short HEAD)
if [ ! -f "$clone/.pre-commit-hooks.yaml" ]; then
    say "FAILED: HEAD ($head) of $repo has no .pre-commit-hooks.yaml; commit it first (this script tests HEAD)"
    exit 1
fi
if ! git -C "$repo" diff --quiet HEAD -- .pre-commit-hooks.yaml Package.swift Sources 2>/dev/null; then
    say "note: $repo has uncommitted changes; they are not tested (HEAD $head is)"
fi
say "testing the csvcheck hook at HEAD $head of $repo"

# A repository that keeps migration CSV files.
work="$tmp/batches"
mkdir -p "$work"
cd "$work"
git_quiet init --quiet
printf 'EmailAddress,Password,ForceChangePassword\r\npilar@contoso.com,Vq7#mRt2xZ,True\r\njo@contoso.com,Lw4!nBs8kP,WAAR\r\n' >bad.csv
printf 'EmailAddress,Password,ForceChangePassword\r\nkim@contoso.com,Hd3$pXe9rT,True\r\npilar@contoso.com,Zu6%%cWy1qM,False\r\n' >wave2.csv
printf 'EmailAddress,Password,ForceChangePassword\r\nana@contoso.com,Rb5&tGk3wN,True\r\nlee@contoso.com,Py8*sJf2vC,False\r\n' >good.csv
chmod 600 bad.csv wave2.csv good.csv
git_quiet add bad.csv wave2.csv good.csv
git_quiet commit --quiet -m "batch files"

failures=0
run() { # run LABEL FILE... : try-repo on the files, output in $tmp/LABEL.log, sets $status
    local label=$1
    shift
    local started=$SECONDS
    set +e
    "${precommit[@]}" try-repo "$clone" csvcheck --color never --files "$@" >"$tmp/$label.log" 2>&1
    status=$?
    set -e
    say "$label: pre-commit exited $status after $((SECONDS - started)) s"
}

run bad bad.csv wave2.csv
if [ "$status" -eq 0 ]; then
    say "FAILED: the hook passed bad.csv and wave2.csv"
    failures=$((failures + 1))
fi
for code in BOOL001 DUP002; do
    if ! grep -q "$code" "$tmp/bad.log"; then
        say "FAILED: no $code in the hook's output for bad.csv and wave2.csv"
        failures=$((failures + 1))
    fi
done
if grep -qE "Vq7#mRt2xZ|Lw4!nBs8kP|Hd3\\\$pXe9rT|Zu6%cWy1qM" "$tmp/bad.log"; then
    say "FAILED: a password appears in the hook's output"
    failures=$((failures + 1))
fi
sed 's/^/    /' "$tmp/bad.log"

run good good.csv
if [ "$status" -ne 0 ]; then
    say "FAILED: the hook rejected good.csv"
    sed 's/^/    /' "$tmp/good.log"
    failures=$((failures + 1))
fi

if [ "$failures" -gt 0 ]; then
    say "$failures check(s) failed"
    exit 1
fi
say "ok: bad files fail with BOOL001 and DUP002, a good file passes (HEAD $head)"
