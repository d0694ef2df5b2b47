/* SPDX-License-Identifier: GPL-3.0-or-later
 * cache.c: the per-URL on-disk cache behind conditional GET.
 *
 * Representation: <dir>/http/<sha256(url)>, one file per URL holding
 *   "precis-cache/1\n" then "key value\n" lines (url, effective-url, etag,
 *   last-modified, content-type, charset, length), a blank line, the body.
 * Invariants: a file is only ever created by writing a temporary file in a
 * sibling directory on the same file system (<dir>-tmpK/<name>.XXXXXX, K
 * the writer thread's slot) and renaming it over the name, so
 * readers in any thread or process see a whole old entry or a whole new one;
 * a reader checks the magic, the key URL and the body length, and treats
 * anything else as a miss (and removes it).  Values never hold a newline.
 * Size bound: after writes adding up to a sixteenth of the bound (and on the
 * first write of a process) the directory is scanned and the least recently
 * used files (oldest mtime; a 304 hit refreshes it) are removed until the
 * total is at most 90% of the bound.  Eviction is unlink(), which never
 * disturbs a reader that already opened the file.
 * Index (precis_cache_set_indexed(), used by the fetcher): a set of the
 * entry names, from one directory listing (no stat) refreshed every
 * CACHE_INDEX_SECONDS and kept current with this object's own stores and
 * unlinks; a URL whose name is absent is a miss without a system call.  A
 * failing open() cost ~0.3 ms on a VM's ext4 while writers create files in
 * the same directory, and the fetch loop waited on it.  Worst case of
 * a stale index: an entry another process wrote meanwhile is missed and
 * downloaded in full again.  Above CACHE_INDEX_MAX names it turns itself off.
 * Cost: a lookup reads one file (none on an indexed miss); a store writes
 * one file and renames it; a trim is one directory scan, O(entries log
 * entries).  No fsync (see write_atomic()).
 */
#include "precis-feeds.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#define CACHE_MAGIC "precis-cache/1\n"
#define CACHE_SUBDIR "http"
/* Temporary files older than this are debris from a crashed writer. */
#define CACHE_STALE_TEMP_SECONDS 3600
/* The index of names is re-read when older than this. */
#define CACHE_INDEX_SECONDS 10
/* More names than this: no index (its memory would outgrow its use). */
#define CACHE_INDEX_MAX 200000
/* Temporary files go to <dir>-tmp0 .. -tmpN-1, one per writer thread: ext4
 * allocates inodes in one directory one at a time (~0.5 ms each on a VM),
 * so creating them in separate directories lets two writers overlap. */
#define CACHE_TMP_DIRS 2

struct PrecisCache {
  char *dir; /* <root>/http */
  guint64 max_bytes;
  gboolean indexed;
  GMutex index_lock; /* guards names and names_time */
  GHashTable *names; /* entry names present; NULL = not read yet */
  gint64 names_time; /* monotonic us when names was read */
};

/* Bytes written by this process since its last trim, over all caches; a
 * trim is due when it passes max/16.  G_MAXUINT64 = no trim yet. */
static GMutex written_lock;
static guint64 written_since_trim = G_MAXUINT64;

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

PrecisCache *
precis_cache_new(const char *dir, guint64 max_bytes, GError **error)
{
  g_autofree char *root = NULL;

  if (dir != NULL)
    root = g_strdup(dir);
  else
    root = g_build_filename(g_get_user_cache_dir(), "precis", NULL);
  g_autofree char *http = g_build_filename(root, CACHE_SUBDIR, NULL);
  if (g_mkdir_with_parents(http, 0700) != 0) {
    int saved = errno;
    g_set_error(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_CACHE,
                "cannot create the cache directory %s: %s", http,
                g_strerror(saved));
    return NULL;
  }
  PrecisCache *self = g_new0(PrecisCache, 1);
  self->dir = g_steal_pointer(&http);
  self->max_bytes =
      max_bytes ? max_bytes : (guint64)PRECIS_FETCH_DEFAULT_CACHE_MAX_BYTES;
  g_mutex_init(&self->index_lock);
  return self;
}

void
precis_cache_set_indexed(PrecisCache *self, gboolean indexed)
{
  g_return_if_fail(self != NULL);
  g_mutex_lock(&self->index_lock);
  self->indexed = indexed;
  g_clear_pointer(&self->names, g_hash_table_unref);
  g_mutex_unlock(&self->index_lock);
}

/* Reads the names of the entries (index_lock held).  FALSE: no index. */
static gboolean
index_read(PrecisCache *self)
{
  g_clear_pointer(&self->names, g_hash_table_unref);
  g_autoptr(GDir) dir = g_dir_open(self->dir, 0, NULL);
  if (dir == NULL)
    return FALSE;
  GHashTable *names =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  const char *name;
  while ((name = g_dir_read_name(dir)) != NULL) {
    if (strchr(name, '.') != NULL) /* a writer's temporary file */
      continue;
    if (g_hash_table_size(names) >= CACHE_INDEX_MAX) {
      g_hash_table_unref(names);
      self->indexed = FALSE;
      return FALSE;
    }
    g_hash_table_add(names, g_strdup(name));
  }
  self->names = names;
  self->names_time = g_get_monotonic_time();
  return TRUE;
}

