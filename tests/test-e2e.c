/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-e2e.c: the real precis binary ($PRECIS_BIN) against the local HTTP
 * server: `precis feed` (text, --json, --no-fetch, --limit, files, Atom,
 * failing and hostile items among good ones, a second run answered by 304s,
 * --dump-json), `precis summarize URL`, `precis extract URL` and
 * `precis batch`.  Each run gets a fresh XDG_CACHE_HOME.  Assertions are on
 * exit statuses, on which requests the server saw, and on sentences of the
 * fixture articles (tests/data/http/) that any sound digest keeps: the
 * opening sentence of each article.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "precis-feeds.h"
#include "http-server.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

typedef struct {
  PrecisHttpServer *server;
  char *data_dir;
  char *bin;
  char *tmp;
} State;

typedef struct {
  int status;
  char *out;
  char *err;
  double secs;
} Run;

static void
run_clear(Run *r)
{
  g_free(r->out);
  g_free(r->err);
}

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
  const char *bin = g_getenv("PRECIS_BIN");
  State *s = g_new0(State, 1);

  assert_non_null(data);
  assert_non_null(bin);
  s->data_dir = g_build_filename(data, "http", NULL);
  s->bin = g_strdup(bin);
  s->server = precis_http_server_new(s->data_dir, &error);
  assert_non_null(s->server);
  *state = s;
  return 0;
}

static int
group_teardown(void **state)
{
  State *s = *state;
  precis_http_server_free(s->server);
  g_free(s->data_dir);
  g_free(s->bin);
  g_free(s);
  return 0;
}

static int
setup(void **state)
{
  State *s = *state;
  s->tmp = g_dir_make_tmp("precis-e2e-XXXXXX", NULL);
  assert_non_null(s->tmp);
  precis_http_server_reset_counts(s->server);
  return 0;
}

static int
teardown(void **state)
{
  State *s = *state;
  rm_rf(s->tmp);
  g_clear_pointer(&s->tmp, g_free);
  return 0;
}

