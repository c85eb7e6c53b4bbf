# The service: `ecoroute serve` tested as a separate process on an ephemeral
# TCP port and a Unix socket in a temporary directory, by python3 scripts
# (standard library only). Each script starts and always stops its server.
# Exit status 77 means skipped (said why on stdout).
find_program(ECO_PYTHON3 python3)
if(NOT ECO_PYTHON3)
  message(STATUS "python3 not found: the service tests are not registered")
  return()
endif()

set(ECO_SVC_SANITIZE_ARG "")
if(ECO_SANITIZE)
  set(ECO_SVC_SANITIZE_ARG "--sanitize")
endif()

# name | script | timeout (s) | labels (comma-separated) | extra arguments (comma-separated, - for none)
set(ECO_SERVICE_TESTS
  "service-basic|test_basic.py|120|service|-"
  "service-errors|test_errors.py|120|service|-"
  "service-limits|test_limits.py|180|service|-"
  "service-shutdown|test_shutdown.py|180|service|-"
  "service-concurrent|test_concurrent.py|240|service|-"
  "service-leaks|test_leaks.py|240|service|-"
  "service-leaks-asan|test_leaks.py|600|service|--asan-variant"
  "service-soak-concurrent|test_concurrent.py|1800|service,long|--clients,128,--per-client,16"
  "service-soak-leaks|test_leaks.py|1800|service,long|--requests,20000"
)
foreach(entry ${ECO_SERVICE_TESTS})
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 name)
  list(GET parts 1 script)
  list(GET parts 2 timeout)
  list(GET parts 3 labels)
  list(GET parts 4 extra)
  string(REPLACE "," ";" labels "${labels}")
  string(REPLACE "," ";" extra "${extra}")
  if(extra STREQUAL "-")
    set(extra "")
  endif()
  add_test(NAME ${name}
           COMMAND ${ECO_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/service/${script} ${ECO_BIN} ${ECO_SVC_SANITIZE_ARG} ${extra})
  # timing matters (timeouts, prompt replies): not alongside other heavy tests
  set_tests_properties(${name} PROPERTIES TIMEOUT ${timeout} LABELS "${labels}" SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
endforeach()
