#!/bin/sh
# bench_kit.sh BIN PLUGIN SHARED - the hackathon kit end to end: the example
# plug-in (nearest neighbour + 2-opt) and our solver run through
# `ecoroute bench` on three small CVRPLIB X instances with a short time rule;
# every solution is checked (the CSV's ok column); `ecoroute score` ranks the
# example below our solver; the SVG plots parse as XML; usage errors exit 2.
set -eu
BIN=$1 PLUGIN=$2 SHARED=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir "$T/inst"
for n in X-n101-k25 X-n106-k14 X-n110-k13; do
    ln -s "$SHARED/instances/cvrp_x/$n.vrp" "$T/inst/$n.vrp"
done

"$BIN" bench "$T/inst" --time-rule 1 --threads 2 --out "$T/ours" --plot --shared "$SHARED/instances" \
    > "$T/ours.md" || fail "bench with our solver exited $?"
"$BIN" bench "$T/inst" --time-rule 0.01n --heuristic "$PLUGIN" --out "$T/ex" --plot --shared "$SHARED/instances" \
    > "$T/ex.md" || fail "bench --heuristic exited $?"
cat "$T/ours.md" "$T/ex.md"

python3 - "$T" <<'PY'
import csv, glob, json, sys, xml.etree.ElementTree as ET
t = sys.argv[1]
for who in ("ours", "ex"):
    (path,) = glob.glob(f"{t}/{who}/*.csv")
    rows = list(csv.DictReader(open(path)))
    assert len(rows) == 3, (who, rows)
    for r in rows:
        assert r["ok"] == "True", (who, r)            # checked feasible
        assert float(r["gap"]) >= -1e-6, (who, r)      # not below the BKS
    (js,) = glob.glob(f"{t}/{who}/*.json")
    doc = json.load(open(js))
    assert len(doc["rows"]) == 3 and all(r["ok"] for r in doc["rows"])
    assert len(glob.glob(f"{t}/{who}/*-solutions/*.json")) == 3
svgs = glob.glob(f"{t}/*/*.svg")
assert any("-gap.svg" in s for s in svgs) and any("-convergence-" in s for s in svgs), svgs
for s in svgs:
    root = ET.parse(s).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg", s
print("csv, json and", len(svgs), "svg files ok")
PY
[ $? -eq 0 ] || fail "outputs"

OURS=$(ls -d "$T"/ours/*-solutions)
EX=$(ls -d "$T"/ex/*-solutions)
"$BIN" score "$T/inst" example="$EX" ecoroute="$OURS" --shared "$SHARED/instances" > "$T/board.md" \
    || fail "score exited $?"
cat "$T/board.md"
grep -q '^| 1 | ecoroute | 3/3 |' "$T/board.md" || fail "our solver is not first"
grep -q '^| 2 | example | 3/3 |' "$T/board.md" || fail "the example is not second with 3/3 solved"

# a broken solution is scored as not solved
mkdir "$T/broken"
printf 'Route #1: 1 2 3\nCost 10\n' > "$T/broken/X-n101-k25.sol"
"$BIN" score "$T/inst" "$T/broken" --shared "$SHARED/instances" > "$T/broken.md" || fail "score (broken) exited $?"
grep -q '^| 1 | broken | 0/3 |' "$T/broken.md" || { cat "$T/broken.md"; fail "a broken solution counted"; }

# usage errors exit 2
set +e
"$BIN" bench no-such-suite > /dev/null 2>&1; [ $? -eq 2 ] || fail "unknown suite: expected exit 2"
"$BIN" bench "$T/inst" --heuristic "$T/missing.so" > /dev/null 2>&1; [ $? -eq 2 ] || fail "missing plug-in: expected exit 2"
"$BIN" bench "$T/inst" --time-rule abc > /dev/null 2>&1; [ $? -eq 2 ] || fail "bad time rule: expected exit 2"
"$BIN" score "$T/inst" > /dev/null 2>&1; [ $? -eq 2 ] || fail "score without a solution dir: expected exit 2"
set -e
echo "bench kit ok"
