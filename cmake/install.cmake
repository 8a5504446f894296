# Installs the binary, the library, its headers and a CMake package so that
# find_package(retort) gives retort::retort.
include(CMakePackageConfigHelpers)
install(TARGETS retort retort_cli retort_migrations retort_dialects retort_url_secrets
  retort_postgresql retort_core retort_error retort_command EXPORT retortTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
# Public headers only: what a program embedding retort or using the model
# runtime includes, and what those include. Not installed: every internal/
# folder, and the folders that are implementation throughout (core/ops/, one
# entry per op kind; dialects/sqlite/ and dialects/postgresql/, reached only
# through dialects/registry.hpp). detail/ folders are installed because public
# templates include them, but are not API. tests/install/install_test.sh
# builds one file that includes every installed header against the installed
# tree alone, so a public header that needs an internal one fails there.
function(retort_install_headers dir)
  set(excluded)
  foreach(sub internal ${ARGN})
    list(APPEND excluded PATTERN ${sub} EXCLUDE)
  endforeach()
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/retort/${dir}
    FILES_MATCHING PATTERN "*.hpp" ${excluded})
endfunction()
retort_install_headers(core ops model)  # core/model has its own line
retort_install_headers(core/model)
retort_install_headers(dialects sqlite postgresql)
retort_install_headers(migrations)
retort_install_headers(cli)
install(EXPORT retortTargets NAMESPACE retort:: FILE retortTargets.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/retort)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/retortConfig.cmake.in
  ${PROJECT_BINARY_DIR}/retortConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/retort)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/retortConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/retortConfig.cmake ${PROJECT_BINARY_DIR}/retortConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/FindPgQuery.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/retort)
