/* SPDX-License-Identifier: GPL-3.0-or-later
 * http-server.c: the test HTTP/1.1 server (see http-server.h).
 *
 * One listening socket on 127.0.0.1:0, an accept thread, a thread per
 * connection; connections are kept alive (Content-Length framing) unless the
 * client or a route says close.  Every blocking wait polls in 100 ms steps
 * and checks the stop flag, so free() returns within ~100 ms even with
 * stalled or endless responses in progress.
 *
 * Routes (anything else is a file under the root; ".." is refused):
 *   /gzip/F            F with Content-Encoding: gzip
 *   /etag-only/F       F with an ETag but no Last-Modified
 *   /lm-only/F         F with a Last-Modified but no ETag
 *   /no-validators/F   F with neither
 *   /charset/L/F       F as "text/html; charset=L" (no conversion)
 *   /type/A-B/F        F as Content-Type "A/B"
 *   /redirect/N/F      302 to /redirect/N-1/F ... then /F
 *   /loop              302 to itself
 *   /to-file           302 to file:///etc/passwd
 *   /slow              4000 declared bytes, 8 every 100 ms (50 s)
 *   /slow-ok/F         F in 10 pieces 100 ms apart
 *   /slower-ok/F       F in 10 pieces 500 ms apart
 *   /stall             headers and 100 bytes of 5000, then silence
 *   /big               12 MiB declared and sent
 *   /endless           no length, "Connection: close", never ends
 *   /bomb              64 MiB of zeros gzip-compressed (~64 KiB)
 *   /status/N          status N with a small HTML body
 *   /deep-json-ld      a page whose JSON-LD nests 100000 arrays deep
 *   /deep.json         a JSON Feed nesting 100000 arrays deep
 * Validators of files: ETag "size-mtime", Last-Modified = mtime; a matching
 * If-None-Match (or, without it, an equal If-Modified-Since) gets a 304.
 */
#define _GNU_SOURCE /* accept4 */
#include "http-server.h"

#include <gio/gio.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_REQUEST_HEAD (32 * 1024)
#define IDLE_TIMEOUT_MS 30000
#define BOMB_BYTES (64u * 1024u * 1024u)

struct PrecisHttpServer {
  char *root;
  int listen_fd;
  guint port;
  volatile gint stop;
  GThread *accept_thread;
  GMutex lock; /* conns, counts, paths, log */
  GPtrArray *conns;
  PrecisHttpCounts counts;
  GHashTable *paths; /* path -> count */
  FILE *log;
  volatile gint delay_ms;
  char *last_user_agent;
  char *last_accept_encoding;
};

typedef struct {
  PrecisHttpServer *server;
  int fd;
  GThread *thread;
  volatile gint done;
  char buf[MAX_REQUEST_HEAD];
  gsize len;
} Conn;

typedef struct {
  char method[16];
  char *user_agent;
  char *accept_encoding;
  char *path; /* without the query */
  char *if_none_match;
  char *if_modified_since;
  gboolean close;
  gboolean head;
} Request;

static gboolean
stopping(PrecisHttpServer *s)
{
  return g_atomic_int_get(&s->stop) != 0;
}

/* Waits until @fd is ready for @events, in 100 ms steps; FALSE on stop or
 * after @timeout_ms (-1 = none). */
static gboolean
wait_fd(PrecisHttpServer *s, int fd, short events, int timeout_ms)
{
  int waited = 0;
  while (!stopping(s)) {
    struct pollfd p = {fd, events, 0};
    int r = poll(&p, 1, 100);
    if (r > 0)
      return TRUE;
    if (r < 0 && errno != EINTR)
      return FALSE;
    waited += 100;
    if (timeout_ms >= 0 && waited >= timeout_ms)
      return FALSE;
  }
  return FALSE;
}

static gboolean
send_all(Conn *c, const void *data, gsize len)
{
  const char *p = data;
  while (len > 0) {
    if (!wait_fd(c->server, c->fd, POLLOUT, IDLE_TIMEOUT_MS))
      return FALSE;
    ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN)
        continue;
      return FALSE;
    }
    p += n;
    len -= (gsize)n;
  }
  return TRUE;
}

