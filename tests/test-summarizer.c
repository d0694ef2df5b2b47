/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-summarizer.c: unit tests of the summarizer library, stage by stage
 * (sanitize, tokenize, stopwords, stem, langid, sentences, score, select)
 * and through its public API.  One behaviour per test; exact values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "summarizer-private.h"

#include <math.h>
#include <string.h>

/* ---- Helpers ----------------------------------------------------------------
 */

/* The sentences of @text as one string, "|"-separated, headings marked "#". */
static char *
split_joined(const char *text, const char *lang)
{
  g_autoptr(GArray) spans = precis_sentences_split(text, strlen(text), lang);
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < spans->len; i++) {
    const PrecisSpan *s = &g_array_index(spans, PrecisSpan, i);
    if (i > 0)
      g_string_append_c(out, '|');
    if (s->heading)
      g_string_append_c(out, '#');
    g_string_append_len(out, text + s->start, (gssize)(s->end - s->start));
  }
  return g_string_free(out, FALSE);
}

#define assert_split(text, lang, expected)                                     \
  do {                                                                         \
    g_autofree char *got_ = split_joined(text, lang);                          \
    assert_string_equal(got_, expected);                                       \
  } while (0)

static char *
digest_joined(const PrecisDigest *d)
{
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < precis_digest_get_n_sentences(d); i++)
    g_string_append_printf(out, "%s\n", precis_digest_get_sentence(d, i));
  return g_string_free(out, FALSE);
}

/* ---- Sanitize
 * ----------------------------------------------------------------- */

static void
test_sanitize_valid_unchanged(void **state)
{
  (void)state;
  const char *text = "Caf\xc3\xa9 au lait.\n\nSecond paragraph.";
  g_autofree char *s = precis_text_sanitize(text, strlen(text), NULL);
  assert_string_equal(s, text);
}

static void
test_sanitize_invalid_utf8_replaced(void **state)
{
  (void)state;
  g_autofree char *s = precis_text_sanitize("a\xff"
                                            "b\xc3",
                                            4, NULL);
  assert_string_equal(s, "a\xef\xbf\xbd"
                         "b\xef\xbf\xbd");
}

static void
test_sanitize_nul_becomes_space(void **state)
{
  (void)state;
  g_autofree char *s = precis_text_sanitize("one\0two", 7, NULL);
  assert_string_equal(s, "one two");
}

static void
test_sanitize_crlf(void **state)
{
  (void)state;
  g_autofree char *s = precis_text_sanitize("a\r\nb\rc", 6, NULL);
  assert_string_equal(s, "a\nb\nc");
}

static void
test_sanitize_utf16_bom(void **state)
{
  (void)state;
  g_autofree char *s = precis_text_sanitize("\xff\xfeH\0i\0.\0", 8, NULL);
  assert_string_equal(s, "Hi.");
}

static void
test_sanitize_binary_rejected(void **state)
{
  (void)state;
  g_autoptr(GError) error = NULL;
  guint8 png[64] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  char *s = precis_text_sanitize((const char *)png, sizeof png, &error);
  assert_null(s);
  assert_true(g_error_matches(error, PRECIS_SUMMARIZER_ERROR,
                              PRECIS_SUMMARIZER_ERROR_BINARY));

  g_clear_error(&error);
  guint8 noise[256];
  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8)(i * 7 + 3);
  s = precis_text_sanitize((const char *)noise, sizeof noise, &error);
  assert_null(s);
  assert_true(g_error_matches(error, PRECIS_SUMMARIZER_ERROR,
                              PRECIS_SUMMARIZER_ERROR_BINARY));
}

static void
test_sanitize_latin1_is_text(void **state)
{
  (void)state;
  /* A legacy 8-bit text has invalid sequences but no control bytes. */
  const char *text = "Le caf\xe9 est tr\xe8s bon et la cr\xe8me aussi.";
  g_autofree char *s = precis_text_sanitize(text, strlen(text), NULL);
  assert_non_null(s);
  assert_non_null(strstr(s, "caf\xef\xbf\xbd est"));
}

/* ---- Tokenize
 * ----------------------------------------------------------------- */

static void
test_tokenize_words_offsets(void **state)
{
  (void)state;
  const char *text = "Hello, w\xc3\xb6rld 42 don't";
  g_autoptr(GArray) w = g_array_new(FALSE, FALSE, sizeof(PrecisWord));
  precis__words_scan(text, strlen(text), w);
  assert_int_equal(w->len, 5);
  PrecisWord *a = (PrecisWord *)(void *)w->data;
  assert_int_equal(a[0].start, 0);
  assert_int_equal(a[0].len, 5);
  assert_true(a[0].upper);
  assert_int_equal(a[1].start, 7);
  assert_int_equal(a[1].len, 6);
  assert_false(a[1].upper);
  assert_int_equal(a[2].start, 14);
  assert_true(a[2].digit);
  assert_int_equal(a[3].len, 3);
  assert_int_equal(a[4].start, 21);
  assert_int_equal(a[4].len, 1);
}

static void
test_tokenize_cjk_characters(void **state)
{
  (void)state;
  const char *text = "\xe4\xb8\xad\xe6\x96\x87"
                     "abc"; /* 中文abc */
  g_autoptr(GArray) w = g_array_new(FALSE, FALSE, sizeof(PrecisWord));
  precis__words_scan(text, strlen(text), w);
  assert_int_equal(w->len, 3);
  PrecisWord *a = (PrecisWord *)(void *)w->data;
  assert_true(a[0].cjk);
  assert_int_equal(a[0].len, 3);
  assert_true(a[1].cjk);
  assert_int_equal(a[1].start, 3);
  assert_false(a[2].cjk);
  assert_int_equal(a[2].start, 6);
}

