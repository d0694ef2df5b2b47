/* SPDX-License-Identifier: GPL-3.0-or-later
 * cache.c: the on-disk cache behind conditional GET, kept in append-only
 * pack files.
 *
 * Why packs: one file per URL made every first fetch create a file, and
 * creating a file costs an ext4 kernel 50 us to 1 ms of CPU (inode
 * allocation, slower still near recently deleted inodes) -- more than
 * cleaning and summarizing the page.  A pack holds the entries of one run.
 *
 * Representation, under <root>/packs/:
 *   <stamp>.pack  immutable once it has its name: records, then an index of
 *                 slots {u64 key, u64 offset, u64 length} (little endian),
 *                 then a footer {u64 slot count, "PRECPK1\n"}.  A record is
 *                 "precis-cache/1\n", "key value\n" lines (url,
 *                 effective-url, etag, last-modified, content-type, charset,
 *                 length), a blank line and the body.  The key is a 64-bit
 *                 FNV-1a hash of the URL; the record's own url line decides.
 *   <stamp>.tmp   the pack this PrecisCache is writing (appends only).
 *   lock          flock()ed by whoever merges packs.
 * <stamp> is the time in microseconds, pid and a random number, in hex, so
 * names sort by age; when two packs hold a key, the newer one wins.
 * Invariants: a .pack is written whole under its .tmp name and renamed, so
 * every process sees a complete pack or none; a reader checks a record's
 * magic, URL and length and treats anything else as a miss; packs are never
 * changed, only replaced by a merge (written first, inputs unlinked after),
 * and unlink() never disturbs a reader holding the file open.  Entries a
 * PrecisCache stores are visible to its own lookups at once and to other
 * processes when its pack is closed: at precis_cache_free(), at
 * precis_cache_trim(), or when it reaches PACK_FLUSH_BYTES or
 * PACK_FLUSH_SECONDS old.  A 304 hit (precis_cache_touch()) copies the
 * record into the open pack, so recently used entries live in recent packs.
 * Size bound: when a pack is closed and the packs total more than the bound
 * or number more than PACK_MAX_COUNT, one process (the lock holder) merges
 * them, newest entries first, keeping at most 90% of the bound (when over
 * it): least recently used entries go first.  A merge for the count alone
 * leaves out an oldest pack bigger than the rest together, so many small
 * packs cost merges of their own size, not of the whole cache.
 * Index: a table key -> location, from the slots of every pack (read once
 * per pack) and the open pack; refreshed from a directory listing at every
 * lookup, or every CACHE_INDEX_SECONDS with precis_cache_set_indexed().
 * Cost: a store is one pwrite(); a lookup is a hash probe and one pread();
 * a merge copies the kept records once.  No fsync: after a crash a pack may
 * be lost or damaged, which the footer and record checks detect (a damaged
 * pack is removed); it is only a cache.
 */
#include "precis-feeds.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAGIC "precis-cache/1\n"
#define CACHE_SUBDIR "packs"
#define PACK_SUFFIX ".pack"
#define TEMP_SUFFIX ".tmp"
#define FOOTER_MAGIC "PRECPK1\n"
#define FOOTER_SIZE 16
#define SLOT_SIZE 24
/* Temporary packs older than this are debris from a crashed writer. */
#define CACHE_STALE_TEMP_SECONDS 3600
/* An indexed cache re-lists the directory when its listing is older. */
#define CACHE_INDEX_SECONDS 10
/* More packs than this are merged into one when a pack is closed. */
#define PACK_MAX_COUNT 8
/* The open pack is closed (made visible) past this size or age. */
#define PACK_FLUSH_BYTES (4u * 1024u * 1024u)
#define PACK_FLUSH_SECONDS 60
/* The directory of one cache format before this one, removed on sight. */
#define LEGACY_SUBDIR "http"

typedef struct {
  guint64 key;
  guint64 offset;
  guint64 length;
} Slot;

typedef struct {
  gint ref;   /* atomic */
  char *name; /* file name in the directory; NULL while being written */
  int fd;
  GArray *slots; /* of Slot, in file order */
  guint64 size;  /* bytes of records (the open pack) or of the file */
} Pack;

