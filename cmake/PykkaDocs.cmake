# The API reference: Doxygen (Debian's doxygen package) reads the `///` comments of the public
# headers. `cmake --build <dir> --target docs` (or scripts/docs.sh) writes <dir>/api/html.
# Any Doxygen warning, an undocumented public entity included, fails the build.
find_package(Doxygen QUIET)
if(NOT DOXYGEN_FOUND)
  message(STATUS "pykka: doxygen not found, the docs target is not available")
  return()
endif()

set(PYKKA_DOXYGEN_OUTPUT_DIR ${PROJECT_BINARY_DIR}/api)
set(PYKKA_DOXYFILE ${PROJECT_BINARY_DIR}/Doxyfile)
configure_file(${PROJECT_SOURCE_DIR}/docs/Doxyfile.in ${PYKKA_DOXYFILE} @ONLY)

add_custom_target(docs
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PYKKA_DOXYGEN_OUTPUT_DIR}
  COMMAND Doxygen::doxygen ${PYKKA_DOXYFILE}
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
  COMMENT "Building the API reference in ${PYKKA_DOXYGEN_OUTPUT_DIR}/html"
  VERBATIM)
