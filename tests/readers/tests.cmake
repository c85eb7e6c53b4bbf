# The file-format readers (CVRPLIB, Solomon, Kim, solution files): every
# instance under ../shared/instances loads, every .sol reads back, malformed
# input is refused with FILE:LINE, mutated bytes never crash.
eco_add_c_test(readers_load ${CMAKE_CURRENT_LIST_DIR}/test_readers.c)
# the ten XXL files (3,000 to 30,000 customers): counts only, no full matrix
add_test(NAME readers_xxl COMMAND readers_load ${ECO_SHARED} xxl WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/tests)
set_tests_properties(readers_load readers_xxl PROPERTIES LABELS "readers")
add_test(NAME readers_fuzz COMMAND readers_load ${ECO_SHARED} fuzz WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/tests)
set_tests_properties(readers_fuzz PROPERTIES LABELS "long")
