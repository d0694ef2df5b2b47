/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-summarizer-data.c: data-driven digest cases.  Each case is
 * data/summarizer/NNN-slug.txt (the article) with NNN-slug.expected (the
 * exact digest: one sentence per line).  An optional first line
 * "#precis: n=N lang=L" in the .txt sets the options and is not part of the
 * text.  With file arguments, runs those cases (one ctest each); without,
 * runs every case under $PRECIS_TEST_DATA/summarizer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "precis-summarizer.h"

#include <stdio.h>
#include <string.h>

static void
run_case(void **state)
{
  const char *path = *state;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  assert_true(g_file_get_contents(path, &text, &len, &error));
  g_autofree char *base = g_strndup(path, strlen(path) - 4); /* ".txt" */
  g_autofree char *exp_path = g_strconcat(base, ".expected", NULL);
  assert_true(g_file_get_contents(exp_path, &expected, NULL, &error));

  guint n = PRECIS_SUMMARIZER_DEFAULT_N;
  g_autofree char *lang = NULL;
  const char *body = text;
  if (g_str_has_prefix(text, "#precis:")) {
    const char *nl = strchr(text, '\n');
    g_autofree char *line = g_strndup(text, nl ? (gsize)(nl - text) : len);
    g_auto(GStrv) opts = g_strsplit(line + 8, " ", -1);
    for (char **o = opts; *o; o++) {
      if (g_str_has_prefix(*o, "n="))
        n = (guint)g_ascii_strtoull(*o + 2, NULL, 10);
      else if (g_str_has_prefix(*o, "lang="))
        lang = g_strdup(*o + 5);
    }
    body = nl ? nl + 1 : text + len;
  }
  g_autoptr(PrecisSummarizer) s = precis_summarizer_new(lang, &error);
  assert_non_null(s);
  g_autoptr(PrecisDigest) d = precis_summarizer_run(
      s, body, len - (gsize)(body - text), NULL, n, &error);
  if (d == NULL)
    fail_msg("%s: %s", path, error->message);
  g_autoptr(GString) got = g_string_new(NULL);
  for (guint i = 0; i < precis_digest_get_n_sentences(d); i++)
    g_string_append_printf(got, "%s\n", precis_digest_get_sentence(d, i));
  if (strcmp(got->str, expected) != 0)
    fail_msg("%s:\n--- expected\n%s--- got\n%s", path, expected, got->str);
}

int
main(int argc, char **argv)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
  for (int i = 1; i < argc; i++)
    g_ptr_array_add(paths, g_strdup(argv[i]));
  if (argc < 2) {
    const char *data = g_getenv("PRECIS_TEST_DATA");
    if (data == NULL) {
      fprintf(stderr, "test-summarizer-data: set PRECIS_TEST_DATA or give "
                      "case files\n");
      return 1;
    }
    g_autofree char *dir_path = g_build_filename(data, "summarizer", NULL);
    g_autoptr(GDir) dir = g_dir_open(dir_path, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name(dir)) != NULL)
      if (g_str_has_suffix(name, ".txt"))
        g_ptr_array_add(paths, g_build_filename(dir_path, name, NULL));
    g_ptr_array_sort(paths, (GCompareFunc)g_strcmp0);
  }
  if (paths->len == 0) {
    fprintf(stderr, "test-summarizer-data: no case found\n");
    return 1;
  }
  struct CMUnitTest *tests = g_new0(struct CMUnitTest, paths->len);
  for (guint i = 0; i < paths->len; i++) {
    tests[i].name = g_path_get_basename(paths->pdata[i]);
    tests[i].test_func = run_case;
    tests[i].initial_state = paths->pdata[i];
  }
  int rc =
      _cmocka_run_group_tests("summarizer-data", tests, paths->len, NULL, NULL);
  for (guint i = 0; i < paths->len; i++)
    g_free((char *)tests[i].name);
  g_free(tests);
  return rc;
}
