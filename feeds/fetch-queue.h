/* SPDX-License-Identifier: GPL-3.0-or-later
 * fetch-queue.h: digests of many inputs at once, delivered in input order
 * (include after precis-feeds.h; used by `precis feed` and `precis batch`).
 *
 * Items go in one by one (a URL to fetch, bytes already in hand, or an error
 * to pass through); a fetch thread runs one PrecisFetcher (opts.fetch.jobs
 * transfers at once), a few CPU threads clean and summarize (each with its
 * own PrecisSummarizer), and the done callback sees every item exactly once,
 * in the order added, as soon as it and all before it are finished.  Memory
 * stays flat: at most opts.window items (and opts.max_bytes of input bytes)
 * are in flight or waiting for an earlier one, and adding blocks while the
 * window is full.
 */
#ifndef PRECIS_FETCH_QUEUE_H
#define PRECIS_FETCH_QUEUE_H

#include "precis-feeds.h"

G_BEGIN_DECLS

typedef struct {
  PrecisFetchOptions fetch; /* fetch.jobs = parallel transfers */
  guint threads;            /* CPU threads; 0 = processors, at most 4 */
  guint window;             /* items in flight; 0 = max(32, 4 * jobs) */
  gsize max_bytes;          /* bytes given to add_bytes() and not yet
                               digested; 0 = 256 MiB (one item may exceed) */
  const char *lang;         /* nullable: language for every item */
} PrecisFetchQueueOptions;

void precis_fetch_queue_options_init(PrecisFetchQueueOptions *opts);

/* Called once per item, in the order the items were added, never twice at
 * once, on one of the queue's threads (or the caller's, for items that
 * need no work).  @result (transfer full) (nullable); @error (transfer none)
 * set exactly when @result is NULL.  @item is the caller's pointer, freed
 * with item_free after the call. */
typedef void (*PrecisFetchQueueDone)(gpointer item, PrecisResult *result,
                                     const GError *error, gpointer user_data);

typedef struct PrecisFetchQueue PrecisFetchQueue;

/* Returns: (transfer full).  Threads start at once. */
PrecisFetchQueue *precis_fetch_queue_new(const PrecisFetchQueueOptions *opts,
                                         PrecisFetchQueueDone done,
                                         gpointer user_data,
                                         GDestroyNotify item_free);

/* Fetches @url, then cleans and summarizes the response.  @opts nullable
 * (copied); @lang nullable (overrides opts->lang).  Blocks while the window
 * is full.  Call from one thread only. */
void precis_fetch_queue_add_url(PrecisFetchQueue *self, const char *url,
                                const PrecisPipelineOptions *opts,
                                const char *lang, gpointer item);
/* Cleans and summarizes @data (referenced). */
void precis_fetch_queue_add_bytes(PrecisFetchQueue *self, GBytes *data,
                                  const PrecisPipelineOptions *opts,
                                  const char *lang, gpointer item);
/* Delivers @error (copied) for @item in its turn. */
void precis_fetch_queue_add_error(PrecisFetchQueue *self, const GError *error,
                                  gpointer item);

/* Waits until every item added has been delivered; stops the threads.  No
 * add after this. */
void precis_fetch_queue_finish(PrecisFetchQueue *self);

/* Finishes if needed, then frees.  NULL-safe. */
void precis_fetch_queue_free(PrecisFetchQueue *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PrecisFetchQueue, precis_fetch_queue_free)

/* A short stable name for @error's code, for machine-readable output:
 * "http", "timeout", "too-large", "empty", "language", "cancelled"...
 * (transfer none) */
const char *precis_error_code_name(const GError *error);

G_END_DECLS

#endif /* PRECIS_FETCH_QUEUE_H */
