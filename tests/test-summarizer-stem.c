/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-summarizer-stem.c: stem-english.c (Snowball English written out in
 * C) against its reference, libstemmer's "english": exact stems of known
 * words, then the two compared on every word of the test data, on words
 * built from bases and suffixes that reach each rule of the algorithm, and
 * on every string of one to four letters from an alphabet that exercises
 * the vowel, y and double-consonant rules.  Non-[a-z0-9] words must be
 * refused (libstemmer stems those).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "summarizer-private.h"

#include <libstemmer.h>
#include <string.h>

static struct sb_stemmer *reference;

/* Counts words where the two stemmers differ (printing the first few). */
static guint mismatches;
static guint compared;

static void
compare(const char *word, gsize len)
{
  char out[PRECIS__MAX_WORD + 8];
  gsize n = 0;
  if (!precis__stem_english(word, len, out, &n))
    return;
  const sb_symbol *s =
      sb_stemmer_stem(reference, (const sb_symbol *)word, (int)len);
  assert_non_null(s);
  gsize want = (gsize)sb_stemmer_length(reference);
  compared++;
  if (n != want || memcmp(out, s, n) != 0) {
    if (mismatches++ < 20)
      print_message("# %.*s: libstemmer %.*s, stem-english %.*s\n", (int)len,
                    word, (int)want, (const char *)s, (int)n, out);
  }
}

static int
setup(void **state)
{
  (void)state;
  reference = sb_stemmer_new("english", "UTF_8");
  mismatches = compared = 0;
  return reference == NULL;
}

static int
teardown(void **state)
{
  (void)state;
  sb_stemmer_delete(reference);
  return 0;
}

