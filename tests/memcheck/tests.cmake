# The service's integration tests (tests/service) once more with the server
# under valgrind memcheck (ECO_SVC_VALGRIND=1, see tests/service/svc_common.py):
# any invalid read or write, use of uninitialised memory or definite leak
# fails them. Slow (the server runs 20-50 times slower), so under the label
# "long": `cd build && ctest -L memcheck`. Not registered in a sanitizer build
# (valgrind and AddressSanitizer do not mix). Needs: apt-get install valgrind.
find_program(ECO_PYTHON3 python3)
if(ECO_SANITIZE OR NOT ECO_PYTHON3)
  return()
endif()
foreach(script test_basic test_errors test_limits test_shutdown test_concurrent test_leaks)
  string(REPLACE "test_" "memcheck-service-" name ${script})
  add_test(NAME ${name}
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/memcheck/run.sh ${ECO_PYTHON3}
                   ${CMAKE_SOURCE_DIR}/tests/service/${script}.py ${ECO_BIN})
  set_tests_properties(${name} PROPERTIES TIMEOUT 3600 LABELS "long;memcheck;service" SKIP_RETURN_CODE 77
                       RUN_SERIAL TRUE)
endforeach()
