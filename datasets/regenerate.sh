#!/usr/bin/env bash
# regenerate.sh [OUTDIR]: rebuilds every generated dataset of this folder with
# the exact commands listed in datasets/README.md (into OUTDIR, default this
# folder). ECO_BIN names the program (default build/bin/ecoroute). The output
# is byte-identical on every run; tests/gen/gen_cli.sh compares it with the
# committed files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${ECO_BIN:-$here/../build/bin/ecoroute}
out=${1:-$here}
mkdir -p "$out"
gen() { local file=$1; shift; "$bin" gen "$@" -o "$out/$file"; }

gen almaty-100.json            --city almaty --boxes 100 --seed 1
gen oral-60-tw.json            --city oral --boxes 60 --seed 1 --time-windows --breaks --facilities 2
gen petropavlovsk-200.json     --city petropavlovsk --boxes 200 --seed 1
gen ust-kamenogorsk-150-glass.json --city ust-kamenogorsk --boxes 150 --seed 1 --materials plastic,paper,glass
