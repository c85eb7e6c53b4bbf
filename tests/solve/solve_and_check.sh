#!/usr/bin/env bash
# solve_and_check.sh BIN INPUT [solve options...]
# Solves INPUT, then runs the independent checker on the result, in both the
# JSON and the CVRPLIB output formats where they apply. Fails on a non-zero
# exit, a failed check, or any sanitizer report.
set -u
bin=$1; input=$2; shift 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
name=$(basename "$input")
"$bin" solve "$input" -o "$tmp/sol.json" "$@" 2>"$tmp/solve.err"
rc=$?
cat "$tmp/solve.err" >&2
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then echo "FAIL $name: solve exited $rc" >&2; exit 1; fi
if grep -qE 'Sanitizer|runtime error' "$tmp/solve.err"; then echo "FAIL $name: sanitizer" >&2; exit 1; fi
check_args=()
for a in "$@"; do case "$a" in --rounding=*|--unlimited-fleet) check_args+=("$a");; esac; done
"$bin" check "$input" "$tmp/sol.json" "${check_args[@]}" > "$tmp/check.out" 2>&1
crc=$?
cat "$tmp/check.out"
if [ $crc -ne 0 ]; then echo "FAIL $name: check exited $crc" >&2; exit 1; fi
# the cost the solver printed equals the one the checker recomputed
python3 - "$tmp/sol.json" "$tmp/check.out" <<'PY' || exit 1
import json, re, sys
sol = json.load(open(sys.argv[1]))
out = open(sys.argv[2]).read()
m = re.search(r'cost ([-0-9.eE+]+)', out)
if not m:
    sys.exit("FAIL: no cost in the checker's output")
a, b = float(sol["summary"]["cost"]), float(m.group(1))
if abs(a - b) > 1e-6 * max(1.0, abs(a)) + 1e-3:
    sys.exit(f"FAIL: solver cost {a} != checker cost {b}")
n_routed = sum(1 for r in sol["routes"] for s in r["steps"] if s["type"] == "pickup")
print(f"ok: cost {a}, {n_routed} boxes routed, {len(sol['unassigned'])} unassigned")
PY