/* FALSE when the index says @name is certainly absent. */
static gboolean
index_may_hold(PrecisCache *self, const char *name)
{
  gboolean may = TRUE;
  g_mutex_lock(&self->index_lock);
  if (self->indexed) {
    if (self->names == NULL || g_get_monotonic_time() - self->names_time >
                                   (gint64)CACHE_INDEX_SECONDS * G_USEC_PER_SEC)
      index_read(self);
    if (self->names != NULL)
      may = g_hash_table_contains(self->names, name);
  }
  g_mutex_unlock(&self->index_lock);
  return may;
}

static void
index_update(PrecisCache *self, const char *name, gboolean present)
{
  g_mutex_lock(&self->index_lock);
  if (self->names != NULL) {
    if (present)
      g_hash_table_add(self->names, g_strdup(name));
    else
      g_hash_table_remove(self->names, name);
  }
  g_mutex_unlock(&self->index_lock);
}

void
precis_cache_free(PrecisCache *self)
{
  if (self == NULL)
    return;
  g_clear_pointer(&self->names, g_hash_table_unref);
  g_mutex_clear(&self->index_lock);
  g_free(self->dir);
  g_free(self);
}

const char *
precis_cache_get_dir(PrecisCache *self)
{
  g_return_val_if_fail(self != NULL, NULL);
  return self->dir;
}

static char *
entry_path(PrecisCache *self, const char *url)
{
  g_autofree char *name =
      g_compute_checksum_for_string(G_CHECKSUM_SHA256, url, -1);
  return g_build_filename(self->dir, name, NULL);
}

/* Parses one "key value" header line into the entry. */
static gboolean
parse_field(PrecisCacheEntry *e, const char *line, guint64 *length)
{
  const char *sp = strchr(line, ' ');
  if (sp == NULL)
    return FALSE;
  gsize klen = (gsize)(sp - line);
  const char *value = sp + 1;
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
    char *end = NULL;
    *length = g_ascii_strtoull(value, &end, 10);
    return end != value && *end == '\0';
  } else
    return TRUE; /* unknown keys: newer writers may add some */
  g_free(*slot);
  *slot = g_strdup(value);
  return TRUE;
}

/* Reads and checks the file; NULL on any mismatch. */
static PrecisCacheEntry *
read_entry(const char *path, const char *url, gboolean *damaged)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  *damaged = FALSE;
  if (!g_file_get_contents(path, &data, &len, NULL))
    return NULL;
  *damaged = TRUE;
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
    g_autofree char *line = g_strndup(data + pos, end - pos);
    if (!parse_field(e, line, &length))
      return NULL;
    pos = end + 1;
  }
  if (e->url == NULL || strcmp(e->url, url) != 0 || length != len - pos)
    return NULL;
  e->body = g_bytes_new(data + pos, len - pos);
  *damaged = FALSE;
  return g_steal_pointer(&e);
}

PrecisCacheEntry *
precis_cache_lookup(PrecisCache *self, const char *url)
{
  gboolean damaged = FALSE;

  g_return_val_if_fail(self != NULL, NULL);
  g_return_val_if_fail(url != NULL, NULL);
  g_autofree char *name =
      g_compute_checksum_for_string(G_CHECKSUM_SHA256, url, -1);
  if (!index_may_hold(self, name))
    return NULL;
  g_autofree char *path = g_build_filename(self->dir, name, NULL);
  PrecisCacheEntry *e = read_entry(path, url, &damaged);
  if (e == NULL && damaged && g_unlink(path) == 0)
    index_update(self, name, FALSE);
  return e;
}

/* Writes @path whole through a temporary file in the same directory and a
 * rename, so readers see the old file or the new one.  No fsync: after a
 * crash an entry may be lost or truncated, which lookup detects (magic,
 * length) and treats as a miss; fsync per entry cost ~7 ms on a VM disk. */
static gboolean
write_atomic(const char *tmpdir, const char *name, const char *path,
             const char *data, gsize len, GError **error)
{
  g_autofree char *tmp =
      g_strconcat(tmpdir, G_DIR_SEPARATOR_S, name, ".XXXXXX", NULL);
  int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0 && errno == ENOENT && g_mkdir(tmpdir, 0700) == 0) {
    memcpy(tmp + strlen(tmp) - 6, "XXXXXX", 6);
    fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
  }
  if (fd < 0) {
    int saved = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
                "cannot create %s: %s", tmp, g_strerror(saved));
    return FALSE;
  }
  gsize done = 0;
  while (done < len) {
    ssize_t n = write(fd, data + done, len - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      int saved = n < 0 ? errno : ENOSPC;
      close(fd);
      g_unlink(tmp);
      g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
                  "cannot write %s: %s", tmp, g_strerror(saved));
      return FALSE;
    }
    done += (gsize)n;
  }
  if (close(fd) != 0 || g_rename(tmp, path) != 0) {
    int saved = errno;
    g_unlink(tmp);
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
                "cannot replace %s: %s", path, g_strerror(saved));
    return FALSE;
  }
  return TRUE;
}

