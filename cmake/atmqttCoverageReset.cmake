# cmake -DDIR=<build folder> -P atmqttCoverageReset.cmake: deletes every gcov counter file under DIR.
file(GLOB_RECURSE counters "${DIR}/*.gcda")
if(counters)
  file(REMOVE ${counters})
endif()
