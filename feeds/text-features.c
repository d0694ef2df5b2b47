/* SPDX-License-Identifier: GPL-3.0-or-later
 * text-features.c: the shallow text features that both cleaners (HTML
 * blocks and plain-text lines) judge content by, after Kohlschuetter et al.
 * ("Boilerplate detection using shallow text features") and jusText:
 * length, words, stopword share, sentence punctuation, capitalised words,
 * and the wording of typical boilerplate (copyright lines, photo credits,
 * "Read more", share bars, cookie and subscription notices, bylines).
 *
 * Invariants: pure functions of their input; no allocation except the
 * string-returning helpers.  Cost: one pass over the text; the stopword set
 * is a static hash table built once (thread-safe through g_once).
 */
#include "page-private.h"

#include <string.h>

/* Function words of English, French, German, Spanish, Italian, Portuguese
 * and Dutch: their share is high in prose and low in menus and lists. */
static const char *const stopword_list[] = {
    /* en */
    "a",
    "about",
    "after",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "during",
    "each",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "may",
    "me",
    "more",
    "most",
    "much",
    "must",
    "my",
    "no",
    "not",
    "now",
    "of",
    "on",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "said",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "what's",
    "it's",
    "don't",
    "there's",
    "who's",
    /* fr */
    "au",
    "aux",
    "ce",
    "ces",
    "cette",
    "dans",
    "de",
    "des",
    "du",
    "elle",
    "en",
    "est",
    "et",
    "il",
    "ils",
    "la",
    "le",
    "les",
    "leur",
    "lui",
    "mais",
    "nous",
    "ou",
    "par",
    "pas",
    "plus",
    "pour",
    "qu",
    "que",
    "qui",
    "sa",
    "se",
    "ses",
    "son",
    "sont",
    "sur",
    "un",
    "une",
    "vous",
    "été",
    "être",
    /* de */
    "aber",
    "als",
    "auch",
    "auf",
    "aus",
    "bei",
    "das",
    "dass",
    "dem",
    "den",
    "der",
    "die",
    "ein",
    "eine",
    "einem",
    "einen",
    "einer",
    "es",
    "für",
    "hat",
    "ich",
    "im",
    "ist",
    "mit",
    "nach",
    "nicht",
    "noch",
    "sich",
    "sie",
    "sind",
    "und",
    "von",
    "war",
    "wie",
    "wir",
    "wird",
    "zu",
    "zum",
    "zur",
    /* es, it, pt */
    "al",
    "como",
    "con",
    "del",
    "el",
    "ella",
    "entre",
    "era",
    "es",
    "esta",
    "este",
    "las",
    "lo",
    "los",
    "para",
    "pero",
    "por",
    "se",
    "su",
    "sus",
    "una",
    "y",
    "che",
    "di",
    "della",
    "il",
    "nel",
    "non",
    "per",
    "sono",
    "da",
    "do",
    "dos",
    "em",
    "na",
    "no",
    "não",
    "os",
    "ao",
    "à",
    /* nl */
    "het",
    "een",
    "van",
    "en",
    "ik",
    "op",
    "te",
    "dat",
    "niet",
    "zijn",
    "voor",
    "met",
    "maar",
    "ook",
    "aan",
    "bij",
    "werd",
};

/* The stopword set, built once: the stopwords packed into one number each
 * (byte i of the word in bits 8i..8i+7, zero-padded: no stopword is longer
 * than eight bytes), in an open-addressing table (load < 1/4) over a
 * multiplicative hash; 0 is an empty slot.  A lookup packs the word and
 * usually compares one number.  Bit len of stopword_shapes[b]: some
 * stopword starts with byte b and has len bytes, which rejects most words
 * before packing. */
#define STOPWORD_SLOTS 1024
#define STOPWORD_MAX 8
static guint64 stopword_keys[STOPWORD_SLOTS];
static guint16 stopword_shapes[256];

/* @len <= STOPWORD_MAX bytes at @s, packed. */
static inline guint64
stopword_pack(const char *s, gsize len)
{
  guint64 v = 0;
  for (gsize i = 0; i < len; i++)
    v |= (guint64)(guchar)s[i] << (8 * i);
  return v;
}

static inline guint
stopword_slot(guint64 key)
{
  return (guint)((key * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15)) >> 54) &
         (STOPWORD_SLOTS - 1);
}

