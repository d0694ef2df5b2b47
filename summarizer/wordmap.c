/* SPDX-License-Identifier: GPL-3.0-or-later
 * wordmap.c: a map from short byte strings (words) to 32-bit values.
 *
 * The summarizer looks up every word of every text (its term cache, the
 * stopword table, the stem table), so this is its hottest structure.  Open
 * addressing with linear probing over a power-of-two array of 16-byte slots,
 * each holding the key's 32-bit hash, its length and offset in one byte
 * arena, and the value; the load factor stays below 1/2.  Keys are given as
 * (pointer, length), so callers hash words in place in the text, without
 * copying or NUL-terminating them.  Value 0 means "absent".
 * Cost: one hash and usually one key comparison per lookup; no deletion except
 * clearing everything.  Not thread-safe for writes; concurrent reads of a
 * map nobody writes (the stopword table) are safe.
 */
#include "summarizer-private.h"

#include <string.h>

PrecisWordMap *
precis__wordmap_new(void)
{
  PrecisWordMap *map = g_new0(PrecisWordMap, 1);
  map->mask = 1023;
  map->slots = g_new0(PrecisWordSlot, map->mask + 1);
  map->arena_cap = 16384;
  map->arena = g_malloc(map->arena_cap);
  return map;
}

void
precis__wordmap_free(PrecisWordMap *map)
{
  if (map == NULL)
    return;
  g_free(map->slots);
  g_free(map->arena);
  g_free(map);
}

guint
precis__wordmap_size(const PrecisWordMap *map)
{
  return map->n;
}

void
precis__wordmap_clear(PrecisWordMap *map)
{
  memset(map->slots, 0, ((gsize)map->mask + 1) * sizeof(PrecisWordSlot));
  map->arena_len = 0;
  map->n = 0;
}

/* Rare (log n times), so out of line: the common insertion then needs
 * no saved registers. */
static G_GNUC_NO_INLINE void
grow(PrecisWordMap *map)
{
  guint32 old_cap = map->mask + 1;
  PrecisWordSlot *old = map->slots;
  map->mask = old_cap * 2 - 1;
  map->slots = g_new0(PrecisWordSlot, (gsize)old_cap * 2);
  for (guint32 j = 0; j < old_cap; j++) {
    if (old[j].value == 0)
      continue;
    guint32 i = old[j].hash & map->mask;
    while (map->slots[i].value != 0)
      i = (i + 1) & map->mask;
    map->slots[i] = old[j];
  }
  g_free(old);
}

/* memcpy() for the short keys of the maps, without a call: two
 * overlapping loads and stores from the key's two ends. */
static inline void
copy_key(guchar *dst, const guchar *src, gsize len)
{
  if (len >= 8 && len <= 16) {
    guint64 a, b;
    memcpy(&a, src, 8);
    memcpy(&b, src + len - 8, 8);
    memcpy(dst, &a, 8);
    memcpy(dst + len - 8, &b, 8);
  } else if (len >= 4 && len < 8) {
    guint32 a, b;
    memcpy(&a, src, 4);
    memcpy(&b, src + len - 4, 4);
    memcpy(dst, &a, 4);
    memcpy(dst + len - 4, &b, 4);
  } else if (len < 4) {
    for (gsize i = 0; i < len; i++)
      dst[i] = src[i];
  } else {
    memcpy(dst, src, len);
  }
}

static G_GNUC_NO_INLINE void
grow_arena(PrecisWordMap *map, gsize len)
{
  while (map->arena_len + len > map->arena_cap)
    map->arena_cap *= 2;
  map->arena = g_realloc(map->arena, map->arena_cap);
}

void
precis__wordmap_insert(PrecisWordMap *map, const char *key, gsize len,
                       guint32 hash, guint32 value)
{
  g_return_if_fail(value != 0 && len < G_MAXUINT32 &&
                   map->arena_len < G_MAXUINT32 - len);
  if (G_UNLIKELY((map->n + 1) * 2 > map->mask + 1))
    grow(map);
  guint32 i = hash & map->mask;
  for (;; i = (i + 1) & map->mask) {
    PrecisWordSlot *s = &map->slots[i];
    if (s->value == 0)
      break;
    if (s->hash == hash && s->len == len &&
        wordmap_keys_equal(map->arena + s->offset, (const guchar *)key, len)) {
      s->value = value;
      return;
    }
  }
  PrecisWordSlot *s = &map->slots[i];
  if (G_UNLIKELY(map->arena_len + len > map->arena_cap))
    grow_arena(map, len);
  s->offset = (guint32)map->arena_len;
  copy_key(map->arena + map->arena_len, (const guchar *)key, len);
  map->arena_len += len;
  s->hash = hash;
  s->len = (guint32)len;
  s->value = value;
  map->n++;
}
