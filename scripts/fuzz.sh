#!/usr/bin/env bash
# The longer fuzz run (the test suite runs each target for a minute):
#   scripts/fuzz.sh TARGET SECONDS    one target
#   scripts/fuzz.sh all SECONDS       every target, one after the other
#   scripts/fuzz.sh list              the targets
# Targets: json_model cvrplib solomon kim solution service vroom (tests/fuzz/).
#
# Builds the fuzzers with clang into $ECO_BUILD_DIR/fuzz (default build/fuzz)
# and runs each in libFuzzer's fork mode, which goes on after a failure and
# keeps every failing input. The corpus grows outside the repository, in
# $ECO_FUZZ_CORPUS/TARGET (default /work/fuzz-corpus), so later runs start
# where earlier ones stopped; failing inputs go to TARGET.artifacts/ beside
# it, the log to TARGET.log, and one line per run is added to summary.tsv
# there (date, target, seconds, execs, cov, ft, corpus files and bytes,
# crashes). ECO_FUZZ_JOBS=2 runs two targets at once; ECO_FUZZ_NICE sets the
# nice level (default 19). A failing input is fixed at its root and copied
# to tests/fuzz/regressions/TARGET/, which every run (and the tests) replay.
# Needs: apt-get install clang libclang-rt-dev libomp-dev
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(json_model cvrplib solomon kim solution service vroom)
usage() {
  echo "usage: scripts/fuzz.sh TARGET|all SECONDS   (targets: ${targets[*]})" >&2
  exit 2
}
[ "${1:-}" = list ] && { printf '%s\n' "${targets[@]}"; exit 0; }
[ $# -eq 2 ] || usage
what=$1
seconds=$2
[[ $seconds =~ ^[0-9]+$ ]] || usage
if [ "$what" = all ]; then
  run=("${targets[@]}")
else
  [[ " ${targets[*]} " == *" $what "* ]] || usage
  run=("$what")
fi

build=${ECO_BUILD_DIR:-build}/fuzz
corpus_root=${ECO_FUZZ_CORPUS:-/work/fuzz-corpus}
jobs=${ECO_FUZZ_JOBS:-1}
nice_level=${ECO_FUZZ_NICE:-19}

command -v clang >/dev/null || { echo "fuzz.sh: clang not found: apt-get install clang libclang-rt-dev libomp-dev" >&2; exit 1; }
cmake -S tests/fuzz -B "$build" -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build "$build" -j2 >/dev/null
mkdir -p "$corpus_root"
summary=$corpus_root/summary.tsv
[ -f "$summary" ] || printf 'date\ttarget\tseconds\texecs\tcov\tft\tcorpus_files\tcorpus_bytes\tcrashes\n' >"$summary"

one() {
  local t=$1 line rc=0
  line=$(ECO_FUZZ_FORK=1 nice -n "$nice_level" tests/fuzz/run.sh "$build" "$t" "$seconds" "$corpus_root/$t") || rc=$?
  echo "$line" | head -1
  [ $rc -eq 0 ] || echo "$line" | tail -n +2 | grep -E 'ERROR|runtime error|PROPERTY|SUMMARY|Test unit' | head -20 || true
  # "fuzz T: E execs in S s, cov C, ft F, corpus N files (B bytes), crashes K"
  sed -n 's/^fuzz \([a-z_]*\): \([0-9?]*\) execs in \([0-9]*\) s, cov \([0-9?]*\), ft \([0-9?]*\), corpus \([0-9]*\) files (\([0-9]*\) bytes), crashes \([0-9]*\).*/\1\t\3\t\2\t\4\t\5\t\6\t\7\t\8/p' \
    <<<"$(echo "$line" | head -1)" | sed "s/^/$(date -u +%Y-%m-%dT%H:%M:%SZ)\t/" >>"$summary"
  return $rc
}

status=0
pids=()
for t in "${run[@]}"; do
  if [ "$jobs" -gt 1 ]; then
    one "$t" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then
      wait "${pids[0]}" || status=1
      pids=("${pids[@]:1}")
    fi
  else
    one "$t" || status=1
  fi
done
for p in "${pids[@]}"; do
  wait "$p" || status=1
done
echo "corpus: $corpus_root (summary: $summary)"
exit $status
