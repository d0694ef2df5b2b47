/* SPDX-License-Identifier: GPL-3.0-or-later
 * fetch.c: HTTP(S) transfers on libcurl's multi interface, with the cache.
 *
 * A PrecisFetcher owns one CURLM and runs on one thread: URLs queue up
 * (precis_fetcher_add(), thread-safe), at most opts.jobs transfers are
 * active at once (each an easy handle; the multi handle keeps the
 * connections, so they are reused, and multiplexes HTTP/2), and at most
 * opts.per_host connections go to one host.  Every transfer is confined to
 * http and https (redirects too), at most 5 redirects, TLS verified, a
 * connect timeout, a total timeout and a stall limit (no byte for a while),
 * and a cap on the DECODED body enforced in the write callback as bytes
 * arrive, so a gzip bomb is stopped after cap bytes, not after inflating.
 * Binary content types and HTTP >= 400 stop before the body.
 * Conditional GET: a cached entry's ETag/Last-Modified go out as
 * If-None-Match/If-Modified-Since; a 304 is answered from the cache; a 2xx
 * with a validator is stored, an append to the run's cache pack.  The cache
 * is optional: if it cannot be opened, fetching goes on without it.
 * Cancellation: the run loop sleeps in curl_multi_poll(), which a
 * GCancellable handler interrupts with curl_multi_wakeup(); the progress
 * callback also aborts a transfer once the cancellable fired.
 * precis_fetch() is one transfer on a private fetcher.
 * Per-host limit: a queued transfer starts only when its host has fewer
 * than opts.per_host active, so timeouts never run while it waits.
 * Cost: memory is the bodies of the active transfers (<= jobs * cap).
 */
#include "precis-feeds.h"

#include <curl/curl.h>
#include <string.h>

#define USER_AGENT "precis/" PRECIS_VERSION

typedef enum {
  ABORT_NONE,
  ABORT_TOO_LARGE,
  ABORT_CONTENT_TYPE,
  ABORT_CANCELLED,
  ABORT_STALLED,
} AbortReason;

typedef struct {
  PrecisFetcher *fetcher;
  char *url;
  PrecisFetchCallback callback;
  gpointer user_data;
  CURL *easy;
  struct curl_slist *headers;
  GByteArray *body;
  PrecisCacheEntry *cached; /* the entry whose validators we sent */
  AbortReason abort;
  char *bad_type; /* content type that caused ABORT_CONTENT_TYPE */
  char *host;     /* "host:port" key for the per-host limit */
  curl_off_t last_dlnow;
  gint64 last_progress_us; /* when last_dlnow last changed */
  char errbuf[CURL_ERROR_SIZE];
} Transfer;

struct PrecisFetcher {
  PrecisFetchOptions opts;
  char *cache_dir; /* opts.cache_dir points here */
  CURLM *multi;
  GMutex lock;        /* guards pending */
  GQueue pending;     /* of Transfer*, not yet started */
  GPtrArray *active;  /* of Transfer*, in the multi handle */
  PrecisCache *cache; /* lazily opened; NULL = none */
  gboolean cache_tried;
  GCancellable *cancellable; /* during run() only */
  PrecisFetchRefill refill;
  gpointer refill_data;
  guint stall_ms;
  GHashTable *per_host; /* host key -> active transfers */
};

void
precis_fetch_options_init(PrecisFetchOptions *opts)
{
  g_return_if_fail(opts != NULL);
  memset(opts, 0, sizeof *opts);
  opts->timeout_ms = PRECIS_FETCH_DEFAULT_TIMEOUT_MS;
  opts->connect_timeout_ms = PRECIS_FETCH_DEFAULT_CONNECT_TIMEOUT_MS;
  opts->max_bytes = PRECIS_FETCH_DEFAULT_MAX_BYTES;
  opts->use_cache = TRUE;
  opts->jobs = PRECIS_FETCH_DEFAULT_JOBS;
  opts->per_host = PRECIS_FETCH_DEFAULT_PER_HOST;
  opts->cache_max_bytes = PRECIS_FETCH_DEFAULT_CACHE_MAX_BYTES;
}

void
precis_response_free(PrecisResponse *response)
{
  if (response == NULL)
    return;
  g_free(response->url);
  g_free(response->content_type);
  g_free(response->charset);
  g_free(response->etag);
  g_free(response->last_modified);
  g_clear_pointer(&response->body, g_bytes_unref);
  g_free(response);
}

