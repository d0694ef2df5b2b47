/* SPDX-License-Identifier: GPL-3.0-or-later
 * pipeline.c: the one fetch -> clean -> summarize path.  The CLI and the
 * plugin both call it, so a digest is made the same way everywhere.
 *
 * Steps: sniff what the bytes are (HTML, text, feed, binary), clean them into
 * a PrecisArticle (page cleaner for HTML, residue classifier for text), then
 * summarize the article body with its title as a hint.  Cost: dominated by
 * the HTML parse and the summarizer, both linear in the input.
 */
#include "page-private.h"
#include "precis-feeds.h"

#include <json-glib/json-glib.h>
#include <string.h>

void
precis_pipeline_options_init(PrecisPipelineOptions *opts)
{
  g_return_if_fail(opts != NULL);
  memset(opts, 0, sizeof *opts);
  opts->n_sentences = PRECIS_SUMMARIZER_DEFAULT_N;
}

void
precis_result_free(PrecisResult *result)
{
  if (result == NULL)
    return;
  precis_article_free(result->article);
  precis_digest_free(result->digest);
  g_free(result);
}

/* The bytes as they are, as an article without metadata. */
static PrecisArticle *
article_from_text(const char *data, gsize len, GError **error)
{
  g_autoptr(GError) local = NULL;
  char *text = precis_text_sanitize(data, len, &local);
  if (text == NULL) {
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_BINARY,
                        precis_feed_strerror(PRECIS_FEED_ERROR_BINARY));
    return NULL;
  }
  PrecisArticle *article = g_new0(PrecisArticle, 1);
  article->text = text;
  return article;
}

PrecisResult *
precis_pipeline_run_bytes(PrecisSummarizer *summarizer, const char *data,
                          gsize len, const PrecisPipelineOptions *opts,
                          GError **error)
{
  PrecisPipelineOptions defaults;
  g_autoptr(PrecisArticle) article = NULL;
  PrecisContentKind kind;

  g_return_val_if_fail(summarizer != NULL, NULL);
  g_return_val_if_fail(data != NULL || len == 0, NULL);
  if (opts == NULL) {
    precis_pipeline_options_init(&defaults);
    opts = &defaults;
  }
  if (len == 0) {
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY,
                        "empty input");
    return NULL;
  }

  kind = precis_content_sniff(data, len, opts->content_type);
  if (kind == PRECIS_CONTENT_BINARY) {
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_BINARY,
                        precis_feed_strerror(PRECIS_FEED_ERROR_BINARY));
    return NULL;
  }
  if (opts->no_clean) {
    article = article_from_text(data, len, error);
  } else if (kind == PRECIS_CONTENT_HTML) {
    article = precis_page_extract(data, len, opts->charset, opts->url, error);
  } else if (kind == PRECIS_CONTENT_FEED) {
    g_set_error_literal(error, PRECIS_FEED_ERROR,
                        PRECIS_FEED_ERROR_CONTENT_TYPE,
                        "this is a feed, not an article (use 'precis feed')");
    return NULL;
  } else {
    /* Sniffed once above: not binary, so the text cleaner skips its own. */
    article = precis__text_extract_sniffed(data, len, error);
  }
  if (article == NULL)
    return NULL;

  guint n = opts->n_sentences ? opts->n_sentences : PRECIS_SUMMARIZER_DEFAULT_N;
  g_autoptr(PrecisDigest) digest =
      precis_summarizer_run(summarizer, article->text, strlen(article->text),
                            article->title, n, error);
  if (digest == NULL)
    return NULL;
  if (article->url == NULL && opts->url != NULL)
    article->url = g_strdup(opts->url);

  PrecisResult *result = g_new0(PrecisResult, 1);
  result->article = g_steal_pointer(&article);
  result->digest = g_steal_pointer(&digest);
  result->kind = kind;
  return result;
}

PrecisResult *
precis_pipeline_run_url(PrecisSummarizer *summarizer, const char *url,
                        const PrecisFetchOptions *fetch_opts,
                        const PrecisPipelineOptions *opts,
                        GCancellable *cancellable, GError **error)
{
  PrecisPipelineOptions local;

  g_return_val_if_fail(summarizer != NULL, NULL);
  g_return_val_if_fail(url != NULL, NULL);
  g_autoptr(PrecisResponse) response =
      precis_fetch(url, fetch_opts, cancellable, error);
  if (response == NULL)
    return NULL;
  if (opts != NULL)
    local = *opts;
  else
    precis_pipeline_options_init(&local);
  local.url = response->url ? response->url : url;
  if (response->charset != NULL && local.charset == NULL)
    local.charset = response->charset;
  if (response->content_type != NULL)
    local.content_type = response->content_type;

  gsize len = 0;
  const char *data = g_bytes_get_data(response->body, &len);
  return precis_pipeline_run_bytes(summarizer, data ? data : "", len, &local,
                                   error);
}

static void
add_string(JsonBuilder *b, const char *key, const char *value)
{
  json_builder_set_member_name(b, key);
  if (value != NULL)
    json_builder_add_string_value(b, value);
  else
    json_builder_add_null_value(b);
}

char *
precis_result_to_json(const PrecisResult *result, const char *source)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  const PrecisArticle *a = result->article;
  const PrecisDigest *d = result->digest;

  json_builder_begin_object(b);
  add_string(b, "source", source);
  add_string(b, "language", precis_digest_get_language(d));
  add_string(b, "title", a->title);
  add_string(b, "byline", a->byline);
  add_string(b, "date", a->date);
  add_string(b, "url", a->url);
  add_string(b, "site", a->site_name);
  json_builder_set_member_name(b, "sentences");
  json_builder_begin_array(b);
  for (guint i = 0; i < precis_digest_get_n_sentences(d); i++) {
    const PrecisSpan *span = precis_digest_get_span(d, i);
    json_builder_begin_object(b);
    add_string(b, "text", precis_digest_get_sentence(d, i));
    json_builder_set_member_name(b, "offset");
    json_builder_add_int_value(b, (gint64)span->start);
    json_builder_set_member_name(b, "length");
    json_builder_add_int_value(b, (gint64)(span->end - span->start));
    json_builder_set_member_name(b, "index");
    json_builder_add_int_value(b, precis_digest_get_index(d, i));
    json_builder_set_member_name(b, "score");
    json_builder_add_double_value(b, precis_digest_get_score(d, i));
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);

  g_autoptr(JsonNode) root = json_builder_get_root(b);
  return json_to_string(root, FALSE);
}
