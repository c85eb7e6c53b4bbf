#!/bin/sh
# build.sh FUZZ_SOURCE_DIR FUZZ_BUILD_DIR - the fuzz-build test: configures
# and builds the libFuzzer targets of tests/fuzz with clang (a build of its
# own: the main build uses gcc). Fails, saying what to install, when clang or
# libFuzzer is missing: `scripts/setup.sh test` installs both.
set -e
cc=${ECO_FUZZ_CC:-clang}
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "FAIL: $cc not found: the fuzz tests need clang with libFuzzer:" \
       "apt-get install clang libclang-rt-dev libomp-dev (scripts/setup.sh test installs them)"
  exit 1
fi
cmake -S "$1" -B "$2" -DCMAKE_C_COMPILER="$cc"
cmake --build "$2" -j2
