/* SPDX-License-Identifier: GPL-3.0-or-later
 * sentences.c: sentence spans of UTF-8 text.
 *
 * Spans are byte offsets into the caller's immutable text.  Invariants: they
 * are ordered, disjoint, trimmed of white space, end on UTF-8 boundaries and
 * hold at least one letter or digit.  One left-to-right pass; each decision
 * looks at a bounded window around the stop (the word before it, the word
 * after it), so the cost is O(n) whatever the input.
 *
 * Structure, outside in:
 *  - paragraphs are separated by blank lines (hard boundaries);
 *  - inside a paragraph a line break is a boundary when the line is a
 *    heading or list item (no final punctuation, short against the
 *    paragraph's longest line, or a bulleted/numbered line); otherwise it is
 *    a soft wrap and counts as a space;
 *  - a dateline that opens a paragraph ("(CNN)", "LONDON (Reuters) -") is a
 *    span of its own;
 *  - inside a line, a stop is [.!?…] plus closing quotes and brackets,
 *    followed by white space and something that can start a sentence (not a
 *    lower-case letter).  A period after an abbreviation (Mr. Dr. No. 5),
 *    an initial (J. R. R. Tolkien) or a German-style ordinal is not a stop;
 *    after an ambiguous one (U.S., Inc., Jan., e.g.) it is a stop only when
 *    the next word is a capitalised function word ("... in the U.S. The").
 *    Decimals, URLs and e-mail addresses have no space after their dots.
 *  - Chinese/Japanese 。！？, Devanagari । ॥, Arabic ؟ ۔, Armenian ։,
 *    Ethiopic ።, Myanmar ။ and Khmer ។ end a sentence with or without a
 *    following space.
 * A span without final punctuation that is short (a heading, a list item, a
 * byline) and boilerplate lines (precis__span_is_boilerplate()) are flagged
 * heading: the summarizer reads them but never picks them.
 */
#include "summarizer-private.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define MAX_HEADING_WORDS 20

typedef struct {
  const char *text;
  gsize len;
  int lang;
  guint64 lang_mask; /* stopword languages for sentence starts */
  GArray *out;
  guint paragraph;
  GString *scratch;
} Splitter;

/* ---- Characters --------------------------------------------------------- */

static inline gboolean
is_space_char(gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\v' ||
         c == '\r' || c == 0xA0 || c == 0x3000 || c == 0x2028 || c == 0x2029 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
         c == 0xFEFF;
}

/* Stops that need white space after them. */
static inline gboolean
is_latin_stop(gunichar c)
{
  return c == '.' || c == '!' || c == '?' || c == 0x2026 /* … */ ||
         c == 0x203C || c == 0x203D || c == 0x2047 || c == 0x2048 ||
         c == 0x2049 || c == 0x037E /* Greek question mark */;
}

/* Stops that end a sentence even without a following space. */
static inline gboolean
is_script_stop(gunichar c)
{
  switch (c) {
  case 0x3002: /* 。 */
  case 0xFF61: /* ｡ */
  case 0xFF01: /* ！ */
  case 0xFF1F: /* ？ */
  case 0x0964: /* । */
  case 0x0965: /* ॥ */
  case 0x061F: /* ؟ */
  case 0x06D4: /* ۔ */
  case 0x0589: /* ։ */
  case 0x1362: /* ። */
  case 0x104A: /* ၊ */
  case 0x104B: /* ။ */
  case 0x17D4: /* ។ */
  case 0x17D5: /* ៕ */
  case 0x0F0D: /* ། */
  case 0x0DF4: /* ෴ */
    return TRUE;
  default:
    return FALSE;
  }
}

static inline gboolean
is_closer(gunichar c)
{
  switch (c) {
  case '"':
  case '\'':
  case ')':
  case ']':
  case '}':
  case 0x201D: /* ” */
  case 0x2019: /* ’ */
  case 0x00BB: /* » */
  case 0x203A: /* › */
  case 0x300D: /* 」 */
  case 0x300F: /* 』 */
  case 0xFF09: /* ） */
  case 0x3011: /* 】 */
  case 0x300B: /* 》 */
  case 0xFF02: /* ＂ */
    return TRUE;
  default:
    return FALSE;
  }
}

static inline gboolean
is_opener(gunichar c)
{
  switch (c) {
  case '"':
  case '\'':
  case '(':
  case '[':
  case '{':
  case 0x201C: /* “ */
  case 0x2018: /* ‘ */
  case 0x201E: /* „ */
  case 0x00AB: /* « */
  case 0x2039: /* ‹ */
  case 0x300C: /* 「 */
  case 0x300E: /* 『 */
  case 0xFF08: /* （ */
  case 0x00BF: /* ¿ */
  case 0x00A1: /* ¡ */
    return TRUE;
  default:
    return FALSE;
  }
}