static void
test_tokenize_devanagari_marks_stay_in_word(void **state)
{
  (void)state;
  /* भारत है: vowel signs are combining marks, part of the word. */
  const char *text = "\xe0\xa4\xad\xe0\xa4\xbe\xe0\xa4\xb0\xe0\xa4\xa4 "
                     "\xe0\xa4\xb9\xe0\xa5\x88";
  g_autoptr(GArray) w = g_array_new(FALSE, FALSE, sizeof(PrecisWord));
  precis__words_scan(text, strlen(text), w);
  assert_int_equal(w->len, 2);
  assert_int_equal(g_array_index(w, PrecisWord, 0).len, 12);
  assert_int_equal(g_array_index(w, PrecisWord, 1).len, 6);
}

static void
test_tokenize_fold_case_and_nfc(void **state)
{
  (void)state;
  g_autoptr(GString) out = g_string_new(NULL);
  precis__word_fold("HeLLo", 5, out);
  assert_string_equal(out->str, "hello");
  precis__word_fold("\xc3\x89"
                    "COLE",
                    6, out); /* ÉCOLE */
  assert_string_equal(out->str, "\xc3\xa9"
                                "cole");
  precis__word_fold("e\xcc\x81t\xc3\xa9", 6, out); /* e + combining acute */
  assert_string_equal(out->str, "\xc3\xa9t\xc3\xa9");
  precis__word_fold("Stra\xc3\x9f"
                    "e",
                    7, out); /* Straße */
  assert_string_equal(out->str, "strasse");
}

static void
test_tokenize_long_word_cut(void **state)
{
  (void)state;
  g_autofree char *text = g_strnfill(1000, 'a');
  g_autoptr(GArray) w = g_array_new(FALSE, FALSE, sizeof(PrecisWord));
  precis__words_scan(text, 1000, w);
  assert_int_equal(w->len, 1);
  assert_int_equal(g_array_index(w, PrecisWord, 0).len, PRECIS__MAX_WORD);
}

static void
test_tokenize_ascii_lower(void **state)
{
  (void)state;
  const char *src = "AbCdEfGhIjKlMnOpQrStUvWxYz@[`{09";
  const char *want = "abcdefghijklmnopqrstuvwxyz@[`{09";
  for (gsize n = 0; n <= 32; n++) {
    char out[40];
    memset(out, '#', sizeof out);
    assert_true(precis__ascii_lower(out, src, n));
    assert_memory_equal(out, want, n);
    for (gsize i = n; i < sizeof out; i++)
      assert_int_equal(out[i], '#'); /* nothing written past n */
    /* A byte >= 0x80 anywhere: not ASCII. */
    for (gsize k = 0; k < n; k++) {
      char in[40];
      memcpy(in, src, n);
      in[k] = (char)0xC3;
      assert_false(precis__ascii_lower(out, in, n));
    }
  }
}

/* ---- Stopwords and languages
 * -------------------------------------------------- */

static guint64
bit(const char *code)
{
  return G_GUINT64_CONSTANT(1) << precis__language_lookup(code);
}

static void
test_stopwords_sets(void **state)
{
  (void)state;
  assert_true(precis__stopword_mask("the", strlen("the")) & bit("en"));
  assert_false(precis__stopword_mask("the", strlen("the")) & bit("fr"));
  assert_true(precis__stopword_mask("und", strlen("und")) & bit("de"));
  assert_true(
      precis__stopword_mask("\xc3\xa9t\xc3\xa9", strlen("\xc3\xa9t\xc3\xa9")) &
      bit("fr")); /* été */
  assert_true(precis__stopword_mask("c\xe1\xbb\xa7"
                                    "a",
                                    strlen("c\xe1\xbb\xa7"
                                           "a")) &
              bit("vi")); /* của */
  assert_true(precis__stopword_mask("\xe7\x9a\x84", strlen("\xe7\x9a\x84")) &
              bit("zh")); /* 的 */
  assert_int_equal(precis__stopword_mask("zebra", strlen("zebra")), 0);
}

static void
test_stopwords_every_language_has_a_list(void **state)
{
  (void)state;
  for (guint i = 0; i < precis__language_count(); i++) {
    const PrecisLanguage *l = precis__language_get((int)i);
    g_auto(GStrv) words = g_strsplit(l->stopwords, " ", -1);
    assert_true(g_strv_length(words) >= 20);
    /* Each word is found again, for this language. */
    for (char **w = words; *w; w++)
      assert_true(precis__stopword_mask(*w, strlen(*w)) &
                  (G_GUINT64_CONSTANT(1) << i));
  }
}

static void
test_language_lookup(void **state)
{
  (void)state;
  assert_int_equal(precis__language_lookup("en"),
                   precis__language_lookup("English"));
  assert_int_equal(precis__language_lookup("EN-gb"),
                   precis__language_lookup("en"));
  assert_int_equal(precis__language_lookup("pt_BR"),
                   precis__language_lookup("pt"));
  assert_int_equal(precis__language_lookup("nb"),
                   precis__language_lookup("no"));
  assert_int_equal(precis__language_lookup("xx"), PRECIS__LANG_UND);
  assert_true(precis_language_is_known("zh"));
  assert_true(precis_language_is_known("french"));
  assert_false(precis_language_is_known("klingon"));
}

/* ---- Stemming
 * ------------------------------------------------------------------ */

static void
test_stem_snowball(void **state)
{
  (void)state;
  gsize n = 0;
  PrecisStemmer *en = precis__stemmer_new("english");
  const char *s = precis__stemmer_stem(en, "connections", 11, &n);
  assert_int_equal(n, 7);
  assert_memory_equal(s, "connect", 7);
  s = precis__stemmer_stem(en, "running", 7, &n);
  assert_int_equal(n, 3);
  assert_memory_equal(s, "run", 3);
  precis__stemmer_free(en);

  PrecisStemmer *fr = precis__stemmer_new("french");
  s = precis__stemmer_stem(fr, "continuation", 12, &n);
  assert_int_equal(n, 7);
  assert_memory_equal(s, "continu", 6);
  precis__stemmer_free(fr);
}