static gpointer
global_init_once(gpointer data)
{
  (void)data;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  return NULL;
}

void
precis_fetch_global_init(void)
{
  static GOnce once = G_ONCE_INIT;
  g_once(&once, global_init_once, NULL);
}

/* ---- Helpers ---------------------------------------------------------------
 */

/* The host of @url for messages (never NULL). */
static char *
url_host(const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse(url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host(uri) : NULL;
  if (host == NULL || *host == '\0')
    return g_strdup(url);
  int port = g_uri_get_port(uri);
  if (port > 0)
    return g_strdup_printf("%s:%d", host, port);
  return g_strdup(host);
}

/* Checks the scheme before libcurl sees the URL, for the exact error. */
static gboolean
check_url(const char *url, GError **error)
{
  g_autoptr(GUri) uri = g_uri_parse(url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL) {
    g_set_error(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_BAD_URL,
                "malformed URL: %s", url);
    return FALSE;
  }
  const char *scheme = g_uri_get_scheme(uri);
  if (g_ascii_strcasecmp(scheme, "http") != 0 &&
      g_ascii_strcasecmp(scheme, "https") != 0) {
    g_set_error(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_PROTOCOL,
                "only http and https URLs can be fetched, not %s:", scheme);
    return FALSE;
  }
  const char *host = g_uri_get_host(uri);
  if (host == NULL || *host == '\0') {
    g_set_error(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_BAD_URL,
                "URL without a host: %s", url);
    return FALSE;
  }
  return TRUE;
}

/* Content types that are never an article or a feed: stop before the body. */
static gboolean
type_is_binary(const char *type)
{
  static const char *const prefixes[] = {"image/",
                                         "audio/",
                                         "video/",
                                         "font/",
                                         "model/",
                                         "application/pdf",
                                         "application/zip",
                                         "application/gzip",
                                         "application/x-gzip",
                                         "application/x-tar",
                                         "application/x-7z",
                                         "application/x-rar",
                                         "application/x-bzip",
                                         "application/x-xz",
                                         "application/msword",
                                         "application/vnd.ms-",
                                         "application/vnd.openxmlformats",
                                         "application/x-shockwave-flash",
                                         "application/wasm",
                                         "application/java-archive",
                                         "application/x-executable",
                                         "application/x-msdownload"};
  for (gsize i = 0; i < G_N_ELEMENTS(prefixes); i++)
    if (g_ascii_strncasecmp(type, prefixes[i], strlen(prefixes[i])) == 0)
      return TRUE;
  return FALSE;
}

/* "Text/HTML; charset="UTF-8"" -> "text/html" and "utf-8". */
static void
split_content_type(const char *header, char **type, char **charset)
{
  *type = NULL;
  *charset = NULL;
  if (header == NULL)
    return;
  g_auto(GStrv) parts = g_strsplit(header, ";", -1);
  if (parts[0] != NULL) {
    char *t = g_strstrip(g_ascii_strdown(parts[0], -1));
    if (*t != '\0')
      *type = t;
    else
      g_free(t);
  }
  for (guint i = 1; parts[0] != NULL && parts[i] != NULL; i++) {
    char *p = g_strstrip(parts[i]);
    if (g_ascii_strncasecmp(p, "charset", 7) != 0)
      continue;
    p = g_strstrip(p + 7);
    if (*p != '=')
      continue;
    p = g_strstrip(p + 1);
    gsize n = strlen(p);
    if (n >= 2 && (p[0] == '"' || p[0] == '\'') && p[n - 1] == p[0]) {
      p[n - 1] = '\0';
      p++;
    }
    if (*p != '\0') {
      g_free(*charset);
      *charset = g_ascii_strdown(p, -1);
    }
  }
}

static char *
header_value(CURL *easy, const char *name)
{
  struct curl_header *h = NULL;
  if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK ||
      h == NULL || h->value == NULL || *h->value == '\0')
    return NULL;
  if (strpbrk(h->value, "\r\n") != NULL)
    return NULL;
  return g_strdup(h->value);
}

/* ---- Transfers --------------------------------------------------------------
 */

