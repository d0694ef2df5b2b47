/* SPDX-License-Identifier: GPL-3.0-or-later
 * summarizer.c: the PrecisSummarizer and PrecisDigest objects; run() only
 * orchestrates the stages (sanitize, language, sentences, terms, score,
 * select) that live in their own files.
 *
 * Terms.  Every word of the text becomes a term id or nothing (stopwords,
 * bare numbers, single letters).  Ids stand for Snowball stems, or for
 * character bigrams in Chinese and Japanese.  The summarizer keeps, per
 * language, a cache from the word as written to its term, so that a word is
 * folded, looked up in the stopword table and stemmed once per process rather
 * than once per occurrence: after warm-up a word costs one hash lookup.  The
 * caches are bounded (cleared between runs when they outgrow CACHE_MAX), and
 * libstemmer handles are created lazily, the first time a language is met.
 *
 * Global ids grow across runs; each run renumbers the ids it meets into a
 * dense local range (a stamp array, no clearing), so the scorer's arrays are
 * sized by the text, not by the process's history.
 *
 * Threading: one PrecisSummarizer per thread (libstemmer handles and the
 * caches are unsynchronised).  Cost per run: O(text) plus O(S log S) for the
 * selection over S sentences.
 */
#include "summarizer-private.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define CACHE_MAX 200000u
#define IDS_MAX 2000000u

/* Cache values: TERM_STOP, or (global id + 1) << 1. */
#define TERM_STOP 1u

typedef struct {
  PrecisStemmer *stemmer;
  PrecisWordMap *cache; /* word as written -> term */
} LangState;

/* A global id's last run and its local id in that run, side by side: one
 * cache line per lookup. */
typedef struct {
  guint32 run; /* 0: never (runs count from 1) */
  guint32 local;
} IdStamp;

struct PrecisSummarizer {
  int forced; /* language index, or PRECIS__LANG_UND to detect */
  gboolean detect;
  LangState *langs[65]; /* [index + 1]; [0] is "und" */
  PrecisWordMap *stems; /* stem -> global id + 1 */
  guint n_ids;
  /* Per-run renumbering of global ids. */
  GArray *stamps; /* IdStamp per global id */
  guint32 run;
  guint n_local;
  /* Scratch, reused between runs. */
  GArray *words;
  GArray *terms;
  guint terms_room; /* the largest size terms was ever given */
  GString *folded;
};

struct PrecisDigest {
  char *text;
  const char *language; /* static */
  guint n_total;
  GArray *spans;        /* PrecisSpan */
  GArray *indices;      /* guint */
  GArray *scores;       /* double */
  GPtrArray *sentences; /* char *, white space collapsed */
};

/* ---- Lifecycle -------------------------------------------------------------
 */

static void
lang_state_free(LangState *state)
{
  if (state == NULL)
    return;
  precis__stemmer_free(state->stemmer);
  precis__wordmap_free(state->cache);
  g_free(state);
}

PrecisSummarizer *
precis_summarizer_new(const char *lang, GError **error)
{
  int forced = PRECIS__LANG_UND;

  if (lang != NULL && *lang != '\0' && g_ascii_strcasecmp(lang, "auto")) {
    forced = precis__language_lookup(lang);
    if (forced == PRECIS__LANG_UND) {
      g_set_error(error, PRECIS_SUMMARIZER_ERROR,
                  PRECIS_SUMMARIZER_ERROR_LANGUAGE,
                  "unknown language '%s' (use an ISO 639-1 code such as en, "
                  "fr, de, zh)",
                  lang);
      return NULL;
    }
  }
  PrecisSummarizer *self = g_new0(PrecisSummarizer, 1);
  self->forced = forced;
  self->detect = forced == PRECIS__LANG_UND;
  self->stems = precis__wordmap_new();
  self->stamps = g_array_new(FALSE, TRUE, sizeof(IdStamp));
  self->words = g_array_new(FALSE, FALSE, sizeof(PrecisWord));
  self->terms = g_array_new(FALSE, FALSE, sizeof(guint32));
  self->folded = g_string_sized_new(64);
  return self;
}

