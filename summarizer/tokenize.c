/* SPDX-License-Identifier: GPL-3.0-or-later
 * tokenize.c: words of UTF-8 text, with byte offsets, and their folded form.
 *
 * A word is a maximal run of letters, digits and combining marks (so that
 * Devanagari, Tamil or decomposed Vietnamese stay whole); anything else
 * separates words (apostrophes and hyphens too: "don't" gives "don" "t",
 * which the stopword lists expect).  Chinese and Japanese characters
 * (Han, Hiragana, Katakana) are returned one per word, flagged cjk, for the
 * caller to pair into bigrams.  Words are cut at PRECIS__MAX_WORD bytes so a
 * megabyte of letters cannot make a megabyte key.
 *
 * Folding is what libstemmer expects: Unicode case folding then NFC.  ASCII,
 * the common case, is lower-cased in place without allocation.  The input
 * must be valid UTF-8 (precis_text_sanitize() output).  O(n).
 */
#include "summarizer-private.h"

#include <string.h>

PrecisScript
precis__script_of(gunichar c)
{
  if (c < 0x250)
    return PRECIS_SCRIPT_LATIN;
  if (c >= 0x1E00 && c < 0x1F00) /* Latin Extended Additional (Vietnamese) */
    return PRECIS_SCRIPT_LATIN;
  if (c >= 0x370 && c < 0x400)
    return PRECIS_SCRIPT_GREEK;
  if (c >= 0x1F00 && c < 0x2000)
    return PRECIS_SCRIPT_GREEK;
  if (c >= 0x400 && c < 0x530)
    return PRECIS_SCRIPT_CYRILLIC;
  if (c >= 0x530 && c < 0x590)
    return PRECIS_SCRIPT_ARMENIAN;
  if (c >= 0x590 && c < 0x600)
    return PRECIS_SCRIPT_HEBREW;
  if ((c >= 0x600 && c < 0x700) || (c >= 0x750 && c < 0x780) ||
      (c >= 0xFB50 && c < 0xFE00) || (c >= 0xFE70 && c < 0xFF00))
    return PRECIS_SCRIPT_ARABIC;
  if (c >= 0x900 && c < 0x980)
    return PRECIS_SCRIPT_DEVANAGARI;
  if (c >= 0xB80 && c < 0xC00)
    return PRECIS_SCRIPT_TAMIL;
  if (c >= 0xE00 && c < 0xE80)
    return PRECIS_SCRIPT_THAI;
  if ((c >= 0x1100 && c < 0x1200) || (c >= 0xAC00 && c < 0xD7B0) ||
      (c >= 0x3130 && c < 0x3190))
    return PRECIS_SCRIPT_HANGUL;
  if ((c >= 0x3040 && c < 0x3100) || (c >= 0xFF66 && c < 0xFFA0) ||
      (c >= 0x31F0 && c < 0x3200))
    return PRECIS_SCRIPT_KANA;
  if ((c >= 0x4E00 && c < 0xA000) || (c >= 0x3400 && c < 0x4DC0) ||
      (c >= 0xF900 && c < 0xFB00) || (c >= 0x20000 && c < 0x30000) ||
      c == 0x3005 || c == 0x3007)
    return PRECIS_SCRIPT_HAN;
  return PRECIS_SCRIPT_OTHER;
}

gboolean
precis__is_cjk(gunichar c)
{
  if (c < 0x3000)
    return FALSE;
  PrecisScript s = precis__script_of(c);
  /* U+30FB KATAKANA MIDDLE DOT separates words; it is punctuation. */
  return (s == PRECIS_SCRIPT_HAN || s == PRECIS_SCRIPT_KANA) && c != 0x30FB &&
         c != 0x3099 && c != 0x309A;
}

gboolean
precis__is_word_char(gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum((char)c);
  return g_unichar_isalnum(c) || g_unichar_ismark(c);
}

/* Appends to a GArray without a function call per word: the array grows
 * by doubling and is cut to size at the end of the scan. */
typedef struct {
  GArray *array;
  guint n;
} Sink;