typedef struct {
  guint64 key; /* first: the hash table's key points here */
  Pack *pack;  /* borrowed from packs or pending */
  guint64 offset;
  guint64 length;
} Loc;

struct PrecisCache {
  char *dir; /* <root>/packs */
  char *root;
  guint64 max_bytes;
  gboolean indexed;
  GMutex lock;      /* guards everything below */
  GPtrArray *packs; /* of Pack*, closed packs, oldest name first */
  GHashTable *map;  /* key -> Loc*, the newest record of each key */
  gint64 listed_at; /* monotonic us of the last listing; 0 = never */
  Pack *pending;    /* the pack this object writes; NULL until a store */
  char *pending_path;
  gint64 pending_since; /* monotonic us of its first record */
};

void
precis_cache_entry_free(PrecisCacheEntry *entry)
{
  if (entry == NULL)
    return;
  g_free(entry->url);
  g_free(entry->effective_url);
  g_free(entry->etag);
  g_free(entry->last_modified);
  g_free(entry->content_type);
  g_free(entry->charset);
  g_clear_pointer(&entry->body, g_bytes_unref);
  g_free(entry);
}

/* ---- packs ----------------------------------------------------------------
 */

static guint64
url_key(const char *url)
{
  guint64 h = 14695981039346656037ull;
  for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
    h ^= *p;
    h *= 1099511628211ull;
  }
  return h;
}

static Pack *
pack_ref(Pack *p)
{
  g_atomic_int_inc(&p->ref);
  return p;
}

static void
pack_unref(gpointer data)
{
  Pack *p = data;
  if (p == NULL || !g_atomic_int_dec_and_test(&p->ref))
    return;
  if (p->fd >= 0)
    close(p->fd);
  g_array_unref(p->slots);
  g_free(p->name);
  g_free(p);
}

static gboolean
pread_full(int fd, void *buf, gsize len, guint64 offset)
{
  gsize done = 0;
  while (done < len) {
    ssize_t n =
        pread(fd, (char *)buf + done, len - done, (off_t)(offset + done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return FALSE;
    done += (gsize)n;
  }
  return TRUE;
}

/* errno is set when this fails. */
static gboolean
pwrite_full(int fd, const void *buf, gsize len, guint64 offset)
{
  gsize done = 0;
  while (done < len) {
    ssize_t n = pwrite(fd, (const char *)buf + done, len - done,
                       (off_t)(offset + done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = ENOSPC;
      return FALSE;
    }
    done += (gsize)n;
  }
  return TRUE;
}

static guint64
get_le64(const guchar *p)
{
  guint64 v;
  memcpy(&v, p, 8);
  return GUINT64_FROM_LE(v);
}

static void
put_le64(guchar *p, guint64 v)
{
  v = GUINT64_TO_LE(v);
  memcpy(p, &v, 8);
}

/* Opens the closed pack @name.  NULL when it is gone (*damaged FALSE) or is
 * not a whole pack (*damaged TRUE). */
static Pack *
pack_open(const char *dir, const char *name, gboolean *damaged)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  guchar footer[FOOTER_SIZE];
  struct stat st;

  *damaged = FALSE;
  int fd = g_open(path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return NULL;
  *damaged = TRUE;
  if (fstat(fd, &st) != 0 || st.st_size < FOOTER_SIZE ||
      !pread_full(fd, footer, FOOTER_SIZE, (guint64)st.st_size - FOOTER_SIZE) ||
      memcmp(footer + 8, FOOTER_MAGIC, 8) != 0) {
    close(fd);
    return NULL;
  }
  guint64 size = (guint64)st.st_size;
  guint64 count = get_le64(footer);
  if (count > (size - FOOTER_SIZE) / SLOT_SIZE) {
    close(fd);
    return NULL;
  }
  guint64 records_end = size - FOOTER_SIZE - count * SLOT_SIZE;
  g_autofree guchar *raw = g_malloc(count * SLOT_SIZE + 1);
  if (!pread_full(fd, raw, count * SLOT_SIZE, records_end)) {
    close(fd);
    return NULL;
  }
  GArray *slots = g_array_sized_new(FALSE, FALSE, sizeof(Slot), (guint)count);
  for (guint64 i = 0; i < count; i++) {
    const guchar *r = raw + i * SLOT_SIZE;
    Slot s = {get_le64(r), get_le64(r + 8), get_le64(r + 16)};
    if (s.length == 0 || s.offset > records_end ||
        s.length > records_end - s.offset) {
      g_array_unref(slots);
      close(fd);
      return NULL;
    }
    g_array_append_val(slots, s);
  }
  *damaged = FALSE;
  Pack *p = g_new0(Pack, 1);
  p->ref = 1;
  p->name = g_strdup(name);
  p->fd = fd;
  p->slots = slots;
  p->size = size;
  return p;
}

/* A name for a pack made at @time (microseconds). */
static char *
new_stamp_at(gint64 time, const char *suffix)
{
  return g_strdup_printf("%016" G_GINT64_MODIFIER "x-%08x-%08x%s", time,
                         (guint)getpid(), g_random_int(), suffix);
}

static char *
new_stamp(const char *suffix)
{
  return new_stamp_at(g_get_real_time(), suffix);
}

static int
cmp_pack_names(gconstpointer a, gconstpointer b)
{
  return strcmp((*(Pack *const *)a)->name, (*(Pack *const *)b)->name);
}

static gboolean
has_suffix(const char *name, const char *suffix)
{
  return g_str_has_suffix(name, suffix) && name[0] != '.';
}

static int
cmp_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the closed packs, oldest first. */
static GPtrArray *
list_packs(const char *dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name(d)) != NULL)
    if (has_suffix(name, PACK_SUFFIX))
      g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, cmp_names);
  return names;
}

