# VROOM compatibility (README "VROOM input and output"): VROOM-style problems
# written for this project, each solved with --output-format vroom and read
# back by a strict reader of VROOM's response schema, solved in the native
# output and passed through the checker, and converted to the native model;
# refusals that must name the field; round trips native -> VROOM -> solve
# with the same cost; the VROOM users' command-line options.
set(ECO_VROOM_DIR ${CMAKE_SOURCE_DIR}/tests/vroom)
set(ECO_VROOM_EXPECT ${CMAKE_SOURCE_DIR}/tests/cli/expect.sh)

# problems with descriptions or priorities cannot become native models: their
# conversion must be refused, naming the field
set(ECO_VROOM_NO_NATIVE costs_limits facilities priorities)
file(GLOB ECO_VROOM_PROBLEMS CONFIGURE_DEPENDS ${ECO_VROOM_DIR}/problems/*.json)
foreach(prob ${ECO_VROOM_PROBLEMS})
  get_filename_component(name ${prob} NAME_WE)
  set(mode native)
  if(name IN_LIST ECO_VROOM_NO_NATIVE)
    set(mode no-native)
  endif()
  add_test(NAME vroom-solve-${name} COMMAND ${ECO_VROOM_DIR}/solve_case.sh ${ECO_BIN} ${prob} ${mode})
  set_tests_properties(vroom-solve-${name} PROPERTIES TIMEOUT 120 LABELS vroom)
endforeach()

file(GLOB ECO_VROOM_REFUSALS CONFIGURE_DEPENDS ${ECO_VROOM_DIR}/refusals/*.json)
foreach(prob ${ECO_VROOM_REFUSALS})
  get_filename_component(name ${prob} NAME_WE)
  add_test(NAME vroom-refuse-${name} COMMAND ${ECO_VROOM_DIR}/refuse_case.sh ${ECO_BIN} ${prob})
  set_tests_properties(vroom-refuse-${name} PROPERTIES TIMEOUT 60 LABELS vroom)
endforeach()

# native (or VROOM) -> convert --to vroom -> solve: the same cost with the
# same seed and iteration limit (CVRPLIB: construction only, since an
# unlimited fleet becomes n explicit vehicles, which the search sizes
# differently)
set(ECO_VROOM_ROUNDTRIPS
  "city-two-materials|${ECO_VROOM_DIR}/native/city-two-materials.json|--seed|1|--max-iterations|300"
  "cvrp-native|${ECO_VROOM_DIR}/native/cvrp-native.json|--seed|1|--max-iterations|300"
  "minimal|${CMAKE_SOURCE_DIR}/tests/invalid/valid/minimal.json|--seed|1|--max-iterations|300"
  "x-n101|${ECO_SHARED}/instances/cvrp_x/X-n101-k25.vrp|--construction-only"
  "vroom-facilities|${ECO_VROOM_DIR}/problems/facilities.json|--seed|1|--max-iterations|300"
  "vroom-durations-only|${ECO_VROOM_DIR}/problems/durations_only.json|--seed|1|--max-iterations|300"
)
foreach(case ${ECO_VROOM_ROUNDTRIPS})
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 name)
  list(REMOVE_AT parts 0)
  add_test(NAME vroom-roundtrip-${name} COMMAND ${ECO_VROOM_DIR}/roundtrip.sh ${ECO_BIN} ${parts})
  set_tests_properties(vroom-roundtrip-${name} PROPERTIES TIMEOUT 120 LABELS vroom)
endforeach()

# what cannot be written is refused, naming the entity and field
add_test(NAME vroom-convert-optional-box
         COMMAND ${ECO_VROOM_EXPECT} 2 "boxes[1] (kbtu-2): an optional box" ${ECO_BIN} convert --to vroom
                 ${CMAKE_SOURCE_DIR}/tests/invalid/valid/full-haversine.json)
add_test(NAME vroom-convert-trunc1
         COMMAND ${ECO_VROOM_EXPECT} 2 "travel: distances in steps of 0.1" ${ECO_BIN} convert --to vroom
                 ${ECO_SHARED}/instances/solomon/C101.txt)
add_test(NAME vroom-convert-description
         COMMAND ${ECO_VROOM_EXPECT} 2 "vehicles[0].description: the native model has no descriptions" ${ECO_BIN}
                 convert --to native ${ECO_VROOM_DIR}/problems/facilities.json)
add_test(NAME vroom-convert-no-to COMMAND ${ECO_VROOM_EXPECT} 2 "missing --to" ${ECO_BIN} convert
                 ${ECO_VROOM_DIR}/problems/skills.json)
add_test(NAME vroom-convert-bad-to COMMAND ${ECO_VROOM_EXPECT} 2 "--to: expected vroom or native" ${ECO_BIN} convert
                 --to xml ${ECO_VROOM_DIR}/problems/skills.json)

# VROOM users' options on solve
add_test(NAME vroom-cli-input-flag COMMAND ${ECO_VROOM_EXPECT} 0 "" ${ECO_BIN} solve -i
                 ${ECO_VROOM_DIR}/problems/skills.json -x 1 -t 1 --limit 5 -o /dev/null)
add_test(NAME vroom-cli-input-twice COMMAND ${ECO_VROOM_EXPECT} 2 "INPUT given twice" ${ECO_BIN} solve -i
                 ${ECO_VROOM_DIR}/problems/skills.json ${ECO_VROOM_DIR}/problems/skills.json)
add_test(NAME vroom-cli-explore-range COMMAND ${ECO_VROOM_EXPECT} 2 "-x/--explore" ${ECO_BIN} solve
                 ${ECO_VROOM_DIR}/problems/skills.json -x 6)
add_test(NAME vroom-cli-geometry-needs-osrm COMMAND ${ECO_VROOM_EXPECT} 2 "road geometry needs OSRM" ${ECO_BIN}
                 solve ${ECO_VROOM_DIR}/problems/skills.json -g -x 0 -o /dev/null)
add_test(NAME vroom-cli-force-format COMMAND ${ECO_VROOM_EXPECT} 2 "boxes: unknown field" ${ECO_BIN} solve
                 --input-format vroom ${CMAKE_SOURCE_DIR}/tests/invalid/valid/minimal.json)
add_test(NAME vroom-cli-bad-output-format COMMAND ${ECO_VROOM_EXPECT} 2 "--format: expected" ${ECO_BIN} solve
                 ${ECO_VROOM_DIR}/problems/skills.json --output-format xml)
set_tests_properties(vroom-convert-optional-box vroom-convert-trunc1 vroom-convert-description vroom-convert-no-to
                     vroom-convert-bad-to vroom-cli-input-flag vroom-cli-input-twice vroom-cli-explore-range
                     vroom-cli-geometry-needs-osrm vroom-cli-force-format vroom-cli-bad-output-format
                     PROPERTIES TIMEOUT 60 LABELS vroom)

eco_add_c_test(test_vroom ${ECO_VROOM_DIR}/test_vroom.c)
set_tests_properties(test_vroom PROPERTIES LABELS vroom)