static void
test_stem_every_language_has_a_stemmer(void **state)
{
  (void)state;
  for (guint i = 0; i < precis__language_count(); i++) {
    const PrecisLanguage *l = precis__language_get((int)i);
    if (l->stemmer == NULL)
      continue;
    PrecisStemmer *st = precis__stemmer_new(l->stemmer);
    assert_false(precis__stemmer_is_identity(st));
    precis__stemmer_free(st);
  }
}

static void
test_stem_identity(void **state)
{
  (void)state;
  gsize n = 0;
  PrecisStemmer *id = precis__stemmer_new(NULL);
  const char *s = precis__stemmer_stem(id, "running", 7, &n);
  assert_int_equal(n, 7);
  assert_memory_equal(s, "running", 7);
  precis__stemmer_free(id);
  precis__stemmer_free(NULL);
}

/* ---- Language identification
 * ---------------------------------------------------- */

static void
test_langid_languages(void **state)
{
  (void)state;
  static const struct {
    const char *text, *lang;
  } cases[] = {
      {"The government said on Monday that it would raise taxes for the "
       "first time in a decade.",
       "en"},
      {"Le gouvernement a annonc\xc3\xa9 lundi qu'il allait augmenter les "
       "imp\xc3\xb4ts pour la premi\xc3\xa8re fois depuis dix ans.",
       "fr"},
      {"Die Regierung hat am Montag angek\xc3\xbcndigt, dass sie die Steuern "
       "zum ersten Mal seit zehn Jahren erh\xc3\xb6hen wird.",
       "de"},
      {"El gobierno anunci\xc3\xb3 el lunes que subir\xc3\xa1 los impuestos "
       "por primera vez en una d\xc3\xa9"
       "cada.",
       "es"},
      {"Ch\xc3\xadnh ph\xe1\xbb\xa7 cho bi\xe1\xba\xbft s\xe1\xba\xbd "
       "t\xc4\x83ng thu\xe1\xba\xbf v\xc3\xa0 \xc4\x91\xc3\xa2y l\xc3\xa0 "
       "l\xe1\xba\xa7n \xc4\x91\xe1\xba\xa7u ti\xc3\xaan c\xe1\xbb\xa7"
       "a "
       "n\xc4\x83m nay.",
       "vi"},
      {"\xe6\x94\xbf\xe5\xba\x9c\xe5\xae\xa3\xe5\xb8\x83\xe5\xb0\x86\xe6\x8f"
       "\x90\xe9\xab\x98\xe7\xa8\x8e\xe6\x94\xb6\xe3\x80\x82",
       "zh"},
      {"\xe6\x94\xbf\xe5\xba\x9c\xe3\x81\xaf\xe7\xa8\x8e\xe9\x87\x91\xe3\x82"
       "\x92\xe4\xb8\x8a\xe3\x81\x92\xe3\x82\x8b\xe3\x81\xa8\xe7\x99\xba\xe8"
       "\xa1\xa8\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82",
       "ja"},
      {"\xd0\x9f\xd1\x80\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x82\xd0\xb5\xd0\xbb\xd1"
       "\x8c\xd1\x81\xd1\x82\xd0\xb2\xd0\xbe \xd0\xb7\xd0\xb0\xd1\x8f\xd0\xb2"
       "\xd0\xb8\xd0\xbb\xd0\xbe, \xd1\x87\xd1\x82\xd0\xbe \xd0\xbe\xd0\xbd"
       "\xd0\xbe \xd0\xbf\xd0\xbe\xd0\xb2\xd1\x8b\xd1\x81\xd0\xb8\xd1\x82 "
       "\xd0\xbd\xd0\xb0\xd0\xbb\xd0\xbe\xd0\xb3\xd0\xb8 \xd0\xb8 \xd1\x8d"
       "\xd1\x82\xd0\xbe \xd0\xb2\xd0\xb0\xd0\xb6\xd0\xbd\xd0\xbe.",
       "ru"},
      {"\xce\x97 \xce\xba\xcf\x85\xce\xb2\xce\xad\xcf\x81\xce\xbd\xce\xb7\xcf"
       "\x83\xce\xb7 \xce\xb1\xce\xbd\xce\xb1\xce\xba\xce\xbf\xce\xaf\xce\xbd"
       "\xcf\x89\xcf\x83\xce\xb5.",
       "el"},
      {"\xe0\xa4\xad\xe0\xa4\xbe\xe0\xa4\xb0\xe0\xa4\xa4 \xe0\xa4\x8f\xe0\xa4"
       "\x95 \xe0\xa4\xac\xe0\xa4\xa1\xe0\xa4\xbc\xe0\xa4\xbe \xe0\xa4\xa6"
       "\xe0\xa5\x87\xe0\xa4\xb6 \xe0\xa4\xb9\xe0\xa5\x88 \xe0\xa4\x94\xe0"
       "\xa4\xb0 \xe0\xa4\xaf\xe0\xa4\xb9 \xe0\xa4\xb8\xe0\xa5\x81\xe0\xa4"
       "\x82\xe0\xa4\xa6\xe0\xa4\xb0 \xe0\xa4\xb9\xe0\xa5\x88\xe0\xa5\xa4",
       "hi"},
      {"12345 67890 ... !!!", "und"},
      {"", "und"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
    assert_string_equal(precis_language_detect(cases[i].text, -1),
                        cases[i].lang);
}

/* ---- Sentences
 * -------------------------------------------------------------------- */

static void
test_sentences_titles(void **state)
{
  (void)state;
  assert_split("Mr. Smith met Dr. Jones and Prof. Lee. They talked.", "en",
               "Mr. Smith met Dr. Jones and Prof. Lee.|They talked.");
}

static void
test_sentences_us_acronym(void **state)
{
  (void)state;
  assert_split("He joined the U.S. Army in 1990. It was cold.", "en",
               "He joined the U.S. Army in 1990.|It was cold.");
  assert_split("She lives in the U.S. The weather is cold.", "en",
               "She lives in the U.S.|The weather is cold.");
}

static void
test_sentences_month_and_number(void **state)
{
  (void)state;
  assert_split("It opened on Jan. 5 in Paris. Crowds came.", "en",
               "It opened on Jan. 5 in Paris.|Crowds came.");
  assert_split("He is ranked No. 5 in the world. Next question.", "en",
               "He is ranked No. 5 in the world.|Next question.");
}

static void
test_sentences_eg(void **state)
{
  (void)state;
  assert_split("Eat fruit, e.g. Apples and pears. Then rest.", "en",
               "Eat fruit, e.g. Apples and pears.|Then rest.");
  assert_split("Eat fruit, e.g. apples. Then rest.", "en",
               "Eat fruit, e.g. apples.|Then rest.");
}

static void
test_sentences_initials(void **state)
{
  (void)state;
  assert_split("J. R. R. Tolkien wrote it. George W. Bush read it.", "en",
               "J. R. R. Tolkien wrote it.|George W. Bush read it.");
}

static void
test_sentences_decimals_amounts(void **state)
{
  (void)state;
  assert_split("Growth was 3.5% this year. Profit hit $1.2bn. Good.", "en",
               "Growth was 3.5% this year.|Profit hit $1.2bn.|Good.");
}

static void
test_sentences_url_email(void **state)
{
  (void)state;
  assert_split("See https://example.com/a.html?x=1 for more. Then go home.",
               "en",
               "See https://example.com/a.html?x=1 for more.|Then go home.");
  assert_split("Write to john.doe@example.com. We reply fast.", "en",
               "Write to john.doe@example.com.|We reply fast.");
}

static void
test_sentences_ellipsis(void **state)
{
  (void)state;
  assert_split("Wait... What happened? Nothing\xe2\x80\xa6 really. Fine!", "en",
               "Wait...|What happened?|Nothing\xe2\x80\xa6 really.|Fine!");
}

static void
test_sentences_closing_quotes(void **state)
{
  (void)state;
  assert_split("\"Stop.\" He left. (It was late.) \xe2\x80\x9cWhy?\xe2\x80\x9d "
               "she asked.",
               "en",
               "\"Stop.\"|He left.|(It was late.)|\xe2\x80\x9cWhy?\xe2\x80\x9d "
               "she asked.");
  assert_split("\"Stop!\" he said. 'Go.' They went.", "en",
               "\"Stop!\" he said.|'Go.'|They went.");
}

static void
test_sentences_headings_and_lists(void **state)
{
  (void)state;
  assert_split("Big News Today\n\nThe first sentence. The second one.", "en",
               "#Big News Today|The first sentence.|The second one.");
  assert_split("Ingredients:\n- eggs\n- flour\nMix them all well.", "en",
               "#Ingredients:|#- eggs|#- flour|Mix them all well.");
  assert_split("Steps\n1. Heat the pan\n2. Add the eggs\n", "en",
               "#Steps|#1. Heat the pan|#2. Add the eggs");
}

static void
test_sentences_wrapped_lines(void **state)
{
  (void)state;
  assert_split("This is a long line of text that wraps around\nand continues "
               "here. Next one.",
               "en",
               "This is a long line of text that wraps around\nand continues "
               "here.|Next one.");
}

static void
test_sentences_datelines(void **state)
{
  (void)state;
  assert_split("(CNN)Deputies rushed him out. More came.", "en",
               "#(CNN)|Deputies rushed him out.|More came.");
  assert_split("LONDON (Reuters) - The dollar fell. It rose.", "en",
               "#LONDON (Reuters)|The dollar fell.|It rose.");
  assert_split("NASA said on Monday - in a statement - it would fly.", "en",
               "NASA said on Monday - in a statement - it would fly.");
}

static void
test_sentences_cjk(void **state)
{
  (void)state;
  /* 你好。今天天气很好！是吗？ */
  assert_split("\xe4\xbd\xa0\xe5\xa5\xbd\xe3\x80\x82\xe4\xbb\x8a\xe5\xa4\xa9"
               "\xe5\xa4\xa9\xe6\xb0\x94\xe5\xbe\x88\xe5\xa5\xbd\xef\xbc\x81"
               "\xe6\x98\xaf\xe5\x90\x97\xef\xbc\x9f",
               "zh",
               "\xe4\xbd\xa0\xe5\xa5\xbd\xe3\x80\x82|\xe4\xbb\x8a\xe5\xa4\xa9"
               "\xe5\xa4\xa9\xe6\xb0\x94\xe5\xbe\x88\xe5\xa5\xbd\xef\xbc\x81|"
               "\xe6\x98\xaf\xe5\x90\x97\xef\xbc\x9f");
  /* A closing quote stays with its sentence: 他说：“好。”然后走了。 */
  assert_split("\xe4\xbb\x96\xe8\xaf\xb4\xef\xbc\x9a\xe2\x80\x9c\xe5\xa5\xbd"
               "\xe3\x80\x82\xe2\x80\x9d\xe7\x84\xb6\xe5\x90\x8e\xe8\xb5\xb0"
               "\xe4\xba\x86\xe3\x80\x82",
               "zh",
               "\xe4\xbb\x96\xe8\xaf\xb4\xef\xbc\x9a\xe2\x80\x9c\xe5\xa5\xbd"
               "\xe3\x80\x82\xe2\x80\x9d|\xe7\x84\xb6\xe5\x90\x8e\xe8\xb5\xb0"
               "\xe4\xba\x86\xe3\x80\x82");
}

static void
test_sentences_devanagari(void **state)
{
  (void)state;
  /* भारत एक देश है। यह बड़ा है। */
  const char *a = "\xe0\xa4\xad\xe0\xa4\xbe\xe0\xa4\xb0\xe0\xa4\xa4 \xe0\xa4"
                  "\x8f\xe0\xa4\x95 \xe0\xa4\xa6\xe0\xa5\x87\xe0\xa4\xb6 "
                  "\xe0\xa4\xb9\xe0\xa5\x88\xe0\xa5\xa4";
  const char *b = "\xe0\xa4\xaf\xe0\xa4\xb9 \xe0\xa4\xac\xe0\xa4\xa1\xe0\xa4"
                  "\xbc\xe0\xa4\xbe \xe0\xa4\xb9\xe0\xa5\x88\xe0\xa5\xa4";
  g_autofree char *text = g_strconcat(a, " ", b, NULL);
  g_autofree char *expected = g_strconcat(a, "|", b, NULL);
  assert_split(text, "hi", expected);
}

static void
test_sentences_other_scripts(void **state)
{
  (void)state;
  /* Arabic question mark, Armenian full stop. */
  assert_split("\xd9\x87\xd9\x84 \xd9\x87\xd8\xb0\xd8\xa7\xd8\x9f \xd9\x86"
               "\xd8\xb9\xd9\x85.",
               "ar",
               "\xd9\x87\xd9\x84 \xd9\x87\xd8\xb0\xd8\xa7\xd8\x9f|\xd9\x86"
               "\xd8\xb9\xd9\x85.");
  assert_split("\xd4\xb1\xd5\xb5\xd5\xb8\xd6\x89 \xd5\x88\xd5\xb9\xd6\x89",
               "hy",
               "\xd4\xb1\xd5\xb5\xd5\xb8\xd6\x89|\xd5\x88\xd5\xb9\xd6\x89");
}

static void
test_sentences_german_ordinal(void **state)
{
  (void)state;
  assert_split("Am 3. Oktober feiern wir gemeinsam. Das ist sch\xc3\xb6n.",
               "de",
               "Am 3. Oktober feiern wir gemeinsam.|Das ist sch\xc3\xb6n.");
}

static void
test_sentences_paragraphs_numbered(void **state)
{
  (void)state;
  const char *text = "One here. Two here.\n\n\n  \nThree here.";
  g_autoptr(GArray) spans = precis_sentences_split(text, strlen(text), "en");
  assert_int_equal(spans->len, 3);
  assert_int_equal(g_array_index(spans, PrecisSpan, 0).paragraph, 0);
  assert_int_equal(g_array_index(spans, PrecisSpan, 1).paragraph, 0);
  assert_int_equal(g_array_index(spans, PrecisSpan, 2).paragraph, 1);
  assert_int_equal(g_array_index(spans, PrecisSpan, 2).start, 25);
}

static void
test_sentences_empty(void **state)
{
  (void)state;
  assert_split("", "en", "");
  assert_split("  \n\n \t ", "en", "");
  assert_split("*** --- ***", "en", "");
}

static void
test_boilerplate_lines(void **state)
{
  (void)state;
  static const char *const yes[] = {
      "By Jane Smith",
      "By JANE SMITH, BBC News",
      "Read more: how it happened",
      "Photo: Getty Images",
      "Image copyright Reuters",
      "Updated 14:36 GMT, Monday 5 January 2026",
      "5 January 2026",
      "Advertisement",
      "All rights reserved.",
      "(Photo by John Doe/Getty)",
      ("Scroll down for video Long drop: the child dangles from the block in "
       "the district as neighbours gather below and one man climbs up"),
      /* Eight long words: still a byline (counted 16 bytes at a time). */
      ("By Alexandrina Konstantinopoulou and Bartholomew Featherstonehaugh "
       "with Maximilian"),
  };
  static const char *const no[] = {
      "The dollar fell sharply on Monday.",
      "By the end of the year, prices had doubled.",
      "He said on Monday that he would resign in January.",
      /* Nine: too many for a byline. */
      ("By Alexandrina Konstantinopoulou and Bartholomew Featherstonehaugh "
       "with Maximilian Jr"),
  };
  for (gsize i = 0; i < G_N_ELEMENTS(yes); i++)
    assert_true(precis__span_is_boilerplate(yes[i], strlen(yes[i])));
  for (gsize i = 0; i < G_N_ELEMENTS(no); i++)
    assert_false(precis__span_is_boilerplate(no[i], strlen(no[i])));
}

/* ---- Score and select
 * ---------------------------------------------------------------- */

static void
test_score_position_prior(void **state)
{
  (void)state;
  /* Two sentences with the same terms: the earlier one wins. */
  guint32 terms[] = {0, 1, 2, 0, 1, 2};
  PrecisSentenceStats s[2] = {{0, 3, 10, 0, TRUE, 0}, {3, 3, 10, 1, TRUE, 0}};
  precis__score_sentences(s, 2, terms, 3, NULL);
  assert_true(s[0].score > s[1].score);
  assert_true(s[1].score > 0.0);
}

static void
test_score_title_boost(void **state)
{
  (void)state;
  /* Same position (both 0 would not happen; give both position 5): the one
   * sharing a title word scores higher.  A third sentence (a heading, not a
   * candidate) repeats every term, so that each is significant. */
  guint32 terms[] = {0, 1, 2, 3, 0, 1, 2, 3};
  PrecisSentenceStats s[3] = {
      {0, 2, 10, 5, TRUE, 0}, {2, 2, 10, 5, TRUE, 0}, {4, 4, 10, 0, FALSE, 0}};
  g_autoptr(GHashTable) title = g_hash_table_new(NULL, NULL);
  g_hash_table_add(title, GUINT_TO_POINTER(3 + 1));
  precis__score_sentences(s, 3, terms, 4, title);
  assert_true(s[1].score > s[0].score);
}

static void
test_score_non_candidates_and_short(void **state)
{
  (void)state;
  guint32 terms[] = {0, 1, 0, 1, 0, 1};
  PrecisSentenceStats s[3] = {
      {0, 2, 10, 0, FALSE, 0}, {2, 2, 3, 0, TRUE, 0}, {4, 2, 10, 1, TRUE, 0}};
  precis__score_sentences(s, 3, terms, 2, NULL);
  assert_true(s[0].score == 0.0);
  /* Same content (1 after scaling to the best): the first is damped for
   * being three words short (x0.5), the second for standing second (prior
   * (1 + 1/2)^-0.8); both on top of the base of 0.2. */
  assert_true(fabs(s[1].score - 1.2 * 0.5) < 1e-9);
  assert_true(fabs(s[2].score - 1.2 * pow(1.5, -0.8)) < 1e-9);
}

static void
test_score_luhn_significance(void **state)
{
  (void)state;
  /* Sentence 1 holds only words used once in the text, sentences 2 and 3
   * words used three times: counts less 0.5, so 0.5 / 2.5 of the best
   * content, on top of the position base. */
  guint32 terms[] = {0, 1, 2, 3, 0, 1, 0, 1};
  PrecisSentenceStats s[4] = {{0, 2, 10, 0, FALSE, 0},
                              {2, 2, 10, 0, TRUE, 0},
                              {4, 2, 10, 1, TRUE, 0},
                              {6, 2, 10, 2, TRUE, 0}};
  precis__score_sentences(s, 4, terms, 4, NULL);
  assert_true(fabs(s[1].score - (0.2 + 0.2)) < 1e-9);
  assert_true(fabs(s[2].score - pow(1.5, -0.8) * 1.2) < 1e-9);
  assert_true(fabs(s[3].score - pow(2.0, -0.8) * 1.2) < 1e-9);
}

static void
test_score_long_damped(void **state)
{
  (void)state;
  /* The same terms in a 20-word and a 70-word sentence at the same
   * position: the run-on is damped by (35 / 70)^2 on its content. */
  guint32 terms[] = {0, 1, 0, 1};
  PrecisSentenceStats s[2] = {{0, 2, 20, 3, TRUE, 0}, {2, 2, 70, 3, TRUE, 0}};
  precis__score_sentences(s, 2, terms, 2, NULL);
  double prior = pow(1.0 + 3.0 / 2.0, -0.8);
  assert_true(fabs(s[0].score - prior * 1.2) < 1e-9);
  assert_true(fabs(s[1].score - prior * 0.45) < 1e-9);
}

static void
test_select_redundancy_and_order(void **state)
{
  (void)state;
  guint32 terms[] = {1, 2, 3, 1, 2, 3, 4, 5};
  PrecisSentenceStats s[3] = {{0, 3, 10, 0, TRUE, 1.0},
                              {3, 3, 10, 1, TRUE, 0.9},
                              {6, 2, 10, 2, TRUE, 0.5}};
  g_autoptr(GArray) chosen = precis__select(s, 3, terms, 6, 2);
  assert_int_equal(chosen->len, 2);
  assert_int_equal(g_array_index(chosen, guint, 0), 0);
  assert_int_equal(g_array_index(chosen, guint, 1), 2);
}

static void
test_select_document_order_and_fewer(void **state)
{
  (void)state;
  guint32 terms[] = {1, 2, 3};
  PrecisSentenceStats s[4] = {{0, 1, 10, 0, TRUE, 0.1},
                              {1, 1, 10, 0, FALSE, 0.0},
                              {2, 1, 10, 1, TRUE, 0.9},
                              {3, 0, 10, 2, TRUE, 0.5}};
  g_autoptr(GArray) chosen = precis__select(s, 4, terms, 4, 10);
  assert_int_equal(chosen->len, 3);
  assert_int_equal(g_array_index(chosen, guint, 0), 0);
  assert_int_equal(g_array_index(chosen, guint, 1), 2);
  assert_int_equal(g_array_index(chosen, guint, 2), 3);
}

/* ---- The summarizer API
 * ------------------------------------------------------------------ */

static const char article[] =
    "Solar farm opens on old ferry basin\n\n"
    "By Jane Smith\n\n"
    "The town has opened a floating solar farm on the old ferry basin. "
    "The solar farm will supply a third of the town's electricity. "
    "Council leader Dr. Osei said the basin was empty for years. "
    "The sailing club wanted the basin for lessons. "
    "Engineers tied the solar panels to floats on the basin. "
    "Birds now rest on the panels.\n\n"
    "Read more: the ferry story\n";

static int
setup_summarizer(void **state)
{
  *state = precis_summarizer_new(NULL, NULL);
  return *state ? 0 : -1;
}

static int
teardown_summarizer(void **state)
{
  precis_summarizer_free(*state);
  return 0;
}

static void
test_api_unknown_language(void **state)
{
  (void)state;
  g_autoptr(GError) error = NULL;
  PrecisSummarizer *s = precis_summarizer_new("xx", &error);
  assert_null(s);
  assert_true(g_error_matches(error, PRECIS_SUMMARIZER_ERROR,
                              PRECIS_SUMMARIZER_ERROR_LANGUAGE));
}

static void
test_api_n_zero(void **state)
{
  g_autoptr(GError) error = NULL;
  PrecisDigest *d =
      precis_summarizer_run(*state, "One. Two.", 9, NULL, 0, &error);
  assert_null(d);
  assert_true(g_error_matches(error, PRECIS_SUMMARIZER_ERROR,
                              PRECIS_SUMMARIZER_ERROR_INVALID));
}

static void
test_api_empty(void **state)
{
  static const char *const empties[] = {"", "   \n\n\t ", "***",
                                        "Just A Heading"};
  for (gsize i = 0; i < G_N_ELEMENTS(empties); i++) {
    g_autoptr(GError) error = NULL;
    PrecisDigest *d = precis_summarizer_run(
        *state, empties[i], strlen(empties[i]), NULL, 3, &error);
    assert_null(d);
    assert_true(g_error_matches(error, PRECIS_SUMMARIZER_ERROR,
                                PRECIS_SUMMARIZER_ERROR_EMPTY));
  }
}

static void
test_api_binary(void **state)
{
  g_autoptr(GError) error = NULL;
  guint8 data[512];
  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8)(i * 13);
  PrecisDigest *d = precis_summarizer_run(*state, (const char *)data,
                                          sizeof data, NULL, 3, &error);
  assert_null(d);
  assert_true(g_error_matches(error, PRECIS_SUMMARIZER_ERROR,
                              PRECIS_SUMMARIZER_ERROR_BINARY));
}

static void
test_api_single_sentence(void **state)
{
  g_autoptr(PrecisDigest) d = precis_summarizer_run(
      *state, "Only one sentence here.", 23, NULL, 3, NULL);
  assert_non_null(d);
  assert_int_equal(precis_digest_get_n_sentences(d), 1);
  assert_int_equal(precis_digest_get_n_total(d), 1);
  assert_string_equal(precis_digest_get_sentence(d, 0),
                      "Only one sentence here.");
}

static void
test_api_fewer_than_n(void **state)
{
  const char *text = "First one is here.\nSecond follows it here. And a "
                     "third one closes.";
  g_autoptr(PrecisDigest) d =
      precis_summarizer_run(*state, text, strlen(text), NULL, 5, NULL);
  assert_non_null(d);
  g_autofree char *got = digest_joined(d);
  assert_string_equal(got, "First one is here.\nSecond follows it here.\n"
                           "And a third one closes.\n");
}

static void
test_api_digest_fields(void **state)
{
  g_autoptr(PrecisDigest) d =
      precis_summarizer_run(*state, article, strlen(article), NULL, 3, NULL);
  assert_non_null(d);
  assert_string_equal(precis_digest_get_language(d), "en");
  assert_string_equal(precis_digest_get_text(d), article);
  assert_int_equal(precis_digest_get_n_sentences(d), 3);
  assert_int_equal(precis_digest_get_n_total(d), 9);
  guint prev = 0;
  for (guint i = 0; i < 3; i++) {
    const PrecisSpan *span = precis_digest_get_span(d, i);
    const char *s = precis_digest_get_sentence(d, i);
    assert_false(span->heading);
    assert_int_equal(span->end - span->start, strlen(s));
    assert_memory_equal(article + span->start, s, strlen(s));
    if (i > 0)
      assert_true(precis_digest_get_index(d, i) > prev);
    prev = precis_digest_get_index(d, i);
    assert_true(precis_digest_get_score(d, i) > 0.0);
  }
  /* The headline, byline and "Read more" are never picked. */
  g_autofree char *got = digest_joined(d);
  assert_null(strstr(got, "Solar farm opens"));
  assert_null(strstr(got, "Jane Smith"));
  assert_null(strstr(got, "Read more"));
  assert_non_null(strstr(got, "The town has opened a floating solar farm"));
}

static void
test_api_deterministic(void **state)
{
  g_autoptr(PrecisDigest) a = precis_summarizer_run(
      *state, article, strlen(article), "Solar basin", 2, NULL);
  g_autoptr(PrecisDigest) b = precis_summarizer_run(
      *state, article, strlen(article), "Solar basin", 2, NULL);
  g_autofree char *x = digest_joined(a);
  g_autofree char *y = digest_joined(b);
  assert_string_equal(x, y);
}

static void
test_api_whitespace_collapsed(void **state)
{
  const char *text = "A sentence   split\nover  two lines here. Then more.";
  g_autoptr(PrecisDigest) d =
      precis_summarizer_run(*state, text, strlen(text), NULL, 1, NULL);
  assert_string_equal(precis_digest_get_sentence(d, 0),
                      "A sentence split over two lines here.");
}

static void
test_api_whitespace_collapsed_long(void **state)
{
  /* Runs of text and of white space longer than 16 bytes, across the
   * blocks the collapsing reads at once, with non-ASCII letters. */
  const char *text =
      "Extraordinarily\t\t   \t                   long   caf\xc3\xa9s "
      "and\v\ftheir  Wolfeschlegelsteinhausenbergerdorff owners stay open "
      "all   night. Then more.";
  g_autoptr(PrecisDigest) d =
      precis_summarizer_run(*state, text, strlen(text), NULL, 1, NULL);
  assert_non_null(d);
  assert_string_equal(precis_digest_get_sentence(d, 0),
                      "Extraordinarily long caf\xc3\xa9s and their "
                      "Wolfeschlegelsteinhausenbergerdorff owners stay open "
                      "all night.");
}

static void
test_api_invalid_utf8_and_nul(void **state)
{
  const char text[] = "Bad \xff byte in this sentence.\0Second one is here.";
  g_autoptr(PrecisDigest) d =
      precis_summarizer_run(*state, text, sizeof text - 1, NULL, 3, NULL);
  assert_non_null(d);
  assert_string_equal(precis_digest_get_text(d),
                      "Bad \xef\xbf\xbd byte in this sentence. Second one is "
                      "here.");
  assert_int_equal(precis_digest_get_n_sentences(d), 2);
}

static void
test_api_forced_language(void **state)
{
  (void)state;
  g_autoptr(PrecisSummarizer) s = precis_summarizer_new("fr", NULL);
  g_autoptr(PrecisDigest) d =
      precis_summarizer_run(s, "The cat sat. The dog ran.", 25, NULL, 3, NULL);
  assert_string_equal(precis_digest_get_language(d), "fr");
}

static void
test_api_chinese_three_sentences(void **state)
{
  /* 今天下雨了。我们在家读书。孩子们在画画。晚上雨停了。 */
  const char *text =
      "\xe4\xbb\x8a\xe5\xa4\xa9\xe4\xb8\x8b\xe9\x9b\xa8\xe4\xba\x86\xe3\x80"
      "\x82\xe6\x88\x91\xe4\xbb\xac\xe5\x9c\xa8\xe5\xae\xb6\xe8\xaf\xbb\xe4"
      "\xb9\xa6\xe3\x80\x82\xe5\xad\xa9\xe5\xad\x90\xe4\xbb\xac\xe5\x9c\xa8"
      "\xe7\x94\xbb\xe7\x94\xbb\xe3\x80\x82\xe6\x99\x9a\xe4\xb8\x8a\xe9\x9b"
      "\xa8\xe5\x81\x9c\xe4\xba\x86\xe3\x80\x82";
  g_autoptr(PrecisDigest) d =
      precis_summarizer_run(*state, text, strlen(text), NULL, 3, NULL);
  assert_non_null(d);
  assert_string_equal(precis_digest_get_language(d), "zh");
  assert_int_equal(precis_digest_get_n_total(d), 4);
  assert_int_equal(precis_digest_get_n_sentences(d), 3);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sanitize_valid_unchanged),
      cmocka_unit_test(test_sanitize_invalid_utf8_replaced),
      cmocka_unit_test(test_sanitize_nul_becomes_space),
      cmocka_unit_test(test_sanitize_crlf),
      cmocka_unit_test(test_sanitize_utf16_bom),
      cmocka_unit_test(test_sanitize_binary_rejected),
      cmocka_unit_test(test_sanitize_latin1_is_text),
      cmocka_unit_test(test_tokenize_words_offsets),
      cmocka_unit_test(test_tokenize_cjk_characters),
      cmocka_unit_test(test_tokenize_devanagari_marks_stay_in_word),
      cmocka_unit_test(test_tokenize_fold_case_and_nfc),
      cmocka_unit_test(test_tokenize_long_word_cut),
      cmocka_unit_test(test_tokenize_ascii_lower),
      cmocka_unit_test(test_stopwords_sets),
      cmocka_unit_test(test_stopwords_every_language_has_a_list),
      cmocka_unit_test(test_language_lookup),
      cmocka_unit_test(test_stem_snowball),
      cmocka_unit_test(test_stem_every_language_has_a_stemmer),
      cmocka_unit_test(test_stem_identity),
      cmocka_unit_test(test_langid_languages),
      cmocka_unit_test(test_sentences_titles),
      cmocka_unit_test(test_sentences_us_acronym),
      cmocka_unit_test(test_sentences_month_and_number),
      cmocka_unit_test(test_sentences_eg),
      cmocka_unit_test(test_sentences_initials),
      cmocka_unit_test(test_sentences_decimals_amounts),
      cmocka_unit_test(test_sentences_url_email),
      cmocka_unit_test(test_sentences_ellipsis),
      cmocka_unit_test(test_sentences_closing_quotes),
      cmocka_unit_test(test_sentences_headings_and_lists),
      cmocka_unit_test(test_sentences_wrapped_lines),
      cmocka_unit_test(test_sentences_datelines),
      cmocka_unit_test(test_sentences_cjk),
      cmocka_unit_test(test_sentences_devanagari),
      cmocka_unit_test(test_sentences_other_scripts),
      cmocka_unit_test(test_sentences_german_ordinal),
      cmocka_unit_test(test_sentences_paragraphs_numbered),
      cmocka_unit_test(test_sentences_empty),
      cmocka_unit_test(test_boilerplate_lines),
      cmocka_unit_test(test_score_position_prior),
      cmocka_unit_test(test_score_title_boost),
      cmocka_unit_test(test_score_non_candidates_and_short),
      cmocka_unit_test(test_score_luhn_significance),
      cmocka_unit_test(test_score_long_damped),
      cmocka_unit_test(test_select_redundancy_and_order),
      cmocka_unit_test(test_select_document_order_and_fewer),
      cmocka_unit_test(test_api_unknown_language),
      cmocka_unit_test_setup_teardown(test_api_n_zero, setup_summarizer,
                                      teardown_summarizer),
      cmocka_unit_test_setup_teardown(test_api_empty, setup_summarizer,
                                      teardown_summarizer),
      cmocka_unit_test_setup_teardown(test_api_binary, setup_summarizer,
                                      teardown_summarizer),
      cmocka_unit_test_setup_teardown(test_api_single_sentence,
                                      setup_summarizer, teardown_summarizer),
      cmocka_unit_test_setup_teardown(test_api_fewer_than_n, setup_summarizer,
                                      teardown_summarizer),
      cmocka_unit_test_setup_teardown(test_api_digest_fields, setup_summarizer,
                                      teardown_summarizer),
      cmocka_unit_test_setup_teardown(test_api_deterministic, setup_summarizer,
                                      teardown_summarizer),
      cmocka_unit_test_setup_teardown(test_api_whitespace_collapsed,
                                      setup_summarizer, teardown_summarizer),
      cmocka_unit_test_setup_teardown(test_api_whitespace_collapsed_long,
                                      setup_summarizer, teardown_summarizer),
      cmocka_unit_test_setup_teardown(test_api_invalid_utf8_and_nul,
                                      setup_summarizer, teardown_summarizer),
      cmocka_unit_test(test_api_forced_language),
      cmocka_unit_test_setup_teardown(test_api_chinese_three_sentences,
                                      setup_summarizer, teardown_summarizer),
  };
  return cmocka_run_group_tests_name("summarizer", tests, NULL, NULL);
}
