#!/usr/bin/env bash
# solve_case.sh BIN PROBLEM [native|no-native]
#
# One VROOM-style problem end to end:
#  1. `solve --output-format vroom`, read back by the strict reader of VROOM's
#     response schema (vroom_schema.py) against the problem;
#  2. `solve` in the native output and `check PROBLEM SOLUTION`: the checker
#     accepts the VROOM-loaded instance, and the VROOM response's costs are
#     the native routes' costs rounded;
#  3. `convert --to native`, solved again: the same cost (native), or, with
#     no-native (problems with descriptions or priorities), a refusal that
#     names the field.
# Every solve uses one seed and an iteration limit, so runs are reproducible.
set -u
bin=$1; prob=$2; mode=${3:-native}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
name=$(basename "$prob")
opts=(--seed 1 --max-iterations 200 -q)
fail() { echo "FAIL $name: $*"; for f in "$tmp"/*.err; do [ -s "$f" ] && { echo "--- $(basename "$f")"; cat "$f"; }; done; exit 1; }
sanitizer() { grep -qE 'Sanitizer|runtime error' "$tmp"/*.err 2>/dev/null && fail "sanitizer report"; }

timeout 60 "$bin" solve "$prob" --output-format vroom -o "$tmp/vroom.json" "${opts[@]}" 2>"$tmp/solve-vroom.err"
rc=$?; sanitizer
[ $rc -eq 0 ] || fail "solve --output-format vroom exited $rc"
python3 "$here/vroom_schema.py" "$tmp/vroom.json" "$prob" || fail "the VROOM response breaks the schema"

timeout 60 "$bin" solve "$prob" -o "$tmp/native.json" "${opts[@]}" 2>"$tmp/solve-native.err"
rc=$?; sanitizer
[ $rc -eq 0 ] || fail "solve (native output) exited $rc"
timeout 60 "$bin" check "$prob" "$tmp/native.json" >"$tmp/check.out" 2>"$tmp/check.err"
rc=$?; sanitizer
[ $rc -eq 0 ] || { cat "$tmp/check.out"; fail "check exited $rc"; }
python3 - "$tmp/vroom.json" "$tmp/native.json" <<'PY' || fail "VROOM and native outputs disagree"
import json, math, sys
v, n = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
costs = [math.floor(r["cost"] + 0.5) for r in n["routes"]]  # C's llround: halves away from zero
assert v["summary"]["cost"] == sum(costs), (v["summary"]["cost"], costs)
assert [r["cost"] for r in v["routes"]] == costs
seq = lambda steps, t: [str(s.get("id")) for s in steps if s["type"] == t]
for rv, rn in zip(v["routes"], n["routes"]):
    assert str(rv["vehicle"]) == rn["vehicle"]
    assert seq(rv["steps"], "job") == seq(rn["steps"], "pickup")
    assert seq(rv["steps"], "unload") == seq(rn["steps"], "unload")
    assert rv["distance"] == rn["distance_m"] if "distance" in rv else True
assert len(v["unassigned"]) == len(n["unassigned"])
print(f"same routes and costs in both outputs: {v['summary']['cost']}")
PY

timeout 60 "$bin" convert --to native "$prob" -o "$tmp/converted.json" 2>"$tmp/convert.err"
rc=$?; sanitizer
if [ "$mode" = no-native ]; then
    [ $rc -eq 2 ] || fail "convert --to native exited $rc, expected a refusal (2)"
    grep -qE '^ecoroute: (jobs|vehicles|facilities)\[[0-9]+\][^:]*: the native model has no' "$tmp/convert.err" ||
        fail "the refusal does not name the field"
    echo "ok $name: convert --to native refused, naming the field"
    exit 0
fi
[ $rc -eq 0 ] || fail "convert --to native exited $rc"
timeout 60 "$bin" solve "$tmp/converted.json" -o "$tmp/native2.json" "${opts[@]}" 2>"$tmp/solve-converted.err"
rc=$?; sanitizer
[ $rc -eq 0 ] || fail "solving the converted model exited $rc"
python3 - "$tmp/native.json" "$tmp/native2.json" <<'PY' || fail "the converted model solves to another cost"
import json, sys
a, b = (json.load(open(p))["summary"]["cost"] for p in sys.argv[1:3])
assert abs(a - b) <= 1e-6 * max(1.0, abs(a)), (a, b)
print(f"converted to native: same cost {a}")
PY
echo "ok $name"