static inline gunichar
char_at(const char *p)
{
  if ((guchar)*p < 0x80)
    return (guchar)*p;
  return g_utf8_get_char(p);
}

static inline const char *
next_char(const char *p)
{
  return (guchar)*p < 0x80 ? p + 1 : g_utf8_next_char(p);
}

/* The character before @p, not before @start: an ASCII byte is a whole
 * character, so only a non-ASCII one needs the search. */
static inline const char *
prev_char(const char *start, const char *p)
{
  if ((guchar)p[-1] < 0x80)
    return p - 1;
  return g_utf8_find_prev_char(start, p);
}

static const char *
skip_spaces(const char *p, const char *end)
{
  while (p < end && is_space_char(char_at(p)))
    p = next_char(p);
  return p;
}

/* End of @p..@end with trailing white space removed. */
static const char *
trim_end(const char *start, const char *end)
{
  while (end > start) {
    const char *prev = prev_char(start, end);
    if (prev == NULL || !is_space_char(char_at(prev)))
      break;
    end = prev;
  }
  return end;
}

static gboolean
has_word_char(const char *p, const char *end)
{
  while (p < end) {
    if ((guchar)*p < 0x80 ? g_ascii_isalnum(*p)
                          : precis__is_word_char(char_at(p)))
      return TRUE;
    p = next_char(p);
  }
  return FALSE;
}

static guint
count_words(const char *p, const char *end, guint limit)
{
  guint n = 0;
  gboolean in_word = FALSE;
  const guint64 ones = 0x0101010101010101u, highs = ones * 0x80;

  while (p < end && n <= limit) {
    guchar b = (guchar)*p;
#ifdef __SSE2__
    if (b < 0x80 && end - p >= 16) {
      /* Sixteen ASCII bytes at once: the letters and digits as a 16-bit
       * mask (signed range compares; with the case bit set, letters are
       * 'a'..'z'), a word starts where a set bit follows a clear one, and
       * the starts are counted by a SWAR popcount. */
      __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
      if (_mm_movemask_epi8(x) == 0) {
        __m128i y = _mm_or_si128(x, _mm_set1_epi8(0x20));
        __m128i digit =
            _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                          _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
        __m128i letter =
            _mm_and_si128(_mm_cmpgt_epi8(y, _mm_set1_epi8('a' - 1)),
                          _mm_cmplt_epi8(y, _mm_set1_epi8('z' + 1)));
        guint32 m = (guint32)_mm_movemask_epi8(_mm_or_si128(digit, letter));
        guint32 c = m & ~((m << 1) | (in_word ? 1u : 0u));
        c = c - ((c >> 1) & 0x5555u);
        c = (c & 0x3333u) + ((c >> 2) & 0x3333u);
        c = (c + (c >> 4)) & 0x0F0Fu;
        n += (c + (c >> 8)) & 0x1Fu;
        in_word = (m >> 15) != 0;
        p += 16;
        continue;
      }
    }
#endif
    if (b < 0x80 && end - p >= 8) {
      guint64 x;
      memcpy(&x, p, sizeof x);
      x = GUINT64_FROM_LE(x);
      if ((x & highs) == 0) {
        /* Eight ASCII bytes at once (SWAR): the high bit of each byte
         * flags a letter or digit (range tests by addition; no byte is
         * >= 0x80, so no carry crosses bytes), a word starts where a
         * flagged byte follows an unflagged one, and a multiply sums the
         * starts. */
        guint64 y = x | (ones * 0x20);
        guint64 digit = (x + ones * (0x80 - '0')) & ~(x + ones * (0x80 - ':'));
        guint64 letter = (y + ones * (0x80 - 'a')) & ~(y + ones * (0x80 - '{'));
        guint64 m = (digit | letter) & highs;
        guint64 starts = m & ~((m << 8) | (in_word ? 0x80u : 0u));
        n += (guint)((((starts >> 7) * ones) >> 56) & 0xff);
        in_word = (m >> 63) != 0;
        p += 8;
        continue;
      }
    }
    if (b < 0x80) {
      gboolean w = g_ascii_isalnum(b);
      if (w && !in_word)
        n++;
      in_word = w;
      p++;
      continue;
    }
    gboolean w = precis__is_word_char(g_utf8_get_char(p));
    if (w && !in_word)
      n++;
    in_word = w;
    p = g_utf8_next_char(p);
  }
  /* The loop may count past the limit within sixteen bytes; the callers
   * only tell limit + 1 ("more") from the exact counts below it. */
  return MIN(n, limit + 1);
}