/* ---- the index (lock held) --------------------------------------------------
 */

static void
map_add_pack(GHashTable *map, Pack *p)
{
  for (guint i = 0; i < p->slots->len; i++) {
    const Slot *s = &g_array_index(p->slots, Slot, i);
    Loc *loc = g_new(Loc, 1);
    *loc = (Loc){s->key, p, s->offset, s->length};
    g_hash_table_replace(map, &loc->key, loc);
  }
}

static void
map_rebuild(PrecisCache *self)
{
  g_hash_table_remove_all(self->map);
  for (guint i = 0; i < self->packs->len; i++)
    map_add_pack(self->map, g_ptr_array_index(self->packs, i));
  if (self->pending != NULL)
    map_add_pack(self->map, self->pending);
}

/* Brings packs and map in line with the directory. */
static void
refresh(PrecisCache *self)
{
  g_autoptr(GPtrArray) names = list_packs(self->dir);
  self->listed_at = g_get_monotonic_time();
  gboolean same = names->len == self->packs->len;
  for (guint i = 0; same && i < names->len; i++)
    same = strcmp(g_ptr_array_index(names, i),
                  ((Pack *)g_ptr_array_index(self->packs, i))->name) == 0;
  if (same)
    return;

  GPtrArray *packs = g_ptr_array_new_with_free_func(pack_unref);
  guint j = 0;
  for (guint i = 0; i < names->len; i++) {
    const char *name = g_ptr_array_index(names, i);
    Pack *known = NULL;
    while (j < self->packs->len) { /* both lists are sorted */
      Pack *p = g_ptr_array_index(self->packs, j);
      int c = strcmp(p->name, name);
      if (c > 0)
        break;
      j++;
      if (c == 0) {
        known = p;
        break;
      }
    }
    if (known != NULL) {
      g_ptr_array_add(packs, pack_ref(known));
      continue;
    }
    gboolean damaged = FALSE;
    Pack *p = pack_open(self->dir, name, &damaged);
    if (p != NULL)
      g_ptr_array_add(packs, p);
    else if (damaged) {
      g_autofree char *path = g_build_filename(self->dir, name, NULL);
      g_unlink(path);
    }
  }
  g_ptr_array_unref(self->packs);
  self->packs = packs;
  map_rebuild(self);
}