static inline void
add_word(Sink *sink, const char *text, const char *start, const char *end,
         gboolean cjk, gboolean upper, gboolean digit)
{
  gsize len = (gsize)(end - start);

  if (len > PRECIS__MAX_WORD) {
    /* Cut on a character boundary. */
    const char *cut = start + PRECIS__MAX_WORD;
    while (cut > start && ((guchar)*cut & 0xC0) == 0x80)
      cut--;
    len = (gsize)(cut - start);
  }
  if (sink->n == sink->array->len)
    g_array_set_size(sink->array, MAX(32u, sink->array->len * 2));
  PrecisWord *w = &g_array_index(sink->array, PrecisWord, sink->n++);
  w->start = (guint32)(start - text);
  w->len = (guint32)len;
  w->cjk = cjk != 0;
  w->upper = upper != 0;
  w->digit = digit != 0;
}

/* ASCII classes for the scan's inner loop (bytes >= 0x80 are 0). */
enum { C_ALNUM = 1, C_DIGIT = 2, C_UPPER = 4 };
static const guint8 ascii_class[256] = {
    ['0' ... '9'] = C_ALNUM | C_DIGIT,
    ['A' ... 'Z'] = C_ALNUM | C_UPPER,
    ['a' ... 'z'] = C_ALNUM,
};

/* The first @max words (all of them with G_MAXUINT).  A word is added
 * when its end is found, so the last one is whole. */
static inline void
words_scan(const char *text, gsize len, GArray *words, guint max)
{
  const char *p = text;
  const char *end = text + len;
  const char *word = NULL; /* start of the current word */
  gboolean upper = FALSE, digit = TRUE;
  Sink sink = {words, words->len};
  Sink *out = &sink;
  const guint first = sink.n;

  /* Offsets are 32-bit relative to @text; a span is never longer than 4 GiB
   * since the CLI caps inputs far below that. */
  g_return_if_fail(len < G_MAXUINT32);
  while (p < end) {
    guchar b = (guchar)*p;
    if (b < 0x80) {
      guint k = ascii_class[b];
      if (k != 0) {
        if (word == NULL) {
          word = p;
          upper = (k & C_UPPER) != 0;
          digit = TRUE;
        }
        /* The rest of an ASCII run in a tight loop: one table load a byte;
         * the digit bits are and-ed together. */
        guint all = C_DIGIT;
        const char *q = p;
        while (q < end && (k = ascii_class[(guchar)*q]) != 0) {
          all &= k;
          q++;
        }
        digit = digit && all != 0;
        p = q;
        continue;
      }
      if (word != NULL) {
        add_word(out, text, word, p, FALSE, upper, digit);
        word = NULL;
        if (out->n - first >= max)
          break;
      }
      p++;
      continue;
    }
    gunichar c = g_utf8_get_char(p);
    const char *next = g_utf8_next_char(p);
    if (precis__is_cjk(c)) {
      if (word != NULL) {
        add_word(out, text, word, p, FALSE, upper, digit);
        word = NULL;
        if (out->n - first >= max)
          break;
      }
      add_word(out, text, p, next, TRUE, FALSE, FALSE);
      if (out->n - first >= max)
        break;
    } else if (precis__is_word_char(c)) {
      if (word == NULL) {
        word = p;
        upper = g_unichar_isupper(c) || g_unichar_istitle(c);
        digit = TRUE;
      }
      if (!g_unichar_isdigit(c))
        digit = FALSE;
    } else if (word != NULL) {
      add_word(out, text, word, p, FALSE, upper, digit);
      word = NULL;
      if (out->n - first >= max)
        break;
    }
    p = next;
  }
  if (word != NULL)
    add_word(out, text, word, end, FALSE, upper, digit);
  g_array_set_size(words, sink.n);
}

void
precis__words_scan(const char *text, gsize len, GArray *words)
{
  words_scan(text, len, words, G_MAXUINT);
}

void
precis__words_scan_max(const char *text, gsize len, GArray *words, guint max)
{
  words_scan(text, len, words, max);
}

void
precis__word_fold(const char *word, gsize len, GString *out)
{
  /* ASCII, the common case, lower-cased in place a word at a time
   * (precis__ascii_lower()); room is made only when the buffer is too
   * small (after the first words it is not), so there is no call. */
  if (len >= out->allocated_len)
    g_string_set_size(out, len);
  if (precis__ascii_lower(out->str, word, len)) {
    out->str[len] = '\0';
    out->len = len;
    return;
  }
  g_string_truncate(out, 0);
  g_autofree char *folded = g_utf8_casefold(word, (gssize)len);
  g_autofree char *nfc = g_utf8_normalize(folded, -1, G_NORMALIZE_NFC);
  g_string_append(out, nfc ? nfc : folded);
}