/* ---- Abbreviations --------------------------------------------------------
 */

/* Never a sentence end: titles and abbreviations that precede a name. */
static const char *const titles[] = {
    "mr",   "mrs",  "ms",   "dr",     "prof", "sr",   "jr",   "st",   "gen",
    "gov",  "sen",  "rep",  "lt",     "col",  "sgt",  "capt", "cmdr", "adm",
    "maj",  "rev",  "hon",  "messrs", "mme",  "mlle", "mm",   "mgr",  "msgr",
    "pres", "supt", "insp", "det",    "cpl",  "pvt",  "atty", "gov",  "rt",
    "vs",   "v",    "cf",   "sra",    "srta", "dra",  "hr",   "fr",   "mt",
    "ft",   "ste",  "sgto", "brig",   "cdr",  "cmdt", "spc",  "pfc",  "sfc",
    "hrn",  "dir",  "wm",   "chas",   "jas",  "geo",  "ald",  "esq",  "bros",
};

/* Not an end before a number: "No. 5", "pp. 10-12", "Jan. 5". */
static const char *const before_numbers[] = {
    "no",  "nos",    "nr",  "vol", "vols", "p",   "pp",  "fig",  "figs", "art",
    "ch",  "sec",    "op",  "ed",  "tel",  "ca",  "c",   "n",    "nº",   "jan",
    "feb", "mar",    "apr", "jun", "jul",  "aug", "sep", "sept", "oct",  "nov",
    "dec", "approx", "vs",  "rs",  "ref",  "tab", "kap", "abs",  "nr",
};

/* Ambiguous: an end only before a capitalised function word. */
static const char *const ambiguous[] = {
    "inc",  "ltd",  "co",   "corp", "etc", "approx", "est", "dept", "univ",
    "ave",  "blvd", "rd",   "al",   "jan", "feb",    "mar", "apr",  "jun",
    "jul",  "aug",  "sep",  "sept", "oct", "nov",    "dec", "plc",  "llc",
    "bhd",  "pty",  "gmbh", "ag",   "sa",  "bzw",    "usw", "ua",   "zb",
    "vgl",  "ggf",  "mio",  "mrd",  "bn",  "m",      "min", "max",  "cca",
    "pl",   "tj",   "stb",  "ill",  "kr",  "dvs",    "osv", "mfl",  "ff",
    "resp", "incl", "excl", "ibid", "viz", "sc",     "var", "ex",   "acc",
};

enum { ABBR_TITLE = 1, ABBR_NUMBER = 2, ABBR_AMBIGUOUS = 4 };

static void
add_class(PrecisWordMap *map, const char *const *list, gsize n, guint32 bit)
{
  for (gsize i = 0; i < n; i++) {
    gsize len = strlen(list[i]);
    guint32 h = precis__wordmap_hash(list[i], len);
    guint32 old = precis__wordmap_lookup(map, list[i], len, h);
    precis__wordmap_insert(map, list[i], len, h, old | bit);
  }
}

/* The classes of abbreviation @word (lower case) belongs to; a map built
 * once per process, read-only after. */
static guint32
abbreviation_class(const char *word, gsize len)
{
  static PrecisWordMap *map;
  if (g_once_init_enter(&map)) {
    PrecisWordMap *m = precis__wordmap_new();
    add_class(m, titles, G_N_ELEMENTS(titles), ABBR_TITLE);
    add_class(m, before_numbers, G_N_ELEMENTS(before_numbers), ABBR_NUMBER);
    add_class(m, ambiguous, G_N_ELEMENTS(ambiguous), ABBR_AMBIGUOUS);
    g_once_init_leave(&map, m);
  }
  return precis__wordmap_lookup(map, word, len,
                                precis__wordmap_hash(word, len));
}

/* "u.s", "e.g", "ph.d": letters in groups of at most two, joined by dots. */
static gboolean
is_dotted_acronym(const char *w)
{
  gboolean dot = FALSE;
  guint run = 0;

  for (const char *p = w; *p; p++) {
    if (*p == '.') {
      if (run == 0)
        return FALSE;
      dot = TRUE;
      run = 0;
    } else if (g_ascii_isalpha(*p)) {
      if (++run > 2)
        return FALSE;
    } else {
      return FALSE;
    }
  }
  return dot && run > 0;
}

/* Languages that write ordinals as "3." ("am 3. Oktober"). */
static gboolean
uses_ordinal_dot(int lang)
{
  const PrecisLanguage *l = precis__language_get(lang);
  if (l == NULL)
    return FALSE;
  static const char *const codes[] = {"de", "da", "no", "fi", "hu",
                                      "sr", "tr", "lt", "eu"};
  for (gsize i = 0; i < G_N_ELEMENTS(codes); i++)
    if (strcmp(l->code, codes[i]) == 0)
      return TRUE;
  return FALSE;
}