void
precis_summarizer_free(PrecisSummarizer *self)
{
  if (self == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS(self->langs); i++)
    lang_state_free(self->langs[i]);
  precis__wordmap_free(self->stems);
  g_array_unref(self->stamps);
  g_array_unref(self->words);
  g_array_unref(self->terms);
  g_string_free(self->folded, TRUE);
  g_free(self);
}

static LangState *
lang_state(PrecisSummarizer *self, int lang)
{
  LangState **slot = &self->langs[lang + 1];
  if (*slot == NULL) {
    const PrecisLanguage *l = precis__language_get(lang);
    LangState *state = g_new0(LangState, 1);
    state->stemmer = precis__stemmer_new(l ? l->stemmer : NULL);
    state->cache = precis__wordmap_new();
    *slot = state;
  }
  return *slot;
}

/* Keeps memory bounded in a long-lived process (the plugin, a batch). */
static void
trim_caches(PrecisSummarizer *self)
{
  gboolean reset_ids = self->n_ids > IDS_MAX;
  for (gsize i = 0; i < G_N_ELEMENTS(self->langs); i++) {
    LangState *state = self->langs[i];
    if (state != NULL &&
        (reset_ids || precis__wordmap_size(state->cache) > CACHE_MAX))
      precis__wordmap_clear(state->cache);
  }
  if (reset_ids) {
    precis__wordmap_clear(self->stems);
    self->n_ids = 0;
    g_array_set_size(self->stamps, 0);
  }
}

/* ---- Terms ------------------------------------------------------------------
 */

static guint32
intern_stem(PrecisSummarizer *self, const char *stem, gsize len)
{
  guint32 hash = precis__wordmap_hash(stem, len);
  guint32 v = precis__wordmap_lookup(self->stems, stem, len, hash);
  if (v != 0)
    return v - 1;
  guint32 id = self->n_ids++;
  precis__wordmap_insert(self->stems, stem, len, hash, id + 1);
  return id;
}

/* lookup_term() for a word not in the cache yet (once per word form and
 * process): fold, stopword test, stem, and cache the result. */
static G_GNUC_NO_INLINE guint32
lookup_new_term(PrecisSummarizer *self, LangState *state, int lang,
                const char *key, gsize len, guint32 hash, gboolean cjk)
{
  guint32 v;

  guint64 lang_mask =
      lang == PRECIS__LANG_UND ? G_MAXUINT64 : G_GUINT64_CONSTANT(1) << lang;
  gboolean stop;
  guint32 id = 0;
  if (cjk) {
    /* A bigram (or lone character) is a stopword when each of its
     * characters is: a Chinese function character or a Japanese kana. */
    stop = TRUE;
    for (const char *p = key; p < key + len; p = g_utf8_next_char(p)) {
      gunichar c = g_utf8_get_char(p);
      gboolean kana = c >= 0x3040 && c < 0x30A0; /* Hiragana */
      gsize n = (gsize)(g_utf8_next_char(p) - p);
      if (!kana && (precis__stopword_mask(p, n) & lang_mask) == 0)
        stop = FALSE;
    }
    if (!stop)
      id = intern_stem(self, key, len);
  } else {
    precis__word_fold(key, len, self->folded);
    /* "The" and "the", "Police" and "police": one stemming per folded
     * form, which the cache also keeps. */
    const char *f = self->folded->str;
    gsize flen = self->folded->len;
    gboolean same = flen == len && wordmap_keys_equal((const guchar *)f,
                                                      (const guchar *)key, len);
    guint32 fhash = precis__wordmap_hash(f, flen);
    v = same ? 0 : precis__wordmap_lookup(state->cache, f, flen, fhash);
    if (v != 0) {
      precis__wordmap_insert(state->cache, key, len, hash, v);
      return v;
    }
    stop = (precis__stopword_mask(f, flen) & lang_mask) != 0;
    if (!stop) {
      gsize n = 0;
      const char *stem = precis__stemmer_stem(state->stemmer, f, flen, &n);
      id = intern_stem(self, stem, n);
    }
    if (!same)
      precis__wordmap_insert(state->cache, f, flen, fhash,
                             stop ? TERM_STOP : (id + 1) << 1);
  }
  v = stop ? TERM_STOP : (id + 1) << 1;
  precis__wordmap_insert(state->cache, key, len, hash, v);
  return v;
}