/* Sleeps @ms in 100 ms steps; FALSE when the server stops or the peer
 * closed the connection. */
static gboolean
nap(Conn *c, int ms)
{
  for (int t = 0; t < ms; t += 50) {
    if (stopping(c->server))
      return FALSE;
    struct pollfd p = {c->fd, POLLIN, 0};
    if (poll(&p, 1, 50) > 0) {
      char b;
      ssize_t n = recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
      if (n == 0 || (p.revents & (POLLHUP | POLLERR)))
        return FALSE;
      g_usleep(50 * 1000); /* a pipelined request waits its turn */
    }
  }
  return TRUE;
}

static void
record(Conn *c, const Request *rq, int status, gsize bytes)
{
  PrecisHttpServer *s = c->server;
  g_mutex_lock(&s->lock);
  s->counts.requests++;
  if (status == 304)
    s->counts.not_modified++;
  else if (status >= 200 && status < 300)
    s->counts.ok++;
  else if (status >= 300 && status < 400)
    s->counts.redirects++;
  else if (status >= 400)
    s->counts.errors++;
  gboolean cond = rq->if_none_match != NULL || rq->if_modified_since != NULL;
  if (cond)
    s->counts.conditional++;
  guint n = GPOINTER_TO_UINT(g_hash_table_lookup(s->paths, rq->path));
  g_hash_table_insert(s->paths, g_strdup(rq->path), GUINT_TO_POINTER(n + 1));
  g_free(s->last_user_agent);
  s->last_user_agent = g_strdup(rq->user_agent);
  g_free(s->last_accept_encoding);
  s->last_accept_encoding = g_strdup(rq->accept_encoding);
  if (s->log != NULL) {
    fprintf(s->log, "%s %s %d %" G_GSIZE_FORMAT "%s\n", rq->method, rq->path,
            status, bytes, cond ? " cond" : "");
    fflush(s->log);
  }
  g_mutex_unlock(&s->lock);
}

static const char *
reason(int status)
{
  switch (status) {
  case 200:
    return "OK";
  case 302:
    return "Found";
  case 304:
    return "Not Modified";
  case 400:
    return "Bad Request";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 500:
    return "Internal Server Error";
  case 503:
    return "Service Unavailable";
  default:
    return "Status";
  }
}

/* Writes a whole response with Content-Length framing. */
static gboolean
respond(Conn *c, const Request *rq, int status, const char *headers,
        const void *body, gsize len)
{
  gboolean no_body = rq->head || status == 304 || status == 204;
  g_autofree char *head = g_strdup_printf(
      "HTTP/1.1 %d %s\r\nServer: precis-httpd\r\n%s"
      "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: %s\r\n\r\n",
      status, reason(status), headers ? headers : "", status == 304 ? 0 : len,
      rq->close ? "close" : "keep-alive");
  record(c, rq, status, no_body ? 0 : len);
  if (!no_body && len > 0 && len <= 256 * 1024) {
    /* One write for head and body. */
    g_autoptr(GByteArray) all = g_byte_array_sized_new(strlen(head) + len);
    g_byte_array_append(all, (const guint8 *)head, strlen(head));
    g_byte_array_append(all, body, len);
    return send_all(c, all->data, all->len) && !rq->close;
  }
  if (!send_all(c, head, strlen(head)))
    return FALSE;
  if (!no_body && len > 0 && !send_all(c, body, len))
    return FALSE;
  return !rq->close;
}

static gboolean
respond_status(Conn *c, const Request *rq, int status)
{
  g_autofree char *body = g_strdup_printf(
      "<!DOCTYPE html><html><head><title>%d %s</title></head><body><h1>%d "
      "%s</h1></body></html>\n",
      status, reason(status), status, reason(status));
  return respond(c, rq, status, "Content-Type: text/html; charset=utf-8\r\n",
                 body, strlen(body));
}

