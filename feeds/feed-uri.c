/* SPDX-License-Identifier: GPL-3.0-or-later
 * feed-uri.c: relative links in feeds, resolved the way the reference
 * parser does it (Python's urllib.parse.urljoin, which follows RFC 3986's
 * merge and dot-segment removal but leaves schemes it does not know as
 * "relative-capable" alone), plus feedparser's whitelist of URI schemes for
 * xml:base, so that a base of "javascript:" is never adopted.
 *
 * Strings in, new strings out; no normalization beyond what urljoin does
 * (no percent-decoding, no case folding of the host).  O(n) per call.
 */
#include "precis-feeds.h"
#include "feed-private.h"

#include <string.h>

typedef struct {
  char *scheme; /* lower-case, "" when none */
  char *netloc; /* NULL when there is no "//" authority */
  char *path;
  char *query;    /* NULL when none */
  char *fragment; /* NULL when none */
} Url;

static void
url_clear(Url *u)
{
  g_free(u->scheme);
  g_free(u->netloc);
  g_free(u->path);
  g_free(u->query);
  g_free(u->fragment);
}

static gboolean
in_list(const char *s, const char *const *list)
{
  for (; *list; list++) {
    if (strcmp(s, *list) == 0)
      return TRUE;
  }
  return FALSE;
}

static const char *const uses_relative[] = {
    "",     "ftp",   "http",    "gopher", "nntp",     "imap", "wais",
    "file", "https", "shttp",   "mms",    "prospero", "rtsp", "rtspu",
    "sftp", "svn",   "svn+ssh", "ws",     "wss",      NULL};

static const char *const uses_netloc[] = {
    "",     "ftp",     "http",  "gopher", "nntp",    "telnet", "imap",
    "wais", "file",    "mms",   "https",  "shttp",   "snews",  "prospero",
    "rtsp", "rtspu",   "rsync", "svn",    "svn+ssh", "sftp",   "nfs",
    "git",  "git+ssh", "ws",    "wss",    NULL};

static void
url_split(const char *s, const char *default_scheme, Url *u)
{
  /* Python strips leading C0 controls and spaces, and drops tabs and
   * newlines anywhere. */
  while (*s && (guchar)*s <= ' ')
    s++;
  /* Most URLs have no tab or newline: then no cleaned copy is needed. */
  g_autofree char *clean = NULL;
  if (strpbrk(s, "\t\n\r") != NULL) {
    clean = g_malloc(strlen(s) + 1);
    char *o = clean;
    for (const char *c = s; *c; c++) {
      if (*c != '\t' && *c != '\n' && *c != '\r')
        *o++ = *c;
    }
    *o = '\0';
    s = clean;
  }
  const char *p = s;
  const char *colon = strchr(p, ':');

  memset(u, 0, sizeof *u);
  if (colon != NULL && colon > p && g_ascii_isalpha(*p)) {
    const char *c = p;
    while (c < colon &&
           (g_ascii_isalnum(*c) || *c == '+' || *c == '-' || *c == '.'))
      c++;
    if (c == colon) {
      u->scheme = g_ascii_strdown(p, colon - p);
      p = colon + 1;
    }
  }
  if (u->scheme == NULL)
    u->scheme = g_strdup(default_scheme);
  if (p[0] == '/' && p[1] == '/') {
    const char *e = p + 2 + strcspn(p + 2, "/?#");
    u->netloc = g_strndup(p + 2, e - (p + 2));
    p = e;
  }
  const char *hash = strchr(p, '#');
  if (hash != NULL)
    u->fragment = g_strdup(hash + 1);
  gsize rest = hash ? (gsize)(hash - p) : strlen(p);
  const char *q = memchr(p, '?', rest);
  if (q != NULL) {
    u->query = g_strndup(q + 1, p + rest - (q + 1));
    rest = q - p;
  }
  u->path = g_strndup(p, rest);
}

static const char *const uses_params[] = {
    "",     "ftp",   "hdl", "prospero", "http", "imap", "https", "shttp",
    "rtsp", "rtspu", "sip", "sips",     "mms",  "sftp", "tel",   NULL};

