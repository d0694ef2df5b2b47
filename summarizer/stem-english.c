/* SPDX-License-Identifier: GPL-3.0-or-later
 * stem-english.c: the Snowball English ("Porter2") stemmer, written out in
 * C for lower-case ASCII words, the bulk of what precis stems.
 *
 * libstemmer runs the same algorithm through Snowball's generic machinery
 * (suffix tables searched with find_among, grouping bitmaps, slice
 * bookkeeping): about 1,700 instructions a word, a fifth of all the work of
 * `precis summarize` on news text, since every distinct word is stemmed
 * once per process.  Here each step tests the few suffixes its last letters
 * allow, in place in a small buffer: about a tenth of that.
 *
 * The reference stays libstemmer: this file follows english.sbl of Snowball
 * 2.2 (libstemmer 2.2.0, Debian 12) step by step, and test-summarizer
 * compares the two on every word of the test data and on a list of the
 * algorithm's corner cases.  Each step below names its rule.  Snowball's
 * "among" picks the LONGEST listed suffix that ends the word and then tests
 * that entry's condition only (a failing condition does not fall back to a
 * shorter suffix); the tables are therefore tried longest first.
 *
 * Invariants: input is 1..PRECIS__MAX_WORD bytes of [a-z0-9] (folded ASCII
 * words; anything else returns FALSE and the caller uses libstemmer); the
 * stem is never longer than the word plus one byte.  'Y' marks a y that is
 * a consonant (Snowball's prelude) and is turned back at the end.
 * Cost: O(word length), no allocation.
 */
#include "summarizer-private.h"

#include <string.h>

/* Snowball's groupings: v = aeiouy, v_WXY = v + wxY, valid_LI. */
static inline gboolean
is_v(char c)
{
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static inline gboolean
is_v_wxy(char c)
{
  return is_v(c) || c == 'w' || c == 'x' || c == 'Y';
}

typedef struct {
  char *b; /* the word, not NUL-terminated */
  int n;   /* its length */
  int p1, p2;
} Word;

/* Whether the word ends in @s (@len bytes); compared from the end, where
 * most candidates differ. */
static inline gboolean
ends(const Word *w, const char *s, int len)
{
  if (w->n < len)
    return FALSE;
  const char *p = w->b + w->n - len;
  for (int i = len - 1; i >= 0; i--)
    if (p[i] != s[i])
      return FALSE;
  return TRUE;
}

#define ENDS(w, lit) ends(w, lit, (int)sizeof(lit) - 1)

/* The suffix of @old_len bytes (already matched) becomes @repl. */
static inline void
replace_n(Word *w, int old_len, const char *repl, int r)
{
  memcpy(w->b + w->n - old_len, repl, (gsize)r);
  w->n += r - old_len;
}

#define replace(w, old_len, lit)                                               \
  replace_n(w, old_len, lit, (int)sizeof(lit) - 1)

/* shortv, tested with the cursor at @c (the end of what it looks at):
 * (non-v_WXY v non-v) or (non-v v atlimit), read right to left. */
static gboolean
short_v(const Word *w, int c)
{
  if (c >= 3 && !is_v_wxy(w->b[c - 1]) && is_v(w->b[c - 2]) &&
      !is_v(w->b[c - 3]))
    return TRUE;
  return c == 2 && !is_v(w->b[1]) && is_v(w->b[0]);
}

/* A vowel (v) anywhere in b[0, end). */
static inline gboolean
has_vowel(const Word *w, int end)
{
  for (int i = 0; i < end; i++)
    if (is_v(w->b[i]))
      return TRUE;
  return FALSE;
}

/* exception1: whole words with a fixed stem (NULL: themselves). */
static gboolean
exception1(Word *w)
{
#define E(word, stem)                                                          \
  {                                                                            \
    word, stem, sizeof(word) - 1, sizeof(stem) - 1                             \
  }
  static const struct {
    const char *word, *stem;
    int len, stem_len;
  } list[] = {
      E("skis", "ski"),      E("skies", "sky"),    E("dying", "die"),
      E("lying", "lie"),     E("tying", "tie"),    E("idly", "idl"),
      E("gently", "gentl"),  E("ugly", "ugli"),    E("early", "earli"),
      E("only", "onli"),     E("singly", "singl"), E("sky", "sky"),
      E("news", "news"),     E("howe", "howe"),    E("atlas", "atlas"),
      E("cosmos", "cosmos"), E("bias", "bias"),    E("andes", "andes"),
  };
#undef E
  /* The letters the words start with. */
#define L(c) (1u << ((c) - 'a'))
  const guint32 firsts = L('a') | L('b') | L('c') | L('d') | L('e') | L('g') |
                         L('h') | L('i') | L('l') | L('n') | L('o') | L('s') |
                         L('t') | L('u');
#undef L
  guint first = (guint)(w->b[0] - 'a');
  if (w->n > 6 || first >= 26 || !(firsts & (1u << first)))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(list); i++) {
    if (list[i].len == w->n && w->b[0] == list[i].word[0] &&
        memcmp(w->b, list[i].word, (gsize)w->n) == 0) {
      w->n = list[i].stem_len;
      memcpy(w->b, list[i].stem, (gsize)w->n);
      return TRUE;
    }
  }
  return FALSE;
}

