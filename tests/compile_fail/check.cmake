# Checks one compile-failure case: the file must compile as is (so the harness and the file are
# sound) and must fail to compile with PYKKA_COMPILE_FAIL defined, with a diagnostic matching the
# file's "// expect: <regex>" line (so it fails for the intended reason; where g++ and clang word
# a diagnostic differently, the regex lists both as alternatives). An optional
# "// first error: <regex>" line must match the first error the compiler reports (so the
# library's own message is what the reader sees first).
#   cmake -DCOMPILER=<c++> -DINCLUDE=<dir> -DGENERATED_INCLUDE=<dir> -DSOURCE=<file> -P check.cmake
file(STRINGS ${SOURCE} expect_line REGEX "^// expect: ")
if(NOT expect_line)
  message(FATAL_ERROR "${SOURCE} has no '// expect: <regex>' line")
endif()
string(REGEX REPLACE "^// expect: " "" expected "${expect_line}")

# The C locale keeps the compiler's quotes plain ASCII, so the expected texts stay simple.
set(command ${CMAKE_COMMAND} -E env LC_ALL=C ${COMPILER} -std=c++20 -fsyntax-only -I${INCLUDE} -I${GENERATED_INCLUDE} ${SOURCE})

execute_process(COMMAND ${command} RESULT_VARIABLE status ERROR_VARIABLE errors)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the valid part of ${SOURCE} does not compile:\n${errors}")
endif()

execute_process(COMMAND ${command} -DPYKKA_COMPILE_FAIL RESULT_VARIABLE status
                ERROR_VARIABLE errors)
if(status EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled with PYKKA_COMPILE_FAIL, but it must not")
endif()
if(NOT errors MATCHES "${expected}")
  message(FATAL_ERROR "${SOURCE} failed to compile, but not with /${expected}/:\n${errors}")
endif()
file(STRINGS ${SOURCE} first_line REGEX "^// first error: ")
if(first_line)
  string(REGEX REPLACE "^// first error: " "" first_expected "${first_line}")
  string(REGEX MATCH "error: [^\n]*" first_error "${errors}")
  if(NOT first_error MATCHES "${first_expected}")
    message(FATAL_ERROR "${SOURCE}: the first error is not /${first_expected}/ but:\n"
                        "${first_error}\n\nall errors:\n${errors}")
  endif()
endif()
message(STATUS "rejected as expected: /${expected}/")
