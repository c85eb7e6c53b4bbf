# The independent checker: every published BKS reproduced (CVRPLIB X, Solomon,
# Gehring & Homberger 200), and one hand-made case per kind of violation.
eco_add_c_test(check_bks ${CMAKE_CURRENT_LIST_DIR}/test_bks.c)
eco_add_c_test(check_violations ${CMAKE_CURRENT_LIST_DIR}/test_violations.c)
set_tests_properties(check_bks check_violations PROPERTIES LABELS "check")