static void
stopwords_init(void)
{
  static gsize once = 0;
  if (g_once_init_enter(&once)) {
    G_STATIC_ASSERT(G_N_ELEMENTS(stopword_list) * 4 < STOPWORD_SLOTS);
    for (gsize i = 0; i < G_N_ELEMENTS(stopword_list); i++) {
      const char *w = stopword_list[i];
      gsize n = strlen(w);
      if (n > STOPWORD_MAX) /* precis__is_stopword() sees no longer word */
        continue;
      guint64 key = stopword_pack(w, n);
      guint h = stopword_slot(key);
      while (stopword_keys[h] != 0 && stopword_keys[h] != key)
        h = (h + 1) & (STOPWORD_SLOTS - 1);
      stopword_keys[h] = key;
      stopword_shapes[(guchar)w[0]] |= (guint16)(1u << n);
    }
    g_once_init_leave(&once, 1);
  }
}

/* ASCII lower case, as g_ascii_tolower(), inline (that one is a call). */
static inline char
lower_ascii(char ch)
{
  return ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
}

/* lower_ascii() of the eight bytes of @v at once: a byte of 'A' to 'Z' (its
 * seven low bits at least 0x41 and below 0x5B, its high bit clear) gets
 * 0x20 added.  The sums below stay within their bytes. */
static inline guint64
lower_ascii8(guint64 v)
{
  const guint64 highs = G_GUINT64_CONSTANT(0x8080808080808080);
  guint64 x = v & ~highs;
  guint64 ge_a = x + G_GUINT64_CONSTANT(0x3F3F3F3F3F3F3F3F);
  guint64 ge_after_z = x + G_GUINT64_CONSTANT(0x2525252525252525);
  guint64 upper = ge_a & ~ge_after_z & ~v & highs;
  return v | (upper >> 2);
}

/* precis__is_stopword(), inlined into text_stats(): the word is packed,
 * lower-cased eight bytes at a time and looked up as one number (no copy,
 * no string comparison).  The caller has run stopwords_init(). */
static inline G_ALWAYS_INLINE gboolean
is_stopword(const char *word, gsize len)
{
  if (len == 0 || len > STOPWORD_MAX)
    return FALSE;
  if ((stopword_shapes[(guchar)lower_ascii(word[0])] & (1u << len)) == 0)
    return FALSE;
  guint64 key = lower_ascii8(stopword_pack(word, len));
  for (guint h = stopword_slot(key); stopword_keys[h] != 0;
       h = (h + 1) & (STOPWORD_SLOTS - 1))
    if (stopword_keys[h] == key)
      return TRUE;
  return FALSE;
}

gboolean
precis__is_stopword(const char *word, gsize len)
{
  stopwords_init();
  return is_stopword(word, len);
}

static gboolean
is_cjk(gunichar c)
{
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF);
}

static gboolean
is_sentence_end(gunichar c)
{
  return c == '.' || c == '!' || c == '?' || c == 0x3002 || c == 0xFF01 ||
         c == 0xFF1F || c == 0x2026;
}

/* The one pass of precis__text_stats(); @count_stop FALSE skips the
 * stopword lookups (st->stopwords stays 0).  Inlined into both callers, so
 * each gets its own loop. */
