# SPDX-License-Identifier: GPL-3.0-or-later
# Page cleaning: unit tests (charsets, metadata, boilerplate, pathological
# pages, text residue) and one ctest per data case in data/page/.
precis_add_test(NAME test-page SOURCES test-page.c LIBS precis-feeds
                TIMEOUT 300)
precis_add_data_tests(test-page page "*.html")
precis_add_data_tests(test-page page "*.txt")
