/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-fetch.c: the fetch module and the cache against the local server.
 *
 * Every failure case must end in its own PRECIS_FEED_ERROR code within its
 * timeout (elapsed time is asserted against a generous bound, never a tight
 * one); cancellation from another thread must return promptly; the cache
 * must answer a second fetch through a 304, stay consistent with several
 * threads and processes writing at once, and stay under its size bound.
 * Data: $PRECIS_TEST_DATA/http.  The cache lives in a fresh temp dir.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "precis-feeds.h"
#include "fetch-queue.h"
#include "http-server.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

typedef struct {
  PrecisHttpServer *server;
  char *data_dir;
  char *cache_dir;
} State;

static State *state_global;
static char *self_exe;

static void
rm_rf(const char *path)
{
  GDir *dir = g_dir_open(path, 0, NULL);
  if (dir != NULL) {
    const char *name;
    while ((name = g_dir_read_name(dir)) != NULL) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      rm_rf(child);
    }
    g_dir_close(dir);
  }
  g_remove(path);
}

static int
group_setup(void **state)
{
  g_autoptr(GError) error = NULL;
  const char *data = g_getenv("PRECIS_TEST_DATA");
  State *s = g_new0(State, 1);

  assert_non_null(data);
  s->data_dir = g_build_filename(data, "http", NULL);
  s->server = precis_http_server_new(s->data_dir, &error);
  assert_non_null(s->server);
  precis_fetch_global_init();
  state_global = s;
  *state = s;
  return 0;
}

static int
group_teardown(void **state)
{
  State *s = *state;
  precis_http_server_free(s->server);
  g_free(s->data_dir);
  g_free(s);
  return 0;
}

static int
setup(void **state)
{
  State *s = *state;
  s->cache_dir = g_dir_make_tmp("precis-test-cache-XXXXXX", NULL);
  assert_non_null(s->cache_dir);
  precis_http_server_reset_counts(s->server);
  return 0;
}

static int
teardown(void **state)
{
  State *s = *state;
  rm_rf(s->cache_dir);
  g_clear_pointer(&s->cache_dir, g_free);
  return 0;
}

static void
opts_for(State *s, PrecisFetchOptions *o)
{
  precis_fetch_options_init(o);
  o->cache_dir = s->cache_dir;
  o->timeout_ms = 10000;
  o->connect_timeout_ms = 3000;
}

static char *
read_fixture(State *s, const char *name, gsize *len)
{
  g_autofree char *path = g_build_filename(s->data_dir, name, NULL);
  char *data = NULL;
  assert_true(g_file_get_contents(path, &data, len, NULL));
  return data;
}

/* Fetches @path and asserts the error domain/code; returns the seconds it
 * took. */
static double
expect_error(State *s, const char *path, const PrecisFetchOptions *o,
             GQuark domain, int code, const char *needle)
{
  g_autoptr(GError) err = NULL;
  g_autofree char *url = g_str_has_prefix(path, "/")
                             ? precis_http_server_url(s->server, path)
                             : g_strdup(path);
  gint64 t0 = g_get_monotonic_time();
  g_autoptr(PrecisResponse) r = precis_fetch(url, o, NULL, &err);
  double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
  assert_null(r);
  assert_non_null(err);
  if (!g_error_matches(err, domain, code))
    fail_msg("%s: expected code %d, got %s/%d: %s", path, code,
             g_quark_to_string(err->domain), err->code, err->message);
  if (needle != NULL && strstr(err->message, needle) == NULL)
    fail_msg("%s: message '%s' lacks '%s'", path, err->message, needle);
  return secs;
}

/* ---- Plain transfers ------------------------------------------------------
 */

static void
test_fetch_ok(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  g_autoptr(GError) err = NULL;
  gsize len = 0;
  g_autofree char *want = read_fixture(s, "article-1.html", &len);
  g_autofree char *url = precis_http_server_url(s->server, "/article-1.html");

  opts_for(s, &o);
  g_autoptr(PrecisResponse) r = precis_fetch(url, &o, NULL, &err);
  assert_non_null(r);
  assert_int_equal(r->status, 200);
  assert_string_equal(r->url, url);
  assert_string_equal(r->content_type, "text/html");
  assert_string_equal(r->charset, "utf-8");
  assert_false(r->from_cache);
  assert_non_null(r->etag);
  assert_non_null(r->last_modified);
  assert_int_equal(g_bytes_get_size(r->body), len);
  assert_memory_equal(g_bytes_get_data(r->body, NULL), want, len);
  g_autofree char *ua = precis_http_server_last_header(s->server, "User-Agent");
  assert_string_equal(ua, "precis/" PRECIS_VERSION);
  /* Every encoding the libcurl build has, gzip at least. */
  g_autofree char *ae =
      precis_http_server_last_header(s->server, "Accept-Encoding");
  assert_non_null(ae);
  assert_non_null(strstr(ae, "gzip"));
}