/* The term of the word @key (as written, @len bytes): TERM_STOP or
 * (global id + 1) << 1.  @cjk: a CJK bigram or lone character.  After
 * warm-up nearly every word is in the cache: one hash, one probe. */
static inline guint32
lookup_term(PrecisSummarizer *self, LangState *state, int lang, const char *key,
            gsize len, gboolean cjk)
{
  guint32 hash = precis__wordmap_hash(key, len);
  guint32 v = precis__wordmap_lookup(state->cache, key, len, hash);
  if (G_LIKELY(v != 0))
    return v;
  return lookup_new_term(self, state, lang, key, len, hash, cjk);
}

/* Room for global id @global in the stamp arrays, doubling: ids arrive one
 * by one.  New stamps are 0, never a run number. */
static G_GNUC_NO_INLINE void
grow_stamps(PrecisSummarizer *self, guint32 global)
{
  guint size = MAX(MAX(self->n_ids, global + 1), self->stamps->len * 2);
  size = MAX(size, 1024u);
  g_array_set_size(self->stamps, size);
}

/* Maps a global id to this run's dense local id. */
static inline guint32
local_id(PrecisSummarizer *self, guint32 global)
{
  if (G_UNLIKELY(global >= self->stamps->len))
    grow_stamps(self, global);
  IdStamp *e = &g_array_index(self->stamps, IdStamp, global);
  if (e->run != self->run) {
    e->run = self->run;
    e->local = self->n_local++;
  }
  return e->local;
}

/* g_array_set_size(self->terms, size) without a call when the array had
 * that size before: shrinking never gives memory back, and the contents
 * are not cleared, so setting len is all there is to do. */
static inline void
terms_resize(PrecisSummarizer *self, guint size)
{
  if (G_LIKELY(size <= self->terms_room)) {
    self->terms->len = size;
    return;
  }
  g_array_set_size(self->terms, size);
  self->terms_room = size;
}

/* ASCII letters and digits (g_ascii_isalnum), digits alone, and the bytes
 * of non-ASCII characters. */
enum { A_ALNUM = 1, A_DIGIT = 2, A_HIGH = 4 };
static const guint8 ascii_word[256] = {
    ['0' ... '9'] = A_ALNUM | A_DIGIT,
    ['A' ... 'Z'] = A_ALNUM,
    ['a' ... 'z'] = A_ALNUM,
    [0x80 ... 0xFF] = A_HIGH,
};

/* Whether the character at @p (>= 0x80) may belong to a word. */
static gboolean
wordlike_at(const guchar *p)
{
  gunichar c = g_utf8_get_char((const char *)p);
  return precis__is_cjk(c) || precis__is_word_char(c);
}

/* collect_terms() in one pass, without the word array, for the common
 * span whose words are all ASCII (non-ASCII punctuation such as curly
 * quotes and dashes may separate them).  Returns FALSE, with self->terms
 * as it found it, at the first non-ASCII letter, digit, mark or CJK
 * character; the words before it were looked up exactly as the general
 * path will look them up again, in the same order, so the term ids it gave
 * out are the ones the general path gives (ids go by first occurrence). */
