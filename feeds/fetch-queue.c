/* SPDX-License-Identifier: GPL-3.0-or-later
 * fetch-queue.c: the ordered, bounded, concurrent digest queue (fetch-queue.h).
 *
 * Representation: `order` is the FIFO of every item added and not yet
 * delivered; each job moves URL -> fetch thread (via fetch_q and the
 * fetcher's refill hook) -> CPU workers (via cpu_q) -> done, or straight to
 * the CPU queue (bytes) or to done (errors).
 * Invariants: order.length <= window and inflight_bytes <= max_bytes unless
 * a single job is larger (add waits on `cond`, and is woken only once a
 * quarter of the window is free: wake_adder()); a job is
 * delivered only when it and every job before it are done, by whichever
 * thread holds deliver_lock, so callbacks never overlap and keep order.
 * The fetch thread ends on the END marker; the workers on one END each,
 * queued only after the fetch thread has ended (no job can follow them).
 * Cost: threads + 1 threads; memory O(window) jobs, bodies freed as soon as
 * they are summarized.
 */
#include "fetch-queue.h"
#include "xml-init.h"

#include <string.h>

typedef enum { JOB_URL, JOB_BYTES, JOB_ERROR } JobKind;

typedef struct {
  PrecisFetchQueue *d;
  JobKind kind;
  char *url;
  GBytes *data;
  PrecisResponse *response;
  guint n_sentences;
  gboolean no_clean;
  char *charset;
  char *content_type;
  char *source_url;
  char *lang;
  gpointer item;
  gsize size;    /* input bytes counted in d->inflight_bytes */
  gboolean done; /* under d->lock */
  PrecisResult *result;
  GError *error;
} Job;

struct PrecisFetchQueue {
  PrecisFetchQueueOptions opts;
  char *lang;
  char *cache_dir;
  PrecisFetchQueueDone done;
  gpointer user_data;
  GDestroyNotify item_free;

  GMutex lock;
  GCond cond;
  GQueue order;         /* of Job*, not yet delivered */
  gsize inflight_bytes; /* sum of size over jobs not yet done */
  gsize wait_size;      /* size of the job the last adder to wait holds */
  gboolean adder_waiting;
  GMutex deliver_lock;

  GAsyncQueue *fetch_q;
  gint fetch_woken; /* atomic: a wake-up of the fetcher is pending */
  GAsyncQueue *cpu_q;
  PrecisFetcher *fetcher;
  GThread *fetch_thread;
  gboolean fetch_ending; /* fetch thread only */
  GPtrArray *workers;
  gboolean finished;
};

/* Queue end marker (its address only). */
static char end_marker;
#define END ((gpointer)&end_marker)

void
precis_fetch_queue_options_init(PrecisFetchQueueOptions *opts)
{
  g_return_if_fail(opts != NULL);
  memset(opts, 0, sizeof *opts);
  precis_fetch_options_init(&opts->fetch);
}

static void
job_free(Job *j)
{
  if (j == NULL)
    return;
  if (j->item != NULL && j->d->item_free != NULL)
    j->d->item_free(j->item);
  g_free(j->url);
  g_clear_pointer(&j->data, g_bytes_unref);
  precis_response_free(j->response);
  g_free(j->charset);
  g_free(j->content_type);
  g_free(j->source_url);
  g_free(j->lang);
  precis_result_free(j->result);
  g_clear_error(&j->error);
  g_free(j);
}

/* Whether a waiting adder may go on (lock held).  It is woken only once a
 * quarter of the window is free, not at each delivery, so that it adds
 * items in bursts: on 500 items that is 8 times fewer wake-ups of the
 * adding thread, which otherwise took a processor from a digest worker
 * twice per item. */
static void
wake_adder(PrecisFetchQueue *d)
{
  guint low = d->opts.window - MAX(1u, d->opts.window / 4u);
  if (!d->adder_waiting || d->order.length > low)
    return;
  if (d->inflight_bytes > 0 &&
      d->inflight_bytes + d->wait_size > d->opts.max_bytes)
    return;
  d->adder_waiting = FALSE;
  g_cond_broadcast(&d->cond);
}

