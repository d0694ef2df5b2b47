/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-plugin.c: the Claws-free core of the Claws Mail plugin.
 *
 * RSSyl item parsing (feed text markers, URL choice from the headers), the
 * display helpers, the in-memory LRU cache, cache keys and error reasons,
 * and the digester (worker threads, GTask completion on the main context,
 * cancellation, shutdown) against the test HTTP server on 127.0.0.1.
 * Pages are written into a temporary directory that the server serves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib/gstdio.h>
#include <string.h>

#include "http-server.h"
#include "precis-plugin.h"

/* ---- Fixture data -------------------------------------------------------- */

#define ARTICLE_TITLE "Harbour town opens a tide-powered ferry line"

static const char article_html[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>" ARTICLE_TITLE " | Coast Herald</title>"
    "<meta property=\"og:site_name\" content=\"Coast Herald\">"
    "<meta property=\"article:published_time\" "
    "content=\"2026-03-14T09:30:00Z\">"
    "</head><body><header><nav><a href=\"/\">Home</a> <a href=\"/news\">News"
    "</a> <a href=\"/sport\">Sport</a></nav></header><main><article>"
    "<h1>" ARTICLE_TITLE "</h1>"
    "<p>The harbour town of Kelmouth opened a ferry line on Monday whose "
    "boats are charged by the tide that fills its old mill pond twice a "
    "day.</p>"
    "<p>The ferry carries up to forty passengers across the estuary to the "
    "railway station, a trip that took almost an hour by road before the "
    "line opened.</p>"
    "<p>Engineers rebuilt the mill pond sluice so that water running out on "
    "the ebb tide turns a turbine, which charges the batteries of the two "
    "ferry boats at the quay.</p>"
    "<p>The council said the tide turbine produces more electricity than the "
    "ferry boats need in summer, and that the surplus is sold to the local "
    "grid.</p>"
    "<p>Some residents worried that the turbine would harm the fish in the "
    "estuary, but a two-year study found no change in the number of young "
    "salmon.</p>"
    "<p>Tickets cost two pounds, and children under twelve travel free on "
    "the ferry during the first month of the service.</p>"
    "<p>The mayor said other harbour towns had already asked how the mill "
    "pond and its turbine were rebuilt, and that the plans would be "
    "published.</p>"
    "</article></main><footer><p>Copyright Coast Herald. All rights "
    "reserved.</p></footer></body></html>\n";

static const char *const long_feed_paragraph =
    "<p>The library board met on Tuesday evening to discuss the budget for "
    "the coming year, and members agreed that the reading room should stay "
    "open on Sunday afternoons during the winter months.</p>\n";

/* ---- Helpers ------------------------------------------------------------- */

typedef struct {
  char *root;
  PrecisHttpServer *server;
  char *cache_dir;
  PrecisDigester *digester;
} Fixture;

typedef struct {
  gboolean done;
  guint calls;
  PrecisDigestView *view;
  GError *error;
} Outcome;

static void
on_done(PrecisDigestView *view, const GError *error, gpointer data)
{
  Outcome *o = data;
  o->done = TRUE;
  o->calls++;
  if (view != NULL)
    o->view = precis_digest_view_ref(view);
  if (error != NULL)
    o->error = g_error_copy(error);
}

static void
outcome_clear(Outcome *o)
{
  precis_digest_view_unref(o->view);
  g_clear_error(&o->error);
  memset(o, 0, sizeof *o);
}

/* Iterates the main context until @o is done or 20 s pass. */
static void
wait_for(Outcome *o)
{
  gint64 deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
  while (!o->done && g_get_monotonic_time() < deadline)
    g_main_context_iteration(NULL, TRUE);
  assert_true(o->done);
}

static void
write_file(const char *dir, const char *name, const char *data)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  assert_true(g_file_set_contents(path, data, -1, NULL));
}

static void
config_for(Fixture *f, PrecisDigestConfig *config)
{
  precis_digest_config_init(config);
  config->timeout_ms = 10000;
  config->cache_dir = g_strdup(f->cache_dir);
}

static char *
long_feed_text(guint paragraphs)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < paragraphs; i++)
    g_string_append(s, long_feed_paragraph);
  return g_string_free(s, FALSE);
}

