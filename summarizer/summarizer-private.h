/* SPDX-License-Identifier: GPL-3.0-or-later
 * summarizer-private.h: what the summarizer's .c files share (precis__*).
 *
 * The stages are plain functions over plain arrays, so each can be tested
 * alone: sanitize -> langid -> sentences -> tokenize (+ stopwords, stem) ->
 * score -> select.  Offsets are always bytes into the sanitized text.
 * Nothing here allocates per word in the common (cached) case.
 */
#ifndef PRECIS_SUMMARIZER_PRIVATE_H
#define PRECIS_SUMMARIZER_PRIVATE_H

#include "precis-summarizer.h"

#include <string.h>

G_BEGIN_DECLS

/* ---- Word maps (wordmap.c) ------------------------------------------------
 */

/* precis__wordmap_hash(key, len) and precis__wordmap_lookup(map, key, len,
 * hash), the value of @key or 0 when absent, are inline in wordmap.h. */
#include "wordmap.h"
PrecisWordMap *precis__wordmap_new(void);
void precis__wordmap_free(PrecisWordMap *map); /* NULL-safe */
void precis__wordmap_clear(PrecisWordMap *map);
guint precis__wordmap_size(const PrecisWordMap *map);
/* Adds or replaces; @value must not be 0.  The key is copied. */
void precis__wordmap_insert(PrecisWordMap *map, const char *key, gsize len,
                            guint32 hash, guint32 value);

/* ---- Languages (stopwords.c) ----------------------------------------------
 */

typedef enum {
  PRECIS_SCRIPT_OTHER,
  PRECIS_SCRIPT_LATIN,
  PRECIS_SCRIPT_CYRILLIC,
  PRECIS_SCRIPT_GREEK,
  PRECIS_SCRIPT_ARMENIAN,
  PRECIS_SCRIPT_HEBREW,
  PRECIS_SCRIPT_ARABIC,
  PRECIS_SCRIPT_DEVANAGARI,
  PRECIS_SCRIPT_TAMIL,
  PRECIS_SCRIPT_HAN,
  PRECIS_SCRIPT_KANA,
  PRECIS_SCRIPT_HANGUL,
  PRECIS_SCRIPT_THAI,
  PRECIS_SCRIPT_LAST
} PrecisScript;

typedef struct {
  const char *code;      /* ISO 639-1 */
  const char *name;      /* English name, lower case */
  const char *stemmer;   /* libstemmer algorithm name, or NULL */
  PrecisScript script;   /* main script, for identification */
  gboolean no_spaces;    /* written without spaces: character bigrams */
  const char *stopwords; /* space-separated, case-folded, NFC */
} PrecisLanguage;

/* Index into the language table; PRECIS__LANG_UND for unknown. */
#define PRECIS__LANG_UND (-1)

guint precis__language_count(void);
const PrecisLanguage *precis__language_get(int index);
/* Index of @lang (code or name, case-insensitive), or PRECIS__LANG_UND. */
int precis__language_lookup(const char *lang);
/* Bit i set when @word (case-folded, @len bytes) is a stopword of language
 * i.  Reentrant (the table is built once, thread-safely). */
guint64 precis__stopword_mask(const char *word, gsize len);
/* Detects the language index of @text; PRECIS__LANG_UND when unsure. */
int precis__language_detect_index(const char *text, gsize len);

/* ---- Scripts and characters (tokenize.c) ------------------------------- */

PrecisScript precis__script_of(gunichar c);
/* Letters, digits and combining marks: the stuff of words. */
gboolean precis__is_word_char(gunichar c);
/* Chinese/Japanese characters that are written without spaces. */
gboolean precis__is_cjk(gunichar c);

/* One word of a sentence. */
typedef struct {
  guint32 start; /* byte offset of the word, relative to the span start */
  guint32 len;   /* bytes */
  guint8 cjk;    /* a Han/Kana character (bigrammed by the caller) */
  guint8 upper;  /* first letter is upper case or title case */
  guint8 digit;  /* made of digits only */
} PrecisWord;

/* Appends the words of @text[0..len) to @words (GArray of PrecisWord).
 * A CJK run yields one PrecisWord per character.  Words longer than
 * PRECIS__MAX_WORD bytes are cut there (their identity is the prefix). */
#define PRECIS__MAX_WORD 64
void precis__words_scan(const char *text, gsize len, GArray *words);
/* The same, stopping after the first @max words. */
void precis__words_scan_max(const char *text, gsize len, GArray *words,
                            guint max);

/* Lower-cases 8 (or 4) bytes, all < 0x80, at once: a byte's high bit is
 * set by the additions when it is >= 'A' and not when it is > 'Z' (no
 * carry crosses bytes below 0x80), and moved to the 0x20 bit. */