static void
deliver_ready(PrecisFetchQueue *d)
{
  g_mutex_lock(&d->deliver_lock);
  for (;;) {
    g_mutex_lock(&d->lock);
    Job *j = g_queue_peek_head(&d->order);
    if (j == NULL || !j->done) {
      g_mutex_unlock(&d->lock);
      break;
    }
    g_queue_pop_head(&d->order);
    wake_adder(d);
    g_mutex_unlock(&d->lock);
    PrecisResult *r = g_steal_pointer(&j->result);
    d->done(j->item, r, r ? NULL : j->error, d->user_data);
    job_free(j);
  }
  g_mutex_unlock(&d->deliver_lock);
}

static void
job_complete(Job *j)
{
  PrecisFetchQueue *d = j->d;
  g_clear_pointer(&j->data, g_bytes_unref);
  g_clear_pointer(&j->response, precis_response_free);
  if (j->result == NULL && j->error == NULL)
    j->error = g_error_new_literal(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_FAILED,
                                   "no result");
  g_mutex_lock(&d->lock);
  j->done = TRUE;
  d->inflight_bytes -= j->size;
  j->size = 0;
  wake_adder(d);
  g_mutex_unlock(&d->lock);
  deliver_ready(d);
}

/* ---- Fetch thread -------------------------------------------------------- */

static void
on_fetched(const char *url, PrecisResponse *response, const GError *error,
           gpointer user_data)
{
  Job *j = user_data;
  (void)url;
  if (response == NULL) {
    j->error = g_error_copy(error);
    job_complete(j);
    return;
  }
  j->response = response;
  g_async_queue_push(j->d->cpu_q, j);
}

static void
refill(PrecisFetcher *fetcher, gpointer user_data)
{
  PrecisFetchQueue *d = user_data;
  gpointer p;
  /* Cleared before the queue is read: a job pushed after this point wakes
   * the fetcher again, one pushed before is read below. */
  g_atomic_int_set(&d->fetch_woken, 0);
  while ((p = g_async_queue_try_pop(d->fetch_q)) != NULL) {
    if (p == END) {
      d->fetch_ending = TRUE;
      continue;
    }
    Job *j = p;
    precis_fetcher_add(fetcher, j->url, on_fetched, j);
  }
}

static gpointer
fetch_thread(gpointer data)
{
  PrecisFetchQueue *d = data;
  while (!d->fetch_ending) {
    gpointer p = g_async_queue_pop(d->fetch_q);
    if (p == END)
      break;
    Job *j = p;
    precis_fetcher_add(d->fetcher, j->url, on_fetched, j);
    precis_fetcher_run(d->fetcher, NULL, NULL);
  }
  return NULL;
}

/* ---- CPU workers --------------------------------------------------------- */

static void
job_run(Job *j, GHashTable *summarizers)
{
  const char *lang = j->lang;
  PrecisSummarizer *s = g_hash_table_lookup(summarizers, lang ? lang : "");
  if (s == NULL) {
    s = precis_summarizer_new(lang, &j->error);
    if (s == NULL)
      return;
    g_hash_table_insert(summarizers, g_strdup(lang ? lang : ""), s);
  }
  PrecisPipelineOptions o;
  precis_pipeline_options_init(&o);
  if (j->n_sentences)
    o.n_sentences = j->n_sentences;
  o.no_clean = j->no_clean;
  o.charset = j->charset;
  o.content_type = j->content_type;
  o.url = j->source_url;
  GBytes *bytes = j->data;
  if (j->response != NULL) {
    bytes = j->response->body;
    o.url = j->response->url ? j->response->url : j->url;
    if (o.charset == NULL)
      o.charset = j->response->charset;
    if (j->response->content_type != NULL)
      o.content_type = j->response->content_type;
  }
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data(bytes, &len) : NULL;
  j->result =
      precis_pipeline_run_bytes(s, data ? data : "", len, &o, &j->error);
}

static gpointer
worker_thread(gpointer data)
{
  PrecisFetchQueue *d = data;
  g_autoptr(GHashTable) summarizers = g_hash_table_new_full(
      g_str_hash, g_str_equal, g_free, (GDestroyNotify)precis_summarizer_free);
  /* Loads libxml2 (xml-loader.c: about 2.5 ms) while the caller is still
   * loading or fetching its feed, instead of on the caller's first parse. */
  precis__xml_init();
  for (;;) {
    gpointer p = g_async_queue_pop(d->cpu_q);
    if (p == END)
      break;
    Job *j = p;
    job_run(j, summarizers);
    job_complete(j);
  }
  return NULL;
}

