# SPDX-License-Identifier: GPL-3.0-or-later
# Summarizer benchmark (PRECIS_BENCH=ON): bench-summ.sh drives rouge.py over
# precis, Lead-3 and OTS; bench-summ-jsonl runs the library in one process;
# ots-top3 is the OTS harness (built only when libots-1 is installed).
add_executable(bench-summ-jsonl bench-summ-jsonl.c)
target_link_libraries(bench-summ-jsonl PRIVATE precis-summarizer
                      PkgConfig::JSONGLIB)

pkg_check_modules(OTS IMPORTED_TARGET libots-1)
if(OTS_FOUND)
  add_executable(ots-top3 ots-top3.c)
  target_link_libraries(ots-top3 PRIVATE PkgConfig::OTS PkgConfig::GLIB)
  # ots_highlight_doc_lines and friends predate -Wstrict-prototypes.
  target_compile_options(ots-top3 PRIVATE -Wno-strict-prototypes)
endif()

# The quick mode digests the bundled example article only.
add_test(NAME bench-summ-quick
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/bench-summ.sh --quick
                 $<TARGET_FILE:precis>)
set_tests_properties(bench-summ-quick PROPERTIES
                     ENVIRONMENT "${PRECIS_TEST_ENV}" TIMEOUT 120)