/* TRUE when the word at @p is a capitalised function word of the text's
 * language ("The", "Il", "Der"): a sentence start after an ambiguous
 * abbreviation. */
static gboolean
next_is_sentence_start(Splitter *s, const char *p, const char *end)
{
  const char *w = p;
  while (w < end && is_opener(char_at(w)))
    w = next_char(w);
  const char *e = w;
  while (e < end && precis__is_word_char(char_at(e)) && e - w < 32)
    e = next_char(e);
  if (e == w)
    return FALSE;
  gunichar first = char_at(w);
  if (!g_unichar_isupper(first) && !g_unichar_istitle(first))
    return FALSE;
  precis__word_fold(w, (gsize)(e - w), s->scratch);
  return (precis__stopword_mask(s->scratch->str, s->scratch->len) &
          s->lang_mask) != 0;
}

/* Is the period at @dot (one byte '.') followed by white space and then @next
 * a sentence end?  @start is where the current sentence began. */
static gboolean
period_ends_sentence(Splitter *s, const char *start, const char *dot,
                     const char *next, const char *end)
{
  /* The word before the period, back to white space or an opener. */
  const char *w = dot;
  while (w > start) {
    const char *prev = prev_char(start, w);
    gunichar c = char_at(prev);
    if (is_space_char(c) || is_opener(c))
      break;
    w = prev;
  }
  gsize wlen = (gsize)(dot - w);
  if (wlen == 0)
    return TRUE;
  if (wlen > 24)
    return TRUE; /* a long token: a URL or a word, not an abbreviation */

  gunichar first = char_at(w);
  gunichar nc = char_at(next);
  /* A list number or letter that opens the line: "1. Heat the pan". */
  if (w == start && wlen <= 3) {
    gboolean digits = TRUE;
    for (const char *p = w; p < dot; p++)
      digits = digits && g_ascii_isdigit(*p);
    if (digits || (wlen == 1 && g_ascii_isalpha(*w)))
      return FALSE;
  }
  /* An initial: "J. R. R. Tolkien", "George W. Bush". */
  if (next_char(w) == dot && g_unichar_isupper(first))
    return FALSE;

  char lower[32];
  gsize n = 0;
  for (const char *p = w; p < dot && n + 1 < sizeof lower; p++)
    lower[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
  lower[n] = '\0';

  guint32 cls = abbreviation_class(lower, n);
  if (cls & ABBR_TITLE)
    return FALSE;
  if (g_unichar_isdigit(nc) && (cls & ABBR_NUMBER))
    return FALSE;
  if ((cls & ABBR_AMBIGUOUS) || is_dotted_acronym(lower))
    return next_is_sentence_start(s, next, end);
  /* "am 3. Oktober": an ordinal, unless a function word follows. */
  if (wlen <= 3 && uses_ordinal_dot(s->lang)) {
    gboolean digits = TRUE;
    for (const char *p = w; p < dot; p++)
      digits = digits && g_ascii_isdigit(*p);
    if (digits && !next_is_sentence_start(s, next, end))
      return FALSE;
  }
  return TRUE;
}

/* ---- Emitting spans -------------------------------------------------------
 */

static void
emit(Splitter *s, const char *start, const char *end, gboolean terminated,
     gboolean list_item)
{
  start = skip_spaces(start, end);
  end = trim_end(start, end);
  if (start >= end || !has_word_char(start, end))
    return;
  PrecisSpan span;
  span.start = (gsize)(start - s->text);
  span.end = (gsize)(end - s->text);
  span.paragraph = s->paragraph;
  span.heading = FALSE;
  if (!terminated &&
      (list_item ||
       count_words(start, end, MAX_HEADING_WORDS + 1) <= MAX_HEADING_WORDS))
    span.heading = TRUE;
  else if (precis__span_is_boilerplate(start, (gsize)(end - start)))
    span.heading = TRUE;
  g_array_append_val(s->out, span);
}

/* Does the span @start..@end end with sentence punctuation (before closers)? */
static gboolean
ends_terminated(const char *start, const char *end)
{
  end = trim_end(start, end);
  while (end > start) {
    const char *prev = prev_char(start, end);
    gunichar c = char_at(prev);
    if (is_closer(c)) {
      end = prev;
      continue;
    }
    return is_latin_stop(c) || is_script_stop(c);
  }
  return FALSE;
}

/* The first byte of @p..@end that may end a sentence ('.', '!', '?' or
 * any non-ASCII byte), or @end.  Most bytes are ASCII that cannot: they
 * are skipped sixteen at a time with SSE2 (three byte compares and the
 * bytes' own high bits, gathered by one movemask), else eight at a time
 * with SWAR (a byte of x is zero where the text has '.', '!' or '?'; high
 * bits flag the rest). */
static inline const char *
find_maybe_stop(const char *p, const char *end)
{
  /* Bytes that may end a sentence: . ! ? and every non-ASCII lead. */
  static const guint8 maybe_stop[256] = {
      ['.'] = 1, ['!'] = 1, ['?'] = 1, [0x80 ... 0xFF] = 1};

#ifdef __SSE2__
  const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'),
                what = _mm_set1_epi8('?');
  while (end - p >= 16) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(x, dot), _mm_cmpeq_epi8(x, bang)),
        _mm_or_si128(_mm_cmpeq_epi8(x, what), x));
    unsigned mask = (unsigned)_mm_movemask_epi8(hit);
    if (mask != 0)
      return p + __builtin_ctz(mask);
    p += 16;
  }