static void
maybe_refresh(PrecisCache *self)
{
  if (!self->indexed || self->listed_at == 0 ||
      g_get_monotonic_time() - self->listed_at >
          (gint64)CACHE_INDEX_SECONDS * G_USEC_PER_SEC)
    refresh(self);
}

/* ---- the object -----------------------------------------------------------
 */

PrecisCache *
precis_cache_new(const char *dir, guint64 max_bytes, GError **error)
{
  g_autofree char *root = NULL;

  if (dir != NULL)
    root = g_strdup(dir);
  else
    root = g_build_filename(g_get_user_cache_dir(), "precis", NULL);
  g_autofree char *packs = g_build_filename(root, CACHE_SUBDIR, NULL);
  if (g_mkdir_with_parents(packs, 0700) != 0) {
    int saved = errno;
    g_set_error(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_CACHE,
                "cannot create the cache directory %s: %s", packs,
                g_strerror(saved));
    return NULL;
  }
  PrecisCache *self = g_new0(PrecisCache, 1);
  self->dir = g_steal_pointer(&packs);
  self->root = g_steal_pointer(&root);
  self->max_bytes =
      max_bytes ? max_bytes : (guint64)PRECIS_FETCH_DEFAULT_CACHE_MAX_BYTES;
  g_mutex_init(&self->lock);
  self->packs = g_ptr_array_new_with_free_func(pack_unref);
  self->map = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
  return self;
}

void
precis_cache_set_indexed(PrecisCache *self, gboolean indexed)
{
  g_return_if_fail(self != NULL);
  g_mutex_lock(&self->lock);
  self->indexed = indexed;
  g_mutex_unlock(&self->lock);
}

const char *
precis_cache_get_dir(PrecisCache *self)
{
  g_return_val_if_fail(self != NULL, NULL);
  return self->dir;
}

/* Writes @slots and the footer at @at, ending a pack.  errno is set when
 * this fails. */
static gboolean
write_index(int fd, const GArray *slots, guint64 at)
{
  gsize n = slots->len;
  g_autofree guchar *tail = g_malloc(n * SLOT_SIZE + FOOTER_SIZE);
  for (gsize i = 0; i < n; i++) {
    const Slot *s = &g_array_index(slots, Slot, i);
    put_le64(tail + i * SLOT_SIZE, s->key);
    put_le64(tail + i * SLOT_SIZE + 8, s->offset);
    put_le64(tail + i * SLOT_SIZE + 16, s->length);
  }
  put_le64(tail + n * SLOT_SIZE, n);
  memcpy(tail + n * SLOT_SIZE + 8, FOOTER_MAGIC, 8);
  return pwrite_full(fd, tail, n * SLOT_SIZE + FOOTER_SIZE, at);
}

/* Closes the open pack: index, footer, rename (lock held).  On failure its
 * entries are dropped (they were only a cache). */
static void
close_pending(PrecisCache *self)
{
  Pack *p = self->pending;
  if (p == NULL)
    return;
  self->pending = NULL;
  g_autofree char *tmp = g_steal_pointer(&self->pending_path);
  g_autofree char *name = new_stamp(PACK_SUFFIX);
  g_autofree char *path = g_build_filename(self->dir, name, NULL);
  if (write_index(p->fd, p->slots, p->size) && g_rename(tmp, path) == 0) {
    p->name = g_steal_pointer(&name);
    p->size += p->slots->len * SLOT_SIZE + FOOTER_SIZE;
    g_ptr_array_add(self->packs, p);
    g_ptr_array_sort(self->packs, cmp_pack_names); /* another process's
                                                     pack may be newer */
  } else {
    g_debug("cache: cannot write %s: %s", path, g_strerror(errno));
    g_unlink(tmp);
    pack_unref(p);
    map_rebuild(self);
  }
}

void
precis_cache_free(PrecisCache *self)
{
  if (self == NULL)
    return;
  g_mutex_lock(&self->lock);
  gboolean wrote = self->pending != NULL;
  g_mutex_unlock(&self->lock);
  if (wrote)
    precis_cache_trim(self); /* closes the pack, merges when due */
  g_hash_table_unref(self->map);
  g_ptr_array_unref(self->packs);
  g_mutex_clear(&self->lock);
  g_free(self->dir);
  g_free(self->root);
  g_free(self);
}

