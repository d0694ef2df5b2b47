/* SPDX-License-Identifier: GPL-3.0-or-later
 * digest-task.c: fetch -> clean -> summarize off the GTK main loop.
 *
 * A PrecisDigester owns a few worker threads, a job queue and the in-memory
 * digest cache.  precis_digester_run() wraps a deep copy of the request in a
 * GTask created on the caller's (main) context and queues it; a worker pops
 * it, runs the feeds library's pipeline (precis_pipeline_run_bytes on the
 * feed text, precis_pipeline_run_url on the article) and returns the task,
 * which GTask completes on the main context: the result goes into the cache,
 * then to the caller's callback, exactly once, even when cancelled.
 *
 * Why our own threads and not g_task_run_in_thread(): the plugin is a module
 * Claws may unload.  GLib's shared pool threads outlive it, so a thread-local
 * summarizer's destructor, or the tail of a worker function, could run after
 * the code is unmapped.  Our threads each own one PrecisSummarizer (libstemmer
 * handles are per thread), free it themselves and are joined by
 * precis_digester_shutdown(), which then runs the pending completions, so no
 * code of the plugin runs after it returns TRUE.  Workers never call Claws or
 * GTK; they touch only their job and the queue.
 *
 * Invariants: pending == jobs whose completion has not returned; every job is
 * in `inflight` (main thread only) from run() until its completion.  Cost per
 * job: one transfer (bounded by the timeout and size cap) plus a linear-time
 * clean and summary; the feed text is summarized first, without the network,
 * and is used alone when it is already the full article.
 */
#include "precis-plugin.h"

#include <glib/gstdio.h>
#include <string.h>

/* Message files larger than this are not read for their feed text. */
#define MAX_MESSAGE_BYTES (16u * 1024u * 1024u)
/* What the box shows is bounded, so Pango never lays out megabytes. */
#define MAX_SENTENCE_CHARS 1200
#define MAX_META_CHARS 300

struct PrecisDigester {
  GMutex lock;
  GCond cond;
  guint alive;        /* worker threads not yet finished (under lock) */
  GAsyncQueue *queue; /* Job*, or the STOP sentinel */
  GPtrArray *threads; /* GThread* (main thread only) */
  guint max_threads;
  gboolean stopped;    /* main thread only */
  GPtrArray *inflight; /* Job* (main thread only) */
  guint pending;       /* main thread only */
  PrecisDigestCache *cache;
  GMainContext *context; /* where completions run */
};

typedef struct {
  PrecisDigester *owner;
  PrecisDigestRequest request; /* deep copy */
  PrecisDigestConfig config;   /* deep copy */
  char *key;
  GCancellable *cancellable; /* never NULL */
  PrecisDigestCallback callback;
  gpointer user_data;
  GTask *task; /* the worker's reference, dropped after returning it */
} Job;

static int stop_sentinel;
#define STOP ((gpointer)&stop_sentinel)

void
precis_digest_config_init(PrecisDigestConfig *config)
{
  memset(config, 0, sizeof *config);
  config->n_sentences = PRECIS_SUMMARIZER_DEFAULT_N;
  config->fetch = TRUE;
  config->timeout_ms = 20000;
  config->max_bytes = 4u * 1024u * 1024u;
  config->use_disk_cache = TRUE;
  config->full_text_words = PRECIS_DIGEST_FULL_TEXT_WORDS;
}

void
precis_digest_config_clear(PrecisDigestConfig *config)
{
  g_clear_pointer(&config->language, g_free);
  g_clear_pointer(&config->cache_dir, g_free);
}

static void
config_copy(PrecisDigestConfig *dst, const PrecisDigestConfig *src)
{
  *dst = *src;
  dst->language = g_strdup(src->language);
  dst->cache_dir = g_strdup(src->cache_dir);
}

void
precis_digest_request_clear(PrecisDigestRequest *request)
{
  g_clear_pointer(&request->url, g_free);
  g_clear_pointer(&request->message_path, g_free);
  g_clear_pointer(&request->feed_text, g_free);
  g_clear_pointer(&request->title, g_free);
  g_clear_pointer(&request->site, g_free);
  g_clear_pointer(&request->date, g_free);
  g_clear_pointer(&request->item_id, g_free);
}

static void
request_copy(PrecisDigestRequest *dst, const PrecisDigestRequest *src)
{
  dst->url = g_strdup(src->url);
  dst->message_path = g_strdup(src->message_path);
  dst->feed_text = g_strdup(src->feed_text);
  dst->title = g_strdup(src->title);
  dst->site = g_strdup(src->site);
  dst->date = g_strdup(src->date);
  dst->item_id = g_strdup(src->item_id);
}

