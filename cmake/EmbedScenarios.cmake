# Compiles the scenario files under scenarios/ into the binary, so that `ecomsim` needs
# no data directory at run time. Regenerated whenever a scenario file changes.
file(GLOB ECOMSIM_SCENARIO_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.yaml)
list(SORT ECOMSIM_SCENARIO_FILES)
set(ECOMSIM_BUILTIN_SCENARIOS_CC ${PROJECT_BINARY_DIR}/generated/builtin_scenarios.cc)
add_custom_command(
  OUTPUT ${ECOMSIM_BUILTIN_SCENARIOS_CC}
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ECOMSIM_BUILTIN_SCENARIOS_CC}
          "-DINPUTS=${ECOMSIM_SCENARIO_FILES}"
          -P ${PROJECT_SOURCE_DIR}/cmake/GenerateBuiltinScenarios.cmake
  DEPENDS ${ECOMSIM_SCENARIO_FILES} ${PROJECT_SOURCE_DIR}/cmake/GenerateBuiltinScenarios.cmake
  COMMENT "Embedding built-in scenarios"
  VERBATIM)
