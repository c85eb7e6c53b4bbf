#!/usr/bin/env bash
# roundtrip.sh BIN INPUT [solve options...]
#
# Native (or CVRPLIB) INPUT -> `convert --to vroom` -> solve: the same cost as
# solving INPUT with the same options (one seed and an iteration limit, or
# --construction-only). The VROOM-loaded solution also passes `check`, and its
# VROOM response the strict schema reader.
set -u
bin=$1; input=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
name=$(basename "$input")
fail() { echo "FAIL $name: $*"; cat "$tmp"/*.err 2>/dev/null; exit 1; }
timeout 60 "$bin" convert --to vroom "$input" -o "$tmp/problem.json" 2>"$tmp/convert.err" || fail "convert --to vroom failed"
timeout 120 "$bin" solve "$input" -q -o "$tmp/a.json" "$@" 2>"$tmp/a.err"
ra=$?
timeout 120 "$bin" solve "$tmp/problem.json" -q -o "$tmp/b.json" "$@" 2>"$tmp/b.err"
rb=$?
[ $ra -le 1 ] && [ $ra -eq $rb ] || fail "exit statuses $ra (input) and $rb (converted)"
grep -qE 'Sanitizer|runtime error' "$tmp"/*.err && fail "sanitizer report"
timeout 60 "$bin" check "$tmp/problem.json" "$tmp/b.json" >/dev/null 2>"$tmp/check.err" || fail "check of the VROOM-loaded solution failed"
timeout 120 "$bin" solve "$tmp/problem.json" -q --output-format vroom -o "$tmp/v.json" "$@" 2>"$tmp/v.err"
python3 "$here/vroom_schema.py" "$tmp/v.json" "$tmp/problem.json" || fail "the VROOM response breaks the schema"
python3 - "$tmp/a.json" "$tmp/b.json" <<'PY' || fail "different costs"
import json, sys
a, b = (json.load(open(p))["summary"]["cost"] for p in sys.argv[1:3])
assert abs(a - b) <= 1e-6 * max(1.0, abs(a)), (a, b)
print(f"same cost after convert --to vroom: {a}")
PY
echo "ok $name"