/* ---- API ----------------------------------------------------------------- */

PrecisFetchQueue *
precis_fetch_queue_new(const PrecisFetchQueueOptions *opts,
                       PrecisFetchQueueDone done, gpointer user_data,
                       GDestroyNotify item_free)
{
  g_return_val_if_fail(done != NULL, NULL);
  PrecisFetchQueue *d = g_new0(PrecisFetchQueue, 1);
  if (opts != NULL)
    d->opts = *opts;
  else
    precis_fetch_queue_options_init(&d->opts);
  d->lang = g_strdup(d->opts.lang);
  d->opts.lang = d->lang;
  d->cache_dir = g_strdup(d->opts.fetch.cache_dir);
  d->opts.fetch.cache_dir = d->cache_dir;
  if (d->opts.fetch.jobs == 0)
    d->opts.fetch.jobs = PRECIS_FETCH_DEFAULT_JOBS;
  if (d->opts.threads == 0)
    d->opts.threads = CLAMP(g_get_num_processors(), 1u, 4u);
  if (d->opts.window == 0)
    d->opts.window = MAX(32u, 4u * d->opts.fetch.jobs);
  if (d->opts.max_bytes == 0)
    d->opts.max_bytes = 256u * 1024u * 1024u;
  d->done = done;
  d->user_data = user_data;
  d->item_free = item_free;
  g_mutex_init(&d->lock);
  g_cond_init(&d->cond);
  g_mutex_init(&d->deliver_lock);
  g_queue_init(&d->order);
  d->fetch_q = g_async_queue_new();
  d->cpu_q = g_async_queue_new();
  d->fetcher = precis_fetcher_new(&d->opts.fetch);
  precis_fetcher_set_refill(d->fetcher, refill, d);
  d->fetch_thread = g_thread_new("precis-fetch", fetch_thread, d);
  d->workers = g_ptr_array_new();
  for (guint i = 0; i < d->opts.threads; i++)
    g_ptr_array_add(d->workers,
                    g_thread_new("precis-digest", worker_thread, d));
  return d;
}

static Job *
job_new(PrecisFetchQueue *d, JobKind kind, const PrecisPipelineOptions *opts,
        const char *lang, gpointer item)
{
  Job *j = g_new0(Job, 1);
  j->d = d;
  j->kind = kind;
  j->item = item;
  j->lang = g_strdup(lang ? lang : d->lang);
  if (opts != NULL) {
    j->n_sentences = opts->n_sentences;
    j->no_clean = opts->no_clean;
    j->charset = g_strdup(opts->charset);
    j->content_type = g_strdup(opts->content_type);
    j->source_url = g_strdup(opts->url);
  }
  return j;
}

/* Waits for room in the window, then appends @j to the order. */
static void
job_enter(PrecisFetchQueue *d, Job *j)
{
  g_return_if_fail(!d->finished);
  g_mutex_lock(&d->lock);
  while (d->order.length >= d->opts.window ||
         (d->inflight_bytes > 0 &&
          d->inflight_bytes + j->size > d->opts.max_bytes)) {
    d->adder_waiting = TRUE;
    d->wait_size = j->size;
    g_cond_wait(&d->cond, &d->lock);
  }
  g_queue_push_tail(&d->order, j);
  d->inflight_bytes += j->size;
  g_mutex_unlock(&d->lock);
}

void
precis_fetch_queue_add_url(PrecisFetchQueue *self, const char *url,
                           const PrecisPipelineOptions *opts, const char *lang,
                           gpointer item)
{
  g_return_if_fail(self != NULL && url != NULL);
  Job *j = job_new(self, JOB_URL, opts, lang, item);
  j->url = g_strdup(url);
  job_enter(self, j);
  g_async_queue_push(self->fetch_q, j);
  /* One wake-up (a write on curl's socket pair) serves every job pushed
   * before the fetcher next reads the queue. */
  if (g_atomic_int_compare_and_exchange(&self->fetch_woken, 0, 1))
    precis_fetcher_wakeup(self->fetcher);
}

void
precis_fetch_queue_add_bytes(PrecisFetchQueue *self, GBytes *data,
                             const PrecisPipelineOptions *opts,
                             const char *lang, gpointer item)
{
  g_return_if_fail(self != NULL && data != NULL);
  Job *j = job_new(self, JOB_BYTES, opts, lang, item);
  j->data = g_bytes_ref(data);
  j->size = g_bytes_get_size(data);
  job_enter(self, j);
  g_async_queue_push(self->cpu_q, j);
}