static GBytes *
gzip_bytes(const guint8 *data, gsize len, gsize repeat, int level)
{
  g_autoptr(GZlibCompressor) z =
      g_zlib_compressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP, level);
  GByteArray *out = g_byte_array_new();
  guint8 buf[65536];

  for (gsize i = 0; i < repeat; i++) {
    gboolean last = i + 1 == repeat;
    const guint8 *in = data;
    gsize left = len;
    for (;;) {
      gsize nread = 0, nwritten = 0;
      GConverterResult r = g_converter_convert(
          G_CONVERTER(z), in, left, buf, sizeof buf,
          last ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS, &nread,
          &nwritten, NULL);
      g_byte_array_append(out, buf, (guint)nwritten);
      in += nread;
      left -= nread;
      if (r == G_CONVERTER_ERROR || r == G_CONVERTER_FINISHED)
        break;
      if (!last && left == 0)
        break;
    }
  }
  return g_byte_array_free_to_bytes(out);
}

static GOnce bomb_once = G_ONCE_INIT;

static gpointer
make_bomb(gpointer data)
{
  (void)data;
  g_autofree guint8 *zeros = g_malloc0(1024 * 1024);
  /* Level 1 deflates zeros nearly as well as 9 (~1000:1), much faster. */
  return gzip_bytes(zeros, 1024 * 1024, BOMB_BYTES / (1024 * 1024), 1);
}

