#!/usr/bin/env bash
# run.sh FUZZ_BUILD_DIR TARGET SECONDS CORPUS_DIR
#
# Runs one libFuzzer target (FUZZ_BUILD_DIR/fuzz_TARGET) for SECONDS over
# CORPUS_DIR, which it grows, after replaying the seeds of
# tests/fuzz/corpus/TARGET and the regression inputs of
# tests/fuzz/regressions/TARGET (read, never written). Crash, leak, timeout
# and out-of-memory inputs are written to CORPUS_DIR.artifacts/, the log to
# CORPUS_DIR.log. Exits non-zero on any crash, leak, sanitizer report or
# timeout, and prints one summary line:
#   fuzz TARGET: 812345 execs in 60 s, cov 2451, ft 9120, corpus 310 files (1234567 bytes), crashes 0, slow inputs 0
#
# By default libFuzzer stops at the first failure (the ctest fuzz tests,
# tests/fuzz/tests.cmake). With ECO_FUZZ_FORK=1 it runs in fork mode and goes
# on after a failure, collecting every failing input (scripts/fuzz.sh).
# ECO_FUZZ_ARGS adds libFuzzer flags; ECO_FUZZ_FRESH=1 empties CORPUS_DIR first.
set -uo pipefail

if [ $# -lt 4 ]; then
  echo "usage: $0 FUZZ_BUILD_DIR TARGET SECONDS CORPUS_DIR" >&2
  exit 2
fi
build=$1
target=$2
seconds=$3
corpus=$4
here=$(cd "$(dirname "$0")" && pwd)
bin=$build/fuzz_$target
if [ ! -x "$bin" ]; then
  echo "FAIL: $bin is missing: the fuzz-build test (tests/fuzz/build.sh) builds it" >&2
  exit 1
fi

# the longest input the mutator makes, bytes: the benchmark cuts in the seeds
# are a few kB; larger inputs only slow each run down
case $target in
  service) max_len=16384 ;;
  *) max_len=32768 ;;
esac

# ECO_FUZZ_FRESH=1 (the tests): start from the seeds alone
if [ "${ECO_FUZZ_FRESH:-0}" = 1 ]; then
  rm -rf "$corpus" "$corpus.artifacts"
fi
mkdir -p "$corpus" "$corpus.artifacts"
seeds=()
[ -d "$here/corpus/$target" ] && seeds+=("$here/corpus/$target")
[ -d "$here/regressions/$target" ] && seeds+=("$here/regressions/$target")
mode=()
if [ "${ECO_FUZZ_FORK:-0}" = 1 ]; then
  mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi
log=$corpus.log
stamp=$(mktemp)
# libFuzzer: the first folder receives new inputs; the others are only read.
# -timeout: one input taking longer than this many seconds is a failure (a
# few milliseconds is usual; the margin is for a loaded machine).
# shellcheck disable=SC2086
"$bin" "$corpus" "${seeds[@]}" "${mode[@]}" \
  -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len="$max_len" \
  -print_final_stats=1 -artifact_prefix="$corpus.artifacts/" ${ECO_FUZZ_ARGS:-} >"$log" 2>&1
rc=$?

# the figures libFuzzer prints: the final stats, else the last status line
# ("#N ... cov: C ft: F" in a plain run, "#N: cov: C ft: F" in fork mode)
last=$(grep -E '^#[0-9]+:? .*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
files=$(find "$corpus" -type f | wc -l)
bytes=$(du -sb "$corpus" | cut -f1)
# failing inputs: crash-, leak-, timeout-, oom-; slow-unit- files (an input
# that took over 10 s, as happens on a loaded machine) are only reported
crashes=$(find "$corpus.artifacts" -type f -newer "$stamp" ! -name 'slow-unit-*' | wc -l)
slow=$(find "$corpus.artifacts" -type f -newer "$stamp" -name 'slow-unit-*' | wc -l)
rm -f "$stamp"
echo "fuzz $target: ${execs:-?} execs in $seconds s, cov ${cov:-?}, ft ${ft:-?}, corpus $files files ($bytes bytes), crashes $crashes, slow inputs $slow"
if [ $rc -ne 0 ] || [ "$crashes" -ne 0 ]; then
  echo "FAIL: fuzz_$target exited $rc; the failing inputs are in $corpus.artifacts/; the end of $log:"
  grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|RELOAD)' "$log" | tail -60
  exit 1
fi
exit 0
