# The benchmark harness and the hackathon kit (cli/cmd_bench.c, cli/plot.c,
# ecoroute/heuristic.h, bench/example_heuristic/): the example plug-in and
# our solver through `ecoroute bench` on three small instances, every solution
# checked, `ecoroute score` ranking them, SVG plots parsed as XML (bench-kit,
# about 5 s); the generated city-s suite with two thread counts and plots
# under "long".
set(ECO_BENCH_DIR ${CMAKE_SOURCE_DIR}/tests/bench)
add_test(NAME bench-kit
  COMMAND ${ECO_BENCH_DIR}/bench_kit.sh ${ECO_BIN} $<TARGET_FILE:example_heuristic> ${ECO_SHARED})
set_tests_properties(bench-kit PROPERTIES TIMEOUT 60)

add_test(NAME bench-city-s
  COMMAND ${ECO_BENCH_DIR}/city_suite.sh ${ECO_BIN} $<TARGET_FILE:example_heuristic>)
set_tests_properties(bench-city-s PROPERTIES TIMEOUT 600 LABELS long)
