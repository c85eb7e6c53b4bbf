# The fuzz targets (tests/fuzz/*.c, libFuzzer): the fuzz-build test builds
# them with clang into ${CMAKE_BINARY_DIR}/fuzz (tests/fuzz/CMakeLists.txt, a
# project of its own), then each target runs for ECO_FUZZ_SECONDS over a fresh
# copy of its seeds (tests/fuzz/corpus/TARGET) and its regression inputs
# (tests/fuzz/regressions/TARGET), in the build tree. A crash, a leak, a
# sanitizer report, a broken property or an input slower than 10 s fails the
# test; tests/fuzz/run.sh prints execs, coverage and corpus size. The longer
# run is scripts/fuzz.sh.
set(ECO_FUZZ_SECONDS 60 CACHE STRING "Seconds each fuzz target runs in the test suite")
set(ECO_FUZZ_BUILD ${CMAKE_BINARY_DIR}/fuzz)
set(ECO_FUZZ_TARGETS json_model cvrplib solomon kim solution service vroom)

add_test(NAME fuzz-build
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fuzz/build.sh ${CMAKE_SOURCE_DIR}/tests/fuzz ${ECO_FUZZ_BUILD})
set_tests_properties(fuzz-build PROPERTIES FIXTURES_SETUP eco_fuzz_build LABELS fuzz TIMEOUT 1200)

math(EXPR eco_fuzz_timeout "${ECO_FUZZ_SECONDS} + 300")
foreach(t ${ECO_FUZZ_TARGETS})
  add_test(NAME fuzz-${t}
           COMMAND ${CMAKE_COMMAND} -E env ECO_FUZZ_FRESH=1
                   bash ${CMAKE_SOURCE_DIR}/tests/fuzz/run.sh ${ECO_FUZZ_BUILD} ${t} ${ECO_FUZZ_SECONDS}
                   ${ECO_FUZZ_BUILD}/run/${t})
  set_tests_properties(fuzz-${t} PROPERTIES FIXTURES_REQUIRED eco_fuzz_build LABELS fuzz
                       TIMEOUT ${eco_fuzz_timeout})
endforeach()
