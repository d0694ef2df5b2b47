# SPDX-License-Identifier: GPL-3.0-or-later
# Packaging checks: the man page and the bash completion follow --help
# (every command and option documented and completed, precis.1 renders
# without warnings), and "cmake --install" puts each file where the Debian
# and RPM packages ship it.

add_test(NAME packaging/manpage
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/check-manpage.sh
                 ${PROJECT_SOURCE_DIR}/cli/precis.1
                 ${PROJECT_SOURCE_DIR}/cli/precis.bash)
set_tests_properties(packaging/manpage PROPERTIES
                     ENVIRONMENT "${PRECIS_TEST_ENV}" TIMEOUT 60
                     LABELS packaging)

# The packages ship the plugin in claws-mail.pc's plugindir.
set(PRECIS_PACKAGED_PLUGINDIR "")
if(TARGET precis-plugin)
  pkg_get_variable(PRECIS_PACKAGED_PLUGINDIR claws-mail plugindir)
endif()
add_test(NAME packaging/install
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/check-install.sh
                 ${CMAKE_BINARY_DIR} "${PRECIS_PACKAGED_PLUGINDIR}")
set_tests_properties(packaging/install PROPERTIES
                     ENVIRONMENT "${PRECIS_TEST_ENV}" TIMEOUT 120
                     LABELS packaging)
