/* SPDX-License-Identifier: GPL-3.0-or-later
 * precis-summarizer.h: the summarizer library's sole public header.
 *
 * Text in, digest out.  The library knows nothing of the web: it takes UTF-8
 * text (paragraphs separated by blank lines, an optional title), splits it into
 * sentences, scores them by the frequencies of their content words (Luhn /
 * SumBasic family, with a position prior, title boost, length normalization
 * and redundancy control) and returns the N best in document order.
 *
 * Threading: a PrecisSummarizer is used by one thread at a time (it owns
 * libstemmer handles, which are not thread-safe).  Create one per thread.
 * Everything else here is reentrant.
 *
 * Ownership: (transfer full) results are freed with the matching _free();
 * getters return const pointers owned by the object they came from.
 */
#ifndef PRECIS_SUMMARIZER_H
#define PRECIS_SUMMARIZER_H

#include <glib.h>

G_BEGIN_DECLS

#define PRECIS_SUMMARIZER_ERROR (precis_summarizer_error_quark())
GQuark precis_summarizer_error_quark(void);

/* Append-only. */
typedef enum {
  PRECIS_SUMMARIZER_ERROR_FAILED,   /* catch-all */
  PRECIS_SUMMARIZER_ERROR_EMPTY,    /* no sentence in the text */
  PRECIS_SUMMARIZER_ERROR_BINARY,   /* input is not text (NULs, control) */
  PRECIS_SUMMARIZER_ERROR_LANGUAGE, /* unknown language code */
  PRECIS_SUMMARIZER_ERROR_INVALID,  /* bad argument, e.g. n == 0 */
} PrecisSummarizerError;

const char *precis_summarizer_strerror(PrecisSummarizerError code);

/* Default number of sentences in a digest. */
#define PRECIS_SUMMARIZER_DEFAULT_N 3

/* ---- Language identification ------------------------------------------ */

/* Guesses the language of @text (UTF-8, @len bytes or -1 for NUL-terminated).
 * Returns: (transfer none) an ISO 639-1 code such as "en", "fr", "zh", or
 * "und" when unknown.  Never NULL. */
const char *precis_language_detect(const char *text, gssize len);

/* TRUE when @lang (ISO 639-1 code or English name, case-insensitive) is one
 * the summarizer knows (stopwords and/or a Snowball stemmer). */
gboolean precis_language_is_known(const char *lang);

/* ---- Text preparation --------------------------------------------------- */

/* Makes arbitrary bytes into valid UTF-8 text the summarizer can use: invalid
 * sequences become U+FFFD, NUL bytes become spaces, CRLF becomes LF.
 * Returns: (transfer full) (nullable) NUL-terminated text; NULL with
 * PRECIS_SUMMARIZER_ERROR_BINARY when the bytes look like binary data. */
char *precis_text_sanitize(const char *data, gsize len, GError **error);

/* ---- Sentences ------------------------------------------------------------
 */

typedef struct {
  gsize start;      /* byte offset of the first byte, in the text given */
  gsize end;        /* byte offset one past the last byte */
  guint paragraph;  /* 0-based paragraph number */
  gboolean heading; /* heading/list item/byline-like line, not prose */
} PrecisSpan;

/* Splits @text (valid UTF-8, @len bytes) into sentences.  @lang may be NULL
 * (detect).  Spans are ordered, disjoint, trimmed of surrounding white space
 * and end on UTF-8 boundaries.
 * Returns: (transfer full) a GArray of PrecisSpan, possibly empty.  O(n). */
GArray *precis_sentences_split(const char *text, gsize len, const char *lang);

/* ---- The summarizer -------------------------------------------------------
 */

typedef struct PrecisSummarizer PrecisSummarizer;
typedef struct PrecisDigest PrecisDigest;

/* @lang: ISO 639-1 code to force, or NULL to detect per text.
 * Returns: (transfer full) (nullable); NULL with
 * PRECIS_SUMMARIZER_ERROR_LANGUAGE when @lang is not known.  One per thread. */
PrecisSummarizer *precis_summarizer_new(const char *lang, GError **error);
void precis_summarizer_free(PrecisSummarizer *self); /* NULL-safe */

/* Summarizes @text (any bytes; sanitized as by precis_text_sanitize()) into
 * the @n best sentences, in document order.  @title (nullable) boosts the
 * words it shares with sentences; it is never itself part of the digest.
 * Fewer than @n sentences are returned when the text has fewer.
 * Returns: (transfer full) (nullable); NULL with ..._EMPTY (no sentence),
 * ..._BINARY, or ..._INVALID (@n == 0). */
PrecisDigest *precis_summarizer_run(PrecisSummarizer *self, const char *text,
                                    gsize len, const char *title, guint n,
                                    GError **error);

/* The sanitized text that offsets refer to (identical to the input when that
 * was valid UTF-8 without NUL or CR).  (transfer none) */
const char *precis_digest_get_text(const PrecisDigest *self);
/* Language used (ISO 639-1, or "und").  (transfer none) */
const char *precis_digest_get_language(const PrecisDigest *self);
/* Number of sentences chosen (1..n). */
guint precis_digest_get_n_sentences(const PrecisDigest *self);
/* Total sentences in the text. */
guint precis_digest_get_n_total(const PrecisDigest *self);
/* The @i-th chosen sentence, white space collapsed.  (transfer none) */
const char *precis_digest_get_sentence(const PrecisDigest *self, guint i);
/* Its span in precis_digest_get_text(), its index among all sentences and its
 * score (higher is better; comparable within one digest only). */
const PrecisSpan *precis_digest_get_span(const PrecisDigest *self, guint i);
guint precis_digest_get_index(const PrecisDigest *self, guint i);
double precis_digest_get_score(const PrecisDigest *self, guint i);
void precis_digest_free(PrecisDigest *self); /* NULL-safe */

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PrecisSummarizer, precis_summarizer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PrecisDigest, precis_digest_free)

G_END_DECLS

#endif /* PRECIS_SUMMARIZER_H */
