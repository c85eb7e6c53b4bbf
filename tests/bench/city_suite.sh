#!/bin/sh
# city_suite.sh BIN PLUGIN - (label "long", about 1 minute) the generated
# city-s suite under the 0.06n time rule with 1 and 2 threads and plots, the
# example plug-in on the same instances, and the leaderboard of both.
set -eu
BIN=$1 PLUGIN=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$BIN" bench city-s --time-rule 0.06n --threads 1,2 --plot --out "$T"
"$BIN" bench city-s --time-rule 0.06n --heuristic "$PLUGIN" --out "$T"
ls "$T"/*-threads.svg "$T"/*-gap.svg > /dev/null
"$BIN" score "$T/city-s-instances" ecoroute="$T/city-s-0.06n-t1_2-solutions" \
    example="$T/city-s-0.06n-t1-example-nn-2opt-solutions" | tee "$T/board.md"
grep -q '^| 1 | ecoroute | 4/4 |' "$T/board.md"