char *
precis_digest_request_key(const PrecisDigestRequest *request,
                          const PrecisDigestConfig *config)
{
  const char *lang = config->language ? config->language : "";
  if (request->url != NULL)
    return g_strdup_printf("%s\n%u/%d/%s/%u", request->url, config->n_sentences,
                           config->fetch ? 1 : 0, lang,
                           config->full_text_words);
  return g_strdup_printf("item:%s\n%u/%d/%s/%u",
                         request->item_id        ? request->item_id
                         : request->message_path ? request->message_path
                                                 : "",
                         config->n_sentences, config->fetch ? 1 : 0, lang,
                         config->full_text_words);
}

char *
precis_digest_error_reason(const GError *error)
{
  if (error == NULL)
    return g_strdup("unknown error");
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup("cancelled");
  const char *msg = error->message;
  if (msg == NULL || *msg == '\0') {
    if (error->domain == PRECIS_FEED_ERROR)
      msg = precis_feed_strerror((PrecisFeedError)error->code);
    else if (error->domain == PRECIS_SUMMARIZER_ERROR)
      msg = precis_summarizer_strerror((PrecisSummarizerError)error->code);
    else
      msg = "unknown error";
  }
  /* One line, bounded, no trailing period. */
  gsize n = strcspn(msg, "\r\n");
  g_autofree char *line = g_utf8_make_valid(msg, (gssize)n);
  if (g_utf8_strlen(line, -1) > 160) {
    g_autofree char *cut = g_utf8_substring(line, 0, 159);
    g_free(line);
    line = g_strconcat(cut, "\u2026", NULL);
  }
  gsize len = strlen(line);
  while (len > 0 && (line[len - 1] == '.' || g_ascii_isspace(line[len - 1])))
    line[--len] = '\0';
  return len > 0 ? g_steal_pointer(&line) : g_strdup("unknown error");
}

/* ---- Worker side --------------------------------------------------------- */

/* One line of at most @max characters, valid UTF-8; NULL stays NULL. */
static char *
display_text(const char *s, glong max)
{
  if (s == NULL)
    return NULL;
  g_autofree char *valid = g_utf8_make_valid(s, -1);
  for (char *p = valid; *p; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  g_strstrip(valid);
  if (*valid == '\0')
    return NULL;
  if (g_utf8_strlen(valid, -1) <= max)
    return g_steal_pointer(&valid);
  g_autofree char *cut = g_utf8_substring(valid, 0, max - 1);
  return g_strconcat(cut, "\u2026", NULL);
}

static PrecisDigestView *
view_from_result(const PrecisResult *result, const PrecisDigestRequest *req,
                 gboolean from_feed, GError **error)
{
  const PrecisArticle *a = result->article;
  const PrecisDigest *d = result->digest;
  guint n = precis_digest_get_n_sentences(d);
  if (n == 0) {
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY,
                        "no sentence to show");
    return NULL;
  }
  g_autoptr(PrecisDigestView) view = precis_digest_view_new();
  view->from_feed = from_feed;
  /* Only a web link may become the box's link (open_uri runs a browser). */
  view->url = precis_item_choose_url(req->url ? req->url : a->url, NULL);
  if (from_feed)
    view->title =
        display_text(req->title ? req->title : a->title, MAX_META_CHARS);
  else
    view->title =
        display_text(a->title ? a->title : req->title, MAX_META_CHARS);
  const char *site = from_feed ? req->site : a->site_name;
  g_autofree char *host = precis_item_url_host(view->url);
  view->site = display_text(site ? site : host, MAX_META_CHARS);
  g_autofree char *date =
      precis_item_format_date(a->date && !from_feed ? a->date : req->date);
  view->date = display_text(date, MAX_META_CHARS);
  view->language = g_strdup(precis_digest_get_language(d));
  view->sentences = g_new0(char *, n + 1);
  for (guint i = 0; i < n; i++) {
    char *s =
        display_text(precis_digest_get_sentence(d, i), MAX_SENTENCE_CHARS);
    view->sentences[i] = s ? s : g_strdup("");
  }
  return g_steal_pointer(&view);
}

static char *
read_feed_text(const char *path)
{
  GStatBuf st;
  g_autofree char *data = NULL;
  gsize len = 0;
  if (g_stat(path, &st) != 0 || st.st_size > (goffset)MAX_MESSAGE_BYTES)
    return NULL;
  if (!g_file_get_contents(path, &data, &len, NULL))
    return NULL;
  return precis_item_feed_text(data, len);
}