/* prelude: an initial y, and a y after a vowel, are consonants ('Y'). */
static gboolean
prelude(Word *w)
{
  gboolean found = FALSE;
  if (w->b[0] == 'y') {
    w->b[0] = 'Y';
    found = TRUE;
  }
  for (int i = 1; i < w->n; i++) {
    if (w->b[i] == 'y' && is_v(w->b[i - 1])) {
      w->b[i] = 'Y';
      found = TRUE;
    }
  }
  return found;
}

/* After the first vowel-then-non-vowel from @from, or -1. */
static int
past_vc(const Word *w, int from)
{
  int i = from;
  while (i < w->n && !is_v(w->b[i]))
    i++;
  if (i >= w->n)
    return -1;
  i++;
  while (i < w->n && is_v(w->b[i]))
    i++;
  if (i >= w->n)
    return -1;
  return i + 1;
}

/* mark_regions: R1 after the first vowel-then-consonant (or after the
 * prefixes gener, commun, arsen), R2 the same again inside R1. */
static void
mark_regions(Word *w)
{
  w->p1 = w->p2 = w->n;
  int p1;
  if (w->n >= 6 && memcmp(w->b, "commun", 6) == 0)
    p1 = 6;
  else if (w->n >= 5 &&
           (memcmp(w->b, "gener", 5) == 0 || memcmp(w->b, "arsen", 5) == 0))
    p1 = 5;
  else
    p1 = past_vc(w, 0);
  if (p1 < 0)
    return;
  w->p1 = p1;
  int p2 = past_vc(w, p1);
  if (p2 >= 0)
    w->p2 = p2;
}

/* Step_1a: sses -> ss; ied, ies -> i (ie after one letter); s is dropped
 * after a vowel that is not its neighbour; us, ss stay. */
static void
step_1a(Word *w)
{
  char last = w->b[w->n - 1]; /* every suffix ends in s or d */
  if (last != 's' && last != 'd')
    return;
  if (ENDS(w, "sses")) {
    w->n -= 2;
  } else if (ENDS(w, "ied") || ENDS(w, "ies")) {
    if (w->n - 3 >= 2)
      replace(w, 3, "i");
    else
      replace(w, 3, "ie");
  } else if (ENDS(w, "us") || ENDS(w, "ss")) {
    /* unchanged */
  } else if (ENDS(w, "s")) {
    if (w->n >= 2 && has_vowel(w, w->n - 2))
      w->n--;
  }
}

/* exception2: words left as Step_1a made them. */
static gboolean
exception2(const Word *w)
{
  static const char *const list[] = {"inning",  "outing",  "canning",
                                     "herring", "earring", "proceed",
                                     "exceed",  "succeed"};
  if (w->n < 6 || w->n > 7)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(list); i++)
    if (ends(w, list[i], w->n) && list[i][w->n] == '\0')
      return TRUE;
  return FALSE;
}

/* Step_1b: eed, eedly -> ee in R1; ed, edly, ing, ingly go after a vowel,
 * then at, bl, iz take an e, a double consonant loses one, and a short
 * word gains an e. */