static void
test_fetch_gzip(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  g_autoptr(GError) err = NULL;
  gsize len = 0;
  g_autofree char *want = read_fixture(s, "article-2.html", &len);
  g_autofree char *url =
      precis_http_server_url(s->server, "/gzip/article-2.html");

  opts_for(s, &o);
  g_autoptr(PrecisResponse) r = precis_fetch(url, &o, NULL, &err);
  assert_non_null(r);
  assert_int_equal(g_bytes_get_size(r->body), len);
  assert_memory_equal(g_bytes_get_data(r->body, NULL), want, len);
}

static void
test_fetch_redirects_ok(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  g_autoptr(GError) err = NULL;
  /* /redirect/4/F is 5 redirects: the most allowed. */
  g_autofree char *url =
      precis_http_server_url(s->server, "/redirect/4/article-2.html");
  g_autofree char *final = precis_http_server_url(s->server, "/article-2.html");

  opts_for(s, &o);
  g_autoptr(PrecisResponse) r = precis_fetch(url, &o, NULL, &err);
  assert_non_null(r);
  assert_string_equal(r->url, final);
  assert_int_equal(precis_http_server_count_path(s->server, "/article-2.html"),
                   1);
}

static void
test_fetch_too_many_redirects(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  opts_for(s, &o);
  expect_error(s, "/redirect/5/article-2.html", &o, PRECIS_FEED_ERROR,
               PRECIS_FEED_ERROR_REDIRECTS, "redirect");
  assert_int_equal(precis_http_server_count_path(s->server, "/article-2.html"),
                   0);
}

static void
test_fetch_redirect_loop(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  opts_for(s, &o);
  expect_error(s, "/loop", &o, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_REDIRECTS,
               NULL);
  assert_int_equal(precis_http_server_count_path(s->server, "/loop"), 6);
}

static void
test_fetch_redirect_to_file(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  opts_for(s, &o);
  expect_error(s, "/to-file", &o, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_PROTOCOL,
               "http");
}

static void
test_fetch_bad_urls(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  opts_for(s, &o);
  expect_error(s, "file:///etc/passwd", &o, PRECIS_FEED_ERROR,
               PRECIS_FEED_ERROR_PROTOCOL, "file");
  expect_error(s, "ftp://127.0.0.1/x", &o, PRECIS_FEED_ERROR,
               PRECIS_FEED_ERROR_PROTOCOL, "ftp");
  expect_error(s, "not a url", &o, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_BAD_URL,
               NULL);
  expect_error(s, "http://", &o, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_BAD_URL,
               NULL);
}

static void
test_fetch_connect_refused(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  g_autoptr(GError) err = NULL;
  /* A port that was free a moment ago and has no listener now. */
  g_autoptr(GSocket) sock = g_socket_new(
      G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &err);
  g_autoptr(GInetAddress) lo =
      g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new(lo, 0);
  assert_true(g_socket_bind(sock, any, TRUE, &err));
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address(sock, &err);
  guint port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
  g_socket_close(sock, NULL);
  g_autofree char *url = g_strdup_printf("http://127.0.0.1:%u/", port);

  opts_for(s, &o);
  double secs = expect_error(s, url, &o, PRECIS_FEED_ERROR,
                             PRECIS_FEED_ERROR_CONNECT, "127.0.0.1");
  assert_true(secs < 5.0);
}

static void
test_fetch_tls_failure(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  /* https to a plain-HTTP port: the handshake fails (verification is on,
   * and nothing here speaks TLS). */
  g_autofree char *url =
      g_strdup_printf("https://127.0.0.1:%u/article-1.html",
                      precis_http_server_get_port(s->server));
  opts_for(s, &o);
  o.timeout_ms = 5000;
  double secs =
      expect_error(s, url, &o, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TLS, "TLS");
  assert_true(secs < 6.0);
}

static void
test_fetch_http_status(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  opts_for(s, &o);
  expect_error(s, "/status/404", &o, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_HTTP,
               "404");
  expect_error(s, "/status/500", &o, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_HTTP,
               "500");
  expect_error(s, "/no-such-file.html", &o, PRECIS_FEED_ERROR,
               PRECIS_FEED_ERROR_HTTP, "404");
}

static void
test_fetch_slow_times_out(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  opts_for(s, &o);
  o.timeout_ms = 1500;
  double secs = expect_error(s, "/slow", &o, PRECIS_FEED_ERROR,
                             PRECIS_FEED_ERROR_TIMEOUT, "timed out");
  assert_true(secs >= 1.0 && secs < 4.0);
}

static void
test_fetch_slow_but_fine(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  g_autoptr(GError) err = NULL;
  g_autofree char *url =
      precis_http_server_url(s->server, "/slow-ok/article-3.html");
  opts_for(s, &o);
  g_autoptr(PrecisResponse) r = precis_fetch(url, &o, NULL, &err);
  assert_non_null(r);
  assert_true(g_bytes_get_size(r->body) > 1000);
}

