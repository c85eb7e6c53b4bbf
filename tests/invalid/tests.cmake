# Bad input of every kind, data-driven: each tests/invalid/cases/NAME.<ext>
# (native JSON, CVRPLIB .vrp, Solomon or Kim .txt) with its NAME.expect (exit
# status, then a substring stderr must contain) is one test, run by
# run_case.sh through `ecoroute solve`. The models in tests/invalid/valid/
# cover every field of the README's JSON table: they must solve (exit 0) and
# pass `ecoroute check`; test_json_model asserts what the reader built.
set(ECO_INVALID_DIR ${CMAKE_SOURCE_DIR}/tests/invalid)

file(GLOB ECO_INVALID_CASES CONFIGURE_DEPENDS ${ECO_INVALID_DIR}/cases/*)
foreach(input ${ECO_INVALID_CASES})
  if(input MATCHES "\\.expect$")
    continue()
  endif()
  get_filename_component(name ${input} NAME_WE)
  add_test(NAME invalid-${name} COMMAND ${ECO_INVALID_DIR}/run_case.sh ${ECO_BIN} ${input})
  set_tests_properties(invalid-${name} PROPERTIES TIMEOUT 40 LABELS invalid)
endforeach()

file(GLOB ECO_VALID_MODELS CONFIGURE_DEPENDS ${ECO_INVALID_DIR}/valid/*.json)
foreach(input ${ECO_VALID_MODELS})
  get_filename_component(name ${input} NAME_WE)
  add_test(NAME valid-model-${name} COMMAND ${ECO_INVALID_DIR}/run_case.sh ${ECO_BIN} ${input} valid)
  set_tests_properties(valid-model-${name} PROPERTIES TIMEOUT 60 LABELS invalid)
endforeach()

eco_add_c_test(test_json_model ${ECO_INVALID_DIR}/test_json_model.c)