#else
  while (end - p >= 8) {
    guint64 x;
    memcpy(&x, p, sizeof x);
    const guint64 ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    guint64 dot = x ^ (ones * '.'), bang = x ^ (ones * '!'),
            what = x ^ (ones * '?');
    guint64 hit = ((dot - ones) & ~dot) | ((bang - ones) & ~bang) |
                  ((what - ones) & ~what) | x;
    if (hit & highs)
      break;
    p += 8;
  }
#endif
  while (p < end && !maybe_stop[(guchar)*p])
    p++;
  return p;
}

/* Splits one segment (a run of lines that belong together). */
static void
split_segment(Splitter *s, const char *p, const char *end, gboolean list_item)
{
  const char *start = p;

  while (p < end) {
    p = find_maybe_stop(p, end);
    if (p >= end)
      break;
    gunichar c = char_at(p);
    if (is_script_stop(c)) {
      const char *q = next_char(p);
      while (q < end && (is_script_stop(char_at(q)) || is_closer(char_at(q)) ||
                         is_latin_stop(char_at(q))))
        q = next_char(q);
      if (has_word_char(q, MIN(end, q + 64)) || skip_spaces(q, end) < end) {
        emit(s, start, q, TRUE, list_item);
        start = q;
        list_item = FALSE;
      }
      p = q;
      continue;
    }
    if (!is_latin_stop(c)) {
      p = next_char(p);
      continue;
    }
    /* A run of stops, then closing quotes and brackets. */
    const char *run = p;
    guint n_stops = 0;
    gboolean strong = FALSE; /* ! ? or an ellipsis */
    while (p < end && is_latin_stop(char_at(p))) {
      gunichar d = char_at(p);
      if (d != '.')
        strong = TRUE;
      n_stops++;
      p = next_char(p);
    }
    if (n_stops > 1)
      strong = TRUE;
    while (p < end && is_closer(char_at(p)))
      p = next_char(p);
    if (p >= end)
      break; /* the segment's end closes the sentence anyway */
    if (!is_space_char(char_at(p)))
      continue; /* "3.5", "example.com", "U.S.-led", "Yahoo!s" */
    const char *next = skip_spaces(p, end);
    if (next >= end)
      break;
    gunichar nc = char_at(next);
    if (g_unichar_islower(nc) || nc == ',' || nc == ';' || nc == ':' ||
        nc == ')' || nc == ']' || is_latin_stop(nc))
      continue;
    if (!strong && !period_ends_sentence(s, start, run, next, end))
      continue;
    emit(s, start, p, TRUE, list_item);
    list_item = FALSE;
    start = next;
    p = next;
  }
  emit(s, start, end, ends_terminated(start, end), list_item);
}

/* ---- Lines and paragraphs --------------------------------------------------
 */

/* A bullet ("-", "*", "•", "–") or a number ("1.", "2)", "a)") and a space. */
static gboolean
is_list_item(const char *p, const char *end)
{
  p = skip_spaces(p, end);
  if (p >= end)
    return FALSE;
  gunichar c = char_at(p);
  if (c == '-' || c == '*' || c == '+' || c == 0x2022 || c == 0x2013 ||
      c == 0x2014 || c == 0x25CF || c == 0x25AA || c == 0x25E6 || c == 0x2023 ||
      c == 0x00B7) {
    const char *q = next_char(p);
    return q < end && is_space_char(char_at(q));
  }
  const char *q = p;
  while (q < end && g_ascii_isdigit(*q) && q - p < 3)
    q++;
  if (q == p && q < end && g_ascii_isalpha(*q))
    q++;
  if (q == p || q >= end || (*q != '.' && *q != ')'))
    return FALSE;
  q++;
  return q < end && *q == ' ';
}