static gboolean pending_due(PrecisCache *self);

/* ---- records --------------------------------------------------------------
 */

/* Parses one "key value" header line into the entry. */
static gboolean
parse_field(PrecisCacheEntry *e, const char *line, gsize len, guint64 *length)
{
  const char *sp = memchr(line, ' ', len);
  if (sp == NULL)
    return FALSE;
  gsize klen = (gsize)(sp - line);
  const char *value = sp + 1;
  gsize vlen = len - klen - 1;
  char **slot = NULL;

  if (klen == 3 && memcmp(line, "url", 3) == 0)
    slot = &e->url;
  else if (klen == 13 && memcmp(line, "effective-url", 13) == 0)
    slot = &e->effective_url;
  else if (klen == 4 && memcmp(line, "etag", 4) == 0)
    slot = &e->etag;
  else if (klen == 13 && memcmp(line, "last-modified", 13) == 0)
    slot = &e->last_modified;
  else if (klen == 12 && memcmp(line, "content-type", 12) == 0)
    slot = &e->content_type;
  else if (klen == 7 && memcmp(line, "charset", 7) == 0)
    slot = &e->charset;
  else if (klen == 6 && memcmp(line, "length", 6) == 0) {
    char digits[24];
    if (vlen == 0 || vlen >= sizeof digits)
      return FALSE;
    memcpy(digits, value, vlen);
    digits[vlen] = '\0';
    char *end = NULL;
    *length = g_ascii_strtoull(digits, &end, 10);
    return end != digits && *end == '\0';
  } else
    return TRUE; /* unknown keys: newer writers may add some */
  g_free(*slot);
  *slot = g_strndup(value, vlen);
  return TRUE;
}

/* The entry in @data (a whole record) if it is sound and is @url's. */
static PrecisCacheEntry *
parse_record(const char *data, gsize len, const char *url)
{
  gsize mlen = strlen(CACHE_MAGIC);
  if (len < mlen || memcmp(data, CACHE_MAGIC, mlen) != 0)
    return NULL;

  g_autoptr(PrecisCacheEntry) e = g_new0(PrecisCacheEntry, 1);
  guint64 length = G_MAXUINT64;
  gsize pos = mlen;
  for (;;) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    if (nl == NULL)
      return NULL;
    gsize end = (gsize)(nl - data);
    if (end == pos) { /* the blank line */
      pos = end + 1;
      break;
    }
    if (!parse_field(e, data + pos, end - pos, &length))
      return NULL;
    pos = end + 1;
  }
  if (e->url == NULL || (url != NULL && strcmp(e->url, url) != 0) ||
      length != len - pos)
    return NULL;
  e->body = g_bytes_new(data + pos, len - pos);
  return g_steal_pointer(&e);
}

/* The record bytes at @loc (lock held; reads outside it would race a
 * rebuild only for the Loc, not the pack, which is referenced). */
static char *
read_loc(Pack *pack, guint64 offset, guint64 length)
{
  if (length > G_MAXSIZE / 2)
    return NULL;
  char *buf = g_malloc((gsize)length);
  if (!pread_full(pack->fd, buf, (gsize)length, offset)) {
    g_free(buf);
    return NULL;
  }
  return buf;
}

PrecisCacheEntry *
precis_cache_lookup(PrecisCache *self, const char *url)
{
  g_return_val_if_fail(self != NULL, NULL);
  g_return_val_if_fail(url != NULL, NULL);
  guint64 key = url_key(url);

  g_mutex_lock(&self->lock);
  if (pending_due(self))
    close_pending(self);
  maybe_refresh(self);
  Loc *loc = g_hash_table_lookup(self->map, &key);
  Pack *pack = loc != NULL ? pack_ref(loc->pack) : NULL;
  guint64 offset = loc != NULL ? loc->offset : 0;
  guint64 length = loc != NULL ? loc->length : 0;
  g_mutex_unlock(&self->lock);
  if (pack == NULL)
    return NULL;

  g_autofree char *data = read_loc(pack, offset, length);
  pack_unref(pack);
  return data != NULL ? parse_record(data, (gsize)length, url) : NULL;
}

