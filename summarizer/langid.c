/* SPDX-License-Identifier: GPL-3.0-or-later
 * langid.c: which language is this text in?
 *
 * Two cheap steps.  (1) The script: letters of the first KiB are counted
 * by script; Han with enough Kana is Japanese, Han alone Chinese, and a
 * script that only one known language uses (Greek, Armenian, Tamil, Arabic)
 * settles it.  (2) Otherwise a stopword profile: the first 64 words are
 * looked up in the stopword table and each hit votes for the languages whose
 * list holds it, split evenly among them, so shared words ("a", "de") count
 * for little and distinctive ones ("the", "und", "của") for much.  The
 * language with most votes wins if it has at least two, else "und".
 * A window of ASCII words (the common case) is read in one pass without a
 * word array; anything else goes through precis__words_scan_max().
 * Cost: bounded (a few microseconds) whatever the text length.
 */
#include "summarizer-private.h"

#include <string.h>

#define SCRIPT_BYTES 1024
#define PROFILE_WORDS 64

static PrecisScript
dominant_script(const char *text, gsize len, guint *counts)
{
  const char *p = text;
  const char *end = text + MIN(len, (gsize)SCRIPT_BYTES);
  PrecisScript best = PRECIS_SCRIPT_OTHER;

  while (p < end) {
    guchar b = (guchar)*p;
    if (b < 0x80) {
      /* ASCII runs eight bytes at a time: with the case bit set, a byte
       * is a letter when it is >= 'a' and < '{' (all bytes < 0x80, so the
       * additions below never carry into the next byte). */
      const guint64 ones = 0x0101010101010101u, highs = ones * 0x80;
      guint latin = 0;
      while (end - p >= 8) {
        guint64 x;
        memcpy(&x, p, sizeof x);
        if (x & highs)
          break;
        x |= ones * 0x20;
        guint64 ge_a = x + ones * (0x80 - 'a'), ge_z = x + ones * (0x80 - '{');
        /* The flagged high bits, one per letter, summed by a multiply. */
        guint64 letters = (ge_a & ~ge_z & highs) >> 7;
        latin += (guint)((letters * ones) >> 56);
        p += 8;
      }
      for (; p < end && (b = (guchar)*p) < 0x80; p++)
        latin += (guint)((b | 0x20) - 'a') < 26u;
      counts[PRECIS_SCRIPT_LATIN] += latin;
      continue;
    }
    /* The window may cut the last character. */
    gunichar c = g_utf8_get_char_validated(p, end - p);
    if (c == (gunichar)-1 || c == (gunichar)-2)
      break;
    if (g_unichar_isalpha(c))
      counts[precis__script_of(c)]++;
    p = g_utf8_next_char(p);
  }
  for (int s = PRECIS_SCRIPT_LATIN; s < PRECIS_SCRIPT_LAST; s++)
    if (counts[s] > counts[best])
      best = (PrecisScript)s;
  return best;
}

/* Languages written in @script, as a mask.  Serbian is written in both
 * Cyrillic and Latin letters. */
static guint64
script_languages(PrecisScript script)
{
  guint64 mask = 0;
  for (guint i = 0; i < precis__language_count(); i++) {
    const PrecisLanguage *l = precis__language_get((int)i);
    if (l->script == script ||
        (script == PRECIS_SCRIPT_LATIN && strcmp(l->code, "sr") == 0))
      mask |= G_GUINT64_CONSTANT(1) << i;
  }
  return mask;
}

/* One word's vote: @mask (stopword languages of the word) among the
 * candidates, split evenly. */
static void
vote(double *votes, guint64 mask)
{
  if (mask == 0)
    return;
  /* The bit count by SWAR: __builtin_popcountll() is a libgcc call
   * without -mpopcnt. */
  guint64 c = mask - ((mask >> 1) & G_GUINT64_CONSTANT(0x5555555555555555));
  c = (c & G_GUINT64_CONSTANT(0x3333333333333333)) +
      ((c >> 2) & G_GUINT64_CONSTANT(0x3333333333333333));
  c = (c + (c >> 4)) & G_GUINT64_CONSTANT(0x0F0F0F0F0F0F0F0F);
  guint bits = (guint)((c * G_GUINT64_CONSTANT(0x0101010101010101)) >> 56);
  double share = 1.0 / (double)bits;
  for (guint64 m = mask; m != 0; m &= m - 1) /* each set bit, in order */
    votes[__builtin_ctzll(m)] += share;
}

/* ASCII letters and digits. */
static const guint8 ascii_alnum[256] = {
    ['0' ... '9'] = 1,
    ['A' ... 'Z'] = 1,
    ['a' ... 'z'] = 1,
};

/* Whether the character at @p (>= 0x80) may belong to a word. */
static gboolean
wordlike_at(const char *p)
{
  gunichar c = g_utf8_get_char(p);
  return precis__is_cjk(c) || precis__is_word_char(c);
}

