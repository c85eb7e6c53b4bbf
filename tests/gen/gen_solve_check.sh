#!/usr/bin/env bash
# gen_solve_check.sh BIN TIME_LIMIT GEN_ARGS... : generates an instance,
# solves it within TIME_LIMIT seconds and checks the solution independently.
# Fails unless gen, solve (every mandatory box routed) and check all exit 0.
set -u
bin=$1; limit=$2; shift 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" gen "$@" -o "$tmp/city.json" || { echo "FAIL: gen $* exited $?"; exit 1; }
"$bin" solve "$tmp/city.json" --time-limit "$limit" -o "$tmp/sol.json"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: solve exited $rc on gen $*"; exit 1; }
"$bin" check "$tmp/city.json" "$tmp/sol.json" > "$tmp/check.out" 2>&1
rc=$?
cat "$tmp/check.out"
[ $rc -eq 0 ] || { echo "FAIL: check exited $rc on gen $*"; exit 1; }
echo "ok: gen $*"
