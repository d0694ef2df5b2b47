# SPDX-License-Identifier: GPL-3.0-or-later
# bench-feed.sh: `precis feed` vs `curl --parallel` on a generated feed served
# by precis-httpd.  Run by hand for the figures, e.g.
#   tests/bench/bench-feed.sh build/cli/precis build/tests/precis-httpd
# ctest runs only --quick (40 items; it fails only when a run fails or the
# second run is not answered entirely by 304s; no timed assertion).
find_program(PRECIS_CURL curl)
if(PRECIS_CURL)
  add_test(NAME bench/feed-quick
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/bench-feed.sh --quick
                   $<TARGET_FILE:precis> $<TARGET_FILE:precis-httpd>)
  set_tests_properties(bench/feed-quick PROPERTIES
                       ENVIRONMENT "${PRECIS_TEST_ENV}" TIMEOUT 300)
endif()