static inline G_ALWAYS_INLINE void
text_stats(const char *text, gsize len, PrecisTextStats *st,
           gboolean count_stop)
{
  const char *p = text, *end = text + len;
  guint cjk = 0;
  gunichar last = 0;
  gboolean in_word = FALSE;
  const char *word_start = NULL;

  memset(st, 0, sizeof *st);
  if (count_stop)
    stopwords_init();
  while (p < end) {
    /* The commonest bytes first, as the general path below counts them:
     * an ASCII letter (maybe starting a word), a space (maybe ending one). */
    if (g_ascii_isalpha(*p)) {
      if (!in_word) {
        in_word = TRUE;
        word_start = p;
        st->words++;
        if (g_ascii_isupper(*p))
          st->capitals++;
      }
      /* The rest of the run of ASCII letters in a tight loop. */
      const char *q = p + 1;
      while (q < end && g_ascii_isalpha(*q))
        q++;
      st->chars += (guint)(q - p);
      last = (gunichar)q[-1];
      p = q;
      continue;
    }
    if (*p == ' ') {
      if (in_word) {
        in_word = FALSE;
        if (count_stop && is_stopword(word_start, p - word_start))
          st->stopwords++;
      }
      p++;
      continue;
    }
    /* ASCII without calls into GLib's Unicode tables (same answers). */
    gboolean ascii = (guchar)*p < 0x80;
    gunichar c = ascii ? (gunichar)*p : g_utf8_get_char(p);
    const char *next = ascii ? p + 1 : g_utf8_next_char(p);
    gboolean alnum =
        (ascii ? g_ascii_isalnum((char)c) : g_unichar_isalnum(c)) ||
        c == '\'' || c == 0x2019;
    if (c == 0x2019 || c == '\'')
      alnum = in_word; /* apostrophe inside a word only */
    if (!ascii && is_cjk(c)) {
      cjk++;
      if (in_word) {
        in_word = FALSE;
        if (count_stop && is_stopword(word_start, p - word_start))
          st->stopwords++;
      }
      st->chars++;
      last = c;
      p = next;
      continue;
    }
    if (alnum) {
      if (!in_word) {
        in_word = TRUE;
        word_start = p;
        st->words++;
        if (ascii ? g_ascii_isupper((char)c) : g_unichar_isupper(c))
          st->capitals++;
      }
      if (ascii ? g_ascii_isdigit((char)c) : g_unichar_isdigit(c))
        st->digits++;
    } else if (in_word) {
      in_word = FALSE;
      if (count_stop && is_stopword(word_start, p - word_start))
        st->stopwords++;
    }
    /* g_unichar_isspace() of ASCII: space, \t \n \r \f (not \v). */
    if (ascii ? !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
              : !g_unichar_isspace(c) && c != 0xA0) {
      st->chars++;
      last = c;
    }
    if (c == ',' || c == 0xFF0C || c == 0x3001 || c == 0x060C)
      st->commas++;
    if (is_sentence_end(c)) {
      gunichar n = next < end ? g_utf8_get_char(next) : ' ';
      if (n == ' ' || n == '\n' || n == '"' || n == 0x201D || n == ')' ||
          n == 0xA0 || is_cjk(c) || c >= 0x3000)
        st->sentences++;
    }
    p = next;
  }
  if (in_word && count_stop && is_stopword(word_start, end - word_start))
    st->stopwords++;
  st->words += cjk / 2;
  st->cjk = cjk * 2 > st->chars;
  if (last == '"' || last == 0x201D || last == ')' || last == '\'' ||
      last == 0x2019) {
    /* Look behind the closing quote or bracket. */
    const char *q = end;
    int steps = 0;
    while (q > text && steps < 3) {
      q = g_utf8_prev_char(q);
      gunichar c = g_utf8_get_char(q);
      if (g_unichar_isspace(c))
        continue;
      steps++;
      if (is_sentence_end(c)) {
        st->ends_punct = TRUE;
        break;
      }
      if (c != '"' && c != 0x201D && c != ')' && c != '\'' && c != 0x2019)
        break;
    }
  } else {
    st->ends_punct = is_sentence_end(last) || last == ':' || last == ';';
  }
  if (st->ends_punct && st->sentences == 0)
    st->sentences = 1;
}

void
precis__text_stats(const char *text, gsize len, PrecisTextStats *st)
{
  text_stats(text, len, st, TRUE);
}

void
precis__text_stats_no_stopwords(const char *text, gsize len,
                                PrecisTextStats *st)
{
  text_stats(text, len, st, FALSE);
}

/* Case-insensitive prefix match on ASCII @prefix. */
static gboolean
starts_ci(const char *s, gsize len, const char *prefix)
{
  gsize n = strlen(prefix);
  return len >= n && g_ascii_strncasecmp(s, prefix, n) == 0;
}

/* The pairs of adjacent bytes of a short line, hashed into 4096 bits: a
 * needle one of whose pairs is missing is not in the line (nor in any part
 * of it), without a search. */
typedef struct {
  guint64 bits[64];
} Bigrams;

static inline guint
bigram_slot(char a, char b)
{
  return (((guint)(guchar)a << 5) + (guint)(guchar)b) & 4095u;
}

static void
bigrams_init(Bigrams *bg, const char *s, gsize len)
{
  memset(bg, 0, sizeof *bg);
  for (gsize i = 0; i + 1 < len; i++) {
    guint h = bigram_slot(s[i], s[i + 1]);
    bg->bits[h >> 6] |= G_GUINT64_CONSTANT(1) << (h & 63);
  }
}

/* @needle (lower case) in @low (already lower-cased); @bg, if not NULL, the
 * pairs of a text of which @low is a part.  The lines are short (under 400
 * bytes) and searched about twenty times each: memchr() to the candidates
 * for the needle's first byte, then memcmp(), costs less than memmem(),
 * which sets up a table on every call. */
