#!/usr/bin/env bash
# cli_sp.sh BIN SHARED : the set-partitioning recombination from the command
# line on X-n153-k22 under an iteration limit: --verbose reports the
# recombination runs, two runs with the same seed give the same routes, each
# passes `check`; --no-sp runs none.
set -u
bin=$1
vrp=$2/instances/cvrp_x/X-n153-k22.vrp
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for run in 1 2; do
    "$bin" solve "$vrp" --threads 2 --seed 3 --max-iterations 1000 --time-limit 100 --quiet --verbose \
        -o "$tmp/sol$run.json" 2> "$tmp/err$run.txt" || { cat "$tmp/err$run.txt"; echo "FAIL: solve $run"; exit 1; }
    "$bin" check "$vrp" "$tmp/sol$run.json" > /dev/null || { echo "FAIL: check $run"; exit 1; }
done
grep "recombinations" "$tmp/err1.txt"
grep -q "set partitioning, [0-9]* MIPs" "$tmp/err1.txt" || { echo "FAIL: no recombination reported"; exit 1; }
python3 - "$tmp/sol1.json" "$tmp/sol2.json" <<'PY' || exit 1
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
steps = lambda s: [[x.get("id") for x in r["steps"]] for r in s["routes"]]
assert a["summary"]["cost"] == b["summary"]["cost"], (a["summary"]["cost"], b["summary"]["cost"])
assert steps(a) == steps(b), "same seed, different routes"
print("reproducible:", a["summary"]["cost"])
PY
"$bin" solve "$vrp" --threads 2 --seed 3 --max-iterations 1000 --time-limit 100 --quiet --verbose --no-sp \
    -o "$tmp/nosp.json" 2> "$tmp/nosp.txt" || { echo "FAIL: solve --no-sp"; exit 1; }
"$bin" check "$vrp" "$tmp/nosp.json" > /dev/null || { echo "FAIL: check --no-sp"; exit 1; }
if grep -q "set partitioning" "$tmp/nosp.txt"; then echo "FAIL: --no-sp still recombines"; exit 1; fi
echo ok
