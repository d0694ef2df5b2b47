# SPDX-License-Identifier: GPL-3.0-or-later
# Summarizer tests: unit tests per stage, pathological inputs (with a
# TIMEOUT), data-driven digests (one ctest per data/summarizer/*.txt), and the
# `precis summarize` / `precis sentences` command-line behaviour.
precis_add_test(NAME test-summarizer SOURCES test-summarizer.c
                LIBS precis-summarizer)
precis_add_test(NAME test-summarizer-pathological
                SOURCES test-summarizer-pathological.c
                LIBS precis-summarizer TIMEOUT 300)
# stem-english.c against libstemmer, its reference.
precis_add_test(NAME test-summarizer-stem SOURCES test-summarizer-stem.c
                LIBS precis-summarizer precis_stemmer)
precis_add_test(NAME test-summarizer-data SOURCES test-summarizer-data.c
                LIBS precis-summarizer)
precis_add_data_tests(test-summarizer-data summarizer "*.txt")

add_test(NAME test-summarizer-cli
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test-summarizer-cli.sh)
set_tests_properties(test-summarizer-cli PROPERTIES
                     ENVIRONMENT "${PRECIS_TEST_ENV}" TIMEOUT 120)

# Process start: plain text never loads libxml2, json-glib, GIO or GObject.
if(PRECIS_LAZY_XML AND PRECIS_LAZY_JSON)
  add_test(NAME test-summarizer-lazy
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test-summarizer-lazy.sh)
  set_tests_properties(test-summarizer-lazy PROPERTIES
                       ENVIRONMENT "${PRECIS_TEST_ENV}" TIMEOUT 60)
endif()