/* This thread's temporary directory number, 0..CACHE_TMP_DIRS-1. */
static guint
thread_slot(void)
{
  static GPrivate slot;
  static gint next;
  gpointer p = g_private_get(&slot);
  if (p == NULL) {
    p = GUINT_TO_POINTER((guint)g_atomic_int_add(&next, 1) % CACHE_TMP_DIRS +
                         1);
    g_private_set(&slot, p);
  }
  return GPOINTER_TO_UINT(p) - 1;
}

/* Removes temporary files in @path abandoned by crashed writers. */
static void
remove_stale_temps(const char *path, gint64 now)
{
  g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
    g_autofree char *file = g_build_filename(path, name, NULL);
    struct stat st;
    if (g_lstat(file, &st) == 0 && S_ISREG(st.st_mode) &&
        now - (gint64)st.st_mtime > CACHE_STALE_TEMP_SECONDS)
      g_unlink(file);
  }
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
  g_autoptr(GError) local = NULL;
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

  g_autofree char *name =
      g_compute_checksum_for_string(G_CHECKSUM_SHA256, entry->url, -1);
  g_autofree char *path = g_build_filename(self->dir, name, NULL);
  g_autofree char *tmpdir =
      g_strdup_printf("%s-tmp%u", self->dir, thread_slot());
  if (!write_atomic(tmpdir, name, path, s->str, s->len, &local)) {
    g_set_error(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_CACHE, "cache: %s",
                local->message);
    return FALSE;
  }
  index_update(self, name, TRUE);

  gboolean due;
  g_mutex_lock(&written_lock);
  if (written_since_trim == G_MAXUINT64)
    written_since_trim = 0;
  else
    written_since_trim += s->len;
  due = written_since_trim == 0 || written_since_trim > self->max_bytes / 16;
  if (due)
    written_since_trim = 1; /* not 0: the first-write trim is done */
  g_mutex_unlock(&written_lock);
  if (due)
    precis_cache_trim(self);
  return TRUE;
}

void
precis_cache_touch(PrecisCache *self, const char *url)
{
  g_return_if_fail(self != NULL && url != NULL);
  g_autofree char *path = entry_path(self, url);
  /* NULL times = now; failure (entry evicted meanwhile) does not matter. */
  (void)utime(path, NULL);
}

typedef struct {
  char *name;
  gint64 mtime_ns;
  guint64 size;
} CacheFile;

static int
cmp_oldest_first(gconstpointer a, gconstpointer b)
{
  const CacheFile *x = a, *y = b;
  if (x->mtime_ns != y->mtime_ns)
    return x->mtime_ns < y->mtime_ns ? -1 : 1;
  return strcmp(x->name, y->name);
}

guint64
precis_cache_trim(PrecisCache *self)
{
  g_return_val_if_fail(self != NULL, 0);
  g_autoptr(GDir) dir = g_dir_open(self->dir, 0, NULL);
  if (dir == NULL)
    return 0;
  g_autoptr(GArray) files = g_array_new(FALSE, FALSE, sizeof(CacheFile));
  guint64 total = 0;
  gint64 now = g_get_real_time() / G_USEC_PER_SEC;
  const char *name;

  while ((name = g_dir_read_name(dir)) != NULL) {
    g_autofree char *path = g_build_filename(self->dir, name, NULL);
    struct stat st;
    if (g_lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
      continue;
    if (strchr(name, '.') != NULL) {
      /* A writer's temporary file: leave it unless long abandoned. */
      if (now - (gint64)st.st_mtime > CACHE_STALE_TEMP_SECONDS)
        g_unlink(path);
      continue;
    }
    CacheFile f = {g_strdup(name),
                   (gint64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec,
                   (guint64)st.st_size};
    g_array_append_val(files, f);
    total += f.size;
  }
  if (total > self->max_bytes) {
    guint64 target = self->max_bytes / 10 * 9;
    g_array_sort(files, cmp_oldest_first);
    for (guint i = 0; i < files->len && total > target; i++) {
      CacheFile *f = &g_array_index(files, CacheFile, i);
      g_autofree char *path = g_build_filename(self->dir, f->name, NULL);
      if (g_unlink(path) == 0 || errno == ENOENT) {
        total -= f->size;
        index_update(self, f->name, FALSE);
      }
    }
  }
  for (guint i = 0; i < files->len; i++)
    g_free(g_array_index(files, CacheFile, i).name);
  for (guint i = 0; i < CACHE_TMP_DIRS; i++) {
    g_autofree char *tmpdir = g_strdup_printf("%s-tmp%u", self->dir, i);
    remove_stale_temps(tmpdir, now);
  }
  return total;
}
