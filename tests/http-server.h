/* SPDX-License-Identifier: GPL-3.0-or-later
 * http-server.h: a small HTTP/1.1 server for tests and benchmarks, on
 * 127.0.0.1 with a kernel-chosen port.  It serves the files of one directory
 * (with ETag, Last-Modified and 304s, keep-alive) and the special routes
 * listed in http-server.c (gzip, redirects, slow, stalled, oversized and
 * endless bodies, a gzip bomb, odd content types and charsets, statuses).
 * In .xml, .atom, .json and .html files "{{BASE}}" becomes the server's
 * "http://127.0.0.1:PORT".  Built into the tests and as precis-httpd.
 * Threads: one accept thread plus one per connection; every call here is
 * thread-safe.
 */
#ifndef PRECIS_HTTP_SERVER_H
#define PRECIS_HTTP_SERVER_H

#include <glib.h>
#include <stdio.h>

typedef struct PrecisHttpServer PrecisHttpServer;

typedef struct {
  guint requests;     /* every request parsed */
  guint ok;           /* 2xx */
  guint not_modified; /* 304 */
  guint conditional;  /* requests with If-None-Match or If-Modified-Since */
  guint redirects;    /* 3xx other than 304 */
  guint errors;       /* >= 400 */
  guint connections;  /* TCP connections accepted */
} PrecisHttpCounts;

/* Starts serving @root.  Returns: (transfer full) (nullable). */
PrecisHttpServer *precis_http_server_new(const char *root, GError **error);
/* Stops (closing every connection, joining every thread) and frees. */
void precis_http_server_free(PrecisHttpServer *self); /* NULL-safe */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PrecisHttpServer, precis_http_server_free)

guint precis_http_server_get_port(PrecisHttpServer *self);
/* "http://127.0.0.1:PORT" + @path.  (transfer full) */
char *precis_http_server_url(PrecisHttpServer *self, const char *path);
void precis_http_server_get_counts(PrecisHttpServer *self,
                                   PrecisHttpCounts *counts);
/* The User-Agent and Accept-Encoding of the last request (transfer full,
 * nullable). */
char *precis_http_server_last_header(PrecisHttpServer *self, const char *name);
/* Requests seen for @path (without the query string). */
guint precis_http_server_count_path(PrecisHttpServer *self, const char *path);
void precis_http_server_reset_counts(PrecisHttpServer *self);
/* Waits @ms before answering each request, like a distant server (round
 * trip plus think time); 0 = answer at once. */
void precis_http_server_set_delay(PrecisHttpServer *self, guint ms);
/* One line per request ("GET /path 200 1234 cond") to @log (not owned). */
void precis_http_server_set_log(PrecisHttpServer *self, FILE *log);

#endif /* PRECIS_HTTP_SERVER_H */