static void
test_stem_english_known(void **state)
{
  (void)state;
  static const char *const cases[][2] = {
      {"running", "run"},
      {"generously", "generous"},
      {"skies", "sky"},
      {"dying", "die"},
      {"hopping", "hop"},
      {"agreed", "agre"},
      {"news", "news"},
      {"ponies", "poni"},
      {"ties", "tie"},
      {"caresses", "caress"},
      {"gas", "gas"},
      {"kiwis", "kiwi"},
      {"cried", "cri"},
      {"feed", "feed"},
      {"proceeded", "proceed"},
      {"evening", "even"},
      {"sayyid", "sayyid"},
      {"yelling", "yell"},
      {"communication", "communic"},
      {"arsenal", "arsenal"},
      {"generalization", "general"},
      {"hopeful", "hope"},
      {"relational", "relat"},
      {"conditional", "condit"},
      {"rational", "ration"},
      {"digitizer", "digit"},
      {"sensibility", "sensibl"},
      {"hopefulness", "hope"},
      {"electrical", "electr"},
      {"adjustment", "adjust"},
      {"dependent", "depend"},
      {"adoption", "adopt"},
      {"controllable", "control"},
      {"rolled", "roll"},
      {"covid19s", "covid19"},
      {"1990s", "1990s"},
      {"innings", "inning"},
      {"by", "by"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    char out[PRECIS__MAX_WORD + 8];
    gsize n = 0;
    assert_true(
        precis__stem_english(cases[i][0], strlen(cases[i][0]), out, &n));
    out[n] = '\0';
    assert_string_equal(out, cases[i][1]);
  }
}

static void
test_stem_english_refuses(void **state)
{
  (void)state;
  char out[PRECIS__MAX_WORD + 8];
  gsize n = 0;
  char longword[PRECIS__MAX_WORD + 2];
  memset(longword, 'a', sizeof longword);
  assert_false(precis__stem_english("", 0, out, &n));
  assert_false(precis__stem_english("Running", 7, out, &n));
  assert_false(precis__stem_english("caf\xc3\xa9", 5, out, &n));
  assert_false(precis__stem_english("don't", 5, out, &n));
  assert_false(precis__stem_english(longword, sizeof longword, out, &n));
  assert_true(precis__stem_english(longword, PRECIS__MAX_WORD, out, &n));
}

/* Bases that reach the regions' special prefixes, y handling, short
 * syllables and exceptions, times suffixes of every step. */
static void
test_stem_english_rules(void **state)
{
  (void)state;
  static const char *const bases[] = {
      "",        "a",       "at",    "hop",   "hope",   "fee",    "agre",
      "tie",     "die",     "sky",   "ski",   "say",    "yell",   "play",
      "toy",     "fly",     "happ",  "gener", "commun", "arsen",  "relat",
      "condit",  "ration",  "digit", "sens",  "electr", "adjust", "depend",
      "adopt",   "control", "roll",  "fall",  "ebb",    "add",    "err",
      "egg",     "odd",     "off",   "inn",   "out",    "can",    "herr",
      "earr",    "proc",    "exc",   "succ",  "even",   "bias",   "news",
      "only",    "early",   "ugly",  "gent",  "sing",   "idl",    "atlas",
      "cosmos",  "andes",   "howe",  "luxur", "fizz",   "box",    "snow",
      "tax",     "bl",      "tr",    "cr",    "kiwi",   "gas",    "us",
      "class",   "press",   "crie",  "lie",   "y",      "yy",     "ay",
      "covid19", "mp3",     "2020",  "abl",   "ibl",    "log",    "geolog",
  };
  static const char *const suffixes[] = {
      "",      "s",       "es",      "sses",    "ies",     "ied",   "us",
      "ss",    "ed",      "edly",    "eed",     "eedly",   "ing",   "ingly",
      "y",     "ly",      "li",      "e",       "l",       "ll",    "at",
      "bl",    "iz",      "ational", "tional",  "enci",    "anci",  "abli",
      "entli", "izer",    "ization", "ation",   "ator",    "alism", "aliti",
      "alli",  "fulness", "ousli",   "ousness", "iveness", "iviti", "biliti",
      "bli",   "ogi",     "fulli",   "lessli",  "alize",   "icate", "iciti",
      "ical",  "ful",     "ness",    "ative",   "al",      "ance",  "ence",
      "er",    "ic",      "able",    "ible",    "ant",     "ement", "ment",
      "ent",   "ism",     "ate",     "iti",     "ous",     "ive",   "ize",
      "ion",   "sion",    "tion",    "ings",    "ers",     "ally",  "ities",
  };
  char word[128];
  for (gsize i = 0; i < G_N_ELEMENTS(bases); i++) {
    for (gsize j = 0; j < G_N_ELEMENTS(suffixes); j++) {
      for (gsize k = 0; k < G_N_ELEMENTS(suffixes); k += 7) {
        int n = g_snprintf(word, sizeof word, "%s%s%s", bases[i], suffixes[j],
                           suffixes[k]);
        compare(word, (gsize)n);
      }
    }
  }
  print_message("# %u words compared\n", compared);
  assert_int_equal(mismatches, 0);
}

static void
test_stem_english_short_strings(void **state)
{
  (void)state;
  static const char alphabet[] = "abdegilnorstuy1";
  const gsize k = sizeof alphabet - 1;
  char word[4];
  for (gsize len = 1; len <= 4; len++) {
    gsize total = 1;
    for (gsize i = 0; i < len; i++)
      total *= k;
    for (gsize x = 0; x < total; x++) {
      gsize v = x;
      for (gsize i = 0; i < len; i++, v /= k)
        word[i] = alphabet[v % k];
      compare(word, len);
    }
  }
  assert_int_equal(mismatches, 0);
}

/* Every word of the bundled texts, when PRECIS_TEST_DATA is set. */
static void
test_stem_english_test_data(void **state)
{
  (void)state;
  const char *data = g_getenv("PRECIS_TEST_DATA");
  if (data == NULL)
    skip();
  g_autofree char *dir = g_build_filename(data, "summarizer", NULL);
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  assert_non_null(d);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(files,
                  g_build_filename(data, "examples", "article.txt", NULL));
  for (const char *name; (name = g_dir_read_name(d)) != NULL;)
    if (g_str_has_suffix(name, ".txt"))
      g_ptr_array_add(files, g_build_filename(dir, name, NULL));
  for (guint f = 0; f < files->len; f++) {
    g_autofree char *text = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(files->pdata[f], &text, &len, NULL));
    char word[PRECIS__MAX_WORD];
    gsize n = 0;
    for (gsize i = 0; i <= len; i++) {
      char c = i < len ? g_ascii_tolower(text[i]) : ' ';
      if (g_ascii_isalnum(c) && n < sizeof word) {
        word[n++] = c;
      } else if (!g_ascii_isalnum(c)) {
        if (n > 0)
          compare(word, n);
        n = 0;
      }
    }
  }
  print_message("# %u words compared\n", compared);
  assert_true(compared > 500);
  assert_int_equal(mismatches, 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stem_english_known),
      cmocka_unit_test(test_stem_english_refuses),
      cmocka_unit_test_setup_teardown(test_stem_english_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_stem_english_short_strings, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_stem_english_test_data, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
