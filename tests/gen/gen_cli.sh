#!/usr/bin/env bash
# gen_cli.sh BIN: `ecoroute gen` on the command line. The same arguments give
# byte-identical files (run twice, also through stdout), different seeds give
# different files, option order does not matter, --help documents every
# option, and the committed datasets are exactly what datasets/regenerate.sh
# would produce.
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*" >&2; fail=1; }

for city in almaty oral ust-kamenogorsk petropavlovsk; do
  "$bin" gen --city "$city" --boxes 300 --seed 7 -q -o "$tmp/a.json" || die "$city: gen exited $?"
  "$bin" gen --city "$city" --boxes 300 --seed 7 -q -o "$tmp/b.json" || die "$city: gen exited $?"
  cmp -s "$tmp/a.json" "$tmp/b.json" || die "$city: two runs differ"
  "$bin" gen --seed 7 -q --boxes 300 --city "$city" > "$tmp/c.json" || die "$city: gen to stdout exited $?"
  cmp -s "$tmp/a.json" "$tmp/c.json" || die "$city: stdout and -o (or option order) differ"
  "$bin" gen --city "$city" --boxes 300 --seed 8 -q -o "$tmp/d.json" || die "$city: gen exited $?"
  cmp -s "$tmp/a.json" "$tmp/d.json" && die "$city: seeds 7 and 8 give the same file"
done

# all options at once, twice
args=(--bbox 71.35,51.08,71.50,51.20 --boxes 500 --seed 3 --materials plastic,paper,glass
      --facilities 3 --time-windows --breaks --full-share 0.6 --name test-city)
"$bin" gen "${args[@]}" -q -o "$tmp/e.json" && "$bin" gen "${args[@]}" -q -o "$tmp/f.json" \
  && cmp -s "$tmp/e.json" "$tmp/f.json" || die "all options: runs differ or failed"
python3 - "$tmp/e.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
assert d["name"] == "test-city", d["name"]
assert d["materials"] == ["plastic", "paper", "glass"], d["materials"]
assert len(d["boxes"]) == 500
assert len([f for f in d["facilities"] if f["kind"] == "baling"]) == 3
assert all("break" in v for v in d["vehicles"])
assert any("time_window" in b for b in d["boxes"])
for b in d["boxes"]:
    lon, lat = b["location"]
    assert 71.35 <= lon <= 71.50 and 51.08 <= lat <= 51.20, b
    assert 40 <= b["capacity_kg"] <= 120 and 60 <= b["service_s"] <= 180, b
print("all-options instance ok")
PY

# help documents every option
help=$("$bin" gen --help) || die "--help exited $?"
for o in --city --bbox --boxes --seed --output --materials --facilities --time-windows --breaks \
         --full-share --name --quiet almaty oral ust-kamenogorsk petropavlovsk; do
  grep -qF -- "$o" <<<"$help" || die "--help does not mention $o"
done

# the summary line names the shares
"$bin" gen --city almaty --boxes 100 -o "$tmp/g.json" 2>"$tmp/g.err" || die "gen exited $?"
grep -q "mandatory" "$tmp/g.err" || die "no summary on stderr: $(cat "$tmp/g.err")"

# the committed datasets are reproducible
if [ -x "$here/../../datasets/regenerate.sh" ]; then
  ECO_BIN="$bin" "$here/../../datasets/regenerate.sh" "$tmp/ds" >/dev/null 2>&1 || die "regenerate.sh failed"
  for f in "$tmp"/ds/*.json; do
    cmp -s "$f" "$here/../../datasets/$(basename "$f")" || die "datasets/$(basename "$f") differs from regenerate.sh's"
  done
fi
[ $fail -eq 0 ] && echo "ok"
exit $fail