/* Length of a dateline that opens @p: "(CNN)", "(CNN) -- ", "LONDON
 * (Reuters) - ", "WASHINGTON — ".  0 when there is none. */
static gsize
dateline_length(const char *p, const char *end)
{
  const char *limit = MIN(end, p + 64);
  const char *q = p;

  if (q < limit && *q == '(') {
    /* "(CNN)" or "(Reuters)": a short capitalised name in brackets. */
    q++;
    if (q >= limit || !g_ascii_isupper(*q))
      return 0;
    while (q < limit && (g_ascii_isalpha(*q) || *q == ' ' || *q == '.' ||
                         *q == '&' || *q == '-'))
      q++;
    if (q >= limit || *q != ')' || q - p > 24)
      return 0;
    q++;
  } else {
    /* A place in capitals, then an optional agency, then a dash. */
    const char *w = q;
    while (w < limit && g_ascii_isupper(*w))
      w++;
    if (w - q < 3)
      return 0;
    q = w;
    gboolean in_paren = FALSE;
    while (q < limit) {
      if (*q == ' ' && q + 1 < limit && (q[1] == '-' || (guchar)q[1] == 0xE2))
        break;
      if (in_paren) {
        in_paren = *q != ')';
      } else if (*q == '(') {
        in_paren = TRUE;
      } else if (*q == ' ') {
        /* Every word of the place is capitalised: "PARIS, France". */
        if (q + 1 < limit && !g_ascii_isupper(q[1]) && q[1] != '(')
          return 0;
      } else if (*q == '.' || *q == '!' || *q == '?' || *q == '\n') {
        return 0;
      }
      q++;
    }
    if (q >= limit || *q != ' ')
      return 0;
    q++;
  }
  /* The dash after the dateline: -, --, – or —. */
  const char *d = skip_spaces(q, end);
  if (d < end && *d == '-') {
    while (d < end && *d == '-')
      d++;
  } else if (d + 2 < end && (guchar)d[0] == 0xE2 && (guchar)d[1] == 0x80 &&
             ((guchar)d[2] == 0x93 || (guchar)d[2] == 0x94)) {
    d += 3;
  } else if (*p != '(') {
    return 0; /* a capitalised place needs its dash */
  } else {
    d = q;
  }
  if (d < end && !is_space_char(char_at(d)) && *p != '(')
    return 0;
  /* Something must follow. */
  if (!has_word_char(d, MIN(end, d + 16)))
    return 0;
  return (gsize)(d - p);
}

static gboolean
line_is_blank(const char *p, const char *end)
{
  return skip_spaces(p, end) >= end;
}

static void
split_paragraph(Splitter *s, const char *p, const char *end)
{
  gsize dl = dateline_length(p, end);
  if (dl > 0) {
    const char *d = p + dl;
    /* Only the dateline words, without the dash, form the heading span. */
    const char *stop = d;
    for (;;) {
      const char *before = stop;
      stop = trim_end(p, stop);
      if (stop > p && stop[-1] == '-')
        stop--;
      else if (stop >= p + 3 && (guchar)stop[-3] == 0xE2 &&
               (guchar)stop[-2] == 0x80 &&
               ((guchar)stop[-1] == 0x93 || (guchar)stop[-1] == 0x94))
        stop -= 3;
      if (stop == before)
        break;
    }
    PrecisSpan span = {(gsize)(p - s->text), (gsize)(stop - s->text),
                       s->paragraph, TRUE};
    if (has_word_char(p, stop))
      g_array_append_val(s->out, span);
    p = d;
  }

  /* The longest line tells wrapped prose from a column of short lines. */
  gsize longest = 0;
  for (const char *l = p; l < end;) {
    const char *nl = memchr(l, '\n', (gsize)(end - l));
    const char *le = nl ? nl : end;
    longest = MAX(longest, (gsize)(trim_end(l, le) - l));
    l = nl ? nl + 1 : end;
  }

  const char *seg = p;
  gboolean seg_list = is_list_item(p, end);
  for (const char *l = p; l < end;) {
    const char *nl = memchr(l, '\n', (gsize)(end - l));
    if (nl == NULL)
      break;
    const char *next = nl + 1;
    gsize line_len = (gsize)(trim_end(l, nl) - l);
    gboolean hard = FALSE;
    if (is_list_item(next, end)) {
      hard = TRUE;
    } else if (!ends_terminated(l, nl) &&
               !g_unichar_islower(char_at(skip_spaces(next, end)))) {
      /* Not wrapped: short against the longest line, or all lines short. */
      hard = longest < 40 || line_len * 10 < longest * 7;
    }
    if (hard) {
      split_segment(s, seg, nl, seg_list);
      seg = next;
      seg_list = is_list_item(next, end);
    }
    l = next;
  }
  split_segment(s, seg, end, seg_list);
}

