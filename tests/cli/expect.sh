#!/usr/bin/env bash
# expect.sh CODE SUBSTRING CMD... : runs CMD, asserts its exit status is CODE
# and that SUBSTRING appears in its stderr (or stdout); no sanitizer report.
set -u
want=$1; sub=$2; shift 2
out=$(timeout 60 "$@" 2>&1 >/dev/null); rc=$?
[ $rc -eq 124 ] && { echo "FAIL: timed out: $*"; exit 1; }
if [ "$rc" -ne "$want" ]; then echo "FAIL: exit $rc, expected $want: $*"; echo "$out"; exit 1; fi
if ! grep -qF -- "$sub" <<<"$out"; then echo "FAIL: stderr lacks \"$sub\": $*"; echo "$out"; exit 1; fi
if grep -qE 'Sanitizer|runtime error' <<<"$out"; then echo "FAIL: sanitizer report"; echo "$out"; exit 1; fi
echo "ok: exit $rc, \"$sub\" found"