static inline G_ALWAYS_INLINE gboolean
contains_lc(const Bigrams *bg, const char *low, gsize len, const char *needle)
{
  gsize n = strlen(needle);
  if (n == 0)
    return TRUE;
  if (n > len)
    return FALSE;
  if (bg != NULL)
    for (gsize k = 0; k + 1 < n; k++) {
      guint h = bigram_slot(needle[k], needle[k + 1]);
      if (!(bg->bits[h >> 6] & (G_GUINT64_CONSTANT(1) << (h & 63))))
        return FALSE;
    }
  const char *p = low, *last = low + (len - n);
  while (p <= last) {
    p = memchr(p, needle[0], (gsize)(last - p) + 1);
    if (p == NULL)
      return FALSE;
    if (memcmp(p + 1, needle + 1, n - 1) == 0)
      return TRUE;
    p++;
  }
  return FALSE;
}

/* Any of the NULL-terminated @needles in @low (see contains_lc()). */
static gboolean
contains_any_lc(const Bigrams *bg, const char *low, gsize len,
                const char *const *needles)
{
  for (; *needles != NULL; needles++)
    if (contains_lc(bg, low, len, *needles))
      return TRUE;
  return FALSE;
}

static gboolean
ends_ci(const char *s, gsize len, const char *suffix)
{
  gsize n = strlen(suffix);
  return len >= n && g_ascii_strncasecmp(s + len - n, suffix, n) == 0;
}

/* Photo credits, once a credit word is on the line. */
static const char *const credit_phrases[] = {
    "(photo",      "photo)",   "photo/",         "(file photo",  "getty images",
    "photograph:", "reuters/", "photo by ",      "photo credit", "image credit",
    "(image:",     "(credit:", "/ shutterstock", "via getty",    NULL};

/* Cookie, newsletter and script notices. */
static const char *const notice_phrases[] = {"we use cookies",
                                             "uses cookies",
                                             "subscribe to our",
                                             "sign up for our",
                                             "newsletter",
                                             "javascript is disabled",
                                             "enable javascript",
                                             "your browser does not",
                                             "video is unavailable",
                                             "video is not available",
                                             "flash player",
                                             "to your inbox",
                                             "enter your email",
                                             "will not be published",
                                             NULL};

/* Whole-line phrases of navigation and widgets (compared case-insensitively
 * after trimming trailing punctuation and arrows). */
static const char *const nav_lines[] = {
    "read more",
    "read more news",
    "more",
    "see more",
    "show more",
    "load more",
    "view more",
    "continue reading",
    "read full story",
    "read the full story",
    "full story",
    "related",
    "related news",
    "related articles",
    "related stories",
    "related content",
    "related posts",
    "related topics",
    "related links",
    "related coverage",
    "recommended",
    "recommended for you",
    "recommended stories",
    "you may also like",
    "you might also like",
    "more stories",
    "more from",
    "more news",
    "more on this story",
    "most popular",
    "most read",
    "most viewed",
    "trending",
    "trending now",
    "top stories",
    "latest news",
    "latest",
    "back to top",
    "top",
    "next",
    "previous",
    "next article",
    "previous article",
    "next story",
    "prev",
    "home",
    "menu",
    "search",
    "skip to content",
    "skip to main content",
    "advertisement",
    "advertising",
    "sponsored",
    "sponsored content",
    "comments",
    "comment",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "add a comment",
    "view comments",
    "show comments",
    "tags",
    "topics",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this page",
    "share on facebook",
    "share on twitter",
    "share via email",
    "print",
    "print this page",
    "email",
    "email this",
    "tweet",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "pinterest",
    "reddit",
    "copy link",
    "copied",
    "sign up",
    "sign in",
    "log in",
    "login",
    "register",
    "subscribe",
    "subscribe now",
    "follow us",
    "contact us",
    "about us",
    "privacy policy",
    "terms of use",
    "terms of service",
    "cookie policy",
    "photo",
    "video",
    "watch",
    "listen",
    "gallery",
    "image",
    "photos",
    "videos",
    "close",
    "accept",
    "accept all",
    "ok",
    "got it",
    "loading",
    "loading...",
    "click here",
    "here",
    "top news",
    "editor's picks",
    "editors' picks",
    "also read",
    "see also",
    "read also",
    "don't miss",
    "in other news",
    "what's next",
    "up next",
    "you may be interested in",
    "popular",
    "most shared",
    "newsletter",
    "sign up for our newsletter",
    "thanks for reading",
    "thank you for reading",
};