/* Runs precis with @args (NULL-terminated, after the program name). */
static void
run_precis(State *s, Run *r, const char *input, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_ptr_array_add(argv, s->bin);
  va_start(ap, input);
  const char *a;
  while ((a = va_arg(ap, const char *)) != NULL)
    g_ptr_array_add(argv, (gpointer)a);
  va_end(ap);
  g_ptr_array_add(argv, NULL);

  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new(
      G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *cache = g_build_filename(s->tmp, "cache", NULL);
  g_subprocess_launcher_setenv(l, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_unsetenv(l, "http_proxy");
  g_subprocess_launcher_unsetenv(l, "HTTP_PROXY");
  g_subprocess_launcher_unsetenv(l, "all_proxy");
  g_subprocess_launcher_unsetenv(l, "ALL_PROXY");
  g_subprocess_launcher_setenv(l, "no_proxy", "127.0.0.1,localhost", TRUE);
  gint64 t0 = g_get_monotonic_time();
  g_autoptr(GSubprocess) p =
      g_subprocess_launcher_spawnv(l, (const char *const *)argv->pdata, &error);
  assert_non_null(p);
  assert_true(g_subprocess_communicate_utf8(p, input ? input : "", NULL,
                                            &r->out, &r->err, &error));
  r->secs = (double)(g_get_monotonic_time() - t0) / 1e6;
  assert_true(g_subprocess_get_if_exited(p));
  r->status = g_subprocess_get_exit_status(p);
}

static void
assert_has(const char *haystack, const char *needle)
{
  if (haystack == NULL || strstr(haystack, needle) == NULL)
    fail_msg("output lacks '%s':\n%s", needle, haystack ? haystack : "(null)");
}

static guint
count_lines(const char *text)
{
  guint n = 0;
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* The opening sentence of each article of feed.xml. */
static const char *const openings[] = {
    "The small harbour town of Eskholm switched on a tidal power barrier",
    "The public library in Valdoria has started lending seeds",
    "Sleeper trains will run again on the mountain line",
    "More than three hundred volunteers have spent the winter",
    "Ferry crews on the northern crossing spent Saturday",
};

static void
test_feed_url(void **state)
{
  State *s = *state;
  Run r = {0};
  g_autofree char *url = precis_http_server_url(s->server, "/feed.xml");

  run_precis(s, &r, NULL, "feed", url, NULL);
  if (r.status != 0)
    fail_msg("exit %d: %s", r.status, r.err);
  for (gsize i = 0; i < G_N_ELEMENTS(openings); i++)
    assert_has(r.out, openings[i]);
  assert_has(r.out, "Volunteers map every tree in the old city");
  assert_has(r.out, "2026-03-02T08:00:00Z");
  /* Items in feed order. */
  assert_true(strstr(r.out, openings[0]) < strstr(r.out, openings[1]));
  assert_true(strstr(r.out, openings[3]) < strstr(r.out, openings[4]));
  /* stderr is a pipe here: no progress bar. */
  assert_null(strchr(r.err, '\r'));
  /* The full-content item was not fetched. */
  assert_int_equal(
      precis_http_server_count_path(s->server, "/not-fetched/ferry.html"), 0);
  for (int i = 1; i <= 4; i++) {
    g_autofree char *p = g_strdup_printf("/article-%d.html", i);
    assert_int_equal(precis_http_server_count_path(s->server, p), 1);
  }
  run_clear(&r);
}

static JsonObject *
parse_object(JsonParser *p, const char *line)
{
  if (!json_parser_load_from_data(p, line, -1, NULL))
    fail_msg("not JSON: %s", line);
  JsonNode *root = json_parser_get_root(p);
  assert_true(JSON_NODE_HOLDS_OBJECT(root));
  return json_node_get_object(root);
}

static void
test_feed_json(void **state)
{
  State *s = *state;
  Run r = {0};
  g_autofree char *url = precis_http_server_url(s->server, "/feed.xml");

  run_precis(s, &r, NULL, "feed", "--json", "-n", "2", url, NULL);
  assert_int_equal(r.status, 0);
  g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
  assert_int_equal(g_strv_length(lines), 6); /* 5 + the empty tail */
  for (int i = 0; i < 5; i++) {
    g_autoptr(JsonParser) p = json_parser_new();
    JsonObject *o = parse_object(p, lines[i]);
    assert_int_equal(json_object_get_int_member(o, "index"), i);
    assert_string_equal(json_object_get_string_member(o, "from"),
                        i == 4 ? "content" : "page");
    assert_false(json_object_has_member(o, "error"));
    JsonObject *d = json_object_get_object_member(o, "digest");
    assert_non_null(d);
    JsonArray *sents = json_object_get_array_member(d, "sentences");
    assert_int_equal(json_array_get_length(sents), 2);
    const char *first = json_object_get_string_member(
        json_array_get_object_element(sents, 0), "text");
    assert_has(first, openings[i]);
  }
  run_clear(&r);
}

static void
test_feed_no_fetch(void **state)
{
  State *s = *state;
  Run r = {0};
  PrecisHttpCounts c;
  g_autofree char *url = precis_http_server_url(s->server, "/feed.xml");

  run_precis(s, &r, NULL, "feed", "--no-fetch", "--json", url, NULL);
  assert_int_equal(r.status, 0);
  precis_http_server_get_counts(s->server, &c);
  assert_int_equal(c.requests, 1); /* the feed only */
  assert_int_equal(count_lines(r.out), 5);
  assert_has(r.out, "Eskholm switches on its tidal barrier.");
  assert_has(r.out, openings[4]);
  assert_null(strstr(r.out, "\"from\":\"page\""));
  run_clear(&r);
}

static void
test_feed_failing_items(void **state)
{
  State *s = *state;
  Run r = {0};
  g_autofree char *url = precis_http_server_url(s->server, "/feed-bad.xml");

  run_precis(s, &r, NULL, "feed", "--json", url, NULL);
  assert_int_equal(r.status, 5); /* network failures among the items */
  g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
  assert_int_equal(g_strv_length(lines), 5);
  const char *codes[] = {NULL, "http", "protocol", NULL};
  for (int i = 0; i < 4; i++) {
    g_autoptr(JsonParser) p = json_parser_new();
    JsonObject *o = parse_object(p, lines[i]);
    if (codes[i] == NULL)
      assert_true(json_object_has_member(o, "digest"));
    else
      assert_string_equal(json_object_get_string_member(o, "code"), codes[i]);
  }
  assert_has(lines[0], openings[0]);
  assert_has(lines[3], openings[2]); /* gzip-encoded page */
  assert_has(r.err, "404");
  run_clear(&r);
}

static void
test_feed_hostile_items(void **state)
{
  State *s = *state;
  Run r = {0};
  g_autofree char *url = precis_http_server_url(s->server, "/feed-slow.xml");

  run_precis(s, &r, NULL, "feed", "--json", "--timeout", "3", url, NULL);
  assert_int_equal(r.status, 5);
  g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
  assert_int_equal(g_strv_length(lines), 10);
  const char *codes[] = {NULL,        "timeout",   "timeout",
                         "too-large", "too-large", "content-type",
                         NULL,        NULL,        NULL};
  for (int i = 0; i < 9; i++) {
    g_autoptr(JsonParser) p = json_parser_new();
    JsonObject *o = parse_object(p, lines[i]);
    if (codes[i] == NULL) {
      if (!json_object_has_member(o, "digest"))
        fail_msg("item %d failed: %s", i, lines[i]);
    } else {
      assert_string_equal(json_object_get_string_member(o, "code"), codes[i]);
    }
  }
  assert_has(lines[0], openings[1]);
  assert_has(lines[6], "Vald\xc3\xb3ria"); /* decoded as Latin-1 */
  assert_has(lines[8], openings[3]);
  /* Stall and trickle end by the 3 s timeout, side by side. */
  assert_true(r.secs < 12.0);
  run_clear(&r);
}

static void
test_feed_second_run_304(void **state)
{
  State *s = *state;
  Run r1 = {0}, r2 = {0};
  PrecisHttpCounts c;
  g_autofree char *url = precis_http_server_url(s->server, "/feed.xml");

  run_precis(s, &r1, NULL, "feed", url, NULL);
  assert_int_equal(r1.status, 0);
  precis_http_server_reset_counts(s->server);
  run_precis(s, &r2, NULL, "feed", url, NULL);
  assert_int_equal(r2.status, 0);
  precis_http_server_get_counts(s->server, &c);
  assert_int_equal(c.requests, 5); /* feed + 4 pages */
  assert_int_equal(c.not_modified, 5);
  assert_int_equal(c.conditional, 5);
  assert_int_equal(c.ok, 0);
  assert_string_equal(r1.out, r2.out);
  run_clear(&r1);
  run_clear(&r2);
}

static void
test_feed_atom_file_limit(void **state)
{
  State *s = *state;
  Run r = {0};
  g_autofree char *url = precis_http_server_url(s->server, "/feed.atom");

  run_precis(s, &r, NULL, "feed", url, NULL);
  assert_int_equal(r.status, 0);
  assert_has(r.out, openings[2]);
  assert_has(r.out, openings[3]); /* behind two redirects */
  run_clear(&r);

  /* A local file (the server's copy, with its links filled in). */
  g_autofree char *xml_url = precis_http_server_url(s->server, "/feed.xml");
  PrecisFetchOptions o;
  precis_fetch_options_init(&o);
  o.use_cache = FALSE;
  g_autoptr(PrecisResponse) x = precis_fetch(xml_url, &o, NULL, NULL);
  assert_non_null(x);
  g_autofree char *path = g_build_filename(s->tmp, "feed.xml", NULL);
  assert_true(g_file_set_contents(path, g_bytes_get_data(x->body, NULL),
                                  (gssize)g_bytes_get_size(x->body), NULL));
  run_precis(s, &r, NULL, "feed", "--limit", "2", path, NULL);
  assert_int_equal(r.status, 0);
  assert_has(r.out, openings[0]);
  assert_has(r.out, openings[1]);
  assert_null(strstr(r.out, openings[2]));
  run_clear(&r);
}

static void
test_feed_usage_and_input_errors(void **state)
{
  State *s = *state;
  Run r = {0};

  run_precis(s, &r, NULL, "feed", NULL);
  assert_int_equal(r.status, 2);
  run_clear(&r);
  run_precis(s, &r, NULL, "feed", "-n", "0", "x.xml", NULL);
  assert_int_equal(r.status, 2);
  run_clear(&r);
  g_autofree char *missing = g_build_filename(s->tmp, "missing.xml", NULL);
  run_precis(s, &r, NULL, "feed", missing, NULL);
  assert_int_equal(r.status, 3);
  assert_int_equal(count_lines(r.err), 1);
  run_clear(&r);
  g_autofree char *page = precis_http_server_url(s->server, "/article-1.html");
  run_precis(s, &r, NULL, "feed", page, NULL);
  assert_int_equal(r.status, 4); /* a page, not a feed */
  assert_has(r.err, "not an RSS");
  run_clear(&r);
  g_autofree char *dead = precis_http_server_url(s->server, "/status/500");
  run_precis(s, &r, NULL, "feed", dead, NULL);
  assert_int_equal(r.status, 5);
  assert_has(r.err, "500");
  run_clear(&r);
}

static void
test_feed_dump_json(void **state)
{
  State *s = *state;
  Run r = {0};
  g_autofree char *atom = g_build_filename(s->data_dir, "feed.atom", NULL);

  run_precis(s, &r, NULL, "feed", "--dump-json", atom, NULL);
  assert_int_equal(r.status, 0);
  assert_int_equal(count_lines(r.out), 1);
  {
    g_autoptr(JsonParser) p = json_parser_new();
    JsonObject *o = parse_object(p, r.out);
    assert_string_equal(json_object_get_string_member(o, "version"), "atom10");
    assert_int_equal(
        json_array_get_length(json_object_get_array_member(o, "entries")), 2);
  }
  run_clear(&r);

  g_autofree char *junk = g_build_filename(s->tmp, "junk.xml", NULL);
  assert_true(g_file_set_contents(junk, "this is <not a feed", -1, NULL));
  run_precis(s, &r, NULL, "feed", "--dump-json", junk, NULL);
  assert_int_equal(r.status, 0);
  {
    g_autoptr(JsonParser) p = json_parser_new();
    JsonObject *o = parse_object(p, r.out);
    assert_true(json_object_get_boolean_member(o, "bozo"));
  }
  run_clear(&r);
}

static void
test_summarize_url(void **state)
{
  State *s = *state;
  Run r = {0};
  g_autofree char *url = precis_http_server_url(s->server, "/article-3.html");

  run_precis(s, &r, NULL, "summarize", url, NULL);
  if (r.status != 0)
    fail_msg("exit %d: %s", r.status, r.err);
  assert_has(r.out, openings[2]);
  run_clear(&r);

  g_autofree char *gone = precis_http_server_url(s->server, "/status/404");
  run_precis(s, &r, NULL, "summarize", gone, NULL);
  assert_int_equal(r.status, 5);
  assert_has(r.err, "404");
  run_clear(&r);
}

static void
test_deep_json(void **state)
{
  State *s = *state;
  Run r = {0};
  g_autofree char *page = precis_http_server_url(s->server, "/deep-json-ld");
  g_autofree char *feed = precis_http_server_url(s->server, "/deep.json");

  /* JSON nested 100000 deep in a page's JSON-LD or in a JSON Feed: a clean
   * result or error, never a crash. */
  run_precis(s, &r, NULL, "summarize", page, NULL);
  assert_int_equal(r.status, 0);
  assert_has(r.out, "The harbour reopened on Friday after the storm.");
  run_clear(&r);
  run_precis(s, &r, NULL, "feed", feed, NULL);
  assert_int_equal(r.status, 4);
  run_clear(&r);
}

static void
test_extract_url(void **state)
{
  State *s = *state;
  Run r = {0};
  g_autofree char *url =
      precis_http_server_url(s->server, "/gzip/article-4.html");

  run_precis(s, &r, NULL, "extract", url, NULL);
  if (r.status != 0)
    fail_msg("exit %d: %s", r.status, r.err);
  assert_has(r.out, "Volunteers map every tree in the old city");
  assert_has(r.out, "A similar survey is already being planned");
  assert_null(strstr(r.out, "All rights reserved"));
  run_clear(&r);
}

static void
test_batch(void **state)
{
  State *s = *state;
  Run r = {0};
  g_autofree char *a1 = precis_http_server_url(s->server, "/article-1.html");
  g_autofree char *gone = precis_http_server_url(s->server, "/status/404");
  g_autofree char *input = g_strdup_printf(
      "{\"id\": 1, \"url\": \"%s\"}\n"
      "not json at all\n"
      "{\"id\": \"two\", \"text\": \"Rain fell all day in the valley. The "
      "river rose by a metre. Farmers moved their sheep to higher fields.\", "
      "\"n\": 1}\n"
      "\n"
      "{\"id\": [3], \"url\": \"%s\"}\n"
      "{\"id\": 4}\n"
      "{\"id\": 5, \"html\": \"<html><body><article><p>The ferry left at "
      "noon. It reached the island by two.</p></article></body></html>\"}\n"
      "{\"id\": 6, \"url\": \"file:///etc/passwd\"}\n"
      "{\"id\": 7, \"text\": \"Some words here.\", \"lang\": \"qq\"}",
      a1, gone);

  run_precis(s, &r, input, "batch", NULL);
  assert_int_equal(r.status, 0);
  g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
  assert_int_equal(g_strv_length(lines), 10); /* 9 lines + the empty tail */
  const char *ids[] = {"1", "null", "\"two\"", "null", "[3]",
                       "4", "5",    "6",       "7"};
  const char *codes[] = {NULL,      "parse", NULL,       "parse",   "http",
                         "invalid", NULL,    "protocol", "language"};
  for (int i = 0; i < 9; i++) {
    g_autoptr(JsonParser) p = json_parser_new();
    JsonObject *o = parse_object(p, lines[i]);
    g_autofree char *id =
        json_to_string(json_object_get_member(o, "id"), FALSE);
    assert_string_equal(id, ids[i]);
    if (codes[i] == NULL) {
      if (!json_object_has_member(o, "sentences"))
        fail_msg("line %d failed: %s", i, lines[i]);
    } else {
      assert_string_equal(json_object_get_string_member(o, "code"), codes[i]);
    }
  }
  assert_has(lines[0], openings[0]);
  assert_has(lines[2], "Rain fell all day in the valley.");
  assert_has(lines[6], "The ferry left at noon.");
  run_clear(&r);
}

static void
test_batch_long_line(void **state)
{
  State *s = *state;
  Run r = {0};
  const gsize big = 65u * 1024u * 1024u; /* over the 64 MiB line cap */
  g_autoptr(GString) in = g_string_sized_new(big + 512);

  g_string_append(in, "{\"id\": 1, \"text\": \"The bell rang twice. The "
                      "class went quiet at once.\"}\n{\"id\": 2, \"text\": \"");
  gsize start = in->len;
  g_string_set_size(in, start + big);
  memset(in->str + start, 'a', big);
  g_string_append(in, "\"}\n{\"id\": 3, \"text\": \"Snow closed the pass "
                      "overnight. Ploughs cleared it by noon.\"}\n");
  run_precis(s, &r, in->str, "batch", NULL);
  assert_int_equal(r.status, 0);
  g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
  assert_int_equal(g_strv_length(lines), 4);
  assert_has(lines[0], "The bell rang twice.");
  assert_has(lines[1], "\"code\":\"too-large\"");
  assert_has(lines[1], "\"id\":null");
  assert_has(lines[2], "Snow closed the pass overnight.");
  run_clear(&r);
}

static void
test_batch_deep_json(void **state)
{
  State *s = *state;
  Run r = {0};
  const gsize depth = 200000; /* would overflow json-glib's recursion */
  g_autoptr(GString) in = g_string_new(NULL);

  for (gsize i = 0; i < depth; i++)
    g_string_append_c(in, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c(in, ']');
  g_string_append(in, "\n{\"id\": 2, \"text\": \"The wind dropped at dusk. "
                      "The boats came home.\"}\n");
  run_precis(s, &r, in->str, "batch", NULL);
  assert_int_equal(r.status, 0);
  g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
  assert_int_equal(g_strv_length(lines), 3);
  assert_has(lines[0], "\"code\":\"parse\"");
  assert_has(lines[1], "The wind dropped at dusk.");
  run_clear(&r);
}

static void
test_batch_example(void **state)
{
  State *s = *state;
  Run r = {0};
  g_autofree char *path = g_build_filename(g_getenv("PRECIS_TEST_DATA"),
                                           "examples", "batch.jsonl", NULL);
  g_autofree char *input = NULL;
  assert_true(g_file_get_contents(path, &input, NULL, NULL));

  run_precis(s, &r, input, "batch", NULL);
  assert_int_equal(r.status, 0);
  assert_int_equal(count_lines(r.out), 3);
  assert_null(strstr(r.out, "\"error\""));
  assert_has(r.out, "\"id\":\"harbour\"");
  assert_has(r.out, "\"id\":\"orchard\"");
  assert_has(r.out, "\"id\":\"bridge\"");
  run_clear(&r);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_feed_url, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feed_json, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feed_no_fetch, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feed_failing_items, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feed_hostile_items, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feed_second_run_304, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_feed_atom_file_limit, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_feed_usage_and_input_errors, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_feed_dump_json, setup, teardown),
      cmocka_unit_test_setup_teardown(test_summarize_url, setup, teardown),
      cmocka_unit_test_setup_teardown(test_extract_url, setup, teardown),
      cmocka_unit_test_setup_teardown(test_deep_json, setup, teardown),
      cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
      cmocka_unit_test_setup_teardown(test_batch_long_line, setup, teardown),
      cmocka_unit_test_setup_teardown(test_batch_deep_json, setup, teardown),
      cmocka_unit_test_setup_teardown(test_batch_example, setup, teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