static void
test_fetch_stall(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  opts_for(s, &o);
  o.timeout_ms = 20000;
  o.stall_timeout_ms = 1000;
  double secs = expect_error(s, "/stall", &o, PRECIS_FEED_ERROR,
                             PRECIS_FEED_ERROR_TIMEOUT, "stalled");
  assert_true(secs < 5.0);
}

static void
test_fetch_big(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  opts_for(s, &o);
  expect_error(s, "/big", &o, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TOO_LARGE,
               "cap");
}

static void
test_fetch_endless(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  opts_for(s, &o);
  o.max_bytes = 1024 * 1024;
  double secs = expect_error(s, "/endless", &o, PRECIS_FEED_ERROR,
                             PRECIS_FEED_ERROR_TOO_LARGE, NULL);
  assert_true(secs < 5.0);
}

static void
test_fetch_gzip_bomb(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  opts_for(s, &o);
  /* Default cap: 10 MiB of the 64 MiB it inflates to. */
  double secs = expect_error(s, "/bomb", &o, PRECIS_FEED_ERROR,
                             PRECIS_FEED_ERROR_TOO_LARGE, NULL);
  assert_true(secs < 8.0);
}

static void
test_fetch_binary_type(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  opts_for(s, &o);
  expect_error(s, "/type/image-png/article-1.html", &o, PRECIS_FEED_ERROR,
               PRECIS_FEED_ERROR_CONTENT_TYPE, "image/png");
}

static void
test_fetch_charset(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  g_autoptr(GError) err = NULL;
  opts_for(s, &o);
  g_autofree char *u1 =
      precis_http_server_url(s->server, "/charset/ISO-8859-1/latin1.html");
  g_autoptr(PrecisResponse) r1 = precis_fetch(u1, &o, NULL, &err);
  assert_non_null(r1);
  assert_string_equal(r1->charset, "iso-8859-1");
  /* A wrong label is reported as sent: the page cleaner decides. */
  g_autofree char *u2 =
      precis_http_server_url(s->server, "/charset/x-no-such/latin1.html");
  g_autoptr(PrecisResponse) r2 = precis_fetch(u2, &o, NULL, &err);
  assert_non_null(r2);
  assert_string_equal(r2->charset, "x-no-such");
  assert_string_equal(r2->content_type, "text/html");
}

/* ---- Many at once ----------------------------------------------------------
 */

typedef struct {
  const char *path;
  int code; /* -1 = success */
  char *got_url;
  int got_code;
  gsize got_len;
  gboolean called;
} Expect;

static void
on_mixed(const char *url, PrecisResponse *response, const GError *error,
         gpointer user_data)
{
  Expect *e = user_data;
  assert_false(e->called);
  e->called = TRUE;
  e->got_url = g_strdup(url);
  if (response != NULL) {
    e->got_code = -1;
    e->got_len = g_bytes_get_size(response->body);
    precis_response_free(response);
  } else {
    assert_true(error->domain == PRECIS_FEED_ERROR);
    e->got_code = error->code;
  }
}

static void
test_fetcher_mixed(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  Expect cases[] = {
      {"/article-1.html", -1, NULL, 0, 0, FALSE},
      {"/slow", PRECIS_FEED_ERROR_TIMEOUT, NULL, 0, 0, FALSE},
      {"/gzip/article-2.html", -1, NULL, 0, 0, FALSE},
      {"/stall", PRECIS_FEED_ERROR_TIMEOUT, NULL, 0, 0, FALSE},
      {"/bomb", PRECIS_FEED_ERROR_TOO_LARGE, NULL, 0, 0, FALSE},
      {"/loop", PRECIS_FEED_ERROR_REDIRECTS, NULL, 0, 0, FALSE},
      {"/to-file", PRECIS_FEED_ERROR_PROTOCOL, NULL, 0, 0, FALSE},
      {"/endless", PRECIS_FEED_ERROR_TOO_LARGE, NULL, 0, 0, FALSE},
      {"/status/404", PRECIS_FEED_ERROR_HTTP, NULL, 0, 0, FALSE},
      {"/type/image-png/article-4.html", PRECIS_FEED_ERROR_CONTENT_TYPE, NULL,
       0, 0, FALSE},
      {"/redirect/2/article-3.html", -1, NULL, 0, 0, FALSE},
      {"/article-4.html", -1, NULL, 0, 0, FALSE},
      {"/big", PRECIS_FEED_ERROR_TOO_LARGE, NULL, 0, 0, FALSE},
      {"/slow-ok/article-1.html", -1, NULL, 0, 0, FALSE},
  };

  opts_for(s, &o);
  o.timeout_ms = 3000;
  o.stall_timeout_ms = 1000;
  o.max_bytes = 2 * 1024 * 1024;
  g_autoptr(PrecisFetcher) f = precis_fetcher_new(&o);
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *url = precis_http_server_url(s->server, cases[i].path);
    precis_fetcher_add(f, url, on_mixed, &cases[i]);
  }
  gint64 t0 = g_get_monotonic_time();
  assert_true(precis_fetcher_run(f, NULL, NULL));
  double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    Expect *e = &cases[i];
    assert_true(e->called);
    g_autofree char *url = precis_http_server_url(s->server, e->path);
    assert_string_equal(e->got_url, url);
    if (e->got_code != e->code)
      fail_msg("%s: expected %d, got %d", e->path, e->code, e->got_code);
    if (e->code == -1)
      assert_true(e->got_len > 1000);
    g_free(e->got_url);
  }
  /* Two rounds of at most 8 at once, each bounded by the 3 s timeout. */
  assert_true(secs < 9.0);
}

