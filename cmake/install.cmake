# Installs the binary, the library, its headers and a CMake package so that
# find_package(retort) gives retort::retort.
include(CMakePackageConfigHelpers)
install(TARGETS retort retort_cli retort_migrations retort_dialects retort_url_secrets
  retort_postgresql retort_core retort_error retort_command EXPORT retortTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
foreach(dir core dialects dialects/sqlite dialects/postgresql migrations cli)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/retort/${dir}
    FILES_MATCHING PATTERN "*.hpp")
endforeach()
install(EXPORT retortTargets NAMESPACE retort:: FILE retortTargets.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/retort)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/retortConfig.cmake.in
  ${PROJECT_BINARY_DIR}/retortConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/retort)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/retortConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/retortConfig.cmake ${PROJECT_BINARY_DIR}/retortConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/FindPgQuery.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/retort)