static gboolean
collect_ascii_terms(PrecisSummarizer *self, int lang, const char *text,
                    gsize len, guint *n_words_out)
{
  const guchar *p = (const guchar *)text;
  const guchar *end = p + len;
  guint first = self->terms->len;
  guint n = first, n_words = 0;

  /* At most one term per two bytes (a letter and a separator). */
  terms_resize(self, first + (guint)(len / 2) + 1);
  guint32 *out = (guint32 *)(void *)self->terms->data;
  LangState *state = lang_state(self, lang);
  for (;;) {
    /* Spaces and ASCII punctuation in a tight loop (one table load a
     * byte); it stops at a word or a non-ASCII byte. */
    guint k = 0;
    while (p < end && (k = ascii_word[*p]) == 0)
      p++;
    if (p >= end)
      break;
    if (k & A_HIGH) {
      if (wordlike_at(p)) {
        self->terms->len = first;
        return FALSE;
      }
      p = (const guchar *)g_utf8_next_char(p);
      continue;
    }
    const guchar *start = p;
    /* Only a word that starts with a digit may be all digits. */
    guint all = k & A_DIGIT;
    p++;
    if (all != 0) {
      while (p < end && ((k = ascii_word[*p]) & A_ALNUM) != 0) {
        all &= k;
        p++;
      }
    } else {
      /* No bound test: the text is NUL-terminated (see collect_terms()),
       * and NUL ends the run; a run that goes past @end is cut there. */
      while ((ascii_word[*p] & A_ALNUM) != 0)
        p++;
      p = MIN(p, end);
    }
    if (p < end && *p >= 0x80 && wordlike_at(p)) { /* "caf" of "café" */
      self->terms->len = first;
      return FALSE;
    }
    n_words++;
    gsize key_len = MIN((gsize)(p - start), (gsize)PRECIS__MAX_WORD);
    if (all != 0 || key_len < 2)
      continue;
    guint32 v =
        lookup_term(self, state, lang, (const char *)start, key_len, FALSE);
    if (v != TERM_STOP)
      out[n++] = local_id(self, (v >> 1) - 1);
  }
  self->terms->len = n;
  *n_words_out = n_words;
  return TRUE;
}

/* Appends the local term ids of @text[0..len) to self->terms; returns the
 * number of words (CJK characters count as half a word each).  @text must
 * lie in a NUL-terminated buffer (the sanitized text or title): the ASCII
 * path reads a word past @len up to the first byte that is no letter or
 * digit. */
static guint
collect_terms(PrecisSummarizer *self, int lang, const char *text, gsize len)
{
  guint n_words = 0, n_cjk = 0;
  const PrecisWord *prev = NULL;

  if (collect_ascii_terms(self, lang, text, len, &n_words))
    return n_words;
  LangState *state = lang_state(self, lang);

  /* Both arrays are plain (not cleared, not zero-terminated): shrinking
   * is setting len, without a call. */
  self->words->len = 0;
  precis__words_scan(text, len, self->words);
  /* At most one term per word: room first, no append call per term. */
  guint n_terms = self->terms->len;
  terms_resize(self, n_terms + self->words->len);
  guint32 *out = (guint32 *)(void *)self->terms->data;
  for (guint i = 0; i < self->words->len; i++) {
    const PrecisWord *w = &g_array_index(self->words, PrecisWord, i);
    gboolean cjk_pair = FALSE;
    gsize key_len;
    if (w->cjk) {
      n_cjk++;
      const PrecisWord *next =
          i + 1 < self->words->len
              ? &g_array_index(self->words, PrecisWord, i + 1)
              : NULL;
      gboolean joined_next =
          next && next->cjk && next->start == w->start + w->len;
      gboolean joined_prev =
          prev && prev->cjk && w->start == prev->start + prev->len;
      prev = w;
      if (joined_next) {
        key_len = w->len + next->len;
        cjk_pair = TRUE;
      } else if (!joined_prev) {
        key_len = w->len;
        cjk_pair = TRUE; /* a lone character */
      } else {
        continue; /* the last character of a run: already in a bigram */
      }
    } else {
      prev = NULL;
      n_words++;
      if (w->digit || w->len < 2)
        continue;
      key_len = w->len;
    }
    guint32 v =
        lookup_term(self, state, lang, text + w->start, key_len, cjk_pair);
    if (v == TERM_STOP)
      continue;
    out[n_terms++] = local_id(self, (v >> 1) - 1);
  }
  self->terms->len = n_terms;
  return n_words + (n_cjk + 1) / 2;
}

/* ---- Running
 * ----------------------------------------------------------------- */

/* ASCII white space: the bytes collapse_spaces() squeezes. */
static const guint8 ascii_space[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1, ['\v'] = 1,
};