static const char *
type_for(const char *path)
{
  if (g_str_has_suffix(path, ".html") || g_str_has_suffix(path, ".htm"))
    return "text/html; charset=utf-8";
  if (g_str_has_suffix(path, ".xml") || g_str_has_suffix(path, ".rss"))
    return "application/rss+xml";
  if (g_str_has_suffix(path, ".atom"))
    return "application/atom+xml";
  if (g_str_has_suffix(path, ".json"))
    return "application/feed+json";
  if (g_str_has_suffix(path, ".txt"))
    return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

static gboolean
templated(const char *path)
{
  return g_str_has_suffix(path, ".xml") || g_str_has_suffix(path, ".atom") ||
         g_str_has_suffix(path, ".json") || g_str_has_suffix(path, ".html") ||
         g_str_has_suffix(path, ".rss");
}

/* Reads root/@rel (no ".." allowed); NULL when missing. */
static char *
load_file(PrecisHttpServer *s, const char *rel, gsize *len, struct stat *st)
{
  while (*rel == '/')
    rel++;
  if (*rel == '\0' || strstr(rel, "..") != NULL)
    return NULL;
  g_autofree char *path = g_build_filename(s->root, rel, NULL);
  char *data = NULL;
  if (stat(path, st) != 0 || !S_ISREG(st->st_mode) ||
      !g_file_get_contents(path, &data, len, NULL))
    return NULL;
  if (templated(rel) && strstr(data, "{{BASE}}") != NULL) {
    g_autofree char *base = g_strdup_printf("http://127.0.0.1:%u", s->port);
    g_auto(GStrv) parts = g_strsplit(data, "{{BASE}}", -1);
    g_free(data);
    data = g_strjoinv(base, parts);
    *len = strlen(data);
  }
  return data;
}

static char *
http_date(time_t t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc((gint64)t);
  return g_date_time_format(dt, "%a, %d %b %Y %H:%M:%S GMT");
}

enum { V_ETAG = 1, V_LM = 2 };

static gboolean
serve_file(Conn *c, const Request *rq, const char *rel, int validators,
           gboolean gzip, const char *type)
{
  struct stat st;
  gsize len = 0;
  g_autofree char *data = load_file(c->server, rel, &len, &st);
  if (data == NULL)
    return respond_status(c, rq, 404);

  g_autofree char *etag =
      g_strdup_printf("\"%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x%s\"",
                      (gint64)len, (gint64)st.st_mtime, gzip ? "-gz" : "");
  g_autofree char *lm = http_date(st.st_mtime);
  g_autoptr(GString) h = g_string_new(NULL);
  g_string_append_printf(h, "Content-Type: %s\r\n",
                         type ? type : type_for(rel));
  if (validators & V_ETAG)
    g_string_append_printf(h, "ETag: %s\r\n", etag);
  if (validators & V_LM)
    g_string_append_printf(h, "Last-Modified: %s\r\n", lm);
  gboolean fresh = FALSE;
  if ((validators & V_ETAG) && rq->if_none_match != NULL)
    fresh = strstr(rq->if_none_match, etag) != NULL;
  else if ((validators & V_LM) && rq->if_modified_since != NULL)
    fresh = strcmp(rq->if_modified_since, lm) == 0;
  if (fresh)
    return respond(c, rq, 304, h->str, NULL, 0);
  if (gzip) {
    g_autoptr(GBytes) z = gzip_bytes((const guint8 *)data, len, 1, 6);
    g_string_append(h, "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n");
    return respond(c, rq, 200, h->str, g_bytes_get_data(z, NULL),
                   g_bytes_get_size(z));
  }
  return respond(c, rq, 200, h->str, data, len);
}

static gboolean
redirect(Conn *c, Request *rq, const char *location)
{
  g_autofree char *h = g_strdup_printf(
      "Location: %s\r\nContent-Type: text/html; charset=utf-8\r\n", location);
  static const char body[] = "<html><body>moved</body></html>\n";
  return respond(c, rq, 302, h, body, sizeof body - 1);
}

/* Sends a head promising @len bytes (or none: close-delimited). */
static gboolean
send_head(Conn *c, Request *rq, int status, const char *type, gssize len,
          const char *extra)
{
  g_autofree char *lenh =
      len >= 0
          ? g_strdup_printf("Content-Length: %" G_GSSIZE_FORMAT "\r\n", len)
          : g_strdup("");
  if (len < 0)
    rq->close = TRUE;
  g_autofree char *head = g_strdup_printf(
      "HTTP/1.1 %d %s\r\nServer: precis-httpd\r\nContent-Type: %s\r\n%s%s"
      "Connection: %s\r\n\r\n",
      status, reason(status), type, extra ? extra : "", lenh,
      rq->close ? "close" : "keep-alive");
  record(c, rq, status, len >= 0 ? (gsize)len : 0);
  return send_all(c, head, strlen(head));
}

static gboolean
route(Conn *c, Request *rq)
{
  const char *p = rq->path;
  PrecisHttpServer *s = c->server;

  int delay = g_atomic_int_get(&s->delay_ms);
  if (delay > 0 && !nap(c, delay))
    return FALSE;
  if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0) {
    rq->close = TRUE;
    return respond_status(c, rq, 405);
  }
  if (g_str_has_prefix(p, "/gzip/"))
    return serve_file(c, rq, p + 5, V_ETAG | V_LM, TRUE, NULL);
  if (g_str_has_prefix(p, "/etag-only/"))
    return serve_file(c, rq, p + 10, V_ETAG, FALSE, NULL);
  if (g_str_has_prefix(p, "/lm-only/"))
    return serve_file(c, rq, p + 8, V_LM, FALSE, NULL);
  if (g_str_has_prefix(p, "/no-validators/"))
    return serve_file(c, rq, p + 14, 0, FALSE, NULL);
  if (g_str_has_prefix(p, "/charset/") || g_str_has_prefix(p, "/type/")) {
    gboolean is_charset = p[1] == 'c';
    const char *arg = p + (is_charset ? 9 : 6);
    const char *slash = strchr(arg, '/');
    if (slash == NULL)
      return respond_status(c, rq, 404);
    g_autofree char *value = g_strndup(arg, (gsize)(slash - arg));
    g_autofree char *type = NULL;
    if (is_charset) {
      type = g_strdup_printf("text/html; charset=%s", value);
    } else {
      char *dash = strchr(value, '-');
      if (dash != NULL)
        *dash = '/';
      type = g_strdup(value);
    }
    return serve_file(c, rq, slash, V_ETAG | V_LM, FALSE, type);
  }
  if (g_str_has_prefix(p, "/redirect/")) {
    char *end = NULL;
    guint64 n = g_ascii_strtoull(p + 10, &end, 10);
    if (end == p + 10 || *end != '/')
      return respond_status(c, rq, 404);
    g_autofree char *loc =
        n > 0 ? g_strdup_printf("/redirect/%" G_GUINT64_FORMAT "%s", n - 1, end)
              : g_strdup(end);
    return redirect(c, rq, loc);
  }
  if (strcmp(p, "/loop") == 0)
    return redirect(c, rq, "/loop");
  if (strcmp(p, "/to-file") == 0)
    return redirect(c, rq, "file:///etc/passwd");
  if (g_str_has_prefix(p, "/status/")) {
    int code = atoi(p + 8);
    if (code < 200 || code > 599)
      code = 400;
    return respond_status(c, rq, code);
  }
  if (strcmp(p, "/slow") == 0) {
    if (!send_head(c, rq, 200, "text/html; charset=utf-8", 4000, NULL))
      return FALSE;
    for (int i = 0; i < 500; i++)
      if (!nap(c, 100) || !send_all(c, "<p>slow ", 8))
        return FALSE;
    return !rq->close;
  }
  if (g_str_has_prefix(p, "/slow-ok/") || g_str_has_prefix(p, "/slower-ok/")) {
    /* A real page delivered in ten pieces: about 1 s, or 5 s for slower-ok
     * (for tests that must act while the transfer is surely still running,
     * even on a loaded machine). */
    gboolean slower = g_str_has_prefix(p, "/slower-ok/");
    guint gap = slower ? 500 : 100;
    struct stat st;
    gsize len = 0;
    g_autofree char *data = load_file(s, p + (slower ? 10 : 8), &len, &st);
    if (data == NULL)
      return respond_status(c, rq, 404);
    if (!send_head(c, rq, 200, type_for(p), (gssize)len, NULL))
      return FALSE;
    gsize piece = len / 10 + 1;
    for (gsize off = 0; off < len; off += piece)
      if (!nap(c, gap) || !send_all(c, data + off, MIN(piece, len - off)))
        return FALSE;
    return !rq->close;
  }
  if (strcmp(p, "/stall") == 0) {
    char part[100];
    memset(part, ' ', sizeof part);
    memcpy(part, "<html>", 6);
    if (!send_head(c, rq, 200, "text/html; charset=utf-8", 5000, NULL) ||
        !send_all(c, part, sizeof part))
      return FALSE;
    nap(c, 120000);
    return FALSE;
  }
  if (strcmp(p, "/big") == 0) {
    gsize total = 12u * 1024u * 1024u;
    g_autofree char *chunk = g_malloc(65536);
    memset(chunk, 'a', 65536);
    if (!send_head(c, rq, 200, "text/plain; charset=utf-8", (gssize)total,
                   NULL))
      return FALSE;
    for (gsize off = 0; off < total; off += 65536)
      if (!send_all(c, chunk, 65536))
        return FALSE;
    return !rq->close;
  }
  if (strcmp(p, "/endless") == 0) {
    static const char line[] = "<p>and on and on and on and on</p>\n";
    char chunk[36 * 1024];
    for (gsize off = 0; off + sizeof line - 1 <= sizeof chunk;
         off += sizeof line - 1)
      memcpy(chunk + off, line, sizeof line - 1);
    if (!send_head(c, rq, 200, "text/html; charset=utf-8", -1, NULL))
      return FALSE;
    while (send_all(c, chunk, sizeof chunk))
      ;
    return FALSE;
  }
  if (strcmp(p, "/deep-json-ld") == 0 || strcmp(p, "/deep.json") == 0) {
    /* 100000 nested arrays: parsed recursively, they overflow a stack. */
    gboolean page = strcmp(p, "/deep-json-ld") == 0;
    g_autoptr(GString) b = g_string_new(NULL);
    if (page)
      g_string_append(b, "<!DOCTYPE html><html><head><title>Deep</title>"
                         "<script type=\"application/ld+json\">");
    else
      g_string_append(b, "{\"version\": \"https://jsonfeed.org/version/1.1\", "
                         "\"title\": \"Deep\", \"items\": [{\"id\": \"1\", "
                         "\"x\": ");
    for (int i = 0; i < 100000; i++)
      g_string_append_c(b, '[');
    for (int i = 0; i < 100000; i++)
      g_string_append_c(b, ']');
    if (page)
      g_string_append(b, "</script></head><body><article><p>The harbour "
                         "reopened on Friday after the storm. Crews had "
                         "worked all week to clear the wreckage.</p>"
                         "</article></body></html>");
    else
      g_string_append(b, "}]}");
    return respond(c, rq, 200,
                   page ? "Content-Type: text/html; charset=utf-8\r\n"
                        : "Content-Type: application/feed+json\r\n",
                   b->str, b->len);
  }
  if (strcmp(p, "/bomb") == 0) {
    GBytes *bomb = g_once(&bomb_once, make_bomb, NULL);
    return respond(c, rq, 200,
                   "Content-Type: text/html; charset=utf-8\r\n"
                   "Content-Encoding: gzip\r\n",
                   g_bytes_get_data(bomb, NULL), g_bytes_get_size(bomb));
  }
  return serve_file(c, rq, p, V_ETAG | V_LM, FALSE, NULL);
}