/* Prefixes that start navigation or notices (line shorter than ~100). */
static const char *const nav_prefixes[] = {
    "read more:",
    "read more about",
    "read also:",
    "also read:",
    "see also:",
    "related:",
    "related news:",
    "related article:",
    "related story:",
    "more:",
    "more on ",
    "watch:",
    "listen:",
    "watch video",
    "click here",
    "follow us",
    "share on ",
    "share this",
    "sign up for",
    "subscribe to",
    "download the ",
    "download our",
    "get the app",
    "join our",
    "like us on",
    "this article was originally published",
    "originally published",
    "this story was originally",
    "tags:",
    "topics:",
    "filed under",
    "posted in",
    "this entry was posted",
    "this entry was written by",
    "bookmark the permalink",
    "trackbacks are closed",
    "both comments and pings are",
    "categories:",
    "category:",
    "advertisement",
    "story continues below",
    "article continues below",
    "continue reading below",
    "scroll to continue",
    "image source",
    "image caption",
    "media caption",
    "getty images",
    "photograph:",
    "photo:",
    "photos:",
    "photo credit",
    "image:",
    "picture:",
    "pictured:",
    "file photo",
    "(photo",
    "credit:",
    "image credit",
    "(c) ",
    "copyright",
    "all rights reserved",
    "we use cookies",
    "this site uses cookies",
    "this website uses cookies",
    "by using this site",
    "by continuing to",
    "you have reached",
    "you've reached",
    "to continue reading",
    "already a subscriber",
    "already have an account",
    "subscribe now",
    "become a member",
    "support our journalism",
    "back to top",
    "next article",
    "previous article",
    "leave a comment",
    "comments (",
    "print this",
    "email this",
    "share via",
};

/* Occurrences of @mark (lower case, no two of which can overlap) in @text,
 * ASCII case ignored, counted up to @max.  memchr() finds the candidates:
 * the places of @mark's byte @key (a rare one), in both cases if a letter;
 * each occurrence holds @key once, so it is found once.  Inlined with a
 * literal @mark and @key: its length and the place of @key fold. */
static inline G_ALWAYS_INLINE guint
count_ci(const char *text, gsize len, const char *mark, char key, guint max)
{
  gsize n = strlen(mark);
  gsize at = (gsize)(strchr(mark, key) - mark);
  guint count = 0;
  if (n > len)
    return 0;
  char cases[2] = {key, key >= 'a' && key <= 'z' ? (char)(key - 32) : key};
  for (guint k = 0; k < (cases[1] != key ? 2u : 1u); k++) {
    const char *p = text + at, *last = text + (len - n) + at;
    while (p <= last && count < max) {
      p = memchr(p, cases[k], (gsize)(last - p) + 1);
      if (p == NULL)
        break;
      const char *s = p - at;
      gsize i = 0;
      while (i < n && lower_ascii(s[i]) == mark[i])
        i++;
      if (i == n)
        count++;
      p++;
    }
  }
  return count;
}

gboolean
precis__is_legal_notice(const char *text, gsize len)
{
  if (len > 4000)
    len = 4000;
  /* Each mark with its rarest byte, the one searched for. */
  guint n = count_ci(text, len, "all rights reserved", 'v', 3);
  if (n < 3)
    n += count_ci(text, len, "trademark", 'k', 3 - n);
  if (n < 3)
    n += count_ci(text, len, "\xC2\xA9", '\xA9', 3 - n);
  if (n < 3)
    n += count_ci(text, len, "(c) ", '(', 3 - n);
  if (n < 3)
    n += count_ci(text, len, "without the prior written", 'p', 3 - n);
  if (n < 3)
    n += count_ci(text, len, "may not be reproduced", 'b', 3 - n);
  return n >= 3;
}

