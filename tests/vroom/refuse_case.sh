#!/usr/bin/env bash
# refuse_case.sh BIN PROBLEM
#
# A VROOM problem ecoroute must refuse. NAME.expect beside it holds the exit
# status (line 1) and a substring of stderr (line 2) that names the field.
# With --output-format vroom the same error must also come as VROOM's error
# response on standard output ({"code": 2, "error": ...}), which the strict
# schema reader accepts.
set -u
bin=$1; prob=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
name=$(basename "$prob")
{ IFS= read -r want_rc; IFS= read -r want_text; } <"${prob%.json}.expect"
fail() { echo "FAIL $name: $*"; echo "--- stderr:"; cat "$tmp/err"; exit 1; }

timeout 20 "$bin" solve "$prob" -q -o /dev/null 2>"$tmp/err"
rc=$?
grep -qE 'Sanitizer|runtime error' "$tmp/err" && fail "sanitizer report"
[ $rc -eq "$want_rc" ] || fail "exit status $rc, expected $want_rc"
grep -qF -- "$want_text" "$tmp/err" || fail "stderr lacks: $want_text"
grep -vqE '^ecoroute' "$tmp/err" && fail "a stderr line lacks the \"ecoroute: \" prefix"

timeout 20 "$bin" solve "$prob" -q --output-format vroom >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq "$want_rc" ] || fail "--output-format vroom: exit status $rc, expected $want_rc"
python3 "$here/vroom_schema.py" "$tmp/out" || fail "the error response breaks the schema"
python3 - "$tmp/out" "$want_text" <<'PY' || fail "the VROOM error response does not carry the message"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["code"] == 2 and sys.argv[2] in r["error"], r
PY
echo "ok $name: exit $rc, names the field: $want_text"
