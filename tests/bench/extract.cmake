# SPDX-License-Identifier: GPL-3.0-or-later
# Page-cleaning benchmark: bench-extract (one process over a dataset: the
# cleaner's output for extract_score.py, pages/s, cleaning vs parse time)
# and bench-extract.sh, which scores precis beside its peers.  The quick
# ctest cleans the bundled example page only.
add_executable(bench-extract bench-extract.c)
target_link_libraries(bench-extract PRIVATE precis-feeds PkgConfig::JSONGLIB
                      PkgConfig::LIBXML2 PkgConfig::GLIB)
add_test(NAME bench/extract-quick
         COMMAND bench-extract
                 ${CMAKE_CURRENT_SOURCE_DIR}/../data/examples/article.html)
set_tests_properties(bench/extract-quick PROPERTIES
                     ENVIRONMENT "${PRECIS_TEST_ENV}" TIMEOUT 60)