PrecisLineKind
precis__line_kind(const char *text, gsize len)
{
  char buf[160];
  gsize n = 0;

  while (len > 0 && g_ascii_isspace(*text)) {
    text++;
    len--;
  }
  while (len > 0 && g_ascii_isspace(text[len - 1]))
    len--;
  if (len == 0 || len >= 400)
    return PRECIS_LINE_NONE;
  /* Lower-cased once for all the searches below. */
  char low[400];
  for (gsize i = 0; i < len; i++)
    low[i] = lower_ascii(text[i]);
  /* The pairs of bytes of a line short enough for all the searches below
   * (in low, or in norm, a part of it); a longer line gets fewer of them,
   * not worth the pairs' cost. */
  Bigrams pairs;
  const Bigrams *bg = NULL;
  if (len < sizeof buf) {
    bigrams_init(&pairs, low, len);
    bg = &pairs;
  }

  /* Copyright anywhere in a short line. */
  if (len < 300 &&
      (contains_lc(bg, low, len, "all rights reserved") ||
       contains_lc(bg, low, len, "\xC2\xA9") ||
       starts_ci(text, len, "copyright") || starts_ci(text, len, "(c) ") ||
       contains_lc(bg, low, len, "reproduction in whole or in part") ||
       contains_lc(bg, low, len, "may not be published, broadcast") ||
       contains_lc(bg, low, len, "without permission is prohibited")))
    return PRECIS_LINE_COPYRIGHT;

  /* Photo credits: "(Photo/Xinhua)", "(AP Photo/...)", "Photo: X",
   * "Image: Getty", "REUTERS/Name". */
  /* Every credit phrase searched for anywhere in the line holds one of
   * these six words: look for them first. */
  gboolean credit_word = contains_lc(bg, low, len, "photo") ||
                         contains_lc(bg, low, len, "getty") ||
                         contains_lc(bg, low, len, "reuters/") ||
                         contains_lc(bg, low, len, "credit") ||
                         contains_lc(bg, low, len, "(image:") ||
                         contains_lc(bg, low, len, "shutterstock");
  if (len < 400 &&
      ((credit_word && contains_any_lc(bg, low, len, credit_phrases)) ||
       ends_ci(text, len, "/afp") || ends_ci(text, len, "/ap") ||
       ends_ci(text, len, "(afp)") || ends_ci(text, len, "(reuters)") ||
       starts_ci(text, len, "photo:") || starts_ci(text, len, "photos:") ||
       starts_ci(text, len, "image:") || starts_ci(text, len, "picture:") ||
       starts_ci(text, len, "pictured:") || starts_ci(text, len, "credit:") ||
       starts_ci(text, len, "image caption") ||
       starts_ci(text, len, "media caption") ||
       starts_ci(text, len, "image source")))
    return PRECIS_LINE_CREDIT;

  if (len >= sizeof buf)
    return PRECIS_LINE_NONE;

  /* Normalized copy: lower case, trailing punctuation, arrows and
   * counters removed ("Comments (12)", "Read more »"). */
  memcpy(buf, low, len);
  n = len;
  buf[n] = '\0';
  for (;;) {
    if (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '.' || buf[n - 1] == ':' ||
                  buf[n - 1] == '>' || buf[n - 1] == '|' || buf[n - 1] == '!' ||
                  buf[n - 1] == '-' || g_ascii_isdigit(buf[n - 1]) ||
                  buf[n - 1] == '(' || buf[n - 1] == ')')) {
      n--;
      continue;
    }
    /* UTF-8 arrows and guillemets: », →, ›, ... */
    if (n >= 2 && (guchar)buf[n - 2] == 0xC2 && (guchar)buf[n - 1] == 0xBB) {
      n -= 2;
      continue;
    }
    if (n >= 3 && (guchar)buf[n - 3] == 0xE2 &&
        ((guchar)buf[n - 2] == 0x86 || (guchar)buf[n - 2] == 0x80)) {
      n -= 3;
      continue;
    }
    break;
  }
  buf[n] = '\0';
  gsize start = 0;
  while (start < n && (buf[start] == ' ' || buf[start] == '>' ||
                       buf[start] == '|' || buf[start] == '-'))
    start++;
  const char *norm = buf + start;
  gsize nlen = n - start;
  if (nlen == 0) {
    /* Only punctuation and arrows is navigation; numbers are data. */
    for (gsize i = 0; i < len; i++)
      if (g_ascii_isdigit(text[i]))
        return PRECIS_LINE_NONE;
    return PRECIS_LINE_NAV;
  }

  /* "Follow @jdoe on Twitter", "Follow Jane on Facebook". */
  if (nlen < 80 && g_str_has_prefix(norm, "follow ") &&
      (strstr(norm, " on twitter") != NULL ||
       strstr(norm, " on facebook") != NULL ||
       strstr(norm, " on instagram") != NULL))
    return PRECIS_LINE_SHARE;
  /* Headings of readers' comment sections: "Comments", "16 comments",
   * "5 responses to ...", "2 thoughts on ...", "Leave a reply". */
  {
    static const char *const comment_heads[] = {
        "comments",
        "comment",
        "reader comments",
        "readers' comments",
        "user comments",
        "responses",
        "trackback",
        "trackbacks",
        "trackback pings",
        "pingbacks",
        "leave a reply",
        "leave a comment",
        "post a comment",
        "add a comment",
        "add your comment",
        "comments are closed",
        "the comments to this entry are closed",
        "join the discussion",
        "you must be logged in to post a comment",
        "you must log in to post a comment",
    };
    /* "Comments:" is a form field's label. */
    for (gsize i = 0; i < G_N_ELEMENTS(comment_heads) && text[len - 1] != ':';
         i++)
      if (comment_heads[i][0] == norm[0] && strcmp(norm, comment_heads[i]) == 0)
        return PRECIS_LINE_COMMENT;
    gsize d = 0;
    while (d < nlen && g_ascii_isdigit(norm[d]))
      d++;
    if (d > 0 && d < 6 && nlen < 120 &&
        (g_str_has_prefix(norm + d, " comment") ||
         g_str_has_prefix(norm + d, " response") ||
         g_str_has_prefix(norm + d, " repl") ||
         g_str_has_prefix(norm + d, " thought") ||
         g_str_has_prefix(norm + d, " trackback")))
      return PRECIS_LINE_COMMENT;
  }
  /* The first byte decides most comparisons: test it inline. */
  for (gsize i = 0; i < G_N_ELEMENTS(nav_lines); i++)
    if (nav_lines[i][0] == norm[0] && strcmp(norm, nav_lines[i]) == 0)
      return (g_str_has_prefix(nav_lines[i], "share") ||
              strcmp(nav_lines[i], "print") == 0 ||
              strcmp(nav_lines[i], "email") == 0 ||
              strcmp(nav_lines[i], "tweet") == 0)
                 ? PRECIS_LINE_SHARE
                 : PRECIS_LINE_NAV;
  if (nlen < 120) {
    for (gsize i = 0; i < G_N_ELEMENTS(nav_prefixes); i++)
      if (nav_prefixes[i][0] == norm[0] &&
          strncmp(norm, nav_prefixes[i], strlen(nav_prefixes[i])) == 0)
        return PRECIS_LINE_NAV;
  }
  if (nlen < 200 && (contains_any_lc(bg, norm, nlen, notice_phrases) ||
                     (g_str_has_prefix(norm, "this ") &&
                      (contains_lc(bg, norm, nlen, " has been updated") ||
                       contains_lc(bg, norm, nlen, " has been corrected") ||
                       contains_lc(bg, norm, nlen, " was updated")))))
    return PRECIS_LINE_NOTICE;

  /* Bylines: "By Jane Doe", "By Jane Doe and John Roe, Reuters". */
  if (nlen < 100 && g_str_has_prefix(norm, "by ") && nlen > 4) {
    /* Few words, mostly capitalised in the original. */
    guint words = 0, caps = 0;
    gboolean in = FALSE;
    for (gsize i = 3; i < len; i++) {
      if (g_ascii_isspace(text[i]) || text[i] == ',') {
        in = FALSE;
      } else if (!in) {
        in = TRUE;
        words++;
        if (g_ascii_isupper(text[i]) || (guchar)text[i] >= 0x80)
          caps++;
      }
    }
    if (words >= 1 && words <= 10 && caps * 2 >= words)
      return PRECIS_LINE_BYLINE;
  }
  if (nlen < 60 && (g_str_has_prefix(norm, "written by ") ||
                    g_str_has_prefix(norm, "words by ") ||
                    g_str_has_prefix(norm, "posted by ") ||
                    g_str_has_prefix(norm, "author: ") ||
                    g_str_has_prefix(norm, "reporter: ") ||
                    g_str_has_prefix(norm, "editor: ")))
    return PRECIS_LINE_BYLINE;

  /* WordPress's post footer: "This entry was posted on <date> and is filed
   * under ...", "You can follow any responses to this entry through the
   * RSS 2.0 feed." */
  if (g_str_has_prefix(norm, "this entry was posted") ||
      g_str_has_prefix(norm, "this entry is filed under"))
    return PRECIS_LINE_DATELINE;
  if (contains_lc(bg, norm, nlen, "responses to this entry") ||
      contains_lc(bg, norm, nlen, "comments and trackbacks are closed") ||
      contains_lc(bg, norm, nlen,
                  "both comments and pings are currently closed"))
    return PRECIS_LINE_NAV;
  /* Comment headers: "Jane says:", "Jane Doe on July 29, 2021 at 4:47 pm
   * said:" (a name, or a name and a date, before the verb). */
  if (nlen < 120 && text[len - 1] == ':' &&
      (g_str_has_suffix(norm, " said") || g_str_has_suffix(norm, " says") ||
       g_str_has_suffix(norm, " wrote"))) {
    guint words = 1;
    for (gsize i = 0; i < nlen; i++)
      if (norm[i] == ' ')
        words++;
    /* "Jane said:" alone also opens a quote in an article. */
    if (words <= 3 && !g_str_has_suffix(norm, " said"))
      return PRECIS_LINE_REPLY;
    g_autofree char *date = precis__date_find(text, len);
    if (date != NULL)
      return PRECIS_LINE_REPLY;
  }
  /* Datelines: "Published: 29 July 2021", "Updated 10:00 GMT", or a short
   * line that is mostly a date. */
  if (nlen < 80 &&
      (g_str_has_prefix(norm, "published") ||
       g_str_has_prefix(norm, "updated") || g_str_has_prefix(norm, "posted") ||
       g_str_has_prefix(norm, "last updated") ||
       g_str_has_prefix(norm, "first published") ||
       g_str_has_prefix(norm, "date:") || g_str_has_prefix(norm, "modified")))
    return PRECIS_LINE_DATELINE;
  if (nlen < 60) {
    g_autofree char *date = precis__date_find(text, len);
    if (date != NULL) {
      PrecisTextStats st;
      precis__text_stats(text, len, &st);
      if (st.words <= 9 && !st.ends_punct)
        return PRECIS_LINE_DATELINE;
      if (st.words <= 5)
        return PRECIS_LINE_DATELINE;
    }
  }
  return PRECIS_LINE_NONE;
}

