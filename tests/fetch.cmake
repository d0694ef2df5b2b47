# SPDX-License-Identifier: GPL-3.0-or-later
# Fetch, cache, `precis feed` / `precis batch`, and the local HTTP server.
# precis-httpd is the test server as a program: the plugin's end-to-end
# tests and bench-feed.sh run it ("PORT <n>" on stdout, one log line per
# request).  test-fetch drives the library against the in-process server;
# test-e2e runs the real precis binary (PRECIS_BIN) against it.
add_executable(precis-httpd http-server.c)
target_compile_definitions(precis-httpd PRIVATE PRECIS_HTTPD_MAIN
                           G_LOG_DOMAIN="precis-httpd")
target_link_libraries(precis-httpd PRIVATE PkgConfig::GLIB)

precis_add_test(NAME test-fetch SOURCES test-fetch.c http-server.c
                LIBS precis-feeds TIMEOUT 180)

if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/test-e2e.c)
  precis_add_test(NAME test-e2e SOURCES test-e2e.c http-server.c
                  LIBS precis-feeds PkgConfig::JSONGLIB TIMEOUT 300)
  add_dependencies(test-e2e precis)
endif()