static char *
url_join_parts(const Url *u)
{
  GString *s = g_string_new(NULL);
  g_autofree char *owned = NULL;
  const char *path = u->path ? u->path : "";

  if (*u->scheme) {
    g_string_append(s, u->scheme);
    g_string_append_c(s, ':');
  }

  /* urlparse() splits ";params" off the last segment and urlunparse()
   * writes them back only when non-empty: a bare trailing ';' is lost. */
  if (in_list(u->scheme, uses_params)) {
    const char *slash = strrchr(path, '/');
    const char *semi = strchr(slash ? slash : path, ';');
    if (semi != NULL && semi[1] == '\0') {
      owned = g_strndup(path, semi - path);
      path = owned;
    }
  }
  gboolean has_netloc = u->netloc != NULL && *u->netloc;

  if (has_netloc || (*u->scheme && in_list(u->scheme, uses_netloc) &&
                     strncmp(path, "//", 2) != 0)) {
    g_string_append(s, "//");
    if (u->netloc)
      g_string_append(s, u->netloc);
    if (*path && path[0] != '/')
      g_string_append_c(s, '/');
  }
  g_string_append(s, path);
  if (u->query && *u->query) {
    g_string_append_c(s, '?');
    g_string_append(s, u->query);
  }
  if (u->fragment && *u->fragment) {
    g_string_append_c(s, '#');
    g_string_append(s, u->fragment);
  }
  return g_string_free(s, FALSE);
}

/* feedparser's _urifixer: "http:////x" -> "http://x". */
static char *
fix_uri(const char *uri)
{
  const char *p = uri;

  if (!g_ascii_isalpha(*p))
    return g_strdup(uri);
  p++;
  while (g_ascii_isalnum(*p) || *p == '+' || *p == '-' || *p == '.' ||
         *p == ',')
    p++;
  if (strncmp(p, "://", 3) != 0)
    return g_strdup(uri);
  p += 3;
  const char *q = p;
  while (*q == '/')
    q++;
  if (q == p)
    return g_strdup(uri);
  GString *s = g_string_new_len(uri, p - uri);
  g_string_append(s, q);
  return g_string_free(s, FALSE);
}

/* A path segment: [s, s + n). */
typedef struct {
  const char *s;
  gsize n;
} Seg;

/* Appends the segments of g_strsplit(@str, "/", -1): none for "". */
static void
split_segments(GArray *segs, const char *str)
{
  if (*str == '\0')
    return;
  for (;;) {
    const char *slash = strchr(str, '/');
    Seg sg = {str, slash ? (gsize)(slash - str) : strlen(str)};
    g_array_append_val(segs, sg);
    if (slash == NULL)
      break;
    str = slash + 1;
  }
}

static gboolean
seg_is(const Seg *sg, const char *lit)
{
  return sg->n == strlen(lit) && memcmp(sg->s, lit, sg->n) == 0;
}

/* RFC 3986 merge and remove_dot_segments, as Python's urljoin does; on
 * spans of the two paths, without copying the segments. */
