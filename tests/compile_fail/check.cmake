# Builds one compile-fail target and checks that it fails with exactly one
# compiler error, which contains EXPECTED (or, for the control, that it
# builds). cmake -DBUILD_DIR=... -DTARGET=... -DEXPECTED=... -P check.cmake
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(EXPECTED STREQUAL "")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${TARGET} should compile and did not:\n${output}")
  endif()
  return()
endif()
if(result EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled; it should fail with: ${EXPECTED}")
endif()
string(FIND "${output}" "${EXPECTED}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${TARGET} failed without the expected message \"${EXPECTED}\":\n${output}")
endif()
string(REGEX MATCHALL "error:" errors "${output}")
list(LENGTH errors count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "${TARGET}: ${count} errors where one was expected:\n${output}")
endif()
