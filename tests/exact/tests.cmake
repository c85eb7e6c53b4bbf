# The exact mode (exact.c): random small instances proven optimal with GLPK,
# the metaheuristic compared with them, refusals and degenerate pools.
eco_add_c_test(test_exact ${CMAKE_SOURCE_DIR}/tests/exact/test_exact.c)
set_tests_properties(test_exact PROPERTIES TIMEOUT 180)
add_test(NAME test_exact_long COMMAND test_exact ${ECO_SHARED} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/tests)
set_tests_properties(test_exact_long PROPERTIES TIMEOUT 1800 LABELS long ENVIRONMENT ECO_EXACT_LONG=1)
add_test(NAME exact_cli COMMAND ${CMAKE_SOURCE_DIR}/tests/exact/cli_exact.sh ${ECO_BIN})
set_tests_properties(exact_cli PROPERTIES TIMEOUT 60)
