#!/bin/sh
# run.sh PYTHON SCRIPT ECOROUTE - one service test with its servers under
# valgrind memcheck (tests/memcheck/tests.cmake). Fails, saying what to
# install, when valgrind is missing.
if ! command -v valgrind >/dev/null 2>&1; then
  echo "FAIL: valgrind not found: apt-get install valgrind"
  exit 1
fi
ECO_SVC_VALGRIND=1 exec "$1" "$2" "$3"
