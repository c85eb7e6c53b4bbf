# Planner outputs (solver/include/ecoroute/output.h, `solve --format geojson|csv
# --manifest DIR --map FILE`): the writers through the library (test_output.c)
# and through the program with python3 scripts (standard library only):
# GeoJSON validated per RFC 7946 against the solution JSON, CSV manifests read
# back into the solution's stop sequence, the SVG/HTML map's structure, the
# terminal summary, and the HTML map rendered in headless Chromium (skipped,
# exit 77, when Chromium is not installed; scripts/setup.sh test installs it).
eco_add_c_test(output_unit ${CMAKE_SOURCE_DIR}/tests/output/test_output.c)
set_tests_properties(output_unit PROPERTIES TIMEOUT 120)

find_program(ECO_OUTPUT_PYTHON3 python3)
if(NOT ECO_OUTPUT_PYTHON3)
  message(STATUS "python3 not found: the output tests other than output_unit are not registered")
  return()
endif()

# name | script | timeout (s)
set(ECO_OUTPUT_TESTS
  "output-geojson|test_geojson.py|300"
  "output-csv|test_csv.py|300"
  "output-map|test_map.py|300"
  "output-summary|test_summary.py|300"
  "output-map-chromium|test_chromium.py|600"
)
foreach(entry ${ECO_OUTPUT_TESTS})
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 name)
  list(GET parts 1 script)
  list(GET parts 2 timeout)
  add_test(NAME ${name}
           COMMAND ${ECO_OUTPUT_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/output/${script} ${ECO_BIN} ${ECO_SHARED}
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/tests/output)
  # no __pycache__ in the source tree
  set_tests_properties(${name} PROPERTIES TIMEOUT ${timeout} SKIP_RETURN_CODE 77 LABELS output
                       ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
endforeach()
# Chromium uses both cores for a few seconds: not beside other heavy tests
set_tests_properties(output-map-chromium PROPERTIES RUN_SERIAL TRUE)
