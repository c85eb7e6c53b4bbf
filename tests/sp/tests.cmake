# The route pool and the set-partitioning recombination inside the search
# (pool.c, hgs_sp.c): pool duplicates and eviction, degenerate MIPs, a
# recombination better than every solution in its pool, reproducibility.
eco_add_c_test(test_sp ${CMAKE_SOURCE_DIR}/tests/sp/test_sp.c)
set_tests_properties(test_sp PROPERTIES TIMEOUT 120)
add_test(NAME sp_cli COMMAND ${CMAKE_SOURCE_DIR}/tests/sp/cli_sp.sh ${ECO_BIN} ${ECO_SHARED})
set_tests_properties(sp_cli PROPERTIES TIMEOUT 120)