static void
transfer_free(Transfer *t)
{
  if (t == NULL)
    return;
  if (t->easy != NULL) {
    if (t->fetcher != NULL && t->fetcher->multi != NULL)
      curl_multi_remove_handle(t->fetcher->multi, t->easy);
    curl_easy_cleanup(t->easy);
  }
  curl_slist_free_all(t->headers);
  if (t->body != NULL)
    g_byte_array_unref(t->body);
  precis_cache_entry_free(t->cached);
  g_free(t->bad_type);
  g_free(t->host);
  g_free(t->url);
  g_free(t);
}

static size_t
on_write(char *ptr, size_t size, size_t nmemb, void *user_data)
{
  Transfer *t = user_data;
  size_t n = size * nmemb;

  if (t->body->len == 0) {
    /* First bytes of the final response: refuse binary types now. */
    char *ct = NULL;
    if (curl_easy_getinfo(t->easy, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK &&
        ct != NULL && type_is_binary(ct)) {
      g_autofree char *type = NULL, *charset = NULL;
      split_content_type(ct, &type, &charset);
      t->bad_type = g_steal_pointer(&type);
      t->abort = ABORT_CONTENT_TYPE;
      return 0;
    }
  }
  if (n > t->fetcher->opts.max_bytes - t->body->len) {
    t->abort = ABORT_TOO_LARGE;
    return 0;
  }
  g_byte_array_append(t->body, (const guint8 *)ptr, (guint)n);
  return n;
}

static int
on_progress(void *user_data, curl_off_t dltotal, curl_off_t dlnow,
            curl_off_t ultotal, curl_off_t ulnow)
{
  Transfer *t = user_data;
  gint64 now = g_get_monotonic_time();
  (void)dltotal;
  (void)ultotal;
  (void)ulnow;
  if (g_cancellable_is_cancelled(t->fetcher->cancellable)) {
    t->abort = ABORT_CANCELLED;
    return 1;
  }
  /* Stall: no new byte for stall_ms (libcurl's own low-speed check averages
   * over several seconds, so it reacts late). */
  if (dlnow != t->last_dlnow || t->last_progress_us == 0) {
    t->last_dlnow = dlnow;
    t->last_progress_us = now;
  } else if (now - t->last_progress_us > (gint64)t->fetcher->stall_ms * 1000) {
    t->abort = ABORT_STALLED;
    return 1;
  }
  return 0;
}

static PrecisCache *
fetcher_cache(PrecisFetcher *self)
{
  if (!self->cache_tried) {
    g_autoptr(GError) error = NULL;
    self->cache_tried = TRUE;
    self->cache = precis_cache_new(self->opts.cache_dir,
                                   self->opts.cache_max_bytes, &error);
    if (self->cache == NULL)
      g_debug("cache disabled: %s", error->message);
    else /* a miss then costs no failing open() (see cache.c) */
      precis_cache_set_indexed(self->cache, TRUE);
  }
  return self->cache;
}

/* Stores @entry (transfer full).  A store is one append to this run's
 * cache pack (cache.c), cheap enough for the run loop itself. */
static void
fetcher_store(PrecisFetcher *self, PrecisCacheEntry *entry)
{
  g_autoptr(GError) error = NULL;
  if (!precis_cache_store(self->cache, entry, &error))
    g_debug("%s", error->message);
  precis_cache_entry_free(entry);
}

static void
transfer_start(PrecisFetcher *self, Transfer *t)
{
  const PrecisFetchOptions *o = &self->opts;
  CURL *e = curl_easy_init();

  t->easy = e;
  t->body = g_byte_array_new();
  curl_easy_setopt(e, CURLOPT_URL, t->url);
  curl_easy_setopt(e, CURLOPT_PRIVATE, t);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)PRECIS_FETCH_MAX_REDIRECTS);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); /* all built in */
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_USERAGENT, USER_AGENT);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)o->connect_timeout_ms);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)o->timeout_ms);
  /* Backstop only; on_progress() detects stalls to the second. */
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME,
                   (long)MAX(1u, (self->stall_ms + 999u) / 1000u) + 5L);
  /* A declared length over the cap is refused before the body; the write
   * callback enforces the cap on what actually arrives, decoded. */
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
                   (curl_off_t)o->max_bytes + (curl_off_t)(o->max_bytes / 64) +
                       1024);
  curl_easy_setopt(e, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
  curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(e, CURLOPT_XFERINFODATA, t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
  curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);

  PrecisCache *cache = o->use_cache ? fetcher_cache(self) : NULL;
  if (cache != NULL) {
    t->cached = precis_cache_lookup(cache, t->url);
    if (t->cached != NULL && t->cached->etag == NULL &&
        t->cached->last_modified == NULL)
      g_clear_pointer(&t->cached, precis_cache_entry_free);
  }
  if (t->cached != NULL) {
    if (t->cached->etag != NULL) {
      g_autofree char *h =
          g_strdup_printf("If-None-Match: %s", t->cached->etag);
      t->headers = curl_slist_append(t->headers, h);
    }
    if (t->cached->last_modified != NULL) {
      g_autofree char *h =
          g_strdup_printf("If-Modified-Since: %s", t->cached->last_modified);
      t->headers = curl_slist_append(t->headers, h);
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
  }
  curl_multi_add_handle(self->multi, e);
  g_ptr_array_add(self->active, t);
  guint n = GPOINTER_TO_UINT(g_hash_table_lookup(self->per_host, t->host));
  g_hash_table_insert(self->per_host, g_strdup(t->host),
                      GUINT_TO_POINTER(n + 1));
}

static void
host_release(PrecisFetcher *self, Transfer *t)
{
  guint n = GPOINTER_TO_UINT(g_hash_table_lookup(self->per_host, t->host));
  if (n <= 1)
    g_hash_table_remove(self->per_host, t->host);
  else
    g_hash_table_insert(self->per_host, g_strdup(t->host),
                        GUINT_TO_POINTER(n - 1));
}

/* Maps a failed transfer to one PRECIS_FEED_ERROR (or G_IO_ERROR_CANCELLED). */
static GError *
transfer_error(PrecisFetcher *self, Transfer *t, CURLcode code)
{
  g_autofree char *host = url_host(t->url);
  const char *detail = t->errbuf[0] ? t->errbuf : curl_easy_strerror(code);
  long status = 0;
  double total = 0;

  if (t->abort == ABORT_CANCELLED ||
      g_cancellable_is_cancelled(self->cancellable))
    return g_error_new(G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: cancelled",
                       t->url);
  if (t->abort == ABORT_STALLED)
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TIMEOUT,
                       "%s stalled: no data for %.1f s", host,
                       self->stall_ms / 1000.0);
  if (t->abort == ABORT_TOO_LARGE || code == CURLE_FILESIZE_EXCEEDED)
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TOO_LARGE,
                       "response from %s larger than the %" G_GSIZE_FORMAT
                       " byte cap",
                       host, self->opts.max_bytes);
  if (t->abort == ABORT_CONTENT_TYPE)
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_CONTENT_TYPE,
                       "%s sent %s, which is not text", host,
                       t->bad_type ? t->bad_type : "binary data");
  switch (code) {
  case CURLE_UNSUPPORTED_PROTOCOL: {
    char *target = NULL;
    curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &target);
    if (target != NULL)
      return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_PROTOCOL,
                         "%s redirected to %.200s: only http and https are "
                         "followed",
                         host, target);
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_PROTOCOL,
                       "%s redirected to a URL that is not http or https, "
                       "which is refused (%s)",
                       host, detail);
  }
  case CURLE_URL_MALFORMAT:
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_BAD_URL,
                       "malformed URL %s (%s)", t->url, detail);
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_RESOLVE,
                       "could not resolve %s (%s)", host, detail);
  case CURLE_COULDNT_CONNECT:
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_CONNECT,
                       "could not connect to %s (%s)", host, detail);
  case CURLE_OPERATION_TIMEDOUT: {
    double pretransfer = 0;
    curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME, &total);
    /* Never got to send the request: the connection (or TLS) timed out. */
    curl_easy_getinfo(t->easy, CURLINFO_PRETRANSFER_TIME, &pretransfer);
    if (pretransfer <= 0.0)
      return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TIMEOUT,
                         "connecting to %s timed out after %.1f s", host,
                         total);
    /* Below the total timeout: libcurl's own low-speed check fired. */
    if (total * 1000.0 + 250.0 < (double)self->opts.timeout_ms)
      return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TIMEOUT,
                         "%s stalled: too little data for %.1f s (%s)", host,
                         total, detail);
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TIMEOUT,
                       "%s timed out after %.1f s (%s)", host,
                       self->opts.timeout_ms / 1000.0, detail);
  }
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
  case CURLE_SSL_CRL_BADFILE:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_ENGINE_SETFAILED:
  case CURLE_SSL_ENGINE_INITFAILED:
  case CURLE_SSL_SHUTDOWN_FAILED:
  case CURLE_USE_SSL_FAILED:
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TLS,
                       "TLS failure with %s: %s", host, detail);
  case CURLE_TOO_MANY_REDIRECTS:
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_REDIRECTS,
                       "%s: more than %d redirects (or a redirect loop)", host,
                       PRECIS_FETCH_MAX_REDIRECTS);
  case CURLE_HTTP_RETURNED_ERROR:
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_HTTP,
                       "HTTP %ld from %s", status, host);
  case CURLE_BAD_CONTENT_ENCODING:
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_DECODE,
                       "bad compressed response from %s (%s)", host, detail);
  case CURLE_ABORTED_BY_CALLBACK:
    return g_error_new(G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: cancelled",
                       t->url);
  default:
    return g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TRANSFER,
                       "transfer from %s failed: %s", host, detail);
  }
}

