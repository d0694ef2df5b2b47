/* SPDX-License-Identifier: GPL-3.0-or-later
 * precis-fetch.h: HTTP(S) fetching and the on-disk cache (part of
 * precis-feeds.h; do not include alone).
 *
 * libcurl underneath: http and https only (after redirects too), TLS
 * verification on, at most 5 redirects, connect and total timeouts, a size cap
 * on the decoded body, every content encoding libcurl supports, proxies from
 * the environment, conditional GET through the cache.  Call
 * precis_fetch_global_init() once, from the main thread, before any thread
 * fetches.  A transfer is cancelled from any thread through its GCancellable.
 */
#ifndef PRECIS_FETCH_H
#define PRECIS_FETCH_H

#include <gio/gio.h>

G_BEGIN_DECLS

#define PRECIS_FETCH_DEFAULT_MAX_BYTES (10u * 1024u * 1024u)
#define PRECIS_FETCH_DEFAULT_TIMEOUT_MS 30000u
#define PRECIS_FETCH_DEFAULT_CONNECT_TIMEOUT_MS 10000u
#define PRECIS_FETCH_DEFAULT_JOBS 8u
#define PRECIS_FETCH_DEFAULT_PER_HOST 4u
#define PRECIS_FETCH_DEFAULT_CACHE_MAX_BYTES (100u * 1024u * 1024u)
#define PRECIS_FETCH_MAX_REDIRECTS 5

typedef struct {
  guint timeout_ms;         /* whole transfer; 0 = default */
  guint connect_timeout_ms; /* 0 = default */
  gsize max_bytes;          /* decoded body cap; 0 = default */
  gboolean use_cache;       /* conditional GET + store (default TRUE) */
  const char *cache_dir;    /* nullable: $XDG_CACHE_HOME/precis */
  guint jobs;               /* parallel transfers (fetcher); 0 = default */
  guint per_host;           /* parallel per host (fetcher); 0 = default */
  guint64 cache_max_bytes;  /* cache size bound; 0 = default (100 MiB) */
  guint stall_timeout_ms;   /* abort when no byte arrives for this long;
                               0 = default (min(15 s, timeout)) */
} PrecisFetchOptions;

/* Fills @opts with the defaults. */
void precis_fetch_options_init(PrecisFetchOptions *opts);

typedef struct {
  long status;         /* final HTTP status (200, or 304 answered from cache) */
  char *url;           /* effective URL after redirects */
  char *content_type;  /* nullable, without parameters, lower case */
  char *charset;       /* nullable, from the Content-Type header */
  GBytes *body;        /* decoded body, never NULL */
  gboolean from_cache; /* the body came from the cache (304 or fresh) */
  char *etag;          /* nullable: validator as sent by the server */
  char *last_modified; /* nullable: validator as sent by the server */
} PrecisResponse;

void precis_response_free(PrecisResponse *response); /* NULL-safe */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PrecisResponse, precis_response_free)

/* Once per process, main thread, before any fetch.  Never undone by the
 * plugin.  Idempotent. */
void precis_fetch_global_init(void);

/* Fetches one URL synchronously (blocking the calling thread).  @opts
 * nullable (defaults).  @cancellable: cancel from any thread; the call then
 * returns promptly with G_IO_ERROR_CANCELLED.
 * Returns: (transfer full) (nullable) the response; NULL with a
 * PRECIS_FEED_ERROR code (HTTP >= 400 is ..._HTTP). */
PrecisResponse *precis_fetch(const char *url, const PrecisFetchOptions *opts,
                             GCancellable *cancellable, GError **error);

/* Many transfers at once on libcurl's multi interface. */
typedef struct PrecisFetcher PrecisFetcher;

/* Called once per added URL, on the thread running precis_fetcher_run(),
 * with exactly one of @response (transfer full) and @error (transfer none)
 * non-NULL. */
typedef void (*PrecisFetchCallback)(const char *url, PrecisResponse *response,
                                    const GError *error, gpointer user_data);

PrecisFetcher *precis_fetcher_new(const PrecisFetchOptions *opts);
void precis_fetcher_free(PrecisFetcher *self); /* NULL-safe */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PrecisFetcher, precis_fetcher_free)

