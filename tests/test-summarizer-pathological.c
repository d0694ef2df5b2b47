/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-summarizer-pathological.c: inputs that would hang or blow up a naive
 * summarizer: a 10 MB "sentence" without punctuation, 100 000 short
 * sentences, a megabyte of one letter, invalid UTF-8 and NUL bytes
 * throughout, a huge n, and nothing at all.  Registered with a TIMEOUT; the
 * assertions are about results, never about time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "precis-summarizer.h"

#include <string.h>

static int
setup(void **state)
{
  *state = precis_summarizer_new(NULL, NULL);
  return *state ? 0 : -1;
}

static int
teardown(void **state)
{
  precis_summarizer_free(*state);
  return 0;
}

static void
test_ten_megabyte_sentence(void **state)
{
  /* Words without any punctuation: one sentence of 10 MB. */
  const gsize size = 10u * 1024u * 1024u;
  GString *text = g_string_sized_new(size + 16);
  static const char *const words[] = {"river ",  "stone ",  "market ",
                                      "window ", "bridge ", "lantern "};
  for (guint i = 0; text->len < size; i++)
    g_string_append(text, words[(i * 7 + i / 5) % G_N_ELEMENTS(words)]);
  g_autoptr(PrecisDigest) d =
      precis_summarizer_run(*state, text->str, text->len, NULL, 3, NULL);
  assert_non_null(d);
  assert_int_equal(precis_digest_get_n_total(d), 1);
  assert_int_equal(precis_digest_get_n_sentences(d), 1);
  assert_int_equal(precis_digest_get_span(d, 0)->start, 0);
  g_string_free(text, TRUE);
}

static void
test_hundred_thousand_sentences(void **state)
{
  GString *text = g_string_new(NULL);
  for (guint i = 0; i < 100000; i++)
    g_string_append_printf(text, "Item %u is number %u here. ", i, i % 97);
  g_autoptr(PrecisDigest) d =
      precis_summarizer_run(*state, text->str, text->len, NULL, 3, NULL);
  assert_non_null(d);
  assert_int_equal(precis_digest_get_n_total(d), 100000);
  assert_int_equal(precis_digest_get_n_sentences(d), 3);

  /* All of them asked for: every sentence, in order. */
  g_autoptr(PrecisDigest) all =
      precis_summarizer_run(*state, text->str, text->len, NULL, 200000, NULL);
  assert_int_equal(precis_digest_get_n_sentences(all), 100000);
  for (guint i = 1; i < 100000; i += 9973)
    assert_int_equal(precis_digest_get_index(all, i), i);
  g_string_free(text, TRUE);
}

static void
test_megabyte_of_one_letter(void **state)
{
  g_autofree char *word = g_strnfill(1u << 20, 'x');
  g_autofree char *text = g_strconcat(word, ". Then a real sentence.", NULL);
  g_autoptr(PrecisDigest) d =
      precis_summarizer_run(*state, text, strlen(text), NULL, 3, NULL);
  assert_non_null(d);
  assert_int_equal(precis_digest_get_n_total(d), 2);
  assert_int_equal(precis_digest_get_n_sentences(d), 2);
  assert_int_equal(precis_digest_get_span(d, 0)->end, (1u << 20) + 1);
}

static void
test_invalid_utf8_everywhere(void **state)
{
  GString *text = g_string_new(NULL);
  for (guint i = 0; i < 20000; i++)
    g_string_append(text, "Caf\xe9 cr\xe8me \xc3 br\xfbl\xe9"
                          "e here. ");
  g_autoptr(PrecisDigest) d =
      precis_summarizer_run(*state, text->str, text->len, NULL, 3, NULL);
  assert_non_null(d);
  const char *clean = precis_digest_get_text(d);
  assert_true(g_utf8_validate(clean, -1, NULL));
  assert_int_equal(precis_digest_get_n_total(d), 20000);
  g_string_free(text, TRUE);
}

static void
test_nul_bytes(void **state)
{
  const char text[] = "\0\0First sentence\0here. Second\0one\0here.\0";
  g_autoptr(PrecisDigest) d =
      precis_summarizer_run(*state, text, sizeof text - 1, NULL, 3, NULL);
  assert_non_null(d);
  assert_int_equal(precis_digest_get_n_sentences(d), 2);
  assert_string_equal(precis_digest_get_sentence(d, 0), "First sentence here.");
  assert_string_equal(precis_digest_get_sentence(d, 1), "Second one here.");
}

static void
test_empty_text(void **state)
{
  g_autoptr(GError) error = NULL;
  PrecisDigest *d = precis_summarizer_run(*state, "", 0, NULL, 3, &error);
  assert_null(d);
  assert_true(g_error_matches(error, PRECIS_SUMMARIZER_ERROR,
                              PRECIS_SUMMARIZER_ERROR_EMPTY));
}

static void
test_many_runs_stay_bounded(void **state)
{
  /* Thousands of texts of fresh words through one summarizer: its caches
   * are trimmed, results stay right. */
  for (guint r = 0; r < 3000; r++) {
    GString *text = g_string_new(NULL);
    for (guint i = 0; i < 30; i++)
      g_string_append_printf(text, "Word%uq%u appears in line %u. ", r, i, i);
    g_autoptr(PrecisDigest) d =
        precis_summarizer_run(*state, text->str, text->len, NULL, 3, NULL);
    assert_non_null(d);
    assert_int_equal(precis_digest_get_n_sentences(d), 3);
    g_string_free(text, TRUE);
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_ten_megabyte_sentence, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_hundred_thousand_sentences, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_megabyte_of_one_letter, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_invalid_utf8_everywhere, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_nul_bytes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_empty_text, setup, teardown),
      cmocka_unit_test_setup_teardown(test_many_runs_stay_bounded, setup,
                                      teardown),
  };
  return cmocka_run_group_tests_name("summarizer-pathological", tests, NULL,
                                     NULL);
}
