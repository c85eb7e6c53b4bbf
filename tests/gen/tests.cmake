# The city generator (`ecoroute gen`): determinism, option errors, shares and
# loading through the library (test_gen.c); the command line's byte-identical
# output, help and usage errors (gen_cli.sh, expect.sh); and every preset
# solved and checked (gen_solve_check.sh), at 10,000 boxes under "long".
eco_add_c_test(gen_unit ${CMAKE_SOURCE_DIR}/tests/gen/test_gen.c)
set_tests_properties(gen_unit PROPERTIES TIMEOUT 120)

set(ECO_GEN_DIR ${CMAKE_SOURCE_DIR}/tests/gen)
add_test(NAME gen-cli COMMAND ${ECO_GEN_DIR}/gen_cli.sh ${ECO_BIN})
set_tests_properties(gen-cli PROPERTIES TIMEOUT 120)

# usage errors: exit 2 and the message names the option
set(ECO_GEN_EXPECT ${CMAKE_SOURCE_DIR}/tests/cli/expect.sh)
set(ECO_GEN_BAD_CASES
  "boxes-small|--boxes: expected an integer in [10, 20000], got \"5\"|--city|almaty|--boxes|5"
  "boxes-large|--boxes|--city|almaty|--boxes|20001"
  "boxes-text|--boxes|--city|almaty|--boxes|many"
  "seed-negative|--seed|--city|almaty|--seed|-1"
  "seed-text|--seed|--city|almaty|--seed|x1"
  "city-unknown|--city: unknown city \"paris\"|--city|paris"
  "city-missing|--city|--boxes|100"
  "city-and-bbox|--bbox|--city|almaty|--bbox|76.8,43.1,77,43.3"
  "bbox-three|--bbox|--bbox|76.8,43.1,77"
  "bbox-order|--bbox: expected MINLON < MAXLON|--bbox|77,43.1,76.8,43.3"
  "bbox-huge|--bbox|--bbox|0,0,10,10"
  "materials-unknown|--materials: unknown material \"wood\"|--city|oral|--materials|plastic,wood"
  "materials-twice|--materials|--city|oral|--materials|paper,paper"
  "materials-empty|--materials|--city|oral|--materials|plastic,,paper"
  "facilities-zero|--facilities|--city|oral|--facilities|0"
  "facilities-many|--facilities|--city|oral|--facilities|9"
  "full-share|--full-share|--city|oral|--full-share|1.5"
  "full-share-text|--full-share|--city|oral|--full-share|most"
  "unknown-option|unknown option --frob|--city|oral|--frob"
  "missing-value|needs a value|--city|oral|--boxes"
  "extra-argument|unexpected argument|--city|oral|extra"
)
foreach(case ${ECO_GEN_BAD_CASES})
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 name)
  list(GET parts 1 msg)
  list(REMOVE_AT parts 0 1)
  add_test(NAME gen-bad-${name} COMMAND ${ECO_GEN_EXPECT} 2 ${msg} ${ECO_BIN} gen ${parts})
endforeach()
add_test(NAME gen-unwritable-output
         COMMAND ${ECO_GEN_EXPECT} 2 "cannot open" ${ECO_BIN} gen --city oral -o /nonexistent/dir/x.json)

# every preset at 100 and 1,000 boxes: solve (1 s) and check
foreach(city almaty oral ust-kamenogorsk petropavlovsk)
  foreach(n 100 1000)
    add_test(NAME gen-solve-${city}-${n}
             COMMAND ${ECO_GEN_DIR}/gen_solve_check.sh ${ECO_BIN} 1 --city ${city} --boxes ${n} --seed 1)
    set_tests_properties(gen-solve-${city}-${n} PROPERTIES TIMEOUT 120)
  endforeach()
endforeach()
add_test(NAME gen-solve-oral-300-tw-breaks
         COMMAND ${ECO_GEN_DIR}/gen_solve_check.sh ${ECO_BIN} 1 --city oral --boxes 300 --seed 5
                 --time-windows --breaks --facilities 2 --materials plastic,paper,glass)
add_test(NAME gen-solve-bbox-200
         COMMAND ${ECO_GEN_DIR}/gen_solve_check.sh ${ECO_BIN} 1 --bbox 71.35,51.08,71.50,51.20 --boxes 200)
set_tests_properties(gen-solve-oral-300-tw-breaks gen-solve-bbox-200 PROPERTIES TIMEOUT 120)

# 10,000 boxes: a 10k x 10k matrix (800 MB) and a longer solve
foreach(city almaty oral ust-kamenogorsk petropavlovsk)
  add_test(NAME gen-solve-${city}-10000
           COMMAND ${ECO_GEN_DIR}/gen_solve_check.sh ${ECO_BIN} 60 --city ${city} --boxes 10000 --seed 1)
  set_tests_properties(gen-solve-${city}-10000 PROPERTIES TIMEOUT 1800 LABELS long RUN_SERIAL TRUE)
endforeach()
