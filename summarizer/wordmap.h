/* SPDX-License-Identifier: GPL-3.0-or-later
 * wordmap.h: the word map's layout and its two hot functions, hash and
 * lookup, inline: they run for every word of every text, and as calls
 * their register saves cost a third of a lookup.  wordmap.c has the rest
 * (creation, insertion, growth) and the design.
 */
#ifndef PRECIS_WORDMAP_H
#define PRECIS_WORDMAP_H

#include <glib.h>
#include <string.h>

/* 16 bytes, four to a cache line: the table is probed at random, so its
 * size in cache lines is what a lookup costs. */
typedef struct {
  guint32 hash;
  guint32 value;
  guint32 offset; /* of the key in the arena */
  guint32 len;
} PrecisWordSlot;

typedef struct PrecisWordMap PrecisWordMap;
struct PrecisWordMap {
  PrecisWordSlot *slots;
  guint32 mask; /* capacity - 1 */
  guint32 n;
  guint8 *arena; /* the keys, back to back (grown by doubling) */
  gsize arena_len;
  gsize arena_cap;
};

/* Little-endian loads of 8, 4 or 1..3 bytes (memcpy compiles to one mov). */
static inline guint64
wordmap_load64(const guchar *p)
{
  guint64 v;
  memcpy(&v, p, sizeof v);
  return GUINT64_FROM_LE(v);
}

static inline guint64
wordmap_load32(const guchar *p)
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
static inline guint32
precis__wordmap_hash(const char *key, gsize len)
{
  const guchar *p = (const guchar *)key;
  guint64 a, b;
  guint64 h = 0x9E3779B97F4A7C15u ^ len;

  if (len >= 8) {
    while (len > 16) {
      h = (h ^ wordmap_load64(p)) * 0xBF58476D1CE4E5B9u;
      h ^= h >> 31;
      p += 8;
      len -= 8;
    }
    a = wordmap_load64(p);
    b = wordmap_load64(p + len - 8);
  } else if (len >= 4) {
    a = wordmap_load32(p);
    b = wordmap_load32(p + len - 4);
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
wordmap_keys_equal(const guchar *a, const guchar *b, gsize len)
{
  if (len >= 8) {
    if (len > 16)
      return memcmp(a, b, len) == 0;
    return wordmap_load64(a) == wordmap_load64(b) &&
           wordmap_load64(a + len - 8) == wordmap_load64(b + len - 8);
  }
  if (len >= 4)
    return wordmap_load32(a) == wordmap_load32(b) &&
           wordmap_load32(a + len - 4) == wordmap_load32(b + len - 4);
  for (gsize i = 0; i < len; i++)
    if (a[i] != b[i])
      return FALSE;
  return TRUE;
}

static inline guint32
precis__wordmap_lookup(const PrecisWordMap *map, const char *key, gsize len,
                       guint32 hash)
{
  for (guint32 i = hash & map->mask;; i = (i + 1) & map->mask) {
    const PrecisWordSlot *s = &map->slots[i];
    if (s->value == 0)
      return 0;
    if (s->hash == hash && s->len == len &&
        wordmap_keys_equal(map->arena + s->offset, (const guchar *)key, len))
      return s->value;
  }
}

#endif /* PRECIS_WORDMAP_H */
