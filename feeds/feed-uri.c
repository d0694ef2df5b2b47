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
  GString *clean = g_string_new(NULL);
  while (*s && (guchar)*s <= ' ')
    s++;
  for (const char *c = s; *c; c++) {
    if (*c != '\t' && *c != '\n' && *c != '\r')
      g_string_append_c(clean, *c);
  }
  const char *p = clean->str;
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
  g_string_free(clean, TRUE);
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
  if (*u->scheme) {
    g_string_prepend_c(s, ':');
    g_string_prepend(s, u->scheme);
  }
  if (u->query && *u->query)
    g_string_append_printf(s, "?%s", u->query);
  if (u->fragment && *u->fragment)
    g_string_append_printf(s, "#%s", u->fragment);
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

/* RFC 3986 merge and remove_dot_segments, as Python's urljoin does. */
static char *
merge_paths(const char *bpath, const char *path)
{
  g_auto(GStrv) base_parts = g_strsplit(bpath, "/", -1);
  guint nb = g_strv_length(base_parts);
  if (nb > 0 && *base_parts[nb - 1] != '\0')
    nb--;
  g_auto(GStrv) path_parts = g_strsplit(path, "/", -1);
  guint np = g_strv_length(path_parts);
  GPtrArray *segs = g_ptr_array_new();
  if (path[0] == '/') {
    for (guint i = 0; i < np; i++)
      g_ptr_array_add(segs, path_parts[i]);
  } else {
    GPtrArray *all = g_ptr_array_new();
    for (guint i = 0; i < nb; i++)
      g_ptr_array_add(all, base_parts[i]);
    for (guint i = 0; i < np; i++)
      g_ptr_array_add(all, path_parts[i]);
    /* Empty segments in the middle are dropped. */
    for (guint i = 0; i < all->len; i++) {
      const char *sg = all->pdata[i];
      if (i == 0 || i == all->len - 1 || *sg)
        g_ptr_array_add(segs, (gpointer)sg);
    }
    g_ptr_array_free(all, TRUE);
  }
  GPtrArray *res = g_ptr_array_new();
  for (guint i = 0; i < segs->len; i++) {
    const char *sg = segs->pdata[i];
    if (strcmp(sg, "..") == 0) {
      if (res->len > 0)
        g_ptr_array_remove_index(res, res->len - 1);
    } else if (strcmp(sg, ".") != 0) {
      g_ptr_array_add(res, (gpointer)sg);
    }
  }
  if (segs->len > 0) {
    const char *last = segs->pdata[segs->len - 1];
    if (strcmp(last, ".") == 0 || strcmp(last, "..") == 0)
      g_ptr_array_add(res, (gpointer) "");
  }
  GString *joined = g_string_new(NULL);
  for (guint i = 0; i < res->len; i++) {
    if (i)
      g_string_append_c(joined, '/');
    g_string_append(joined, res->pdata[i]);
  }
  if (joined->len == 0)
    g_string_assign(joined, "/");
  g_ptr_array_free(res, TRUE);
  g_ptr_array_free(segs, TRUE);
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