char *
precis__collapse_space(const char *text, gsize len)
{
  /* The result is never longer than @text: a space is written only for
   * one or more white-space bytes read. */
  char *out = g_malloc(len + 1), *o = out;
  const char *p = text, *end = text + len;
  gboolean space = FALSE;

  while (p < end) {
    guchar c = (guchar)*p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v') {
      space = TRUE;
      p++;
      continue;
    }
    if (c == 0xC2 && p + 1 < end && (guchar)p[1] == 0xA0) {
      space = TRUE;
      p += 2;
      continue;
    }
    if (space && o > out)
      *o++ = ' ';
    space = FALSE;
    *o++ = (char)c;
    p++;
  }
  *o = '\0';
  return out;
}

char *
precis__byline_clean(const char *text, gsize len)
{
  g_autofree char *s = precis__collapse_space(text, len);
  const char *p = s;
  static const char *const prefixes[] = {"by ",       "written by ",
                                         "words by ", "posted by ",
                                         "author: ",  "reporter: "};
  for (gsize i = 0; i < G_N_ELEMENTS(prefixes); i++) {
    if (g_ascii_strncasecmp(p, prefixes[i], strlen(prefixes[i])) == 0) {
      p += strlen(prefixes[i]);
      break;
    }
  }
  char *out = g_strdup(p);
  gsize n = strlen(out);
  while (n > 0 && (out[n - 1] == ',' || out[n - 1] == '|' ||
                   out[n - 1] == ' ' || out[n - 1] == '-'))
    out[--n] = '\0';
  return out;
}