/* Connection reuse: 200 pages through 8 slots open at most 8 connections.
 * libcurl's default idle-connection cache is sized by the handles attached
 * at the moment; when the queue's window held the fetcher to fewer
 * transfers, it shrank and closed connections that the next transfers then
 * opened again. */
static void
on_count(gpointer item, PrecisResult *result, const GError *error,
         gpointer user_data)
{
  (void)item;
  (void)error;
  if (result != NULL)
    (*(guint *)user_data)++;
  precis_result_free(result);
}

static void
test_fetch_reuses_connections(void **state)
{
  State *s = *state;
  PrecisFetchQueueOptions opts;
  PrecisHttpCounts c;
  guint ok = 0;

  precis_fetch_queue_options_init(&opts);
  opts.fetch.cache_dir = s->cache_dir;
  opts.fetch.use_cache = FALSE; /* no conditional requests */
  opts.fetch.jobs = 8;
  opts.fetch.per_host = 8;
  opts.window = 9; /* the fetcher often runs one or two transfers */
  opts.threads = 1;
  precis_http_server_reset_counts(s->server);
  g_autoptr(PrecisFetchQueue) d =
      precis_fetch_queue_new(&opts, on_count, &ok, NULL);
  for (guint i = 0; i < 200; i++) {
    g_autofree char *path =
        g_strdup_printf("/article-%u.html?n=%u", 1 + i % 4, i);
    g_autofree char *url = precis_http_server_url(s->server, path);
    precis_fetch_queue_add_url(d, url, NULL, NULL, GUINT_TO_POINTER(i + 1));
  }
  precis_fetch_queue_finish(d);
  precis_http_server_get_counts(s->server, &c);
  assert_int_equal(ok, 200);
  assert_int_equal(c.requests, 200);
  if (c.connections > 8)
    fail_msg("%u connections for 200 pages through 8 slots", c.connections);
}

/* ---- The ordered fetch queue
 * ---------------------------------------------------
 */

typedef struct {
  guint next; /* the index expected next */
  guint ok, failed;
  GString *codes; /* one letter per item: d(igest) or e(rror) */
} Order;

static void
on_digest(gpointer item, PrecisResult *result, const GError *error,
          gpointer user_data)
{
  Order *o = user_data;
  guint index = GPOINTER_TO_UINT(item) - 1;
  if (index != o->next)
    fail_msg("item %u delivered when %u was due", index, o->next);
  o->next++;
  assert_true((result == NULL) != (error == NULL));
  g_string_append_c(o->codes, result ? 'd' : 'e');
  precis_result_free(result);
}

