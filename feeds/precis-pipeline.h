/* SPDX-License-Identifier: GPL-3.0-or-later
 * precis-pipeline.h: fetch -> clean -> summarize, once for every face of
 * precis (part of precis-feeds.h; do not include alone).
 *
 * The CLI and the plugin call these and nothing lower, so a digest is made
 * the same way everywhere.  Reentrant given one PrecisSummarizer per thread.
 */
#ifndef PRECIS_PIPELINE_H
#define PRECIS_PIPELINE_H

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  guint n_sentences;        /* 0 = PRECIS_SUMMARIZER_DEFAULT_N */
  gboolean no_clean;        /* summarize the bytes as plain text */
  const char *charset;      /* nullable: charset to assume (HTTP-like) */
  const char *url;          /* nullable: where the bytes came from */
  const char *content_type; /* nullable: MIME type, as from HTTP */
} PrecisPipelineOptions;

void precis_pipeline_options_init(PrecisPipelineOptions *opts);

/* What one input became. */
typedef struct {
  PrecisArticle *article; /* the cleaned article (or the text as it was) */
  PrecisDigest *digest;   /* its digest */
  PrecisContentKind kind; /* what the input was detected as */
} PrecisResult;

void precis_result_free(PrecisResult *result); /* NULL-safe */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PrecisResult, precis_result_free)

/* Cleans (unless opts->no_clean) and summarizes @data.  HTML is cleaned as a
 * page, text as page residue.  @opts nullable.
 * Returns: (transfer full) (nullable); errors from either library. */
PrecisResult *precis_pipeline_run_bytes(PrecisSummarizer *summarizer,
                                        const char *data, gsize len,
                                        const PrecisPipelineOptions *opts,
                                        GError **error);

/* Fetches @url, then as precis_pipeline_run_bytes() with the response's
 * charset, content type and effective URL.  Blocks the calling thread;
 * cancellable from any thread. */
PrecisResult *precis_pipeline_run_url(PrecisSummarizer *summarizer,
                                      const char *url,
                                      const PrecisFetchOptions *fetch_opts,
                                      const PrecisPipelineOptions *opts,
                                      GCancellable *cancellable,
                                      GError **error);

/* A digest as one JSON object: source, language, title, byline, date, url,
 * site, sentences [{text, offset, length, index, score}].  @source nullable.
 * Returns: (transfer full) one line, no trailing newline. */
char *precis_result_to_json(const PrecisResult *result, const char *source);

G_END_DECLS

#endif /* PRECIS_PIPELINE_H */
