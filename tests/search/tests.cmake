# The metaheuristic: small instances with fixed seeds and iteration limits,
# checked by the independent checker, with recorded costs and reproducibility.
eco_add_c_test(test_search ${CMAKE_SOURCE_DIR}/tests/search/test_search.c)
set_tests_properties(test_search PROPERTIES TIMEOUT 300)
