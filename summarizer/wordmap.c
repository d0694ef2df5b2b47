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

/* 16 bytes, four to a cache line: the table is probed at random, so its
 * size in cache lines is what a lookup costs. */
typedef struct {
  guint32 hash;
  guint32 value;
  guint32 offset; /* of the key in the arena */
  guint32 len;
} Slot;

struct PrecisWordMap {
  Slot *slots;
  guint32 mask; /* capacity - 1 */
  guint32 n;
  guint8 *arena; /* the keys, back to back (grown by doubling) */
  gsize arena_len;
  gsize arena_cap;
};

/* Little-endian loads of 8, 4 or 1..3 bytes (memcpy compiles to one mov). */
static inline guint64
load64(const guchar *p)
{
  guint64 v;
  memcpy(&v, p, sizeof v);
  return GUINT64_FROM_LE(v);
}

static inline guint64
load32(const guchar *p)
{
  guint32 v;
  memcpy(&v, p, sizeof v);
  return GUINT32_FROM_LE(v);
}

/* Words are short: a key of 1..16 bytes is read as two (overlapping)
 * loads from its two ends, never past them; longer keys 8 bytes at a time.
 * Each load is mixed in with a multiply, and the upper half of a final
 * multiply gives the hash, so its low bits (the probe start) depend on
 * every byte.  About 15 instructions for a word, against 4 a byte for
 * the byte-serial FNV-1a used before (the hash is not part of any output:
 * maps are only probed, never iterated). */
guint32
precis__wordmap_hash(const char *key, gsize len)
{
  const guchar *p = (const guchar *)key;
  guint64 a, b;
  guint64 h = 0x9E3779B97F4A7C15u ^ len;

  if (len >= 8) {
    while (len > 16) {
      h = (h ^ load64(p)) * 0xBF58476D1CE4E5B9u;
      h ^= h >> 31;
      p += 8;
      len -= 8;
    }
    a = load64(p);
    b = load64(p + len - 8);
  } else if (len >= 4) {
    a = load32(p);
    b = load32(p + len - 4);
  } else if (len > 0) {
    a = ((guint64)p[0] << 16) | ((guint64)p[len / 2] << 8) | p[len - 1];
    b = 0;
  } else {
    a = b = 0;
  }
  h = (h ^ a) * 0xBF58476D1CE4E5B9u;
  h = (h ^ (h >> 29) ^ b) * 0x94D049BB133111EBu;
  return (guint32)(h >> 32);
}

/* memcmp(a, b, len) == 0 for the short keys of the maps, without a call:
 * the same two-ended loads as the hash. */
static inline gboolean
keys_equal(const guchar *a, const guchar *b, gsize len)
{
  if (len >= 8) {
    if (len > 16)
      return memcmp(a, b, len) == 0;
    return load64(a) == load64(b) && load64(a + len - 8) == load64(b + len - 8);
  }
  if (len >= 4)
    return load32(a) == load32(b) && load32(a + len - 4) == load32(b + len - 4);
  for (gsize i = 0; i < len; i++)
    if (a[i] != b[i])
      return FALSE;
  return TRUE;
}

PrecisWordMap *
precis__wordmap_new(void)
{
  PrecisWordMap *map = g_new0(PrecisWordMap, 1);
  map->mask = 1023;
  map->slots = g_new0(Slot, map->mask + 1);
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
  memset(map->slots, 0, ((gsize)map->mask + 1) * sizeof(Slot));
  map->arena_len = 0;
  map->n = 0;
}

guint32
precis__wordmap_lookup(const PrecisWordMap *map, const char *key, gsize len,
                       guint32 hash)
{
  for (guint32 i = hash & map->mask;; i = (i + 1) & map->mask) {
    const Slot *s = &map->slots[i];
    if (s->value == 0)
      return 0;
    if (s->hash == hash && s->len == len &&
        keys_equal(map->arena + s->offset, (const guchar *)key, len))
      return s->value;
  }
}

static void
grow(PrecisWordMap *map)
{
  guint32 old_cap = map->mask + 1;
  Slot *old = map->slots;
  map->mask = old_cap * 2 - 1;
  map->slots = g_new0(Slot, (gsize)old_cap * 2);
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

void
precis__wordmap_insert(PrecisWordMap *map, const char *key, gsize len,
                       guint32 hash, guint32 value)
{
  g_return_if_fail(value != 0 && len < G_MAXUINT32);
  g_return_if_fail(map->arena_len < G_MAXUINT32 - len);
  if ((map->n + 1) * 2 > map->mask + 1)
    grow(map);
  guint32 i = hash & map->mask;
  for (;; i = (i + 1) & map->mask) {
    Slot *s = &map->slots[i];
    if (s->value == 0)
      break;
    if (s->hash == hash && s->len == len &&
        keys_equal(map->arena + s->offset, (const guchar *)key, len)) {
      s->value = value;
      return;
    }
  }
  Slot *s = &map->slots[i];
  if (map->arena_len + len > map->arena_cap) {
    while (map->arena_len + len > map->arena_cap)
      map->arena_cap *= 2;
    map->arena = g_realloc(map->arena, map->arena_cap);
  }
  s->offset = (guint32)map->arena_len;
  if (len > 0)
    memcpy(map->arena + map->arena_len, key, len);
  map->arena_len += len;
  s->hash = hash;
  s->len = (guint32)len;
  s->value = value;
  map->n++;
}
