# Install rules: headers, library, CMake package (pykka::pykka) and its version file.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS pykka EXPORT pykkaTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/pykka DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(PYKKA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/pykka)
install(EXPORT pykkaTargets NAMESPACE pykka:: DESTINATION ${PYKKA_CMAKE_DIR})

configure_package_config_file(cmake/pykkaConfig.cmake.in
  ${PROJECT_BINARY_DIR}/pykkaConfig.cmake
  INSTALL_DESTINATION ${PYKKA_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/pykkaConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/pykkaConfig.cmake ${PROJECT_BINARY_DIR}/pykkaConfigVersion.cmake
  DESTINATION ${PYKKA_CMAKE_DIR})