static void
remove_tree(const char *path)
{
  g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
  if (dir != NULL) {
    const char *name;
    while ((name = g_dir_read_name(dir)) != NULL) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      if (g_file_test(child, G_FILE_TEST_IS_DIR))
        remove_tree(child);
      else
        g_unlink(child);
    }
  }
  g_rmdir(path);
}

static int
setup(void **state)
{
  Fixture *f = g_new0(Fixture, 1);
  f->root = g_dir_make_tmp("precis-plugin-XXXXXX", NULL);
  assert_non_null(f->root);
  f->cache_dir = g_build_filename(f->root, "cache", NULL);
  g_autofree char *www = g_build_filename(f->root, "www", NULL);
  assert_int_equal(g_mkdir(www, 0700), 0);
  write_file(www, "article.html", article_html);
  f->server = precis_http_server_new(www, NULL);
  assert_non_null(f->server);
  f->digester = precis_digester_new(2, 16);
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  Fixture *f = *state;
  assert_true(precis_digester_shutdown(f->digester, 10000));
  precis_digester_free(f->digester);
  precis_http_server_free(f->server);
  remove_tree(f->root);
  g_free(f->root);
  g_free(f->cache_dir);
  g_free(f);
  return 0;
}

/* ---- item.c -------------------------------------------------------------- */

static void
test_item_feed_text_between_markers(void **state)
{
  (void)state;
  const char msg[] = "Date: Sun, 29 Nov 2026 00:00:00 +0000\n"
                     "Subject: A\n"
                     "X-RSSyl-URL: http://example.org/a\n\n"
                     "<html><body><base href=\"http://example.org/a\">\n"
                     "URL: <a href=\"http://example.org/a\">x</a>\n"
                     "<!-- RSSyl text start -->\n"
                     "  <p>Hello world.</p>\n"
                     "<!-- RSSyl text end -->\n</body></html>\n";
  g_autofree char *t = precis_item_feed_text(msg, sizeof msg - 1);
  assert_string_equal(t, "<p>Hello world.</p>");
}

static void
test_item_feed_text_crlf_headers(void **state)
{
  (void)state;
  const char msg[] = "Subject: A\r\n\r\n<!-- RSSyl text start -->x"
                     "<!-- RSSyl text end -->";
  g_autofree char *t = precis_item_feed_text(msg, sizeof msg - 1);
  assert_string_equal(t, "x");
}

static void
test_item_feed_text_missing_markers(void **state)
{
  (void)state;
  const char a[] = "Subject: A\n\n<p>no markers</p>";
  const char b[] = "Subject: A\n\n<!-- RSSyl text start --><p>unterminated";
  const char c[] = "Subject: A\n\n<!-- RSSyl text start -->  \n "
                   "<!-- RSSyl text end -->";
  /* Markers in the headers do not count. */
  const char d[] = "Subject: <!-- RSSyl text start -->x<!-- RSSyl text end "
                   "-->\n\nbody";
  assert_null(precis_item_feed_text(a, sizeof a - 1));
  assert_null(precis_item_feed_text(b, sizeof b - 1));
  assert_null(precis_item_feed_text(c, sizeof c - 1));
  assert_null(precis_item_feed_text(d, sizeof d - 1));
  assert_null(precis_item_feed_text(NULL, 0));
}

static void
test_item_feed_text_respects_length(void **state)
{
  (void)state;
  const char msg[] = "S: x\n\n<!-- RSSyl text start -->abc<!-- RSSyl text "
                     "end -->";
  /* Cut before the end marker: nothing. */
  assert_null(precis_item_feed_text(msg, sizeof msg - 10));
}

static void
test_item_choose_url_header(void **state)
{
  (void)state;
  g_autofree char *a =
      precis_item_choose_url("X-RSSyl-URL: http://127.0.0.1:8/a.html", NULL);
  g_autofree char *b = precis_item_choose_url("  https://ex.org/b \n", NULL);
  assert_string_equal(a, "http://127.0.0.1:8/a.html");
  assert_string_equal(b, "https://ex.org/b");
}

static void
test_item_choose_url_falls_back_to_msgid(void **state)
{
  (void)state;
  g_autofree char *a =
      precis_item_choose_url(NULL, "<http://ex.org/guid-link>");
  g_autofree char *b = precis_item_choose_url(
      "X-RSSyl-URL: javascript:alert(1)", "http://ex.org/c");
  assert_string_equal(a, "http://ex.org/guid-link");
  assert_string_equal(b, "http://ex.org/c");
}

