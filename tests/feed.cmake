# SPDX-License-Identifier: GPL-3.0-or-later
# Feed parsing: the precis-feed-dump tool (parse a file, print the
# conformance JSON), unit tests for the feed and date parsers, and one data
# test per tests/data/feed/NNN-slug.{xml,json} compared with its .expected.
add_executable(precis-feed-dump feed-dump.c)
target_link_libraries(precis-feed-dump PRIVATE precis-feeds)

precis_add_test(NAME test-feed SOURCES test-feed.c
                LIBS precis-feeds PkgConfig::JSONGLIB
                TIMEOUT 60)
precis_add_test(NAME test-date SOURCES test-date.c LIBS precis-feeds)

# Data cases: test-feed --data FILE parses FILE and compares the dump with
# FILE's .expected (one JSON object).
file(GLOB PRECIS_FEED_CASES CONFIGURE_DEPENDS
     ${CMAKE_CURRENT_SOURCE_DIR}/data/feed/*.xml
     ${CMAKE_CURRENT_SOURCE_DIR}/data/feed/*.json)
foreach(CASE ${PRECIS_FEED_CASES})
  get_filename_component(CASE_NAME ${CASE} NAME)
  add_test(NAME data/feed/${CASE_NAME} COMMAND test-feed --data ${CASE})
  set_tests_properties(data/feed/${CASE_NAME} PROPERTIES
                       ENVIRONMENT "${PRECIS_TEST_ENV}" TIMEOUT 60)
endforeach()
