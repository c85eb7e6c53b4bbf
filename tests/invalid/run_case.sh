#!/usr/bin/env bash
# run_case.sh BIN INPUT [valid]
#
# One data-driven input case. Reads NAME.expect beside INPUT (line 1: the
# expected exit status, line 2: a substring stderr must contain), runs
#   BIN solve INPUT --time-limit 0.1 -o /dev/null
# and checks the status, the substring, that every stderr line has the
# "ecoroute" prefix, and that nothing crashed or timed out (20 s).
# With "valid" (the valid models, no .expect), the solve must exit 0 and its
# solution must pass `BIN check`.
set -u
bin=$1
input=$2
mode=${3:-invalid}
expect=${input%.*}.expect
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL $(basename "$input"): $*"
    echo "--- stderr:"
    cat "$tmp/stderr"
    exit 1
}

if [ "$mode" != valid ]; then
    [ -f "$expect" ] || { echo "FAIL $(basename "$input"): no $(basename "$expect") beside it"; exit 1; }
    { IFS= read -r want_rc; IFS= read -r want_text; } <"$expect"
    want_rc=${want_rc%$'\r'}
    want_text=${want_text%$'\r'}
    output=/dev/null
    limit=0.1
else
    want_rc=0
    want_text=""
    output=$tmp/solution.json
    limit=0.5
fi

timeout -k 5 20 "$bin" solve "$input" --time-limit "$limit" -o "$output" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && fail "timed out (20 s)"
if grep -E -q 'Sanitizer|runtime error|Segmentation' "$tmp/stdout" "$tmp/stderr"; then
    fail "crash or undefined behaviour reported"
fi
[ "$rc" -eq "$want_rc" ] || fail "exit status $rc, expected $want_rc"
if [ -n "$want_text" ]; then
    grep -F -q -- "$want_text" "$tmp/stderr" || fail "stderr does not contain: $want_text"
    if grep -v -q -E '^(ecoroute|$)' "$tmp/stderr"; then
        fail "a stderr line lacks the \"ecoroute: \" prefix"
    fi
fi
if [ "$output" != /dev/null ]; then
    timeout -k 5 20 "$bin" check "$input" "$output" >"$tmp/check" 2>>"$tmp/stderr"
    crc=$?
    [ "$crc" -eq 0 ] || { cat "$tmp/check" >>"$tmp/stderr"; fail "check exited $crc"; }
fi
echo "ok $(basename "$input"): exit $rc${want_text:+, stderr has: $want_text}"
exit 0