static void
request_clear(Request *rq)
{
  g_free(rq->path);
  g_free(rq->if_none_match);
  g_free(rq->if_modified_since);
  g_free(rq->user_agent);
  g_free(rq->accept_encoding);
  memset(rq, 0, sizeof *rq);
}

/* Parses the head in c->buf[0..head_len); FALSE when malformed. */
static gboolean
parse_request(const char *head, Request *rq)
{
  g_auto(GStrv) lines = g_strsplit(head, "\r\n", -1);
  if (lines[0] == NULL)
    return FALSE;
  g_auto(GStrv) first = g_strsplit(lines[0], " ", 3);
  if (g_strv_length(first) != 3 || strlen(first[0]) >= sizeof rq->method ||
      first[1][0] != '/')
    return FALSE;
  g_strlcpy(rq->method, first[0], sizeof rq->method);
  rq->head = strcmp(first[0], "HEAD") == 0;
  char *q = strchr(first[1], '?');
  rq->path =
      q ? g_strndup(first[1], (gsize)(q - first[1])) : g_strdup(first[1]);
  rq->close = strcmp(first[2], "HTTP/1.0") == 0;
  for (guint i = 1; lines[i] != NULL; i++) {
    char *colon = strchr(lines[i], ':');
    if (colon == NULL)
      continue;
    *colon = '\0';
    char *value = g_strstrip(colon + 1);
    if (g_ascii_strcasecmp(lines[i], "If-None-Match") == 0)
      rq->if_none_match = g_strdup(value);
    else if (g_ascii_strcasecmp(lines[i], "If-Modified-Since") == 0)
      rq->if_modified_since = g_strdup(value);
    else if (g_ascii_strcasecmp(lines[i], "User-Agent") == 0)
      rq->user_agent = g_strdup(value);
    else if (g_ascii_strcasecmp(lines[i], "Accept-Encoding") == 0)
      rq->accept_encoding = g_strdup(value);
    else if (g_ascii_strcasecmp(lines[i], "Connection") == 0)
      rq->close = g_ascii_strcasecmp(value, "close") == 0;
  }
  return TRUE;
}