/* Appends a whole record to the open pack (lock held). */
static gboolean
append_record(PrecisCache *self, guint64 key, const char *data, gsize len,
              GError **error)
{
  if (self->pending == NULL) {
    g_autofree char *name = new_stamp(TEMP_SUFFIX);
    g_autofree char *path = g_build_filename(self->dir, name, NULL);
    int fd = g_open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno == ENOENT && g_mkdir_with_parents(self->dir, 0700) == 0)
      fd = g_open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      int saved = errno;
      g_set_error(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_CACHE,
                  "cache: cannot create %s: %s", path, g_strerror(saved));
      return FALSE;
    }
    Pack *p = g_new0(Pack, 1);
    p->ref = 1;
    p->fd = fd;
    p->slots = g_array_new(FALSE, FALSE, sizeof(Slot));
    self->pending = p;
    self->pending_path = g_steal_pointer(&path);
    self->pending_since = g_get_monotonic_time();
  }
  Pack *p = self->pending;
  if (!pwrite_full(p->fd, data, len, p->size)) {
    int saved = errno;
    g_set_error(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_CACHE,
                "cache: cannot write %s: %s", self->pending_path,
                g_strerror(saved));
    return FALSE;
  }
  Slot s = {key, p->size, len};
  g_array_append_val(p->slots, s);
  p->size += len;
  Loc *loc = g_new(Loc, 1);
  *loc = (Loc){key, p, s.offset, s.length};
  g_hash_table_replace(self->map, &loc->key, loc);
  return TRUE;
}

/* TRUE when the open pack should be closed now (lock held). */
static gboolean
pending_due(PrecisCache *self)
{
  guint64 flush = MIN((guint64)PACK_FLUSH_BYTES, self->max_bytes / 8);
  return self->pending != NULL &&
         (self->pending->size >= flush ||
          g_get_monotonic_time() - self->pending_since >
              (gint64)PACK_FLUSH_SECONDS * G_USEC_PER_SEC);
}

static gboolean
value_ok(const char *v)
{
  return v == NULL || strpbrk(v, "\r\n") == NULL;
}

static void
add_field(GString *s, const char *key, const char *value)
{
  if (value != NULL)
    g_string_append_printf(s, "%s %s\n", key, value);
}

gboolean
precis_cache_store(PrecisCache *self, const PrecisCacheEntry *entry,
                   GError **error)
{
  gsize blen = 0;

  g_return_val_if_fail(self != NULL, FALSE);
  g_return_val_if_fail(entry != NULL && entry->url != NULL, FALSE);
  g_return_val_if_fail(entry->body != NULL, FALSE);
  if (!value_ok(entry->url) || !value_ok(entry->effective_url) ||
      !value_ok(entry->etag) || !value_ok(entry->last_modified) ||
      !value_ok(entry->content_type) || !value_ok(entry->charset)) {
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_CACHE,
                        "cache: a header value holds a line break");
    return FALSE;
  }
  const char *body = g_bytes_get_data(entry->body, &blen);
  g_autoptr(GString) s = g_string_sized_new(blen + 512);
  g_string_append(s, CACHE_MAGIC);
  add_field(s, "url", entry->url);
  add_field(s, "effective-url", entry->effective_url);
  add_field(s, "etag", entry->etag);
  add_field(s, "last-modified", entry->last_modified);
  add_field(s, "content-type", entry->content_type);
  add_field(s, "charset", entry->charset);
  g_string_append_printf(s, "length %" G_GSIZE_FORMAT "\n\n", blen);
  if (blen > 0)
    g_string_append_len(s, body, (gssize)blen);

  g_mutex_lock(&self->lock);
  gboolean ok = append_record(self, url_key(entry->url), s->str, s->len, error);
  gboolean due = ok && pending_due(self);
  g_mutex_unlock(&self->lock);
  if (due)
    precis_cache_trim(self);
  return ok;
}