GArray *
precis__sentences_split(const char *text, gsize len, int lang)
{
  Splitter s = {0};
  const char *p = text;
  const char *end = text + len;

  s.text = text;
  s.len = len;
  s.lang = lang;
  s.lang_mask =
      lang == PRECIS__LANG_UND ? G_MAXUINT64 : G_GUINT64_CONSTANT(1) << lang;
  /* Room for a span per 100 bytes or so: news sentences are longer, so
   * the array rarely grows (each growth is a realloc and a copy). */
  s.out = g_array_sized_new(FALSE, FALSE, sizeof(PrecisSpan),
                            (guint)MIN(len / 100 + 16, (gsize)1 << 20));
  s.scratch = g_string_sized_new(64);

  while (p < end) {
    /* Skip blank lines. */
    for (;;) {
      const char *nl = memchr(p, '\n', (gsize)(end - p));
      const char *le = nl ? nl : end;
      if (!line_is_blank(p, le))
        break;
      p = nl ? nl + 1 : end;
      if (p >= end)
        break;
    }
    if (p >= end)
      break;
    /* The paragraph runs to the next blank line. */
    const char *q = p;
    const char *pend = end;
    while (q < end) {
      const char *nl = memchr(q, '\n', (gsize)(end - q));
      if (nl == NULL)
        break;
      const char *l2 = nl + 1;
      const char *nl2 = memchr(l2, '\n', (gsize)(end - l2));
      if (line_is_blank(l2, nl2 ? nl2 : end)) {
        pend = nl;
        break;
      }
      q = l2;
    }
    split_paragraph(&s, p, pend);
    s.paragraph++;
    p = pend;
  }
  g_string_free(s.scratch, TRUE);
  return s.out;
}

GArray *
precis_sentences_split(const char *text, gsize len, const char *lang)
{
  g_return_val_if_fail(text != NULL || len == 0, NULL);
  int index = lang ? precis__language_lookup(lang)
                   : precis__language_detect_index(text, len);
  return precis__sentences_split(text, len, index);
}

/* ---- Boilerplate ------------------------------------------------------------
 */

static gboolean
has_prefix_ci(const char *s, gsize len, const char *prefix)
{
  gsize n = strlen(prefix);
  return len >= n && g_ascii_strncasecmp(s, prefix, n) == 0;
}

/* Words of a date or time line ("Updated 14:36 GMT, Monday 5 January"). */
static const char *const date_words[] = {
    "jan",    "january", "feb",       "february", "mar",     "march",
    "apr",    "april",   "may",       "jun",      "june",    "jul",
    "july",   "aug",     "august",    "sep",      "sept",    "september",
    "oct",    "october", "nov",       "november", "dec",     "december",
    "monday", "tuesday", "wednesday", "thursday", "friday",  "saturday",
    "sunday", "mon",     "tue",       "wed",      "thu",     "fri",
    "sat",    "sun",     "am",        "pm",       "gmt",     "utc",
    "bst",    "est",     "edt",       "pst",      "pdt",     "cet",
    "cest",   "et",      "pt",        "hkt",      "updated", "published",
    "posted", "last",    "at",        "on",       "th",      "st",
    "nd",     "rd",      "of",        "modified", "created", "date",
};

static gboolean
is_date_word(const char *w, gsize n)
{
  static PrecisWordMap *map;
  if (g_once_init_enter(&map)) {
    PrecisWordMap *m = precis__wordmap_new();
    for (gsize i = 0; i < G_N_ELEMENTS(date_words); i++) {
      gsize len = strlen(date_words[i]);
      precis__wordmap_insert(m, date_words[i], len,
                             precis__wordmap_hash(date_words[i], len), 1);
    }
    g_once_init_leave(&map, m);
  }
  gboolean digits = TRUE;
  for (gsize i = 0; i < n; i++)
    digits = digits && g_ascii_isdigit(w[i]);
  if (digits)
    return TRUE;
  /* "5th", "21st" */
  if (n >= 3 && g_ascii_isdigit(w[0])) {
    gsize d = 0;
    while (d < n && g_ascii_isdigit(w[d]))
      d++;
    return n - d == 2 && g_ascii_isalpha(w[n - 1]);
  }
  char lower[16];
  if (n >= sizeof lower)
    return FALSE;
  precis__ascii_lower(lower, w, n);
  return precis__wordmap_lookup(map, lower, n,
                                precis__wordmap_hash(lower, n)) != 0;
}

/* Photo credits and rights notices, anywhere in a short line.  One pass:
 * only positions whose letter starts a needle are compared. */