static gpointer
conn_thread(gpointer data)
{
  Conn *c = data;

  for (;;) {
    char *end = g_strstr_len(c->buf, (gssize)c->len, "\r\n\r\n");
    if (c->len > 0 && !g_ascii_isupper(c->buf[0])) {
      /* Not HTTP (a TLS ClientHello, say): answer 400 as real servers do. */
      static const char bad[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: "
                                "0\r\nConnection: close\r\n\r\n";
      send_all(c, bad, sizeof bad - 1);
      break;
    }
    if (end == NULL) {
      if (c->len >= sizeof c->buf - 1)
        break; /* head too large: drop the connection */
      if (!wait_fd(c->server, c->fd, POLLIN, IDLE_TIMEOUT_MS))
        break;
      ssize_t n = recv(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len, 0);
      if (n <= 0)
        break;
      c->len += (gsize)n;
      continue;
    }
    gsize head_len = (gsize)(end - c->buf);
    g_autofree char *head = g_strndup(c->buf, head_len);
    gsize used = head_len + 4;
    memmove(c->buf, c->buf + used, c->len - used);
    c->len -= used;
    Request rq = {0};
    gboolean keep;
    if (!parse_request(head, &rq)) {
      rq.path = g_strdup("/");
      g_strlcpy(rq.method, "?", sizeof rq.method);
      rq.close = TRUE;
      respond_status(c, &rq, 400);
      keep = FALSE;
    } else {
      keep = route(c, &rq);
    }
    request_clear(&rq);
    if (!keep)
      break;
  }
  shutdown(c->fd, SHUT_RDWR);
  g_atomic_int_set(&c->done, 1);
  return NULL;
}

static void
conn_join(Conn *c)
{
  g_thread_join(c->thread);
  close(c->fd);
  g_free(c);
}

static gpointer
accept_thread(gpointer data)
{
  PrecisHttpServer *s = data;

  /* Ready before the first request, so /bomb answers at once. */
  g_once(&bomb_once, make_bomb, NULL);

  while (!stopping(s)) {
    if (!wait_fd(s, s->listen_fd, POLLIN, -1))
      break;
    int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
      continue;
    /* Responses go out as head + body: without NODELAY, Nagle plus the
     * peer's delayed ACK would add ~40 ms to each. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    Conn *c = g_new0(Conn, 1);
    c->server = s;
    c->fd = fd;
    g_mutex_lock(&s->lock);
    s->counts.connections++;
    /* Reap finished connections so a long benchmark does not pile up. */
    for (guint i = 0; i < s->conns->len;) {
      Conn *old = g_ptr_array_index(s->conns, i);
      if (g_atomic_int_get(&old->done)) {
        g_ptr_array_remove_index_fast(s->conns, i);
        conn_join(old);
      } else {
        i++;
      }
    }
    c->thread = g_thread_new("httpd-conn", conn_thread, c);
    g_ptr_array_add(s->conns, c);
    g_mutex_unlock(&s->lock);
  }
  return NULL;
}

PrecisHttpServer *
precis_http_server_new(const char *root, GError **error)
{
  struct sockaddr_in addr;
  socklen_t alen = sizeof addr;
  int one = 1;

  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "socket: %s",
                g_strerror(errno));
    return NULL;
  }
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
      listen(fd, 256) != 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &alen) != 0) {
    int saved = errno;
    close(fd);
    g_set_error(error, G_IO_ERROR, g_io_error_from_errno(saved),
                "bind/listen on 127.0.0.1: %s", g_strerror(saved));
    return NULL;
  }
  PrecisHttpServer *s = g_new0(PrecisHttpServer, 1);
  s->root = g_strdup(root);
  s->listen_fd = fd;
  s->port = ntohs(addr.sin_port);
  g_mutex_init(&s->lock);
  s->conns = g_ptr_array_new();
  s->paths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  s->accept_thread = g_thread_new("httpd-accept", accept_thread, s);
  return s;
}