void
precis_fetch_queue_add_error(PrecisFetchQueue *self, const GError *error,
                             gpointer item)
{
  g_return_if_fail(self != NULL && error != NULL);
  Job *j = job_new(self, JOB_ERROR, NULL, NULL, item);
  j->error = g_error_copy(error);
  job_enter(self, j);
  job_complete(j);
}

void
precis_fetch_queue_finish(PrecisFetchQueue *self)
{
  g_return_if_fail(self != NULL);
  if (self->finished)
    return;
  self->finished = TRUE;
  g_async_queue_push(self->fetch_q, END);
  precis_fetcher_wakeup(self->fetcher);
  g_thread_join(self->fetch_thread);
  self->fetch_thread = NULL;
  for (guint i = 0; i < self->workers->len; i++)
    g_async_queue_push(self->cpu_q, END);
  for (guint i = 0; i < self->workers->len; i++)
    g_thread_join(g_ptr_array_index(self->workers, i));
  g_ptr_array_set_size(self->workers, 0);
  deliver_ready(self);
}

void
precis_fetch_queue_free(PrecisFetchQueue *self)
{
  if (self == NULL)
    return;
  precis_fetch_queue_finish(self);
  g_ptr_array_unref(self->workers);
  g_queue_clear_full(&self->order, (GDestroyNotify)job_free);
  precis_fetcher_free(self->fetcher);
  g_async_queue_unref(self->fetch_q);
  g_async_queue_unref(self->cpu_q);
  g_mutex_clear(&self->lock);
  g_cond_clear(&self->cond);
  g_mutex_clear(&self->deliver_lock);
  g_free(self->lang);
  g_free(self->cache_dir);
  g_free(self);
}

const char *
precis_error_code_name(const GError *error)
{
  g_return_val_if_fail(error != NULL, "failed");
  if (error->domain == PRECIS_FEED_ERROR) {
    switch ((PrecisFeedError)error->code) {
    case PRECIS_FEED_ERROR_FAILED:
      return "failed";
    case PRECIS_FEED_ERROR_PARSE:
      return "parse";
    case PRECIS_FEED_ERROR_NOT_FEED:
      return "not-feed";
    case PRECIS_FEED_ERROR_EMPTY:
      return "empty";
    case PRECIS_FEED_ERROR_ENCODING:
      return "encoding";
    case PRECIS_FEED_ERROR_BINARY:
      return "binary";
    case PRECIS_FEED_ERROR_BAD_URL:
      return "bad-url";
    case PRECIS_FEED_ERROR_PROTOCOL:
      return "protocol";
    case PRECIS_FEED_ERROR_RESOLVE:
      return "resolve";
    case PRECIS_FEED_ERROR_CONNECT:
      return "connect";
    case PRECIS_FEED_ERROR_TLS:
      return "tls";
    case PRECIS_FEED_ERROR_TIMEOUT:
      return "timeout";
    case PRECIS_FEED_ERROR_TOO_LARGE:
      return "too-large";
    case PRECIS_FEED_ERROR_REDIRECTS:
      return "redirects";
    case PRECIS_FEED_ERROR_HTTP:
      return "http";
    case PRECIS_FEED_ERROR_DECODE:
      return "decode";
    case PRECIS_FEED_ERROR_CONTENT_TYPE:
      return "content-type";
    case PRECIS_FEED_ERROR_CACHE:
      return "cache";
    case PRECIS_FEED_ERROR_TRANSFER:
      return "transfer";
    }
    return "failed";
  }
  if (error->domain == PRECIS_SUMMARIZER_ERROR) {
    switch ((PrecisSummarizerError)error->code) {
    case PRECIS_SUMMARIZER_ERROR_FAILED:
      return "failed";
    case PRECIS_SUMMARIZER_ERROR_EMPTY:
      return "empty";
    case PRECIS_SUMMARIZER_ERROR_BINARY:
      return "binary";
    case PRECIS_SUMMARIZER_ERROR_LANGUAGE:
      return "language";
    case PRECIS_SUMMARIZER_ERROR_INVALID:
      return "invalid";
    }
    return "failed";
  }
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  if (error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR)
    return "io";
  return "failed";
}
