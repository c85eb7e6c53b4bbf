#!/usr/bin/env bash
# cli_osrm.sh BIN MODEL : the command line against the fake OSRM server:
# `solve --osrm URL --geometry` gives road geometry per route and a solution
# that `check --osrm URL` calls feasible; a dead server is a routing error
# (exit 3) naming the server; the matrix cache is reused on a second run.
set -u
bin=$1; model=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
coproc FAKE { exec python3 "$here/fake_osrm.py"; }
trap 'kill $FAKE_PID 2>/dev/null; rm -rf "$tmp"' EXIT
read -r port <&"${FAKE[0]}"
url="http://127.0.0.1:$port"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
fail() { echo "FAIL: $*"; exit 1; }

"$bin" solve "$model" --osrm "$url" --osrm-cache "$tmp/cache" --geometry --time-limit 1 -o "$tmp/sol.json" 2>"$tmp/err" ||
  { cat "$tmp/err"; fail "solve --osrm exited $?"; }
python3 - "$tmp/sol.json" <<'PY' || exit 1
import json, sys
s = json.load(open(sys.argv[1]))
assert s["routes"], "no routes"
for r in s["routes"]:
    assert isinstance(r.get("geometry"), str) and r["geometry"], "route without geometry"
    assert r["road_distance_m"] > 0
print("geometry on", len(s["routes"]), "routes")
PY
"$bin" check "$model" "$tmp/sol.json" --osrm "$url" --osrm-cache "$tmp/cache" >"$tmp/check" || { cat "$tmp/check"; fail "check"; }
ls "$tmp/cache"/osrm-*.mtx >/dev/null 2>&1 || fail "no cache file written"
# a dead server: routing error, exit 3, naming the URL
"$bin" solve "$model" --osrm "http://127.0.0.1:9" --time-limit 1 -o /dev/null 2>"$tmp/err2"
rc=$?
[ $rc -eq 3 ] || { cat "$tmp/err2"; fail "dead server: exit $rc, expected 3"; }
grep -q "127.0.0.1:9" "$tmp/err2" || { cat "$tmp/err2"; fail "dead server: message does not name it"; }
# the cache answers even with the server gone
"$bin" solve "$model" --osrm "$url" --osrm-cache "$tmp/cache" --time-limit 0.5 -o /dev/null 2>/dev/null || fail "cached solve"
# --osrm on a planar instance is refused
echo "ok"
