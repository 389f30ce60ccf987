# Install rules: headers (including the generated version header), library, CMake package
# (pykka::pykka) with its version file, and a relocatable pkg-config file.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS pykka EXPORT pykkaTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/pykka DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The guide, so that the installed tree documents itself (pykka.pc's URL points at it).
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
  FILES_MATCHING PATTERN "*.md" PATTERN "*.png")
install(FILES ${PYKKA_GENERATED_INCLUDE_DIR}/pykka/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/pykka)

set(PYKKA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/pykka)
install(EXPORT pykkaTargets NAMESPACE pykka:: DESTINATION ${PYKKA_CMAKE_DIR})

configure_package_config_file(cmake/pykkaConfig.cmake.in
  ${PROJECT_BINARY_DIR}/pykkaConfig.cmake
  INSTALL_DESTINATION ${PYKKA_CMAKE_DIR})
# Semantic versioning as docs/changelog.md states it: while the major version is 0, a minor
# release may break the API, so find_package(pykka 0.1) accepts 0.1.x only; from 1.0 on, any
# later release with the same major version.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_pykka_compatibility SameMinorVersion)
else()
  set(_pykka_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(${PROJECT_BINARY_DIR}/pykkaConfigVersion.cmake
  COMPATIBILITY ${_pykka_compatibility})
install(FILES ${PROJECT_BINARY_DIR}/pykkaConfig.cmake ${PROJECT_BINARY_DIR}/pykkaConfigVersion.cmake
  DESTINATION ${PYKKA_CMAKE_DIR})

# pykka.pc lives in <libdir>/pkgconfig. Its prefix is that directory plus one ".." per component
# of <libdir>/pkgconfig, so "lib/pkgconfig" gives "../.." and Debian's multiarch
# "lib/x86_64-linux-gnu/pkgconfig" gives "../../..". An absolute libdir cannot be relocated, so
# then the configured install prefix is written as is.
set(_pykka_pc_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(PYKKA_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _pykka_up /pykka-prefix/${_pykka_pc_dir} /pykka-prefix)
  string(REGEX REPLACE "/$" "" _pykka_up "${_pykka_up}")
  set(PYKKA_PC_PREFIX "\${pcfiledir}/${_pykka_up}")
endif()
foreach(_kind IN ITEMS LIBDIR INCLUDEDIR DOCDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_kind}}")
    set(PYKKA_PC_${_kind} "${CMAKE_INSTALL_${_kind}}")
  else()
    set(PYKKA_PC_${_kind} "\${prefix}/${CMAKE_INSTALL_${_kind}}")
  endif()
endforeach()
set(PYKKA_PC_URL "file://${PYKKA_PC_DOCDIR}/README.md")
# Libraries libpykka itself links (Boost.Stacktrace's, if used) are Libs.private: a program
# linking the shared library does not need them. A static libpykka is always linked statically,
# so then they are in Libs as well, and the plain `pkg-config --libs pykka` works for both.
if(BUILD_SHARED_LIBS)
  set(PYKKA_PC_LIBS "")
else()
  set(PYKKA_PC_LIBS "${PYKKA_PC_PRIVATE_LIBS}")
endif()
configure_file(cmake/pykka.pc.in ${PROJECT_BINARY_DIR}/pykka.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/pykka.pc DESTINATION ${_pykka_pc_dir})