static char *
merge_paths(const char *bpath, const char *path)
{
  GArray *segs = g_array_new(FALSE, FALSE, sizeof(Seg));
  if (path[0] == '/') {
    split_segments(segs, path);
  } else {
    split_segments(segs, bpath);
    guint nb = segs->len;
    if (nb > 0 && g_array_index(segs, Seg, nb - 1).n != 0)
      g_array_set_size(segs, nb - 1);
    split_segments(segs, path);
    /* Empty segments in the middle are dropped. */
    guint k = 0, len = segs->len;
    for (guint i = 0; i < len; i++) {
      Seg sg = g_array_index(segs, Seg, i);
      if (i == 0 || i == len - 1 || sg.n)
        g_array_index(segs, Seg, k++) = sg;
    }
    g_array_set_size(segs, k);
  }
  /* The result is a stack that never outgrows the segments read. */
  gboolean dot_last = FALSE;
  if (segs->len > 0) {
    const Seg *last = &g_array_index(segs, Seg, segs->len - 1);
    dot_last = seg_is(last, ".") || seg_is(last, "..");
  }
  guint k = 0;
  for (guint i = 0; i < segs->len; i++) {
    Seg sg = g_array_index(segs, Seg, i);
    if (seg_is(&sg, "..")) {
      if (k > 0)
        k--;
    } else if (!seg_is(&sg, ".")) {
      g_array_index(segs, Seg, k++) = sg;
    }
  }
  GString *joined = g_string_new(NULL);
  for (guint i = 0; i < k; i++) {
    if (i)
      g_string_append_c(joined, '/');
    g_string_append_len(joined, g_array_index(segs, Seg, i).s,
                        g_array_index(segs, Seg, i).n);
  }
  /* A last "." or "..": an empty last segment, a '/' after any other. */
  if (dot_last && k > 0)
    g_string_append_c(joined, '/');
  if (joined->len == 0)
    g_string_assign(joined, "/");
  g_array_unref(segs);
  return g_string_free(joined, FALSE);
}

char *
precis__feed_urljoin(const char *base, const char *uri_in)
{
  g_autofree char *uri = fix_uri(uri_in ? uri_in : "");

  if (base == NULL || *base == '\0')
    return g_steal_pointer(&uri);
  if (*uri == '\0')
    return g_strdup(base);

  Url b, u;
  url_split(base, "", &b);
  url_split(uri, b.scheme, &u);
  char *out = NULL;

  if (strcmp(u.scheme, b.scheme) != 0 || !in_list(u.scheme, uses_relative)) {
    out = g_steal_pointer(&uri);
    goto done;
  }
  if (in_list(u.scheme, uses_netloc)) {
    if (u.netloc != NULL && *u.netloc) {
      out = url_join_parts(&u);
      goto done;
    }
    g_free(u.netloc);
    u.netloc = g_strdup(b.netloc);
  }
  if (*u.path == '\0') {
    g_free(u.path);
    u.path = g_strdup(b.path);
    if (u.query == NULL || *u.query == '\0') {
      g_free(u.query);
      u.query = g_strdup(b.query);
    }
    out = url_join_parts(&u);
    goto done;
  }

  char *merged = merge_paths(b.path, u.path);
  g_free(u.path);
  u.path = merged;
  out = url_join_parts(&u);

done:
  url_clear(&b);
  url_clear(&u);
  return out;
}

static const char *const acceptable_schemes[] = {
    "file",  "ftp",      "gopher",  "h323",   "hdl",   "http", "https",
    "imap",  "magnet",   "mailto",  "mms",    "news",  "nntp", "prospero",
    "rsync", "rtsp",     "rtspu",   "sftp",   "shttp", "sip",  "sips",
    "snews", "svn",      "svn+ssh", "telnet", "wais",  "aim",  "callto",
    "cvs",   "facetime", "feed",    "git",    "gtalk", "irc",  "ircs",
    "irc6",  "itms",     "msnim",   "skype",  "ssh",   "smb",  "ymsg",
    NULL};

char *
precis__feed_safe_uri(const char *base, const char *rel)
{
  if (base == NULL || *base == '\0')
    return g_strdup(rel ? rel : "");
  if (rel == NULL || *rel == '\0') {
    Url b;
    url_split(base, "", &b);
    gboolean ok = *b.scheme == '\0' || in_list(b.scheme, acceptable_schemes);
    url_clear(&b);
    return g_strdup(ok ? base : "");
  }
  char *uri = precis__feed_urljoin(base, rel);
  g_autofree char *stripped = g_strstrip(g_strdup(uri));
  const char *colon = strchr(stripped, ':');
  g_autofree char *scheme =
      colon ? g_strndup(stripped, colon - stripped) : g_strdup(stripped);
  if (!in_list(scheme, acceptable_schemes)) {
    g_free(uri);
    return g_strdup("");
  }
  return uri;
}