/* Queues @url; may be called from a callback. */
void precis_fetcher_add(PrecisFetcher *self, const char *url,
                        PrecisFetchCallback callback, gpointer user_data);

/* Runs until every queued transfer has called back, or @cancellable fires
 * (then every pending callback gets G_IO_ERROR_CANCELLED).  Returns FALSE
 * only when cancelled. */
gboolean precis_fetcher_run(PrecisFetcher *self, GCancellable *cancellable,
                            GError **error);

/* Called by precis_fetcher_run() on its thread before it waits, so that a
 * producer can feed URLs in (with precis_fetcher_add()) while transfers run.
 * Pair it with precis_fetcher_wakeup() from the producer's thread. */
typedef void (*PrecisFetchRefill)(PrecisFetcher *fetcher, gpointer user_data);
void precis_fetcher_set_refill(PrecisFetcher *self, PrecisFetchRefill refill,
                               gpointer user_data);

/* Interrupts precis_fetcher_run()'s wait so it calls the refill function
 * soon.  Thread-safe; harmless when the fetcher is not running. */
void precis_fetcher_wakeup(PrecisFetcher *self);

/* ---- The on-disk cache (conditional GET) ---------------------------------
 * Append-only pack files under <dir>/packs/ (see cache.c): each
 * PrecisCache writes the entries it stores into one pack of its own, which
 * becomes visible to other processes, whole, when it is closed (at free, at
 * trim, or when it grows big or old); a lookup finds the newest record of a
 * URL over all packs.  Records carry the body, its validators and content
 * type.  The total size is kept near max_bytes by merging the packs and
 * dropping the least recently used entries (a 304 hit counts as a use).
 * Thread-safe: threads may share one PrecisCache or open their own on the
 * same directory; several processes may share the directory. */
typedef struct PrecisCache PrecisCache;

typedef struct {
  char *url;           /* the requested URL (the key) */
  char *effective_url; /* nullable: after redirects */
  char *etag;          /* nullable */
  char *last_modified; /* nullable */
  char *content_type;  /* nullable */
  char *charset;       /* nullable */
  GBytes *body;        /* never NULL */
} PrecisCacheEntry;

void precis_cache_entry_free(PrecisCacheEntry *entry); /* NULL-safe */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PrecisCacheEntry, precis_cache_entry_free)

/* @dir nullable: $XDG_CACHE_HOME/precis.  @max_bytes 0: the default.
 * Returns: (transfer full) (nullable); NULL with PRECIS_FEED_ERROR_CACHE
 * when the directory cannot be created. */
PrecisCache *precis_cache_new(const char *dir, guint64 max_bytes,
                              GError **error);
void precis_cache_free(PrecisCache *self); /* NULL-safe */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PrecisCache, precis_cache_free)

/* Returns: (transfer full) (nullable) the entry for @url; NULL when there is
 * none or it is unreadable or damaged (a damaged entry is removed). */
PrecisCacheEntry *precis_cache_lookup(PrecisCache *self, const char *url);

/* Stores @entry atomically (replacing any older one), then keeps the total
 * size bounded.  Errors: PRECIS_FEED_ERROR_CACHE. */
gboolean precis_cache_store(PrecisCache *self, const PrecisCacheEntry *entry,
                            GError **error);

/* Marks @url's entry as recently used (a 304 hit). */
void precis_cache_touch(PrecisCache *self, const char *url);

/* Evicts the oldest entries until the total is at most the bound; also
 * removes stale temporary files.  Returns the total size left, in bytes. */
guint64 precis_cache_trim(PrecisCache *self);

/* The directory holding the entries (transfer none). */
const char *precis_cache_get_dir(PrecisCache *self);

/* Lets lookups consult the listing of packs read at most a few seconds ago
 * instead of listing the directory at every lookup: a lookup then costs no
 * system call but the read of its record.  A pack another process closed
 * since the listing is missed (a full download instead of a conditional
 * one), so only short-lived users such as one fetcher run should turn it
 * on.  Not thread-safe against lookups in flight: call it
 * before sharing @self. */
void precis_cache_set_indexed(PrecisCache *self, gboolean indexed);

G_END_DECLS

#endif /* PRECIS_FETCH_H */
