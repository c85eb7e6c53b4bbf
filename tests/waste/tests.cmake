# The waste search (waste.c): generated cities with facilities, materials,
# time windows and breaks, evaluations from cached data compared with the full
# schedule, the facility choice against the nearest facility with the same
# budget, and Kim et al. 102 / 335; every result checked.
eco_add_c_test(test_waste ${CMAKE_SOURCE_DIR}/tests/waste/test_waste.c)
set_tests_properties(test_waste PROPERTIES TIMEOUT 300)
add_test(NAME test_waste_long COMMAND test_waste ${ECO_SHARED} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/tests)
set_tests_properties(test_waste_long PROPERTIES TIMEOUT 1800 LABELS long ENVIRONMENT ECO_WASTE_LONG=1)