static void
step_1b(Word *w)
{
  int len;
  gboolean eed = FALSE;
  char last = w->b[w->n - 1]; /* every suffix ends in y, d or g */
  if (last != 'y' && last != 'd' && last != 'g')
    return;
  if (ENDS(w, "eedly")) {
    len = 5, eed = TRUE;
  } else if (ENDS(w, "ingly")) {
    len = 5;
  } else if (ENDS(w, "edly")) {
    len = 4;
  } else if (ENDS(w, "eed")) {
    len = 3, eed = TRUE;
  } else if (ENDS(w, "ing")) {
    len = 3;
  } else if (ENDS(w, "ed")) {
    len = 2;
  } else {
    return;
  }
  int s = w->n - len;
  if (eed) {
    if (s >= w->p1)
      replace(w, len, "ee");
    return;
  }
  if (!has_vowel(w, s))
    return;
  w->n = s;
  if (ENDS(w, "at") || ENDS(w, "bl") || ENDS(w, "iz")) {
    w->b[w->n++] = 'e';
    return;
  }
  /* (Snowball 2.2 has no exception for words like "add", "egg", "err".) */
  if (w->n >= 2 && w->b[w->n - 1] == w->b[w->n - 2] &&
      strchr("bdfgmnprt", w->b[w->n - 1]) != NULL) {
    w->n--;
    return;
  }
  if (w->n == w->p1 && short_v(w, w->n))
    w->b[w->n++] = 'e';
}

/* Step_1c: a final y or Y after a consonant that is not the first letter
 * becomes i. */
static void
step_1c(Word *w)
{
  if (w->n >= 3 && (w->b[w->n - 1] == 'y' || w->b[w->n - 1] == 'Y') &&
      !is_v(w->b[w->n - 2]))
    w->b[w->n - 1] = 'i';
}

typedef struct {
  const char *suffix;
  const char *repl; /* NULL: a special rule */
  int len, repl_len;
} Rule;

#define RULE(suffix, repl)                                                     \
  {                                                                            \
    suffix, repl, sizeof(suffix) - 1, sizeof(repl) - 1                         \
  }
#define SPECIAL(suffix)                                                        \
  {                                                                            \
    suffix, NULL, sizeof(suffix) - 1, 0                                        \
  }

/* The longest rule of @rules (longest first) that ends the word, or NULL. */
static const Rule *
longest(const Word *w, const Rule *rules, gsize n_rules)
{
  for (gsize i = 0; i < n_rules; i++)
    if (ends(w, rules[i].suffix, rules[i].len))
      return &rules[i];
  return NULL;
}

/* The rules of a step are grouped by their last letter, so a word is
 * tested against the few suffixes that could end it. */
#define GROUP(letter, table)                                                   \
  case letter:                                                                 \
    return longest(w, table, G_N_ELEMENTS(table));

/* Step_2, in R1. */
static const Rule *
step_2_rule(const Word *w)
{
  static const Rule l[] = {RULE("ational", "ate"), RULE("tional", "tion")};
  static const Rule n[] = {RULE("ization", "ize"), RULE("ation", "ate")};
  static const Rule s[] = {RULE("fulness", "ful"), RULE("ousness", "ous"),
                           RULE("iveness", "ive")};
  static const Rule i[] = {
      RULE("biliti", "ble"), RULE("lessli", "less"), RULE("entli", "ent"),
      RULE("aliti", "al"),   RULE("ousli", "ous"),   RULE("iviti", "ive"),
      RULE("fulli", "ful"),  RULE("enci", "ence"),   RULE("anci", "ance"),
      RULE("abli", "able"),  RULE("alli", "al"),     RULE("bli", "ble"),
      SPECIAL("ogi"),        SPECIAL("li"),
  };
  static const Rule m[] = {RULE("alism", "al")};
  static const Rule r[] = {RULE("izer", "ize"), RULE("ator", "ate")};
  switch (w->b[w->n - 1]) {
    GROUP('l', l)
    GROUP('n', n)
    GROUP('s', s)
    GROUP('i', i)
    GROUP('m', m)
    GROUP('r', r)
  default:
    return NULL;
  }
}

static void
step_2(Word *w)
{
  const Rule *r = w->n > 0 ? step_2_rule(w) : NULL;
  if (r == NULL)
    return;
  int len = r->len;
  int s = w->n - len;
  if (s < w->p1)
    return;
  if (r->repl != NULL) {
    replace_n(w, len, r->repl, r->repl_len);
  } else if (r->suffix[0] == 'o') { /* ogi -> og after l */
    if (s >= 1 && w->b[s - 1] == 'l')
      replace(w, len, "og");
  } else { /* li: deleted after a valid_LI letter */
    if (s >= 1 && strchr("cdeghkmnrt", w->b[s - 1]) != NULL)
      w->n = s;
  }
}

