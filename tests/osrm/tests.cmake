# OSRM client tests: test_osrm drives osrm.c and matrix_cache.c against
# fake_osrm.py (a local server in OSRM's formats, python3 standard library,
# on an ephemeral loopback port), one ctest entry per case; "osrm-real" runs
# against a real osrm-routed when ECOROUTE_OSRM_URL, or OSRM_ROUTED and
# ECOROUTE_OSRM_DATA, are set, and is reported as skipped otherwise.
# osrm_bench (not a test) is the driver of bench/osrm_matrix.py.
find_package(Python3 COMPONENTS Interpreter)

add_executable(test_osrm ${CMAKE_CURRENT_LIST_DIR}/test_osrm.c)
target_include_directories(test_osrm PRIVATE ${CMAKE_SOURCE_DIR}/solver/src ${JANSSON_INCLUDE_DIRS} ${CURL_INCLUDE_DIRS})
target_link_libraries(test_osrm PRIVATE ecoroute_core)
set_target_properties(test_osrm PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)

add_executable(osrm_bench ${CMAKE_CURRENT_LIST_DIR}/osrm_bench.c)
target_include_directories(osrm_bench PRIVATE ${CMAKE_SOURCE_DIR}/solver/src)
target_link_libraries(osrm_bench PRIVATE ecoroute_core)
set_target_properties(osrm_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)

if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: the OSRM client tests are not registered (apt-get install python3)")
  return()
endif()

set(ECO_OSRM_CASES block-split too-big concurrency retry-500 no-retry-400 timeout malformed
    notable nosegment null-cells snap-far dead-port cache route polyline instance config real)
foreach(case ${ECO_OSRM_CASES})
  add_test(NAME osrm-${case}
           COMMAND test_osrm ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/fake_osrm.py ${case}
                   ${CMAKE_BINARY_DIR}/tests/osrm-scratch)
  set_tests_properties(osrm-${case} PROPERTIES TIMEOUT 60 LABELS osrm SKIP_RETURN_CODE 77)
endforeach()
set_tests_properties(osrm-real PROPERTIES TIMEOUT 180)

# The command line end to end against the fake server (lead's wiring of --osrm/--geometry).
add_test(NAME osrm-cli COMMAND ${CMAKE_SOURCE_DIR}/tests/osrm/cli_osrm.sh ${ECO_BIN} ${CMAKE_SOURCE_DIR}/datasets/almaty-100.json)
set_tests_properties(osrm-cli PROPERTIES TIMEOUT 120 LABELS osrm)
