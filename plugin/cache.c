/* SPDX-License-Identifier: GPL-3.0-or-later
 * cache.c: digest views and the in-memory LRU cache that makes reopening an
 * item instant.
 *
 * Representation: a hash table from key to a GList link of a GQueue kept in
 * recency order (head = most recent).  Lookup, insert and eviction are O(1).
 * Invariant: every table entry owns exactly one queue link and one reference
 * to its view; size <= capacity.  Main thread only (no locking): the worker
 * threads never see the cache.  Cost: a few KiB per digest, so the default
 * capacity of a few hundred entries stays well under a megabyte.
 */
#include "precis-plugin.h"

struct PrecisDigestCache {
  guint capacity;
  GHashTable *table; /* key (owned by entry) -> GList* link in lru */
  GQueue lru;        /* of Entry*, most recent first */
};

typedef struct {
  char *key;
  PrecisDigestView *view;
} Entry;

static void
view_clear(gpointer data)
{
  PrecisDigestView *view = data;
  g_free(view->url);
  g_free(view->title);
  g_free(view->site);
  g_free(view->date);
  g_free(view->language);
  g_strfreev(view->sentences);
}

PrecisDigestView *
precis_digest_view_new(void)
{
  return g_rc_box_new0(PrecisDigestView);
}

PrecisDigestView *
precis_digest_view_ref(PrecisDigestView *view)
{
  return g_rc_box_acquire(view);
}

void
precis_digest_view_unref(PrecisDigestView *view)
{
  if (view != NULL)
    g_rc_box_release_full(view, view_clear);
}

static void
entry_free(Entry *entry)
{
  precis_digest_view_unref(entry->view);
  g_free(entry->key);
  g_free(entry);
}

PrecisDigestCache *
precis_digest_cache_new(guint capacity)
{
  PrecisDigestCache *cache = g_new0(PrecisDigestCache, 1);
  cache->capacity = MAX(capacity, 1u);
  cache->table = g_hash_table_new(g_str_hash, g_str_equal);
  g_queue_init(&cache->lru);
  return cache;
}

void
precis_digest_cache_clear(PrecisDigestCache *cache)
{
  g_hash_table_remove_all(cache->table);
  g_queue_clear_full(&cache->lru, (GDestroyNotify)entry_free);
}

void
precis_digest_cache_free(PrecisDigestCache *cache)
{
  if (cache == NULL)
    return;
  precis_digest_cache_clear(cache);
  g_hash_table_unref(cache->table);
  g_free(cache);
}

PrecisDigestView *
precis_digest_cache_lookup(PrecisDigestCache *cache, const char *key)
{
  GList *link = g_hash_table_lookup(cache->table, key);
  if (link == NULL)
    return NULL;
  g_queue_unlink(&cache->lru, link);
  g_queue_push_head_link(&cache->lru, link);
  return precis_digest_view_ref(((Entry *)link->data)->view);
}

void
precis_digest_cache_insert(PrecisDigestCache *cache, const char *key,
                           PrecisDigestView *view)
{
  GList *link = g_hash_table_lookup(cache->table, key);
  if (link != NULL) {
    Entry *entry = link->data;
    PrecisDigestView *old = entry->view;
    entry->view = precis_digest_view_ref(view);
    precis_digest_view_unref(old);
    g_queue_unlink(&cache->lru, link);
    g_queue_push_head_link(&cache->lru, link);
    return;
  }
  while (cache->lru.length >= cache->capacity) {
    Entry *victim = g_queue_pop_tail(&cache->lru);
    g_hash_table_remove(cache->table, victim->key);
    entry_free(victim);
  }
  Entry *entry = g_new0(Entry, 1);
  entry->key = g_strdup(key);
  entry->view = precis_digest_view_ref(view);
  g_queue_push_head(&cache->lru, entry);
  g_hash_table_insert(cache->table, entry->key, cache->lru.head);
}

guint
precis_digest_cache_size(PrecisDigestCache *cache)
{
  return cache->lru.length;
}