/* The votes of the first PROFILE_WORDS words of @text[0..scan) when they
 * are all ASCII (non-ASCII punctuation such as curly quotes may separate
 * them), in one pass without a word array: the same words, lower-cased
 * the same way, voting in the same order as the general path, so the sums
 * are the same.  FALSE at the first non-ASCII letter, digit, mark or CJK
 * character, with @votes to be thrown away. */
static gboolean
ascii_votes(const char *text, gsize scan, guint64 candidates, double *votes)
{
  const char *p = text, *end = text + scan;
  guint n = 0;

  while (p < end && n < PROFILE_WORDS) {
    guchar b = (guchar)*p;
    if (b >= 0x80) {
      if (wordlike_at(p))
        return FALSE;
      p = g_utf8_next_char(p);
      continue;
    }
    if (!ascii_alnum[b]) {
      p++;
      continue;
    }
    const char *start = p;
    while (p < end && ascii_alnum[(guchar)*p])
      p++;
    char lower[PRECIS__MAX_WORD];
    gsize k = MIN((gsize)(p - start), (gsize)PRECIS__MAX_WORD);
    precis__ascii_lower(lower, start, k);
    if (p < end && (guchar)*p >= 0x80 && wordlike_at(p))
      return FALSE; /* "caf" of "café" */
    n++;
    vote(votes, precis__stopword_mask(lower, k) & candidates);
  }
  return TRUE;
}

static int
profile_vote(const char *text, gsize len, guint64 candidates)
{
  double votes[64] = {0};
  /* Enough text for PROFILE_WORDS words in any alphabet. */
  gsize scan = MIN(len, (gsize)PROFILE_WORDS * 16);

  while (scan < len && ((guchar)text[scan] & 0xC0) == 0x80)
    scan++;
  if (!ascii_votes(text, scan, candidates, votes)) {
    g_autoptr(GArray) words =
        g_array_sized_new(FALSE, FALSE, sizeof(PrecisWord), PROFILE_WORDS);
    g_autoptr(GString) folded = g_string_sized_new(64);
    memset(votes, 0, sizeof votes);
    /* Only the first PROFILE_WORDS words of the window are read. */
    precis__words_scan_max(text, scan, words, PROFILE_WORDS);
    for (guint i = 0; i < words->len && i < PROFILE_WORDS; i++) {
      const PrecisWord *w = &g_array_index(words, PrecisWord, i);
      const char *word = text + w->start;
      char lower[PRECIS__MAX_WORD];
      guint64 mask;
      /* ASCII words lower-cased here, as precis__word_fold would (words
       * are cut at PRECIS__MAX_WORD bytes). */
      if (precis__ascii_lower(lower, word, w->len)) {
        mask = precis__stopword_mask(lower, w->len);
      } else {
        precis__word_fold(word, w->len, folded);
        mask = precis__stopword_mask(folded->str, folded->len);
      }
      vote(votes, mask & candidates);
    }
  }
  int best = PRECIS__LANG_UND;
  double best_votes = 1.999;
  for (int b = 0; b < 64; b++) {
    if (votes[b] > best_votes) {
      best_votes = votes[b];
      best = b;
    }
  }
  return best;
}

int
precis__language_detect_index(const char *text, gsize len)
{
  guint counts[PRECIS_SCRIPT_LAST] = {0};
  PrecisScript script = dominant_script(text, len, counts);

  switch (script) {
  case PRECIS_SCRIPT_HAN:
  case PRECIS_SCRIPT_KANA: {
    guint cjk = counts[PRECIS_SCRIPT_HAN] + counts[PRECIS_SCRIPT_KANA];
    return precis__language_lookup(
        counts[PRECIS_SCRIPT_KANA] * 10 >= cjk ? "ja" : "zh");
  }
  case PRECIS_SCRIPT_GREEK:
    return precis__language_lookup("el");
  case PRECIS_SCRIPT_ARMENIAN:
    return precis__language_lookup("hy");
  case PRECIS_SCRIPT_TAMIL:
    return precis__language_lookup("ta");
  case PRECIS_SCRIPT_ARABIC:
    return precis__language_lookup("ar");
  case PRECIS_SCRIPT_LATIN:
  case PRECIS_SCRIPT_CYRILLIC:
  case PRECIS_SCRIPT_HEBREW:
  case PRECIS_SCRIPT_DEVANAGARI:
    return profile_vote(text, len, script_languages(script));
  case PRECIS_SCRIPT_HANGUL:
  case PRECIS_SCRIPT_THAI:
  case PRECIS_SCRIPT_OTHER:
  case PRECIS_SCRIPT_LAST:
    break;
  }
  return PRECIS__LANG_UND;
}

const char *
precis_language_detect(const char *text, gssize len)
{
  g_return_val_if_fail(text != NULL || len == 0, "und");
  gsize n = len < 0 ? strlen(text) : (gsize)len;
  /* Callers may hand raw bytes: only look at the valid UTF-8 prefix. */
  const char *valid_end = NULL;
  g_utf8_validate(text, (gssize)n, &valid_end);
  int index = precis__language_detect_index(text, (gsize)(valid_end - text));
  const PrecisLanguage *l = precis__language_get(index);
  return l ? l->code : "und";
}
