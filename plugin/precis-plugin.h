/* SPDX-License-Identifier: GPL-3.0-or-later
 * precis-plugin.h: the plugin's private header (not installed).
 *
 * The plugin is split in two.  The Claws-free core (item.c, cache.c,
 * digest-task.c) is a static library that the unit tests link without Claws
 * or GTK: RSSyl item parsing, the in-memory digest cache and the worker
 * threads that run fetch -> clean -> summarize.  The Claws glue (plugin.c,
 * prefs.c, ui.c) calls the core from the GTK main thread only.
 *
 * Threading: everything here is main-thread only, except what the worker
 * threads of digest-task.c do internally (they never call Claws or GTK).
 */
#ifndef PRECIS_PLUGIN_H
#define PRECIS_PLUGIN_H

#include "precis-feeds.h"

G_BEGIN_DECLS

/* ---- RSSyl items (item.c) ------------------------------------------------ */

/* The feed's own text inside an RSSyl item file: the bytes between
 * "<!-- RSSyl text start -->" and "<!-- RSSyl text end -->" in the body
 * (after the header block).
 * Returns: (transfer full) (nullable) the HTML fragment, trimmed; NULL when
 * the markers are missing or the fragment is blank. */
char *precis_item_feed_text(const char *data, gsize len);

/* Picks the article URL of an item: @rssyl_url is the value of X-RSSyl-URL
 * (with or without the "X-RSSyl-URL:" name, as Claws returns it), @msgid the
 * Message-ID (with or without angle brackets); both nullable.  Only absolute
 * http(s) URLs without white space or control characters qualify.
 * Returns: (transfer full) (nullable). */
char *precis_item_choose_url(const char *rssyl_url, const char *msgid);

/* The host of an http(s) URL, without "www.", for display.
 * Returns: (transfer full) (nullable). */
char *precis_item_url_host(const char *url);

/* A date for display ("29 Nov 2026"), from an ISO 8601 date or date-time.
 * Returns: (transfer full) (nullable); unparsable input is returned as is
 * when it is short printable text, else NULL. */
char *precis_item_format_date(const char *iso);

/* Number of words (runs of non-space characters) in UTF-8 @text. */
guint precis_item_count_words(const char *text);

/* ---- Digests and the in-memory cache (cache.c) --------------------------- */

/* What the digest box shows: plain strings, immutable once built, shared by
 * reference counting (main thread only). */
typedef struct {
  char *url;          /* link to the page; nullable */
  char *title;        /* nullable */
  char *site;         /* nullable */
  char *date;         /* display form; nullable */
  char *language;     /* ISO 639-1 or "und"; nullable */
  GStrv sentences;    /* at least one */
  gboolean from_feed; /* summarized from the feed text, not fetched */
} PrecisDigestView;

PrecisDigestView *precis_digest_view_new(void);
PrecisDigestView *precis_digest_view_ref(PrecisDigestView *view);
void precis_digest_view_unref(PrecisDigestView *view); /* NULL-safe */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PrecisDigestView, precis_digest_view_unref)

/* A bounded LRU map from key to digest view. */
typedef struct PrecisDigestCache PrecisDigestCache;

PrecisDigestCache *precis_digest_cache_new(guint capacity);
void precis_digest_cache_free(PrecisDigestCache *cache); /* NULL-safe */
/* Returns: (transfer full) (nullable); a hit becomes most recently used. */
PrecisDigestView *precis_digest_cache_lookup(PrecisDigestCache *cache,
                                             const char *key);
/* Stores a reference to @view under @key, evicting the least recently used
 * entry when full. */
void precis_digest_cache_insert(PrecisDigestCache *cache, const char *key,
                                PrecisDigestView *view);
guint precis_digest_cache_size(PrecisDigestCache *cache);
void precis_digest_cache_clear(PrecisDigestCache *cache);

/* ---- The digest task (digest-task.c) ------------------------------------- */