static char *
collapse_spaces(const char *s, gsize len)
{
  char *out = g_malloc(len + 1); /* never longer than the input */
  gsize n = 0, i = 0;
  gboolean space = FALSE;
#ifdef __SSE2__
  /* Sixteen bytes at a time: a chunk is stored whole at out + n (n <= i,
   * since a run of spaces gives at most one byte, so the store stays
   * within the buffer) and n advances by the length of its run of
   * non-spaces; what lies past the run is overwritten later or past the
   * final NUL. */
  while (len - i >= 16) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i ws =
        _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('\t' - 1)),
                                   _mm_cmplt_epi8(x, _mm_set1_epi8('\r' + 1))),
                     _mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
    unsigned mask = (unsigned)_mm_movemask_epi8(ws);
    if (mask & 1u) {
      unsigned text = ~mask & 0xFFFFu;
      space = TRUE;
      i += text ? (gsize)__builtin_ctz(text) : 16;
      continue;
    }
    if (space && n > 0)
      out[n++] = ' ';
    space = FALSE;
    _mm_storeu_si128((__m128i *)(void *)(out + n), x);
    gsize run = mask ? (gsize)__builtin_ctz(mask) : 16;
    n += run;
    i += run;
  }
#endif
  for (; i < len; i++) {
    char c = s[i];
    if (ascii_space[(guchar)c]) {
      space = TRUE;
      continue;
    }
    if (space && n > 0)
      out[n++] = ' ';
    space = FALSE;
    out[n++] = c;
  }
  out[n] = '\0';
  return out;
}

/* Term ids of the title, as a set of local id + 1. */
static GHashTable *
title_terms(PrecisSummarizer *self, int lang, const char *title, gsize len)
{
  guint first = self->terms->len;
  collect_terms(self, lang, title, len);
  GHashTable *set = g_hash_table_new(NULL, NULL);
  for (guint i = first; i < self->terms->len; i++)
    g_hash_table_add(
        set, GUINT_TO_POINTER(g_array_index(self->terms, guint32, i) + 1));
  g_array_set_size(self->terms, first);
  return set;
}