static inline guint64
precis__ascii_lower8(guint64 x)
{
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
  guint64 upper =
      (x + ones * (0x80 - 'A')) & ~(x + ones * (0x80 - 'Z' - 1)) & ones * 0x80;
  return x | upper >> 2;
}

/* Copies @n bytes of @src to @dst lower-cased (ASCII letters only) and
 * returns TRUE when all are ASCII; FALSE, with @dst undefined, otherwise.
 * Reads and writes nothing outside [0, n): words of 4 bytes or more are
 * done in 8- or 4-byte loads, the last one overlapping the previous. */
static inline gboolean
precis__ascii_lower(char *dst, const char *src, gsize n)
{
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
  if (n >= 8) {
    guint64 x;
    for (gsize i = 0;; i += 8) {
      if (i + 8 > n)
        i = n - 8;
      memcpy(&x, src + i, 8);
      if (x & ones * 0x80)
        return FALSE;
      x = precis__ascii_lower8(x);
      memcpy(dst + i, &x, 8);
      if (i + 8 == n)
        return TRUE;
    }
  }
  if (n >= 4) {
    guint32 a, b;
    memcpy(&a, src, 4);
    memcpy(&b, src + n - 4, 4);
    if ((a | b) & 0x80808080u)
      return FALSE;
    a = (guint32)precis__ascii_lower8(a);
    b = (guint32)precis__ascii_lower8(b);
    memcpy(dst, &a, 4);
    memcpy(dst + n - 4, &b, 4);
    return TRUE;
  }
  for (gsize i = 0; i < n; i++) {
    guchar c = (guchar)src[i];
    if (c >= 0x80)
      return FALSE;
    dst[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return TRUE;
}

/* Case-folds and NFC-normalizes @word into @out (cleared first).  ASCII
 * takes a fast path without allocation. */
void precis__word_fold(const char *word, gsize len, GString *out);

/* ---- Stemming (stem.c) ----------------------------------------------------
 */

typedef struct PrecisStemmer PrecisStemmer;
/* NULL-safe; a NULL algorithm gives the identity stemmer. */
PrecisStemmer *precis__stemmer_new(const char *algorithm);
void precis__stemmer_free(PrecisStemmer *self);
/* TRUE when libstemmer has no such algorithm (or none was asked for). */
gboolean precis__stemmer_is_identity(const PrecisStemmer *self);
/* Stems a folded word; the result is valid until the next call. */
const char *precis__stemmer_stem(PrecisStemmer *self, const char *word,
                                 gsize len, gsize *out_len);
/* Snowball's English stemmer for a word of [a-z0-9] (stem-english.c):
 * writes the stem to @out (room for @len + 1 bytes) and returns TRUE, or
 * FALSE for any other word (empty, longer than PRECIS__MAX_WORD, or with
 * another byte), which libstemmer must stem. */
gboolean precis__stem_english(const char *word, gsize len, char *out,
                              gsize *out_len);

/* ---- Sentences (sentences.c) ----------------------------------------------
 */

/* As precis_sentences_split() with the language index already known
 * (PRECIS__LANG_UND allowed). */
GArray *precis__sentences_split(const char *text, gsize len, int lang);
/* TRUE when the span is not digest material (byline, dateline, credit, "Read
 * more", navigation...).  Used by the splitter to set PrecisSpan.heading. */
gboolean precis__span_is_boilerplate(const char *s, gsize len);

/* ---- Scoring (score.c) and selection (select.c) -----------------------------
 */

/* The scorer's view of a sentence. */
typedef struct {
  guint first_term; /* into the term array */
  guint n_terms;    /* content terms (with repeats) */
  guint n_words;    /* all words, stopwords included */
  guint position;   /* rank among candidate sentences (0 = first) */
  gboolean candidate;
  double score;
} PrecisSentenceStats;

/* Fills .score of every sentence from @terms (term ids, per sentence slices),
 * @title_terms (nullable set of ids: GHashTable of GUINT_TO_POINTER(id+1)),
 * @n_ids (ids are < n_ids). */
void precis__score_sentences(PrecisSentenceStats *sents, guint n_sents,
                             const guint32 *terms, guint n_ids,
                             GHashTable *title_terms);

/* Chooses up to @n candidate sentences by score with redundancy control;
 * returns their indices in document order (GArray of guint). */
GArray *precis__select(const PrecisSentenceStats *sents, guint n_sents,
                       const guint32 *terms, guint n_ids, guint n);

G_END_DECLS

#endif /* PRECIS_SUMMARIZER_PRIVATE_H */
