#!/usr/bin/env bash
# cli_exact.sh BIN : `solve --exact` from the command line on generated
# cities: a small one (time windows, breaks, two facilities) is solved with
# "optimal": true and a lower bound no higher than the cost, and passes
# `check`; one with 30 boxes is refused at once with exit status 2 naming
# the limit.
set -u
bin=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" gen --city almaty --boxes 10 --seed 3 --time-windows --breaks -o "$tmp/small.json" 2>/dev/null \
    || { echo "FAIL: gen small"; exit 1; }
"$bin" solve "$tmp/small.json" --exact --quiet -o "$tmp/sol.json"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: solve --exact exited $rc"; exit 1; }
python3 - "$tmp/sol.json" <<'PY' || exit 1
import json, sys
s = json.load(open(sys.argv[1]))["solver"]
cost = json.load(open(sys.argv[1]))["summary"]["cost"]
assert s.get("optimal") is True, s
assert s["lower_bound"] <= cost + 1e-6, (s, cost)
print("optimal:", cost, "lower bound:", s["lower_bound"])
PY
"$bin" check "$tmp/small.json" "$tmp/sol.json" || { echo "FAIL: check"; exit 1; }
"$bin" gen --city almaty --boxes 30 --seed 3 -o "$tmp/big.json" 2>/dev/null || { echo "FAIL: gen big"; exit 1; }
start=$(date +%s.%N)
"$bin" solve "$tmp/big.json" --exact --quiet -o "$tmp/big-sol.json" 2> "$tmp/err.txt"
rc=$?
end=$(date +%s.%N)
cat "$tmp/err.txt"
[ $rc -eq 2 ] || { echo "FAIL: too large: exit $rc, expected 2"; exit 1; }
grep -q "at most 12" "$tmp/err.txt" || { echo "FAIL: the message does not name the limit"; exit 1; }
python3 -c "import sys; sys.exit(0 if $end - $start < 2 else 1)" || { echo "FAIL: refusal took too long"; exit 1; }
echo ok