void
precis_http_server_free(PrecisHttpServer *s)
{
  if (s == NULL)
    return;
  g_atomic_int_set(&s->stop, 1);
  g_thread_join(s->accept_thread);
  close(s->listen_fd);
  g_mutex_lock(&s->lock);
  for (guint i = 0; i < s->conns->len; i++)
    shutdown(((Conn *)g_ptr_array_index(s->conns, i))->fd, SHUT_RDWR);
  g_mutex_unlock(&s->lock);
  for (guint i = 0; i < s->conns->len; i++)
    conn_join(g_ptr_array_index(s->conns, i));
  g_ptr_array_unref(s->conns);
  g_hash_table_unref(s->paths);
  g_free(s->last_user_agent);
  g_free(s->last_accept_encoding);
  g_mutex_clear(&s->lock);
  g_free(s->root);
  g_free(s);
}

guint
precis_http_server_get_port(PrecisHttpServer *s)
{
  return s->port;
}

char *
precis_http_server_url(PrecisHttpServer *s, const char *path)
{
  return g_strdup_printf("http://127.0.0.1:%u%s", s->port, path);
}

void
precis_http_server_get_counts(PrecisHttpServer *s, PrecisHttpCounts *counts)
{
  g_mutex_lock(&s->lock);
  *counts = s->counts;
  g_mutex_unlock(&s->lock);
}