/* The feed text as a page the cleaner can read, titled with the subject. */
static char *
wrap_feed_text(const char *feed, const char *title)
{
  g_autofree char *t = g_markup_escape_text(title ? title : "", -1);
  return g_strdup_printf("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                         "<title>%s</title></head><body><article>\n%s\n"
                         "</article></body></html>\n",
                         t, feed);
}

static PrecisDigestView *
job_run(Job *job, PrecisSummarizer *summarizer, GError **error)
{
  const PrecisDigestRequest *req = &job->request;
  const PrecisDigestConfig *cfg = &job->config;
  PrecisPipelineOptions popts;
  g_autoptr(PrecisResult) from_feed = NULL;
  g_autoptr(GError) feed_error = NULL;

  precis_pipeline_options_init(&popts);
  popts.n_sentences = cfg->n_sentences;

  g_autofree char *feed = g_strdup(req->feed_text);
  if (feed == NULL && req->message_path != NULL)
    feed = read_feed_text(req->message_path);
  if (feed != NULL) {
    g_autofree char *page = wrap_feed_text(feed, req->title);
    popts.url = req->url;
    popts.charset = "UTF-8";
    popts.content_type = "text/html";
    from_feed = precis_pipeline_run_bytes(summarizer, page, strlen(page),
                                          &popts, &feed_error);
    popts.url = NULL;
    popts.charset = NULL;
    popts.content_type = NULL;
  }
  if (from_feed != NULL) {
    guint words = precis_item_count_words(from_feed->article->text);
    if (!cfg->fetch || req->url == NULL || words >= cfg->full_text_words)
      return view_from_result(from_feed, req, TRUE, error);
  }
  if (!cfg->fetch || req->url == NULL) {
    if (feed_error != NULL)
      g_propagate_error(error, g_steal_pointer(&feed_error));
    else
      g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY,
                          cfg->fetch ? "the item has neither a link nor text"
                                     : "the item has no feed text");
    return NULL;
  }
  if (g_cancellable_set_error_if_cancelled(job->cancellable, error))
    return NULL;

  PrecisFetchOptions fopts;
  precis_fetch_options_init(&fopts);
  if (cfg->timeout_ms > 0) {
    fopts.timeout_ms = cfg->timeout_ms;
    fopts.connect_timeout_ms =
        MIN(cfg->timeout_ms, fopts.connect_timeout_ms ? fopts.connect_timeout_ms
                                                      : cfg->timeout_ms);
  }
  if (cfg->max_bytes > 0)
    fopts.max_bytes = cfg->max_bytes;
  fopts.use_cache = cfg->use_disk_cache;
  fopts.cache_dir = cfg->cache_dir;
  g_autoptr(PrecisResult) fetched = precis_pipeline_run_url(
      summarizer, req->url, &fopts, &popts, job->cancellable, error);
  if (fetched == NULL)
    return NULL;
  return view_from_result(fetched, req, FALSE, error);
}

static gpointer
worker_main(gpointer data)
{
  PrecisDigester *self = data;
  PrecisSummarizer *summarizer = NULL;
  char *summarizer_lang = NULL; /* "" = detect */

  for (;;) {
    gpointer item = g_async_queue_pop(self->queue);
    if (item == STOP)
      break;
    Job *job = item;
    GTask *task = job->task;
    GError *error = NULL;
    PrecisDigestView *view = NULL;

    if (!g_cancellable_set_error_if_cancelled(job->cancellable, &error)) {
      const char *lang = job->config.language ? job->config.language : "";
      if (summarizer == NULL || g_strcmp0(lang, summarizer_lang) != 0) {
        g_clear_pointer(&summarizer, precis_summarizer_free);
        g_clear_pointer(&summarizer_lang, g_free);
        summarizer = precis_summarizer_new(*lang ? lang : NULL, NULL);
        if (summarizer == NULL) /* unknown code: detect instead */
          summarizer = precis_summarizer_new(NULL, &error);
        summarizer_lang = g_strdup(lang);
      }
      if (summarizer != NULL)
        view = job_run(job, summarizer, &error);
    }
    /* From here on the job belongs to the main thread. */
    if (view != NULL)
      g_task_return_pointer(task, view, NULL);
    else
      g_task_return_error(task, error);
    g_object_unref(task);
  }
  precis_summarizer_free(summarizer);
  g_free(summarizer_lang);

  g_mutex_lock(&self->lock);
  self->alive--;
  g_cond_broadcast(&self->cond);
  g_mutex_unlock(&self->lock);
  return NULL;
}

/* ---- Main-thread side ---------------------------------------------------- */