/* Step_3, in R1 (ative in R2). */
static const Rule *
step_3_rule(const Word *w)
{
  static const Rule l[] = {RULE("ational", "ate"), RULE("tional", "tion"),
                           RULE("ical", "ic"), RULE("ful", "")};
  static const Rule e[] = {RULE("alize", "al"), RULE("icate", "ic"),
                           SPECIAL("ative")};
  static const Rule i[] = {RULE("iciti", "ic")};
  static const Rule s[] = {RULE("ness", "")};
  switch (w->b[w->n - 1]) {
    GROUP('l', l)
    GROUP('e', e)
    GROUP('i', i)
    GROUP('s', s)
  default:
    return NULL;
  }
}

static void
step_3(Word *w)
{
  const Rule *r = w->n > 0 ? step_3_rule(w) : NULL;
  if (r == NULL)
    return;
  int len = r->len;
  int s = w->n - len;
  if (s < w->p1)
    return;
  if (r->repl != NULL)
    replace_n(w, len, r->repl, r->repl_len);
  else if (s >= w->p2) /* ative */
    w->n = s;
}

/* Step_4, in R2: deletions (ion after s or t). */
static const Rule *
step_4_rule(const Word *w)
{
  static const Rule t[] = {RULE("ement", ""), RULE("ment", ""), RULE("ant", ""),
                           RULE("ent", "")};
  static const Rule e[] = {RULE("ance", ""), RULE("ence", ""), RULE("able", ""),
                           RULE("ible", ""), RULE("ate", ""),  RULE("ive", ""),
                           RULE("ize", "")};
  static const Rule m[] = {RULE("ism", "")};
  static const Rule i[] = {RULE("iti", "")};
  static const Rule s[] = {RULE("ous", "")};
  static const Rule n[] = {SPECIAL("ion")};
  static const Rule l[] = {RULE("al", "")};
  static const Rule r[] = {RULE("er", "")};
  static const Rule c[] = {RULE("ic", "")};
  switch (w->b[w->n - 1]) {
    GROUP('t', t)
    GROUP('e', e)
    GROUP('m', m)
    GROUP('i', i)
    GROUP('s', s)
    GROUP('n', n)
    GROUP('l', l)
    GROUP('r', r)
    GROUP('c', c)
  default:
    return NULL;
  }
}

static void
step_4(Word *w)
{
  const Rule *r = w->n > 0 ? step_4_rule(w) : NULL;
  if (r == NULL)
    return;
  int s = w->n - r->len;
  if (s < w->p2)
    return;
  if (r->repl != NULL || (s >= 1 && (w->b[s - 1] == 's' || w->b[s - 1] == 't')))
    w->n = s;
}

/* Step_5: a final e in R2, or in R1 after no short syllable; a final l
 * after l in R2. */
static void
step_5(Word *w)
{
  if (w->n == 0)
    return;
  int s = w->n - 1;
  if (w->b[s] == 'e') {
    if (s >= w->p2 || (s >= w->p1 && !short_v(w, s)))
      w->n = s;
  } else if (w->b[s] == 'l') {
    if (s >= w->p2 && s >= 1 && w->b[s - 1] == 'l')
      w->n = s;
  }
}

gboolean
precis__stem_english(const char *word, gsize len, char *out, gsize *out_len)
{
  if (len == 0 || len > PRECIS__MAX_WORD)
    return FALSE;
  for (gsize i = 0; i < len; i++) {
    char c = word[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
      return FALSE;
  }
  memcpy(out, word, len);
  Word w = {out, (int)len, 0, 0};

  if (exception1(&w) || w.n < 3) {
    *out_len = (gsize)w.n;
    return TRUE;
  }
  gboolean y_found = prelude(&w);
  mark_regions(&w);
  step_1a(&w);
  if (!exception2(&w)) {
    step_1b(&w);
    step_1c(&w);
    step_2(&w);
    step_3(&w);
    step_4(&w);
    step_5(&w);
  }
  if (y_found)
    for (int i = 0; i < w.n; i++)
      if (w.b[i] == 'Y')
        w.b[i] = 'y';
  *out_len = (gsize)w.n;
  return TRUE;
}