void
precis_cache_touch(PrecisCache *self, const char *url)
{
  g_return_if_fail(self != NULL && url != NULL);
  guint64 key = url_key(url);

  g_mutex_lock(&self->lock);
  Loc *loc = g_hash_table_lookup(self->map, &key);
  if (loc != NULL && loc->pack != self->pending) {
    g_autofree char *data = read_loc(loc->pack, loc->offset, loc->length);
    guint64 length = loc->length;
    /* A failure here (disk full) only loses recency. */
    if (data != NULL)
      (void)append_record(self, key, data, (gsize)length, NULL);
  }
  gboolean due = pending_due(self);
  g_mutex_unlock(&self->lock);
  if (due)
    precis_cache_trim(self);
}

/* ---- merging and trimming --------------------------------------------------
 */

/* Removes @dir's regular files, then @dir (an older cache layout). */
static void
remove_legacy_dir(const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  if (d == NULL)
    return;
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL) {
    g_autofree char *path = g_build_filename(dir, name, NULL);
    struct stat st;
    if (g_lstat(path, &st) == 0 && S_ISREG(st.st_mode))
      g_unlink(path);
  }
  g_rmdir(dir);
}

/* Removes temporary packs long abandoned by crashed writers; returns the
 * total size of the closed packs, which it lists into @names. */
static guint64
scan_dir(const char *dir, GPtrArray *names)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  gint64 now = g_get_real_time() / G_USEC_PER_SEC;
  guint64 total = 0;
  const char *name;
  while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
    gboolean pack = has_suffix(name, PACK_SUFFIX);
    if (!pack && !has_suffix(name, TEMP_SUFFIX))
      continue;
    g_autofree char *path = g_build_filename(dir, name, NULL);
    struct stat st;
    if (g_lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
      continue;
    if (!pack) {
      if (now - (gint64)st.st_mtime > CACHE_STALE_TEMP_SECONDS)
        g_unlink(path);
      continue;
    }
    total += (guint64)st.st_size;
    g_ptr_array_add(names, g_strdup(name));
  }
  g_ptr_array_sort(names, cmp_names);
  return total;
}

typedef struct {
  Pack *pack;
  Slot slot;
} Kept;

/* Merges the packs @names (oldest first) into one, newest records first,
 * keeping at most @budget bytes of records.  Returns the merged size, or
 * @total when nothing could be written. */
static guint64
merge_packs(const char *dir, GPtrArray *names, guint64 budget, guint64 total)
{
  g_autoptr(GPtrArray) packs = g_ptr_array_new_with_free_func(pack_unref);
  for (guint i = 0; i < names->len; i++) {
    gboolean damaged = FALSE;
    Pack *p = pack_open(dir, g_ptr_array_index(names, i), &damaged);
    if (p != NULL)
      g_ptr_array_add(packs, p);
  }
  g_autoptr(GHashTable) seen = g_hash_table_new(g_int64_hash, g_int64_equal);
  g_autoptr(GArray) kept = g_array_new(FALSE, FALSE, sizeof(Kept));
  guint64 bytes = 0;
  for (guint i = packs->len; i-- > 0;) {
    Pack *p = g_ptr_array_index(packs, i);
    for (guint k = p->slots->len; k-- > 0;) {
      Slot *s = &g_array_index(p->slots, Slot, k);
      if (g_hash_table_contains(seen, &s->key))
        continue;
      g_hash_table_add(seen, &s->key);
      if (bytes + s->length > budget)
        continue; /* too big for what is left; smaller ones may fit */
      Kept kp = {p, *s};
      g_array_append_val(kept, kp);
      bytes += s->length;
    }
  }

  g_autofree char *tmpname = new_stamp(TEMP_SUFFIX);
  g_autofree char *tmp = g_build_filename(dir, tmpname, NULL);
  int fd = g_open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return total;
  g_autoptr(GArray) slots =
      g_array_sized_new(FALSE, FALSE, sizeof(Slot), kept->len);
  guint64 off = 0;
  gboolean ok = TRUE;
  for (guint i = kept->len; ok && i-- > 0;) { /* oldest kept first */
    Kept *kp = &g_array_index(kept, Kept, i);
    g_autofree char *data =
        read_loc(kp->pack, kp->slot.offset, kp->slot.length);
    g_autoptr(PrecisCacheEntry) e =
        data != NULL ? parse_record(data, (gsize)kp->slot.length, NULL) : NULL;
    if (e == NULL)
      continue; /* damaged: dropped */
    ok = pwrite_full(fd, data, (gsize)kp->slot.length, off);
    Slot s = {kp->slot.key, off, kp->slot.length};
    g_array_append_val(slots, s);
    off += kp->slot.length;
  }
  ok = ok && write_index(fd, slots, off);
  ok = close(fd) == 0 && ok;
  /* Named as of the newest input, so a pack closed meanwhile by another
   * process still counts as newer than everything merged here. */
  const char *newest = g_ptr_array_index(names, names->len - 1);
  gint64 at = (gint64)g_ascii_strtoull(newest, NULL, 16);
  g_autofree char *name = new_stamp_at(at, PACK_SUFFIX);
  g_autofree char *path = g_build_filename(dir, name, NULL);
  if (!ok || g_rename(tmp, path) != 0) {
    g_unlink(tmp);
    return total;
  }
  for (guint i = 0; i < names->len; i++) {
    g_autofree char *old =
        g_build_filename(dir, g_ptr_array_index(names, i), NULL);
    g_unlink(old);
  }
  return off + slots->len * SLOT_SIZE + FOOTER_SIZE;
}

