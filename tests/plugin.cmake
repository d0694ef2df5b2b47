# SPDX-License-Identifier: GPL-3.0-or-later
# The Claws Mail plugin: unit tests of its Claws-free core, and the
# end-to-end test that runs Claws Mail with RSSyl and precis.so under Xvfb.

precis_add_test(NAME test-plugin
                SOURCES test-plugin.c http-server.c
                LIBS precis-plugin-core
                TIMEOUT 120)

# precis.so exports the 8 Claws entry points and nothing else.
add_test(NAME plugin-exports
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/e2e-claws/check-exports.sh
                 $<TARGET_FILE:precis-plugin>)
set_tests_properties(plugin-exports PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 30)

# End to end: needs Xvfb, claws-mail (with RSSyl), dbus-run-session and
# xdotool; exits 77 (skipped) only without Xvfb or claws-mail.  Labelled no-sanitize: an ASan-built precis.so cannot be dlopen'ed
# into the uninstrumented claws-mail.
find_program(PRECIS_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT PRECIS_PYTHON3)
  find_program(PRECIS_PYTHON3 python3)
endif()
if(PRECIS_PYTHON3)
  if(TARGET precis-httpd)
    set(PRECIS_E2E_HTTPD "--httpd=$<TARGET_FILE:precis-httpd>")
  else()
    set(PRECIS_E2E_HTTPD "")
  endif()
  add_test(NAME e2e-claws
           COMMAND ${PRECIS_PYTHON3}
                   ${CMAKE_CURRENT_SOURCE_DIR}/e2e-claws/e2e.py
                   --plugin=$<TARGET_FILE:precis-plugin>
                   --workdir=${CMAKE_CURRENT_BINARY_DIR}/e2e-claws
                   ${PRECIS_E2E_HTTPD})
  set_tests_properties(e2e-claws PROPERTIES
                       LABELS "e2e;no-sanitize"
                       TIMEOUT 300
                       SKIP_RETURN_CODE 77
                       RUN_SERIAL TRUE)
endif()