PrecisDigest *
precis_summarizer_run(PrecisSummarizer *self, const char *text, gsize len,
                      const char *title, guint n, GError **error)
{
  g_return_val_if_fail(self != NULL, NULL);
  g_return_val_if_fail(text != NULL || len == 0, NULL);

  if (n == 0) {
    g_set_error_literal(error, PRECIS_SUMMARIZER_ERROR,
                        PRECIS_SUMMARIZER_ERROR_INVALID,
                        "the number of sentences must be at least 1");
    return NULL;
  }
  g_autofree char *clean = precis_text_sanitize(text, len, error);
  if (clean == NULL)
    return NULL;
  gsize clean_len = strlen(clean);

  int lang = self->detect ? precis__language_detect_index(clean, clean_len)
                          : self->forced;
  g_autoptr(GArray) spans = precis__sentences_split(clean, clean_len, lang);
  guint n_spans = spans->len;
  gboolean any = FALSE;
  for (guint i = 0; i < n_spans && !any; i++)
    any = !g_array_index(spans, PrecisSpan, i).heading;
  if (!any) {
    g_set_error_literal(
        error, PRECIS_SUMMARIZER_ERROR, PRECIS_SUMMARIZER_ERROR_EMPTY,
        n_spans ? "no sentence to digest (only headings)"
                : precis_summarizer_strerror(PRECIS_SUMMARIZER_ERROR_EMPTY));
    return NULL;
  }

  trim_caches(self);
  self->run++;
  if (self->run == 0) { /* wrapped: old stamps may equal new runs, 0 not */
    memset(self->stamps->data, 0, self->stamps->len * sizeof(IdStamp));
    self->run = 1;
  }
  self->n_local = 0;
  g_array_set_size(self->terms, 0);

  /* Title: the given one, else an opening heading line. */
  g_autoptr(GHashTable) tset = NULL;
  if (title != NULL && *title != '\0') {
    g_autofree char *t = precis_text_sanitize(title, strlen(title), NULL);
    if (t != NULL)
      tset = title_terms(self, lang, t, strlen(t));
  } else {
    const PrecisSpan *first = &g_array_index(spans, PrecisSpan, 0);
    if (first->heading && first->paragraph == 0 &&
        !precis__span_is_boilerplate(clean + first->start,
                                     first->end - first->start))
      tset = title_terms(self, lang, clean + first->start,
                         first->end - first->start);
  }

  g_autofree PrecisSentenceStats *stats = g_new0(PrecisSentenceStats, n_spans);
  guint position = 0;
  for (guint i = 0; i < n_spans; i++) {
    const PrecisSpan *span = &g_array_index(spans, PrecisSpan, i);
    PrecisSentenceStats *s = &stats[i];
    s->first_term = self->terms->len;
    s->n_words =
        collect_terms(self, lang, clean + span->start, span->end - span->start);
    s->n_terms = self->terms->len - s->first_term;
    s->candidate = !span->heading;
    if (s->candidate)
      s->position = position++;
  }

  const guint32 *terms = (const guint32 *)(void *)self->terms->data;
  precis__score_sentences(stats, n_spans, terms, self->n_local, tset);
  g_autoptr(GArray) chosen =
      precis__select(stats, n_spans, terms, self->n_local, n);

  PrecisDigest *digest = g_new0(PrecisDigest, 1);
  const PrecisLanguage *l = precis__language_get(lang);
  digest->language = l ? l->code : "und";
  digest->n_total = n_spans;
  digest->spans =
      g_array_sized_new(FALSE, FALSE, sizeof(PrecisSpan), chosen->len);
  digest->indices = g_array_sized_new(FALSE, FALSE, sizeof(guint), chosen->len);
  digest->scores = g_array_sized_new(FALSE, FALSE, sizeof(double), chosen->len);
  digest->sentences = g_ptr_array_new_with_free_func(g_free);
  for (guint k = 0; k < chosen->len; k++) {
    guint i = g_array_index(chosen, guint, k);
    const PrecisSpan *span = &g_array_index(spans, PrecisSpan, i);
    g_array_append_val(digest->spans, *span);
    g_array_append_val(digest->indices, i);
    g_array_append_val(digest->scores, stats[i].score);
    g_ptr_array_add(
        digest->sentences,
        collapse_spaces(clean + span->start, span->end - span->start));
  }
  digest->text = g_steal_pointer(&clean);
  return digest;
}

/* ---- The digest
 * --------------------------------------------------------------- */

const char *
precis_digest_get_text(const PrecisDigest *self)
{
  g_return_val_if_fail(self != NULL, NULL);
  return self->text;
}

const char *
precis_digest_get_language(const PrecisDigest *self)
{
  g_return_val_if_fail(self != NULL, NULL);
  return self->language;
}

guint
precis_digest_get_n_sentences(const PrecisDigest *self)
{
  g_return_val_if_fail(self != NULL, 0);
  return self->sentences->len;
}

guint
precis_digest_get_n_total(const PrecisDigest *self)
{
  g_return_val_if_fail(self != NULL, 0);
  return self->n_total;
}

const char *
precis_digest_get_sentence(const PrecisDigest *self, guint i)
{
  g_return_val_if_fail(self != NULL && i < self->sentences->len, NULL);
  return g_ptr_array_index(self->sentences, i);
}

const PrecisSpan *
precis_digest_get_span(const PrecisDigest *self, guint i)
{
  g_return_val_if_fail(self != NULL && i < self->spans->len, NULL);
  return &g_array_index(self->spans, PrecisSpan, i);
}

guint
precis_digest_get_index(const PrecisDigest *self, guint i)
{
  g_return_val_if_fail(self != NULL && i < self->indices->len, 0);
  return g_array_index(self->indices, guint, i);
}

double
precis_digest_get_score(const PrecisDigest *self, guint i)
{
  g_return_val_if_fail(self != NULL && i < self->scores->len, 0.0);
  return g_array_index(self->scores, double, i);
}

void
precis_digest_free(PrecisDigest *self)
{
  if (self == NULL)
    return;
  g_free(self->text);
  g_array_unref(self->spans);
  g_array_unref(self->indices);
  g_array_unref(self->scores);
  g_ptr_array_unref(self->sentences);
  g_free(self);
}