/* Settings that shape a digest (a copy goes with every job). */
typedef struct {
  guint n_sentences;       /* 1..10 */
  gboolean fetch;          /* fetch the article (else feed text only) */
  guint timeout_ms;        /* whole transfer */
  gsize max_bytes;         /* page size cap */
  char *language;          /* nullable: ISO 639-1 to force */
  gboolean use_disk_cache; /* the feeds library's on-disk cache */
  char *cache_dir;         /* nullable: default $XDG_CACHE_HOME/precis */
  guint full_text_words;   /* feed text this long is the full article */
} PrecisDigestConfig;

#define PRECIS_DIGEST_FULL_TEXT_WORDS 250u

void precis_digest_config_init(PrecisDigestConfig *config);
void precis_digest_config_clear(PrecisDigestConfig *config);

/* One item to digest.  Every field nullable, but at least one of url,
 * message_path and feed_text must be set. */
typedef struct {
  char *url;          /* article URL */
  char *message_path; /* RSSyl item file, read by the worker */
  char *feed_text;    /* the feed's HTML text, when already known */
  char *title;        /* fallback metadata: item subject */
  char *site;         /* ... feed name */
  char *date;         /* ... item date, ISO 8601 */
  char *item_id;      /* identifies the item when it has no URL */
} PrecisDigestRequest;

void precis_digest_request_clear(PrecisDigestRequest *request);

/* The in-memory cache key of @request under @config: the URL (or the item
 * id) plus every setting that changes the digest.
 * Returns: (transfer full). */
char *precis_digest_request_key(const PrecisDigestRequest *request,
                                const PrecisDigestConfig *config);

/* A short, one-line reason for the digest box (no trailing period).
 * Returns: (transfer full). */
char *precis_digest_error_reason(const GError *error);

typedef struct PrecisDigester PrecisDigester;

/* Called once per job, on the main context of the caller of
 * precis_digester_run(): exactly one of @view (transfer none) and @error is
 * non-NULL. */
typedef void (*PrecisDigestCallback)(PrecisDigestView *view,
                                     const GError *error, gpointer user_data);

/* @n_threads: worker threads (started lazily, joined by shutdown). */
PrecisDigester *precis_digester_new(guint n_threads, guint cache_capacity);

/* In-memory cache lookup for @key.  Returns: (transfer full) (nullable). */
PrecisDigestView *precis_digester_lookup(PrecisDigester *self, const char *key);

/* Runs @request on a worker thread; the callback gets the view, which is
 * then in the cache under precis_digest_request_key().  Cancel through
 * @cancellable (nullable): the callback still runs, with
 * G_IO_ERROR_CANCELLED.  After shutdown the callback runs at once (idle)
 * with G_IO_ERROR_CLOSED. */
void precis_digester_run(PrecisDigester *self,
                         const PrecisDigestRequest *request,
                         const PrecisDigestConfig *config,
                         GCancellable *cancellable,
                         PrecisDigestCallback callback, gpointer user_data);

/* Jobs queued or running whose callback has not yet returned. */
guint precis_digester_pending(PrecisDigester *self);

/* Cancels every job, joins the worker threads, then iterates the caller's
 * main context until every callback has run or @timeout_ms passed.
 * Returns TRUE when nothing of the digester is left running. */
gboolean precis_digester_shutdown(PrecisDigester *self, guint timeout_ms);

/* Frees a digester that was shut down (or never ran a job). NULL-safe. */
void precis_digester_free(PrecisDigester *self);

/* ---- The Claws side (prefs.c, ui.c) -------------------------------------- */

typedef struct {
  gboolean enabled;
  gint n_sentences;
  gboolean fetch;
  gint timeout_s;
  gint max_page_kib;
  char *language; /* "" = automatic */
} PrecisPluginPrefs;

extern PrecisPluginPrefs precis_plugin_prefs;

void precis_prefs_init(void);
void precis_prefs_done(void);
/* The digest settings that the current preferences give. */
void precis_prefs_to_config(PrecisDigestConfig *config);

gboolean precis_ui_init(GError **error);
/* Returns FALSE when a worker could not be stopped in time. */
gboolean precis_ui_done(void);
/* The preferences changed: refresh shown boxes. */
void precis_ui_prefs_changed(void);

G_END_DECLS

#endif /* PRECIS_PLUGIN_H */