/* Builds the response of a finished transfer, or sets @error. */
static PrecisResponse *
transfer_response(PrecisFetcher *self, Transfer *t, CURLcode code,
                  GError **error)
{
  long status = 0;
  char *eff = NULL, *ct = NULL;

  if (code != CURLE_OK) {
    g_propagate_error(error, transfer_error(self, t, code));
    return NULL;
  }
  curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &eff);
  curl_easy_getinfo(t->easy, CURLINFO_CONTENT_TYPE, &ct);

  g_autoptr(PrecisResponse) r = g_new0(PrecisResponse, 1);
  r->status = status;
  r->url = g_strdup(eff ? eff : t->url);
  if (status == 304 && t->cached != NULL) {
    r->content_type = g_strdup(t->cached->content_type);
    r->charset = g_strdup(t->cached->charset);
    r->etag = g_strdup(t->cached->etag);
    r->last_modified = g_strdup(t->cached->last_modified);
    if (t->cached->effective_url != NULL) {
      g_free(r->url);
      r->url = g_strdup(t->cached->effective_url);
    }
    r->body = g_bytes_ref(t->cached->body);
    r->from_cache = TRUE;
    precis_cache_touch(self->cache, t->url);
    return g_steal_pointer(&r);
  }
  if (status < 200 || status >= 300) {
    g_autofree char *host = url_host(t->url);
    if (status >= 300 && status < 400)
      g_set_error(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_HTTP,
                  "HTTP %ld from %s without a usable redirect", status, host);
    else
      g_set_error(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_HTTP,
                  "HTTP %ld from %s", status, host);
    return NULL;
  }
  split_content_type(ct, &r->content_type, &r->charset);
  r->etag = header_value(t->easy, "ETag");
  r->last_modified = header_value(t->easy, "Last-Modified");
  r->body = g_byte_array_free_to_bytes(g_steal_pointer(&t->body));

  gsize blen = g_bytes_get_size(r->body);
  PrecisCache *cache = self->opts.use_cache ? fetcher_cache(self) : NULL;
  if (cache != NULL && (r->etag != NULL || r->last_modified != NULL) &&
      blen <= self->opts.cache_max_bytes / 8) {
    PrecisCacheEntry *entry = g_new0(PrecisCacheEntry, 1);
    entry->url = g_strdup(t->url);
    entry->effective_url = g_strdup(r->url);
    entry->etag = g_strdup(r->etag);
    entry->last_modified = g_strdup(r->last_modified);
    entry->content_type = g_strdup(r->content_type);
    entry->charset = g_strdup(r->charset);
    entry->body = g_bytes_ref(r->body);
    fetcher_store(self, entry);
  }
  return g_steal_pointer(&r);
}