static void
test_item_choose_url_rejects(void **state)
{
  (void)state;
  assert_null(precis_item_choose_url("file:///etc/passwd", NULL));
  assert_null(precis_item_choose_url("ftp://ex.org/a", "<1234@ex.org>"));
  assert_null(precis_item_choose_url("http://", NULL));
  assert_null(precis_item_choose_url("http:///path", NULL));
  assert_null(precis_item_choose_url("http://ex.org/a b", NULL));
  assert_null(precis_item_choose_url("http://ex.org/\x01", NULL));
  assert_null(precis_item_choose_url(NULL, NULL));
  assert_null(precis_item_choose_url("", ""));
}

static void
test_item_url_host(void **state)
{
  (void)state;
  g_autofree char *a = precis_item_url_host("https://www.Example.ORG/x?y");
  g_autofree char *b = precis_item_url_host("http://user@127.0.0.1:8080/");
  g_autofree char *c = precis_item_url_host("http://[::1]:80/");
  assert_string_equal(a, "example.org");
  assert_string_equal(b, "127.0.0.1");
  assert_string_equal(c, "[::1]");
  assert_null(precis_item_url_host("mailto:a@b"));
  assert_null(precis_item_url_host(NULL));
}

static void
test_item_format_date(void **state)
{
  (void)state;
  g_autofree char *a = precis_item_format_date("2026-03-14T09:30:00Z");
  g_autofree char *b = precis_item_format_date("2026-03-04");
  g_autofree char *c = precis_item_format_date("last Tuesday");
  assert_string_equal(a, "14 Mar 2026");
  assert_string_equal(b, "4 Mar 2026");
  assert_string_equal(c, "last Tuesday");
  assert_null(precis_item_format_date("bad\x01"));
  assert_null(precis_item_format_date(""));
  assert_null(precis_item_format_date(NULL));
}

static void
test_item_count_words(void **state)
{
  (void)state;
  assert_int_equal(precis_item_count_words(""), 0);
  assert_int_equal(precis_item_count_words("  one\ttwo\n\nthree "), 3);
  assert_int_equal(precis_item_count_words("caf\xc3\xa9 \xe2\x80\x83 x"), 2);
  assert_int_equal(precis_item_count_words(NULL), 0);
}

/* ---- cache.c ------------------------------------------------------------- */

static PrecisDigestView *
make_view(const char *title)
{
  PrecisDigestView *v = precis_digest_view_new();
  v->title = g_strdup(title);
  v->sentences = g_new0(char *, 2);
  v->sentences[0] = g_strdup("One sentence.");
  return v;
}

static void
test_cache_evicts_least_recent(void **state)
{
  (void)state;
  PrecisDigestCache *c = precis_digest_cache_new(2);
  g_autoptr(PrecisDigestView) a = make_view("a");
  g_autoptr(PrecisDigestView) b = make_view("b");
  g_autoptr(PrecisDigestView) d = make_view("d");
  precis_digest_cache_insert(c, "a", a);
  precis_digest_cache_insert(c, "b", b);
  /* Touch a, so b is the least recent. */
  g_autoptr(PrecisDigestView) hit = precis_digest_cache_lookup(c, "a");
  assert_ptr_equal(hit, a);
  precis_digest_cache_insert(c, "d", d);
  assert_int_equal(precis_digest_cache_size(c), 2);
  g_autoptr(PrecisDigestView) miss = precis_digest_cache_lookup(c, "b");
  assert_null(miss);
  g_autoptr(PrecisDigestView) still = precis_digest_cache_lookup(c, "a");
  assert_ptr_equal(still, a);
  precis_digest_cache_free(c);
  /* Our references outlive the cache. */
  assert_string_equal(b->title, "b");
}

static void
test_cache_insert_replaces(void **state)
{
  (void)state;
  PrecisDigestCache *c = precis_digest_cache_new(4);
  g_autoptr(PrecisDigestView) a = make_view("a");
  g_autoptr(PrecisDigestView) a2 = make_view("a2");
  precis_digest_cache_insert(c, "k", a);
  precis_digest_cache_insert(c, "k", a2);
  assert_int_equal(precis_digest_cache_size(c), 1);
  g_autoptr(PrecisDigestView) hit = precis_digest_cache_lookup(c, "k");
  assert_string_equal(hit->title, "a2");
  precis_digest_cache_clear(c);
  assert_int_equal(precis_digest_cache_size(c), 0);
  precis_digest_cache_free(c);
}