static void
test_fetch_queue_order(void **state)
{
  State *s = *state;
  PrecisFetchQueueOptions opts;
  Order o = {0, 0, 0, g_string_new(NULL)};
  const char *paths[] = {"/slow-ok/article-1.html", "/article-2.html",
                         "/status/404", "/gzip/article-3.html",
                         "/redirect/1/article-4.html"};
  const char text[] = "The committee met on Tuesday. It approved the new "
                      "budget for the harbour. Work starts in May.";
  GString *want = g_string_new(NULL);

  precis_fetch_queue_options_init(&opts);
  opts.fetch.cache_dir = s->cache_dir;
  opts.fetch.timeout_ms = 10000;
  opts.window = 4; /* small, so adding blocks and waits */
  opts.threads = 2;
  g_autoptr(PrecisFetchQueue) d =
      precis_fetch_queue_new(&opts, on_digest, &o, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static(text, sizeof text - 1);
  for (guint i = 0; i < 40; i++) {
    gpointer item = GUINT_TO_POINTER(i + 1);
    if (i % 3 == 0) {
      precis_fetch_queue_add_bytes(d, bytes, NULL, NULL, item);
      g_string_append_c(want, 'd');
    } else if (i % 7 == 0) {
      g_autoptr(GError) e = g_error_new_literal(
          PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_PARSE, "bad line");
      precis_fetch_queue_add_error(d, e, item);
      g_string_append_c(want, 'e');
    } else {
      const char *p = paths[i % G_N_ELEMENTS(paths)];
      g_autofree char *url = precis_http_server_url(s->server, p);
      precis_fetch_queue_add_url(d, url, NULL, NULL, item);
      g_string_append_c(want, strstr(p, "404") ? 'e' : 'd');
    }
  }
  precis_fetch_queue_finish(d);
  assert_int_equal(o.next, 40);
  assert_string_equal(o.codes->str, want->str);
  g_string_free(o.codes, TRUE);
  g_string_free(want, TRUE);
}

/* The byte bound: each input is over half of max_bytes, so every add waits
 * until the one before it is done; all arrive, in order. */
static void
test_fetch_queue_byte_bound(void **state)
{
  State *s = *state;
  PrecisFetchQueueOptions opts;
  Order o = {0, 0, 0, g_string_new(NULL)};
  const char text[] = "The committee met on Tuesday. It approved the new "
                      "budget for the harbour. Work starts in May.";

  precis_fetch_queue_options_init(&opts);
  opts.fetch.cache_dir = s->cache_dir;
  opts.window = 64;
  opts.threads = 2;
  opts.max_bytes = sizeof text + 16;
  g_autoptr(PrecisFetchQueue) d =
      precis_fetch_queue_new(&opts, on_digest, &o, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static(text, sizeof text - 1);
  for (guint i = 0; i < 30; i++)
    precis_fetch_queue_add_bytes(d, bytes, NULL, NULL, GUINT_TO_POINTER(i + 1));
  precis_fetch_queue_finish(d);
  assert_int_equal(o.next, 30);
  assert_string_equal(o.codes->str, "dddddddddddddddddddddddddddddd");
  g_string_free(o.codes, TRUE);
}

/* ---- Cancellation -------------------------------------------------------- */

static gpointer
cancel_later(gpointer data)
{
  g_usleep(300 * 1000);
  g_cancellable_cancel(G_CANCELLABLE(data));
  return NULL;
}

static void
test_fetch_cancel_from_thread(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  g_autoptr(GError) err = NULL;
  g_autoptr(GCancellable) c = g_cancellable_new();
  g_autofree char *url = precis_http_server_url(s->server, "/stall");

  opts_for(s, &o);
  o.timeout_ms = 60000;
  GThread *t = g_thread_new("cancel", cancel_later, c);
  gint64 t0 = g_get_monotonic_time();
  g_autoptr(PrecisResponse) r = precis_fetch(url, &o, c, &err);
  double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
  g_thread_join(t);
  assert_null(r);
  assert_true(g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_true(secs < 1.5);

  /* Already cancelled: returns at once. */
  g_clear_error(&err);
  g_autoptr(PrecisResponse) r2 = precis_fetch(url, &o, c, &err);
  assert_null(r2);
  assert_true(g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CANCELLED));
}

static void
on_cancelled_item(const char *url, PrecisResponse *response,
                  const GError *error, gpointer user_data)
{
  guint *n = user_data;
  (void)url;
  assert_null(response);
  assert_true(g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  (*n)++;
}

static void
test_fetcher_cancel_from_thread(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  g_autoptr(GError) err = NULL;
  g_autoptr(GCancellable) c = g_cancellable_new();
  guint n = 0;

  opts_for(s, &o);
  o.timeout_ms = 60000;
  o.jobs = 2; /* so some are still queued when cancelled */
  g_autoptr(PrecisFetcher) f = precis_fetcher_new(&o);
  for (int i = 0; i < 5; i++) {
    g_autofree char *url = precis_http_server_url(s->server, "/stall");
    precis_fetcher_add(f, url, on_cancelled_item, &n);
  }
  GThread *t = g_thread_new("cancel", cancel_later, c);
  gint64 t0 = g_get_monotonic_time();
  assert_false(precis_fetcher_run(f, c, &err));
  double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
  g_thread_join(t);
  assert_true(g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_int_equal(n, 5);
  assert_true(secs < 1.5);
}

/* ---- Cache ----------------------------------------------------------------
 */

static void
check_second_run_304(State *s, const char *path, gboolean expect_304,
                     guint hops)
{
  PrecisFetchOptions o;
  g_autoptr(GError) err = NULL;
  g_autofree char *url = precis_http_server_url(s->server, path);
  PrecisHttpCounts c;

  opts_for(s, &o);
  g_autoptr(PrecisResponse) r1 = precis_fetch(url, &o, NULL, &err);
  assert_non_null(r1);
  assert_false(r1->from_cache);
  precis_http_server_reset_counts(s->server);
  g_autoptr(PrecisResponse) r2 = precis_fetch(url, &o, NULL, &err);
  assert_non_null(r2);
  precis_http_server_get_counts(s->server, &c);
  /* Redirects repeat (with the validators); the resource answers 304. */
  assert_int_equal(c.requests, 1 + hops);
  assert_int_equal(c.redirects, hops);
  assert_int_equal(c.conditional, expect_304 ? 1 + hops : 0);
  assert_int_equal(c.not_modified, expect_304 ? 1 : 0);
  assert_int_equal(c.ok, expect_304 ? 0 : 1);
  assert_int_equal(r2->from_cache, expect_304);
  assert_int_equal(r2->status, expect_304 ? 304 : 200);
  assert_int_equal(g_bytes_get_size(r2->body), g_bytes_get_size(r1->body));
  assert_true(g_bytes_equal(r1->body, r2->body));
  assert_string_equal(r2->content_type, r1->content_type);
}

static void
test_cache_etag_304(void **state)
{
  check_second_run_304(*state, "/etag-only/article-3.html", TRUE, 0);
}

static void
test_cache_last_modified_304(void **state)
{
  check_second_run_304(*state, "/lm-only/article-3.html", TRUE, 0);
}

static void
test_cache_gzip_304(void **state)
{
  check_second_run_304(*state, "/gzip/article-1.html", TRUE, 0);
}

static void
test_cache_redirected_304(void **state)
{
  State *s = *state;
  check_second_run_304(s, "/redirect/1/article-4.html", TRUE, 2);
}

static void
test_cache_no_validators(void **state)
{
  check_second_run_304(*state, "/no-validators/article-3.html", FALSE, 0);
}

static void
test_cache_disabled(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  g_autoptr(GError) err = NULL;
  g_autofree char *url = precis_http_server_url(s->server, "/article-1.html");
  PrecisHttpCounts c;

  opts_for(s, &o);
  o.use_cache = FALSE;
  for (int i = 0; i < 2; i++) {
    g_autoptr(PrecisResponse) r = precis_fetch(url, &o, NULL, &err);
    assert_non_null(r);
    assert_false(r->from_cache);
  }
  precis_http_server_get_counts(s->server, &c);
  assert_int_equal(c.conditional, 0);
  assert_int_equal(c.ok, 2);
}

/* Entry k of the consistency tests: etag "vK", body "K:" + K repeated. */
static PrecisCacheEntry *
version_entry(const char *url, guint k)
{
  PrecisCacheEntry *e = g_new0(PrecisCacheEntry, 1);
  g_autoptr(GString) body = g_string_new(NULL);
  g_string_append_printf(body, "%u:", k);
  for (guint i = 0; i < 2000 + k * 37; i++)
    g_string_append_c(body, (char)('a' + k % 26));
  e->url = g_strdup(url);
  e->etag = g_strdup_printf("\"v%u\"", k);
  e->content_type = g_strdup("text/html");
  e->body = g_bytes_new(body->str, body->len);
  return e;
}

/* The number of closed packs in @dir (the path of the last in *@last);
 * fails on a temporary pack left behind. */
static guint
count_packs(const char *dir, char **last)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  assert_non_null(d);
  guint packs = 0;
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL) {
    assert_false(g_str_has_suffix(name, ".tmp"));
    if (g_str_has_suffix(name, ".pack")) {
      packs++;
      if (last != NULL) {
        g_free(*last);
        *last = g_build_filename(dir, name, NULL);
      }
    }
  }
  return packs;
}

static gboolean
entry_consistent(const PrecisCacheEntry *e)
{
  guint k = 0;
  if (e->etag == NULL || sscanf(e->etag, "\"v%u\"", &k) != 1)
    return FALSE;
  g_autoptr(PrecisCacheEntry) want = version_entry(e->url, k);
  return g_bytes_equal(want->body, e->body);
}

typedef struct {
  const char *dir;
  guint first;
  guint rounds;
} Writer;

static gpointer
cache_writer(gpointer data)
{
  Writer *w = data;
  g_autoptr(PrecisCache) cache = precis_cache_new(w->dir, 0, NULL);
  for (guint i = 0; i < w->rounds; i++) {
    g_autoptr(PrecisCacheEntry) e =
        version_entry("http://example.test/shared", w->first + i % 7);
    assert_true(precis_cache_store(cache, e, NULL));
  }
  return NULL;
}

static guint
read_until(const char *dir, gint64 until_us, gboolean (*running)(gpointer),
           gpointer data)
{
  g_autoptr(PrecisCache) cache = precis_cache_new(dir, 0, NULL);
  guint seen = 0;
  do {
    g_autoptr(PrecisCacheEntry) e =
        precis_cache_lookup(cache, "http://example.test/shared");
    if (e != NULL) {
      if (!entry_consistent(e))
        fail_msg("inconsistent cache entry (etag %s)", e->etag);
      seen++;
    }
  } while (running(data) && g_get_monotonic_time() < until_us);
  return seen;
}

static gboolean
threads_running(gpointer data)
{
  return g_atomic_int_get((gint *)data) > 0;
}

typedef struct {
  Writer w;
  gint *live;
} CountedWriter;

static gpointer
counted_writer(gpointer data)
{
  CountedWriter *cw = data;
  cache_writer(&cw->w);
  g_atomic_int_add(cw->live, -1);
  return NULL;
}

static void
test_cache_threads_consistent(void **state)
{
  State *s = *state;
  gint live = 3;
  CountedWriter w[3];
  GThread *t[3];
  for (int i = 0; i < 3; i++) {
    w[i] = (CountedWriter){{s->cache_dir, (guint)i * 10, 150}, &live};
    t[i] = g_thread_new("writer", counted_writer, &w[i]);
  }
  guint seen = read_until(s->cache_dir, g_get_monotonic_time() + 30 * 1000000,
                          threads_running, &live);
  for (int i = 0; i < 3; i++)
    g_thread_join(t[i]);
  (void)seen; /* writers publish when they close their pack: maybe late */
  g_autoptr(PrecisCache) cache = precis_cache_new(s->cache_dir, 0, NULL);
  g_autoptr(PrecisCacheEntry) e =
      precis_cache_lookup(cache, "http://example.test/shared");
  assert_non_null(e);
  assert_true(entry_consistent(e));
  /* One pack per writer; no temporary file is left behind. */
  assert_int_equal(count_packs(precis_cache_get_dir(cache), NULL), 3);
}

static gboolean
children_running(gpointer data)
{
  GPid *pids = data;
  for (int i = 0; i < 2; i++)
    if (pids[i] != 0) {
      int status = 0;
      if (waitpid(pids[i], &status, WNOHANG) == pids[i]) {
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        pids[i] = 0;
      }
    }
  return pids[0] != 0 || pids[1] != 0;
}

static void
test_cache_processes_consistent(void **state)
{
  State *s = *state;
  GPid pids[2] = {0, 0};
  for (int i = 0; i < 2; i++) {
    g_autoptr(GError) err = NULL;
    g_autofree char *first = g_strdup_printf("%d", i * 10);
    char *argv[] = {self_exe, (char *)"--cache-writer", s->cache_dir, first,
                    NULL};
    assert_true(g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                              NULL, &pids[i], &err));
  }
  read_until(s->cache_dir, g_get_monotonic_time() + 60 * 1000000,
             children_running, pids);
  assert_false(children_running(pids));
  g_autoptr(PrecisCache) cache = precis_cache_new(s->cache_dir, 0, NULL);
  g_autoptr(PrecisCacheEntry) e =
      precis_cache_lookup(cache, "http://example.test/shared");
  assert_non_null(e);
  assert_true(entry_consistent(e));
}

static void
test_cache_size_bound(void **state)
{
  State *s = *state;
  const guint64 max = 64 * 1024;
  g_autoptr(PrecisCache) cache = precis_cache_new(s->cache_dir, max, NULL);
  g_autofree char *blob = g_malloc(4000);
  memset(blob, 'x', 4000);

  for (guint i = 0; i < 60; i++) {
    g_autofree char *url = g_strdup_printf("http://example.test/%u", i);
    PrecisCacheEntry e = {url,
                          NULL,
                          (char *)"\"e\"",
                          NULL,
                          NULL,
                          NULL,
                          g_bytes_new_static(blob, 4000)};
    assert_true(precis_cache_store(cache, &e, NULL));
    g_bytes_unref(e.body);
    /* Distinct mtimes, oldest first. */
    g_usleep(2000);
  }
  guint64 total = precis_cache_trim(cache);
  assert_true(total <= max);
  g_autoptr(PrecisCacheEntry) newest =
      precis_cache_lookup(cache, "http://example.test/59");
  assert_non_null(newest);
  g_autoptr(PrecisCacheEntry) oldest =
      precis_cache_lookup(cache, "http://example.test/0");
  assert_null(oldest);
}

/* More packs than the cache keeps are merged into one; the newest record of
 * each URL survives, and every URL is still there. */
static void
test_cache_packs_merge(void **state)
{
  State *s = *state;
  for (guint run = 0; run < 12; run++) {
    g_autoptr(PrecisCache) cache = precis_cache_new(s->cache_dir, 0, NULL);
    g_autoptr(PrecisCacheEntry) shared =
        version_entry("http://example.test/shared", run);
    assert_true(precis_cache_store(cache, shared, NULL));
    g_autofree char *url = g_strdup_printf("http://example.test/run%u", run);
    g_autoptr(PrecisCacheEntry) own = version_entry(url, run);
    assert_true(precis_cache_store(cache, own, NULL));
    g_usleep(1000); /* distinct pack names */
  }
  g_autoptr(PrecisCache) cache = precis_cache_new(s->cache_dir, 0, NULL);
  assert_true(count_packs(precis_cache_get_dir(cache), NULL) <= 8);
  g_autoptr(PrecisCacheEntry) e =
      precis_cache_lookup(cache, "http://example.test/shared");
  assert_non_null(e);
  assert_string_equal(e->etag, "\"v11\"");
  for (guint run = 0; run < 12; run++) {
    g_autofree char *url = g_strdup_printf("http://example.test/run%u", run);
    g_autoptr(PrecisCacheEntry) own = precis_cache_lookup(cache, url);
    assert_non_null(own);
    assert_true(entry_consistent(own));
  }
}

/* Small packs merge among themselves; the big pack of an earlier merge is
 * not rewritten for them. */
static void
test_cache_packs_tiered(void **state)
{
  State *s = *state;
  g_autofree char *big = NULL;
  {
    g_autoptr(PrecisCache) cache = precis_cache_new(s->cache_dir, 0, NULL);
    for (guint i = 0; i < 40; i++) {
      g_autofree char *url = g_strdup_printf("http://example.test/big%u", i);
      g_autoptr(PrecisCacheEntry) e = version_entry(url, i);
      assert_true(precis_cache_store(cache, e, NULL));
    }
  }
  g_autofree char *dir = g_build_filename(s->cache_dir, "packs", NULL);
  assert_int_equal(count_packs(dir, &big), 1);
  for (guint run = 0; run < 9; run++) {
    g_usleep(1000); /* distinct pack names */
    g_autoptr(PrecisCache) cache = precis_cache_new(s->cache_dir, 0, NULL);
    g_autofree char *url = g_strdup_printf("http://example.test/small%u", run);
    g_autoptr(PrecisCacheEntry) e = version_entry(url, run);
    assert_true(precis_cache_store(cache, e, NULL));
  }
  /* The ninth pack merged eight small ones; the last one came after. */
  assert_int_equal(count_packs(dir, NULL), 3);
  assert_true(g_file_test(big, G_FILE_TEST_EXISTS));
  g_autoptr(PrecisCache) cache = precis_cache_new(s->cache_dir, 0, NULL);
  for (guint run = 0; run < 9; run++) {
    g_autofree char *url = g_strdup_printf("http://example.test/small%u", run);
    g_autoptr(PrecisCacheEntry) e = precis_cache_lookup(cache, url);
    assert_non_null(e);
    assert_true(entry_consistent(e));
  }
  g_autoptr(PrecisCacheEntry) b =
      precis_cache_lookup(cache, "http://example.test/big39");
  assert_non_null(b);
}

static void
test_cache_damaged_entry(void **state)
{
  State *s = *state;
  PrecisFetchOptions o;
  g_autoptr(GError) err = NULL;
  g_autofree char *url = precis_http_server_url(s->server, "/article-2.html");
  g_autoptr(PrecisCache) cache = precis_cache_new(s->cache_dir, 0, NULL);

  opts_for(s, &o);
  g_autoptr(PrecisResponse) r1 = precis_fetch(url, &o, NULL, &err);
  assert_non_null(r1);
  g_autofree char *path = NULL;
  assert_int_equal(count_packs(precis_cache_get_dir(cache), &path), 1);
  /* Truncate the pack: its footer is gone. */
  gsize len = 0;
  g_autofree char *data = NULL;
  assert_true(g_file_get_contents(path, &data, &len, NULL));
  assert_true(g_file_set_contents(path, data, (gssize)(len - 10), NULL));
  assert_null(precis_cache_lookup(cache, url));
  assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
  /* And a fetch just downloads again. */
  precis_http_server_reset_counts(s->server);
  g_autoptr(PrecisResponse) r2 = precis_fetch(url, &o, NULL, &err);
  assert_non_null(r2);
  assert_false(r2->from_cache);
  assert_true(g_bytes_equal(r1->body, r2->body));
}

int
main(int argc, char **argv)
{
  self_exe = argv[0];
  if (argc == 4 && strcmp(argv[1], "--cache-writer") == 0) {
    Writer w = {argv[2], (guint)atoi(argv[3]), 150};
    cache_writer(&w);
    return 0;
  }
  /* The server is local: no proxy may get in between. */
  g_setenv("no_proxy", "127.0.0.1,localhost", TRUE);
  g_setenv("NO_PROXY", "127.0.0.1,localhost", TRUE);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_fetch_ok, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_gzip, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_redirects_ok, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_too_many_redirects, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fetch_redirect_loop, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fetch_redirect_to_file, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fetch_bad_urls, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_connect_refused, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fetch_tls_failure, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_http_status, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_slow_times_out, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fetch_slow_but_fine, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fetch_stall, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_big, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_endless, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_gzip_bomb, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_binary_type, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_charset, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetcher_mixed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_reuses_connections, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fetch_queue_order, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fetch_queue_byte_bound, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fetch_cancel_from_thread, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fetcher_cancel_from_thread, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_cache_etag_304, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cache_last_modified_304, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_cache_gzip_304, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cache_redirected_304, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_cache_no_validators, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_cache_disabled, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cache_threads_consistent, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_cache_processes_consistent, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_cache_size_bound, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cache_packs_merge, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cache_packs_tiered, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cache_damaged_entry, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