static void
transfer_finish(PrecisFetcher *self, Transfer *t, CURLcode code)
{
  g_autoptr(GError) error = NULL;
  PrecisResponse *r = transfer_response(self, t, code, &error);

  g_ptr_array_remove_fast(self->active, t);
  host_release(self, t);
  PrecisFetchCallback cb = t->callback;
  gpointer ud = t->user_data;
  g_autofree char *url = g_steal_pointer(&t->url);
  transfer_free(t);
  cb(url, r, r ? NULL : error, ud);
}

/* ---- The fetcher -----------------------------------------------------------
 */

PrecisFetcher *
precis_fetcher_new(const PrecisFetchOptions *opts)
{
  PrecisFetcher *self = g_new0(PrecisFetcher, 1);
  PrecisFetchOptions defaults;

  precis_fetch_global_init();
  precis_fetch_options_init(&defaults);
  self->opts = opts ? *opts : defaults;
  if (self->opts.timeout_ms == 0)
    self->opts.timeout_ms = defaults.timeout_ms;
  if (self->opts.connect_timeout_ms == 0)
    self->opts.connect_timeout_ms = defaults.connect_timeout_ms;
  if (self->opts.max_bytes == 0)
    self->opts.max_bytes = defaults.max_bytes;
  if (self->opts.jobs == 0)
    self->opts.jobs = defaults.jobs;
  if (self->opts.per_host == 0)
    self->opts.per_host = defaults.per_host;
  if (self->opts.cache_max_bytes == 0)
    self->opts.cache_max_bytes = defaults.cache_max_bytes;
  self->stall_ms = self->opts.stall_timeout_ms
                       ? self->opts.stall_timeout_ms
                       : MIN(15000u, self->opts.timeout_ms);
  self->per_host = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  self->cache_dir = g_strdup(self->opts.cache_dir);
  self->opts.cache_dir = self->cache_dir;
  self->multi = curl_multi_init();
  curl_multi_setopt(self->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                    (long)self->opts.per_host);
  curl_multi_setopt(self->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                    (long)self->opts.jobs);
  curl_multi_setopt(self->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
  /* libcurl sizes its cache of idle connections by the handles attached at
   * the moment; each transfer here has its own handle, removed when it
   * ends, so the cache kept shrinking and closing connections that the
   * next transfer to the same host then opened again (35-39 connections
   * for the 500 pages of the bench feed on 8 slots; 9 with a fixed size). */
  curl_multi_setopt(self->multi, CURLMOPT_MAXCONNECTS,
                    (long)(4u * self->opts.jobs));
  g_mutex_init(&self->lock);
  g_queue_init(&self->pending);
  self->active = g_ptr_array_new();
  return self;
}

void
precis_fetcher_free(PrecisFetcher *self)
{
  if (self == NULL)
    return;
  /* Transfers still queued never run; their callbacks are not called. */
  for (guint i = 0; i < self->active->len; i++)
    transfer_free(g_ptr_array_index(self->active, i));
  g_ptr_array_unref(self->active);
  g_queue_clear_full(&self->pending, (GDestroyNotify)transfer_free);
  curl_multi_cleanup(self->multi);
  self->multi = NULL;
  precis_cache_free(self->cache);
  g_hash_table_unref(self->per_host);
  g_mutex_clear(&self->lock);
  g_free(self->cache_dir);
  g_free(self);
}

void
precis_fetcher_add(PrecisFetcher *self, const char *url,
                   PrecisFetchCallback callback, gpointer user_data)
{
  g_return_if_fail(self != NULL && url != NULL && callback != NULL);
  Transfer *t = g_new0(Transfer, 1);
  t->fetcher = self;
  t->url = g_strdup(url);
  t->callback = callback;
  t->user_data = user_data;
  g_mutex_lock(&self->lock);
  g_queue_push_tail(&self->pending, t);
  g_mutex_unlock(&self->lock);
}

void
precis_fetcher_set_refill(PrecisFetcher *self, PrecisFetchRefill refill,
                          gpointer user_data)
{
  g_return_if_fail(self != NULL);
  self->refill = refill;
  self->refill_data = user_data;
}

void
precis_fetcher_wakeup(PrecisFetcher *self)
{
  g_return_if_fail(self != NULL);
  curl_multi_wakeup(self->multi);
}

static void
on_cancelled(GCancellable *cancellable, gpointer user_data)
{
  PrecisFetcher *self = user_data;
  (void)cancellable;
  curl_multi_wakeup(self->multi);
}

static Transfer *
pop_pending(PrecisFetcher *self)
{
  g_mutex_lock(&self->lock);
  Transfer *t = g_queue_pop_head(&self->pending);
  g_mutex_unlock(&self->lock);
  return t;
}

/* The first queued transfer whose host is below the per-host limit, so
 * that a transfer's timeouts only run once it really starts.  A URL that
 * does not parse is returned too (it fails at once). */
static Transfer *
pop_startable(PrecisFetcher *self)
{
  Transfer *found = NULL;
  g_mutex_lock(&self->lock);
  for (GList *l = self->pending.head; l != NULL; l = l->next) {
    Transfer *t = l->data;
    if (t->host == NULL)
      t->host = url_host(t->url);
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(self->per_host, t->host));
    if (n < self->opts.per_host) {
      found = t;
      g_queue_delete_link(&self->pending, l);
      break;
    }
  }
  g_mutex_unlock(&self->lock);
  return found;
}

