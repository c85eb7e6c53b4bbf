# Solve small instances of every format end to end; each solution goes
# through the independent checker (solve_and_check.sh).
set(ECO_SOLVE_CASES
  "x-n101|${ECO_SHARED}/instances/cvrp_x/X-n101-k25.vrp|--time-limit|2"
  "x-n101-construction|${ECO_SHARED}/instances/cvrp_x/X-n101-k25.vrp|--construction-only"
  "solomon-c101|${ECO_SHARED}/instances/solomon/C101.txt|--time-limit|2"
  "solomon-r101|${ECO_SHARED}/instances/solomon/R101.txt|--time-limit|2"
  "solomon-rc208|${ECO_SHARED}/instances/solomon/RC208.txt|--time-limit|2"
  "gh200-r1_2_1|${ECO_SHARED}/instances/gh200/R1_2_1.txt|--time-limit|2"
  "kim-102|${ECO_SHARED}/instances/kim2006_wcvrptw/102_stop.txt|--time-limit|2"
  "kim-335|${ECO_SHARED}/instances/kim2006_wcvrptw/335_stop.txt|--time-limit|2"
)
foreach(case ${ECO_SOLVE_CASES})
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 name)
  list(REMOVE_AT parts 0)
  add_test(NAME solve-${name}
           COMMAND ${CMAKE_SOURCE_DIR}/tests/solve/solve_and_check.sh ${ECO_BIN} ${parts})
  set_tests_properties(solve-${name} PROPERTIES TIMEOUT 120)
endforeach()
file(GLOB ECO_DATASETS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/datasets/*.json)
foreach(ds ${ECO_DATASETS})
  get_filename_component(dsname ${ds} NAME_WE)
  add_test(NAME solve-dataset-${dsname}
           COMMAND ${CMAKE_SOURCE_DIR}/tests/solve/solve_and_check.sh ${ECO_BIN} ${ds} --time-limit 2)
  set_tests_properties(solve-dataset-${dsname} PROPERTIES TIMEOUT 120)
endforeach()
