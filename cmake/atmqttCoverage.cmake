# Coverage build (ATMQTT_COVERAGE=ON, preset `coverage`): every first-party target (tests, tools, fuzz
# replays, benchmarks) compiled with g++ --coverage at -O0, so that a line counts as run only when a test
# ran it, not when the optimiser folded it away. Two targets run around ctest in the workflow:
#   coverage_reset:  deletes the counters (*.gcda) of earlier runs, so a report counts this run only;
#   coverage_report: gcovr over include/atmqtt/, summary on the console, HTML, text (uncovered lines by
#                    file) and JSON summary (read by .ci/coverage for the per-folder figures and the gate).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  message(FATAL_ERROR "ATMQTT_COVERAGE needs g++ (gcov data for gcovr)")
endif()
add_compile_options(--coverage -O0)
add_link_options(--coverage)

find_program(ATMQTT_GCOVR gcovr)
if(NOT ATMQTT_GCOVR)
  message(FATAL_ERROR "ATMQTT_COVERAGE needs gcovr: install it with `apt-get install gcovr`")
endif()

set(atmqtt_coverage_dir ${PROJECT_BINARY_DIR}/report)
add_custom_target(coverage_reset
  COMMAND ${CMAKE_COMMAND} -DDIR=${PROJECT_BINARY_DIR} -P ${CMAKE_CURRENT_LIST_DIR}/atmqttCoverageReset.cmake
  COMMENT "Deleting old coverage counters (*.gcda)" VERBATIM)
# Branch figures follow the issue's definition: branches the compiler adds for exception unwinding and
# branches it proves unreachable are not the library's (--exclude-throw-branches, --exclude-unreachable-
# branches). gcovr merges the counters of one header from every program that included it.
add_custom_target(coverage_report
  COMMAND ${CMAKE_COMMAND} -E make_directory ${atmqtt_coverage_dir}
  COMMAND ${ATMQTT_GCOVR} --root ${PROJECT_SOURCE_DIR} --object-directory ${PROJECT_BINARY_DIR}
          --filter ${PROJECT_SOURCE_DIR}/include/atmqtt/
          --exclude-throw-branches --exclude-unreachable-branches
          -j 2 --print-summary
          --txt ${atmqtt_coverage_dir}/uncovered.txt
          --json ${atmqtt_coverage_dir}/coverage.json
          --json-summary ${atmqtt_coverage_dir}/summary.json --json-summary-pretty
          --html-details ${atmqtt_coverage_dir}/index.html --html-title "atmqtt: include/atmqtt/"
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
  COMMENT "gcovr over include/atmqtt/ (HTML: ${atmqtt_coverage_dir}/index.html)" VERBATIM)