guint64
precis_cache_trim(PrecisCache *self)
{
  g_return_val_if_fail(self != NULL, 0);
  g_mutex_lock(&self->lock);
  close_pending(self);
  g_mutex_unlock(&self->lock);

  g_autofree char *legacy = g_build_filename(self->root, LEGACY_SUBDIR, NULL);
  if (g_file_test(legacy, G_FILE_TEST_IS_DIR)) {
    remove_legacy_dir(legacy);
    for (int i = 0; i < 2; i++) {
      g_autofree char *tmpdir = g_strdup_printf("%s-tmp%d", legacy, i);
      remove_legacy_dir(tmpdir);
    }
  }

  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  guint64 total = scan_dir(self->dir, names);
  if (total <= self->max_bytes && names->len <= PACK_MAX_COUNT)
    return total;

  /* One merger at a time; the others leave it to the lock holder. */
  g_autofree char *lockpath = g_build_filename(self->dir, "lock", NULL);
  int lockfd = g_open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lockfd < 0)
    return total;
  if (flock(lockfd, LOCK_EX | LOCK_NB) != 0) {
    close(lockfd);
    return total;
  }
  g_ptr_array_set_size(names, 0); /* again, now that no one else merges */
  total = scan_dir(self->dir, names);
  guint64 budget =
      total > self->max_bytes ? self->max_bytes / 10 * 9 : G_MAXUINT64;
  guint64 kept = 0; /* bytes of a pack left out of the merge */
  if (total <= self->max_bytes && names->len > PACK_MAX_COUNT) {
    /* Merging for the count only: an oldest pack bigger than all the
     * others together (an earlier merge) stays as it is, so one-entry
     * packs (a CLI call or the plugin fetch one page at a time) do not
     * rewrite the whole cache every few pages.  Only the oldest may stay
     * out: the merged pack is named as its newest input. */
    g_autofree char *oldest =
        g_build_filename(self->dir, g_ptr_array_index(names, 0), NULL);
    struct stat st;
    if (g_stat(oldest, &st) == 0 && (guint64)st.st_size > total / 2) {
      kept = (guint64)st.st_size;
      g_ptr_array_remove_index(names, 0);
    }
  }
  if (names->len > 0 &&
      (total > self->max_bytes || names->len + (kept > 0) > PACK_MAX_COUNT))
    total = kept + merge_packs(self->dir, names, budget, total - kept);
  flock(lockfd, LOCK_UN);
  close(lockfd);

  g_mutex_lock(&self->lock);
  refresh(self);
  g_mutex_unlock(&self->lock);
  return total;
}