guint
precis_http_server_count_path(PrecisHttpServer *s, const char *path)
{
  g_mutex_lock(&s->lock);
  guint n = GPOINTER_TO_UINT(g_hash_table_lookup(s->paths, path));
  g_mutex_unlock(&s->lock);
  return n;
}

char *
precis_http_server_last_header(PrecisHttpServer *s, const char *name)
{
  char *v = NULL;
  g_mutex_lock(&s->lock);
  if (g_ascii_strcasecmp(name, "User-Agent") == 0)
    v = g_strdup(s->last_user_agent);
  else if (g_ascii_strcasecmp(name, "Accept-Encoding") == 0)
    v = g_strdup(s->last_accept_encoding);
  g_mutex_unlock(&s->lock);
  return v;
}

void
precis_http_server_reset_counts(PrecisHttpServer *s)
{
  g_mutex_lock(&s->lock);
  memset(&s->counts, 0, sizeof s->counts);
  g_hash_table_remove_all(s->paths);
  g_mutex_unlock(&s->lock);
}

void
precis_http_server_set_delay(PrecisHttpServer *s, guint ms)
{
  g_atomic_int_set(&s->delay_ms, (gint)MIN(ms, 60000u));
}

void
precis_http_server_set_log(PrecisHttpServer *s, FILE *log)
{
  g_mutex_lock(&s->lock);
  s->log = log;
  g_mutex_unlock(&s->lock);
}

#ifdef PRECIS_HTTPD_MAIN
/* precis-httpd [--delay MS] DIR [LOGFILE]: serves DIR, prints "PORT <n>",
 * logs requests to LOGFILE (default stderr), and runs until killed or, when
 * stdin is a pipe or socket, until stdin closes. */
int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  struct stat st;
  guint delay = 0;

  if (argc >= 3 && strcmp(argv[1], "--delay") == 0) {
    delay = (guint)atoi(argv[2]);
    argc -= 2;
    argv += 2;
  }
  if (argc < 2 || argc > 3 || argv[1][0] == '-') {
    fprintf(stderr, "usage: precis-httpd [--delay MS] DIR [LOGFILE]\n");
    return 2;
  }
  FILE *log = stderr;
  if (argc == 3 && (log = fopen(argv[2], "a")) == NULL) {
    fprintf(stderr, "precis-httpd: %s: %s\n", argv[2], g_strerror(errno));
    return 1;
  }
  PrecisHttpServer *s = precis_http_server_new(argv[1], &error);
  if (s == NULL) {
    fprintf(stderr, "precis-httpd: %s\n", error->message);
    return 1;
  }
  precis_http_server_set_log(s, log);
  precis_http_server_set_delay(s, delay);
  printf("PORT %u\n", precis_http_server_get_port(s));
  fflush(stdout);
  if (fstat(STDIN_FILENO, &st) == 0 &&
      (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) {
    char b[256];
    for (;;) {
      ssize_t n = read(STDIN_FILENO, b, sizeof b);
      if (n > 0 || (n < 0 && errno == EINTR))
        continue;
      break;
    }
  } else {
    for (;;)
      pause();
  }
  precis_http_server_free(s);
  if (log != stderr)
    fclose(log);
  return 0;
}
#endif
