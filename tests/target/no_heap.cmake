# Fails when the link map shows the runner pulled in malloc, sbrk or exception support (cmake -DMAP=... -P).
file(READ ${MAP} map)
foreach(symbol malloc _sbrk __cxa_throw __cxa_allocate_exception abort)
  if(map MATCHES "\\(${symbol}\\)")
    message(FATAL_ERROR "the on-target runner links ${symbol}: see ${MAP}")
  endif()
endforeach()