PrecisDigester *
precis_digester_new(guint n_threads, guint cache_capacity)
{
  PrecisDigester *self = g_new0(PrecisDigester, 1);
  g_mutex_init(&self->lock);
  g_cond_init(&self->cond);
  self->queue = g_async_queue_new();
  self->threads = g_ptr_array_new();
  self->max_threads = MAX(n_threads, 1u);
  self->inflight = g_ptr_array_new();
  self->cache = precis_digest_cache_new(cache_capacity);
  self->context = g_main_context_ref_thread_default();
  return self;
}

PrecisDigestView *
precis_digester_lookup(PrecisDigester *self, const char *key)
{
  return precis_digest_cache_lookup(self->cache, key);
}

guint
precis_digester_pending(PrecisDigester *self)
{
  return self->pending;
}

static void
job_free(Job *job)
{
  precis_digest_request_clear(&job->request);
  precis_digest_config_clear(&job->config);
  g_free(job->key);
  g_clear_object(&job->cancellable);
  g_free(job);
}

static void
job_done(GObject *source, GAsyncResult *res, gpointer data)
{
  Job *job = data;
  PrecisDigester *self = job->owner;
  GError *error = NULL;
  (void)source;

  PrecisDigestView *view = g_task_propagate_pointer(G_TASK(res), &error);
  if (view != NULL)
    precis_digest_cache_insert(self->cache, job->key, view);
  g_ptr_array_remove_fast(self->inflight, job);
  job->callback(view, error, job->user_data);
  self->pending--;
  precis_digest_view_unref(view);
  g_clear_error(&error);
  job_free(job);
}

void
precis_digester_run(PrecisDigester *self, const PrecisDigestRequest *request,
                    const PrecisDigestConfig *config, GCancellable *cancellable,
                    PrecisDigestCallback callback, gpointer user_data)
{
  g_return_if_fail(self != NULL && request != NULL && config != NULL);
  g_return_if_fail(callback != NULL);

  Job *job = g_new0(Job, 1);
  job->owner = self;
  request_copy(&job->request, request);
  config_copy(&job->config, config);
  job->key = precis_digest_request_key(request, config);
  job->cancellable =
      cancellable ? g_object_ref(cancellable) : g_cancellable_new();
  job->callback = callback;
  job->user_data = user_data;

  GTask *task = g_task_new(NULL, NULL, job_done, job);
  g_task_set_source_tag(task, precis_digester_run);
  g_task_set_check_cancellable(task, FALSE);
  g_ptr_array_add(self->inflight, job);
  self->pending++;
  if (self->stopped) {
    g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                            "precis is shutting down");
    g_object_unref(task);
    return;
  }
  job->task = task;
  if (self->threads->len < self->max_threads) {
    g_mutex_lock(&self->lock);
    self->alive++;
    g_mutex_unlock(&self->lock);
    g_ptr_array_add(self->threads,
                    g_thread_new("precis-digest", worker_main, self));
  }
  g_async_queue_push(self->queue, job);
}

gboolean
precis_digester_shutdown(PrecisDigester *self, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
  gboolean joined = TRUE;

  if (!self->stopped) {
    self->stopped = TRUE;
    for (guint i = 0; i < self->inflight->len; i++)
      g_cancellable_cancel(((Job *)self->inflight->pdata[i])->cancellable);
    for (guint i = 0; i < self->threads->len; i++)
      g_async_queue_push(self->queue, STOP);
  }

  /* Wait (bounded) for every worker to leave its loop, then join. */
  g_mutex_lock(&self->lock);
  while (self->alive > 0)
    if (!g_cond_wait_until(&self->cond, &self->lock, deadline))
      break;
  joined = self->alive == 0;
  g_mutex_unlock(&self->lock);
  if (!joined)
    return FALSE;
  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join(self->threads->pdata[i]);
  g_ptr_array_set_size(self->threads, 0);

  /* Every completion is now posted: run them. */
  while (self->pending > 0 && g_get_monotonic_time() < deadline)
    if (!g_main_context_iteration(self->context, FALSE))
      g_usleep(1000);
  return self->pending == 0;
}

void
precis_digester_free(PrecisDigester *self)
{
  if (self == NULL)
    return;
  g_return_if_fail(self->pending == 0 && self->threads->len == 0);
  g_async_queue_unref(self->queue);
  g_ptr_array_unref(self->threads);
  g_ptr_array_unref(self->inflight);
  precis_digest_cache_free(self->cache);
  g_main_context_unref(self->context);
  g_mutex_clear(&self->lock);
  g_cond_clear(&self->cond);
  g_free(self);
}