/* Fails one transfer without running it (bad URL, cancellation). */
static void
transfer_fail(Transfer *t, GError *error)
{
  PrecisFetchCallback cb = t->callback;
  gpointer ud = t->user_data;
  g_autofree char *url = g_steal_pointer(&t->url);
  t->fetcher = NULL;
  transfer_free(t);
  cb(url, NULL, error, ud);
  g_error_free(error);
}

static void
cancel_all(PrecisFetcher *self)
{
  while (self->active->len > 0) {
    Transfer *t = g_ptr_array_steal_index_fast(self->active, 0);
    host_release(self, t);
    curl_multi_remove_handle(self->multi, t->easy);
    transfer_fail(t, g_error_new(G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 "%s: cancelled", t->url));
  }
  Transfer *t;
  while ((t = pop_pending(self)) != NULL)
    transfer_fail(t, g_error_new(G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 "%s: cancelled", t->url));
}

gboolean
precis_fetcher_run(PrecisFetcher *self, GCancellable *cancellable,
                   GError **error)
{
  gulong handler = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail(self != NULL, FALSE);
  self->cancellable = cancellable;
  if (cancellable != NULL)
    handler = g_cancellable_connect(cancellable, G_CALLBACK(on_cancelled), self,
                                    NULL);
  for (;;) {
    if (g_cancellable_is_cancelled(cancellable)) {
      cancel_all(self);
      ok = FALSE;
      break;
    }
    if (self->refill != NULL)
      self->refill(self, self->refill_data);
    while (self->active->len < self->opts.jobs) {
      Transfer *t = pop_startable(self);
      if (t == NULL)
        break;
      GError *bad = NULL;
      if (!check_url(t->url, &bad))
        transfer_fail(t, bad);
      else
        transfer_start(self, t);
    }
    if (self->active->len == 0) {
      g_mutex_lock(&self->lock);
      gboolean idle = g_queue_is_empty(&self->pending);
      g_mutex_unlock(&self->lock);
      if (idle)
        break;
      continue;
    }
    int running = 0;
    curl_multi_perform(self->multi, &running);
    gboolean finished = FALSE;
    CURLMsg *msg;
    int left = 0;
    while ((msg = curl_multi_info_read(self->multi, &left)) != NULL) {
      if (msg->msg != CURLMSG_DONE)
        continue;
      Transfer *t = NULL;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
      CURLcode code = msg->data.result;
      transfer_finish(self, t, code);
      finished = TRUE;
    }
    if (!finished && self->active->len > 0)
      curl_multi_poll(self->multi, NULL, 0, 1000, NULL);
  }
  if (handler != 0)
    g_cancellable_disconnect(cancellable, handler);
  self->cancellable = NULL;
  if (!ok)
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                        "operation was cancelled");
  return ok;
}

/* ---- One synchronous transfer -------------------------------------------- */

typedef struct {
  PrecisResponse *response;
  GError *error;
} SyncResult;

static void
on_sync_done(const char *url, PrecisResponse *response, const GError *error,
             gpointer user_data)
{
  SyncResult *r = user_data;
  (void)url;
  r->response = response;
  if (error != NULL)
    r->error = g_error_copy(error);
}

PrecisResponse *
precis_fetch(const char *url, const PrecisFetchOptions *opts,
             GCancellable *cancellable, GError **error)
{
  SyncResult r = {NULL, NULL};

  g_return_val_if_fail(url != NULL, NULL);
  if (g_cancellable_set_error_if_cancelled(cancellable, error))
    return NULL;
  g_autoptr(PrecisFetcher) f = precis_fetcher_new(opts);
  precis_fetcher_add(f, url, on_sync_done, &r);
  precis_fetcher_run(f, cancellable, NULL);
  if (r.response == NULL) {
    if (r.error == NULL)
      r.error =
          g_error_new(G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: cancelled", url);
    g_propagate_error(error, r.error);
    return NULL;
  }
  return r.response;
}