static gboolean
has_credit(const char *s, gsize len)
{
#define NEEDLE(str)                                                            \
  {                                                                            \
    str, sizeof str - 1                                                        \
  }
  static const struct {
    const char *s;
    gsize n;
  } needles[] = {NEEDLE("getty images"),
                 NEEDLE("/afp"),
                 NEEDLE("reuters/"),
                 NEEDLE("(photo"),
                 NEEDLE("all rights reserved"),
                 NEEDLE("shutterstock")};
#undef NEEDLE
  /* The needle each byte starts, either case, + 1 (no two needles share a
   * first byte). */
  static const guint8 lead[256] = {
      ['g'] = 1, ['G'] = 1, ['/'] = 2, ['r'] = 3, ['R'] = 3,
      ['('] = 4, ['a'] = 5, ['A'] = 5, ['s'] = 6, ['S'] = 6};
  G_STATIC_ASSERT(G_N_ELEMENTS(needles) == 6);
  for (gsize i = 0; i < len; i++) {
    guint k = lead[(guchar)s[i]];
    if (k-- == 0)
      continue;
    /* The second letter too before a call ('a', 's', 'r' are common). */
    char c2 = i + 1 < len ? s[i + 1] : 0;
    c2 = (char)(c2 >= 'A' && c2 <= 'Z' ? c2 + 32 : c2);
    gsize n = needles[k].n;
    if (needles[k].s[1] == c2 && i + n <= len &&
        g_ascii_strncasecmp(s + i, needles[k].s, n) == 0)
      return TRUE;
  }
  return FALSE;
}

gboolean
precis__span_is_boilerplate(const char *s, gsize len)
{
  static const char *const prefixes[] = {
      "read more",       "read also",        "see also",
      "related:",        "related articles", "related stories",
      "click here",      "photo:",           "photo by",
      "photos:",         "photograph:",      "photograph by",
      "picture:",        "pictures:",        "image:",
      "image copyright", "image caption",    "media caption",
      "credit:",         "source:",          "advertisement",
      "share this",      "follow us",        "follow @",
      "sign up",         "subscribe",        "all rights reserved",
      "copyright",       "\xc2\xa9",         "updated:",
      "published:",      "last updated",     "posted:",
      "watch:",          "video:",           "listen:",
      "email this",      "share on",         "scroll down",
      "lire aussi",      "à lire aussi",     "voir aussi",
      "lesen sie auch",  "mehr zum thema",   "leer más",
      "lee también",     "leia mais",        "leggi anche",
  };
  G_STATIC_ASSERT(G_N_ELEMENTS(prefixes) <= 64);
  /* The prefixes by first byte, as a set of indices, built once: most
   * spans start with a byte that starts none, and the others compare only
   * the few that share it. */
  static guint64 by_first[256];
  static gsize by_first_once = 0;
  if (g_once_init_enter(&by_first_once)) {
    for (gsize i = 0; i < G_N_ELEMENTS(prefixes); i++)
      by_first[(guchar)prefixes[i][0]] |= G_GUINT64_CONSTANT(1) << i;
    g_once_init_leave(&by_first_once, 1);
  }
  char first = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
  guint64 candidates = by_first[(guchar)first];
  if (candidates != 0 && len >= 2) {
    /* The second byte too before a call (all prefixes have two). */
    char second = (char)(s[1] >= 'A' && s[1] <= 'Z' ? s[1] + 32 : s[1]);
    for (; candidates != 0; candidates &= candidates - 1) {
      const char *prefix = prefixes[__builtin_ctzll(candidates)];
      if (prefix[1] == second && has_prefix_ci(s, len, prefix))
        return TRUE;
    }
  }

  /* Bylines, credits and date lines are short. */
  if (len > 160)
    return FALSE;
  /* Every test below wants at most 12 words: count no further. */
  guint words = count_words(s, s + len, 12);
  /* A byline: "By Jane Smith", "By JANE SMITH, BBC News". */
  if (words <= 8 && has_prefix_ci(s, len, "by ") && len > 3 &&
      !g_unichar_islower(char_at(skip_spaces(s + 3, s + len))))
    return TRUE;
  if (words <= 12 && has_credit(s, len))
    return TRUE;
  if (words <= 12 && words > 0) {
    /* A date or time line. */
    guint dated = 0;
    const char *p = s, *end = s + len;
    while (p < end) {
      while (p < end && !g_ascii_isalnum(*p))
        p++;
      const char *w = p;
      while (p < end && g_ascii_isalnum(*p))
        p++;
      if (p > w && is_date_word(w, (gsize)(p - w)))
        dated++;
    }
    if (dated * 10 >= words * 7)
      return TRUE;
  }
  return FALSE;
}