static void
test_request_key_depends_on_settings(void **state)
{
  (void)state;
  PrecisDigestRequest r = {0};
  PrecisDigestConfig c;
  precis_digest_config_init(&c);
  r.url = g_strdup("http://ex.org/a");
  g_autofree char *k1 = precis_digest_request_key(&r, &c);
  c.n_sentences = 5;
  g_autofree char *k2 = precis_digest_request_key(&r, &c);
  c.n_sentences = 3;
  c.fetch = FALSE;
  g_autofree char *k3 = precis_digest_request_key(&r, &c);
  c.fetch = TRUE;
  c.language = g_strdup("fr");
  g_autofree char *k4 = precis_digest_request_key(&r, &c);
  assert_string_not_equal(k1, k2);
  assert_string_not_equal(k1, k3);
  assert_string_not_equal(k1, k4);
  g_free(r.url);
  r.url = NULL;
  r.item_id = g_strdup("#rssyl/F//x/1");
  g_autofree char *k5 = precis_digest_request_key(&r, &c);
  assert_true(g_str_has_prefix(k5, "item:#rssyl/F//x/1\n"));
  precis_digest_request_clear(&r);
  precis_digest_config_clear(&c);
}

static void
test_error_reason_one_line(void **state)
{
  (void)state;
  g_autoptr(GError) e1 =
      g_error_new_literal(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_HTTP,
                          "HTTP 404 Not Found.\nmore detail");
  g_autofree char *r1 = precis_digest_error_reason(e1);
  assert_string_equal(r1, "HTTP 404 Not Found");

  g_autoptr(GError) e2 =
      g_error_new_literal(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TIMEOUT, "");
  g_autofree char *r2 = precis_digest_error_reason(e2);
  assert_string_equal(r2, precis_feed_strerror(PRECIS_FEED_ERROR_TIMEOUT));

  g_autofree char *longmsg = g_strnfill(500, 'x');
  g_autoptr(GError) e3 =
      g_error_new_literal(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_FAILED, longmsg);
  g_autofree char *r3 = precis_digest_error_reason(e3);
  assert_int_equal(g_utf8_strlen(r3, -1), 160);

  g_autoptr(GError) e4 =
      g_error_new_literal(G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autofree char *r4 = precis_digest_error_reason(e4);
  assert_string_equal(r4, "cancelled");
}

/* ---- digest-task.c ------------------------------------------------------- */

static void
test_digester_fetches_article(void **state)
{
  Fixture *f = *state;
  PrecisDigestConfig c;
  PrecisDigestRequest r = {0};
  Outcome o = {0};

  config_for(f, &c);
  r.url = precis_http_server_url(f->server, "/article.html");
  r.title = g_strdup("Feed subject");
  r.site = g_strdup("Feed name");
  r.feed_text = g_strdup("<p>A short teaser.</p>");
  precis_digester_run(f->digester, &r, &c, NULL, on_done, &o);
  wait_for(&o);
  assert_int_equal(o.calls, 1);
  assert_null(o.error);
  assert_non_null(o.view);
  assert_false(o.view->from_feed);
  assert_int_equal(g_strv_length(o.view->sentences), 3);
  assert_non_null(o.view->title);
  assert_non_null(strstr(o.view->title, "tide-powered ferry"));
  assert_string_equal(o.view->url, r.url);
  assert_int_equal(precis_http_server_count_path(f->server, "/article.html"),
                   1);
  for (guint i = 0; i < 3; i++)
    assert_non_null(strstr(article_html, o.view->sentences[i]));

  /* Now in the in-memory cache under the request's key. */
  g_autofree char *key = precis_digest_request_key(&r, &c);
  g_autoptr(PrecisDigestView) hit = precis_digester_lookup(f->digester, key);
  assert_ptr_equal(hit, o.view);
  assert_int_equal(precis_digester_pending(f->digester), 0);

  outcome_clear(&o);
  precis_digest_request_clear(&r);
  precis_digest_config_clear(&c);
}

static void
test_digester_full_feed_text_needs_no_fetch(void **state)
{
  Fixture *f = *state;
  PrecisDigestConfig c;
  PrecisDigestRequest r = {0};
  Outcome o = {0};

  config_for(f, &c);
  r.url = precis_http_server_url(f->server, "/article.html");
  r.title = g_strdup("Library board budget");
  r.site = g_strdup("Town news");
  r.date = g_strdup("2026-11-02T10:00:00Z");
  r.feed_text = long_feed_text(12);
  precis_digester_run(f->digester, &r, &c, NULL, on_done, &o);
  wait_for(&o);
  assert_null(o.error);
  assert_true(o.view->from_feed);
  assert_string_equal(o.view->title, "Library board budget");
  assert_string_equal(o.view->site, "Town news");
  assert_string_equal(o.view->date, "2 Nov 2026");
  assert_int_equal(precis_http_server_count_path(f->server, "/article.html"),
                   0);
  outcome_clear(&o);
  precis_digest_request_clear(&r);
  precis_digest_config_clear(&c);
}

static void
test_digester_feed_only_reads_message_file(void **state)
{
  Fixture *f = *state;
  PrecisDigestConfig c;
  PrecisDigestRequest r = {0};
  Outcome o = {0};

  config_for(f, &c);
  c.fetch = FALSE;
  g_autofree char *body = g_strdup_printf(
      "Subject: Ferry\nX-RSSyl-URL: %s\n\n<html><body>\n"
      "<!-- RSSyl text start -->\n"
      "<p>The ferry opened on Monday. It runs on tide power. Tickets cost two "
      "pounds. Children travel free in the first month.</p>\n"
      "<!-- RSSyl text end -->\n</body></html>\n",
      "http://127.0.0.1:9/never");
  write_file(f->root, "1", body);
  r.url = g_strdup("http://127.0.0.1:9/never");
  r.message_path = g_build_filename(f->root, "1", NULL);
  r.title = g_strdup("Ferry");
  precis_digester_run(f->digester, &r, &c, NULL, on_done, &o);
  wait_for(&o);
  assert_null(o.error);
  assert_true(o.view->from_feed);
  assert_true(g_strv_length(o.view->sentences) >= 1);
  assert_int_equal(precis_http_server_count_path(f->server, "/never"), 0);
  outcome_clear(&o);
  precis_digest_request_clear(&r);
  precis_digest_config_clear(&c);
}

static void
test_digester_broken_link_is_an_error(void **state)
{
  Fixture *f = *state;
  PrecisDigestConfig c;
  PrecisDigestRequest r = {0};
  Outcome o = {0};

  config_for(f, &c);
  r.url = precis_http_server_url(f->server, "/missing.html");
  precis_digester_run(f->digester, &r, &c, NULL, on_done, &o);
  wait_for(&o);
  assert_null(o.view);
  assert_true(
      g_error_matches(o.error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_HTTP));
  g_autofree char *key = precis_digest_request_key(&r, &c);
  g_autoptr(PrecisDigestView) miss = precis_digester_lookup(f->digester, key);
  assert_null(miss);
  outcome_clear(&o);

  /* The page comes back: a retry succeeds. */
  g_autofree char *www = g_build_filename(f->root, "www", NULL);
  write_file(www, "missing.html", article_html);
  precis_digester_run(f->digester, &r, &c, NULL, on_done, &o);
  wait_for(&o);
  assert_null(o.error);
  assert_int_equal(g_strv_length(o.view->sentences), 3);
  outcome_clear(&o);
  precis_digest_request_clear(&r);
  precis_digest_config_clear(&c);
}

static void
test_digester_cancel_is_prompt(void **state)
{
  Fixture *f = *state;
  PrecisDigestConfig c;
  PrecisDigestRequest r = {0};
  Outcome o = {0};
  g_autoptr(GCancellable) cancel = g_cancellable_new();

  config_for(f, &c);
  c.timeout_ms = 60000;
  r.url = precis_http_server_url(f->server, "/slow");
  precis_digester_run(f->digester, &r, &c, cancel, on_done, &o);
  gint64 t0 = g_get_monotonic_time();
  while (precis_http_server_count_path(f->server, "/slow") == 0 &&
         g_get_monotonic_time() - t0 < 5 * G_USEC_PER_SEC)
    g_usleep(10000);
  g_cancellable_cancel(cancel);
  wait_for(&o);
  assert_true(g_get_monotonic_time() - t0 < 5 * G_USEC_PER_SEC);
  assert_true(g_error_matches(o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_int_equal(o.calls, 1);
  outcome_clear(&o);
  precis_digest_request_clear(&r);
  precis_digest_config_clear(&c);
}

static void
test_digester_shutdown_cancels_and_waits(void **state)
{
  Fixture *f = *state;
  PrecisDigestConfig c;
  PrecisDigestRequest r = {0};
  Outcome o[3] = {{0}};

  config_for(f, &c);
  c.timeout_ms = 60000;
  r.url = precis_http_server_url(f->server, "/stall");
  for (guint i = 0; i < 3; i++)
    precis_digester_run(f->digester, &r, &c, NULL, on_done, &o[i]);
  gint64 t0 = g_get_monotonic_time();
  while (precis_http_server_count_path(f->server, "/stall") == 0 &&
         g_get_monotonic_time() - t0 < 5 * G_USEC_PER_SEC)
    g_usleep(10000);
  assert_true(precis_digester_shutdown(f->digester, 10000));
  assert_true(g_get_monotonic_time() - t0 < 8 * G_USEC_PER_SEC);
  for (guint i = 0; i < 3; i++) {
    assert_int_equal(o[i].calls, 1);
    assert_true(g_error_matches(o[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
    outcome_clear(&o[i]);
  }
  assert_int_equal(precis_digester_pending(f->digester), 0);

  /* After shutdown, a job completes at once as closed. */
  precis_digester_run(f->digester, &r, &c, NULL, on_done, &o[0]);
  wait_for(&o[0]);
  assert_true(g_error_matches(o[0].error, G_IO_ERROR, G_IO_ERROR_CLOSED));
  outcome_clear(&o[0]);
  precis_digest_request_clear(&r);
  precis_digest_config_clear(&c);
}

static void
test_digester_hostile_page_does_not_crash(void **state)
{
  Fixture *f = *state;
  PrecisDigestConfig c;
  PrecisDigestRequest r = {0};
  Outcome o = {0};

  /* A page of one endless sentence inside deeply nested markup: the result
   * is either an error or a bounded digest, and never a crash. */
  GString *s = g_string_new("<html><body>");
  for (guint i = 0; i < 2000; i++)
    g_string_append(s, "<div>");
  for (guint i = 0; i < 20000; i++)
    g_string_append(s, "word ");
  g_string_append(s, "</body></html>");
  g_autofree char *www = g_build_filename(f->root, "www", NULL);
  g_autofree char *page = g_string_free(s, FALSE);
  write_file(www, "hostile.html", page);

  config_for(f, &c);
  r.url = precis_http_server_url(f->server, "/hostile.html");
  precis_digester_run(f->digester, &r, &c, NULL, on_done, &o);
  wait_for(&o);
  assert_int_equal(o.calls, 1);
  if (o.view != NULL)
    for (guint i = 0; o.view->sentences[i]; i++)
      assert_true(g_utf8_strlen(o.view->sentences[i], -1) <= 1200);
  outcome_clear(&o);
  precis_digest_request_clear(&r);
  precis_digest_config_clear(&c);
}

int
main(void)
{
  precis_fetch_global_init();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_item_feed_text_between_markers),
      cmocka_unit_test(test_item_feed_text_crlf_headers),
      cmocka_unit_test(test_item_feed_text_missing_markers),
      cmocka_unit_test(test_item_feed_text_respects_length),
      cmocka_unit_test(test_item_choose_url_header),
      cmocka_unit_test(test_item_choose_url_falls_back_to_msgid),
      cmocka_unit_test(test_item_choose_url_rejects),
      cmocka_unit_test(test_item_url_host),
      cmocka_unit_test(test_item_format_date),
      cmocka_unit_test(test_item_count_words),
      cmocka_unit_test(test_cache_evicts_least_recent),
      cmocka_unit_test(test_cache_insert_replaces),
      cmocka_unit_test(test_request_key_depends_on_settings),
      cmocka_unit_test(test_error_reason_one_line),
      cmocka_unit_test_setup_teardown(test_digester_fetches_article, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(
          test_digester_full_feed_text_needs_no_fetch, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_digester_feed_only_reads_message_file, setup, teardown),
      cmocka_unit_test_setup_teardown(test_digester_broken_link_is_an_error,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_digester_cancel_is_prompt, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_digester_shutdown_cancels_and_waits,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_digester_hostile_page_does_not_crash,
                                      setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