gboolean
precis__is_tagline(const char *text, gsize len)
{
  static const char *const roles[] = {
      "editor",    "writer",       "reporter",  "correspondent", "producer",
      "columnist", "contributor",  "author",    "journalist",    "blogger",
      "analyst",   "professor",    "fellow",    "director",      "host",
      "critic",    "photographer", "freelance", "researcher",    "founder",
  };
  static const char *const credits[] = {
      " contributed to this report", " contributed to this story",
      " contributed to this article", " contributed reporting"};
  char low[250]; /* the line in lower case, for both searches */
  if (len == 0 || len >= sizeof low)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    low[i] = lower_ascii(text[i]);
  low[len] = '\0';
  /* The credit of the reporters who helped ("Jane Doe contributed to this
   * report.", "... contributed reporting from Paris."): a line of its
   * own under the article. */
  for (gsize i = 0; i < G_N_ELEMENTS(credits); i++)
    if (strstr(low, credits[i]) != NULL)
      return TRUE;
  /* A name: one to four capitalised words, then " is ". */
  const char *p = text, *end = text + len;
  guint names = 0;
  while (p < end && names < 5) {
    if (!(g_ascii_isupper(*p) || (guchar)*p >= 0x80))
      break;
    while (p < end && *p != ' ')
      p++;
    names++;
    if (p < end)
      p++;
    if (end - p >= 3 && strncmp(p, "is ", 3) == 0)
      break;
  }
  if (names == 0 || names > 4 || end - p < 3 || strncmp(p, "is ", 3) != 0)
    return FALSE;
  p += 3;
  /* A role among the next words (80 bytes). */
  char *next = low + (p - text);
  next[MIN((gsize)(end - p), (gsize)80)] = '\0';
  for (gsize i = 0; i < G_N_ELEMENTS(roles); i++)
    if (strstr(next, roles[i]) != NULL)
      return TRUE;
  return FALSE;
}
