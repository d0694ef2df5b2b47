/* SPDX-License-Identifier: GPL-3.0-or-later
 * cmd-feed.c: `precis feed` - a digest of every item of one or more feeds,
 * and `precis feed --dump-json FILE`, the parser's contract output.
 *
 * Each FEED (URL or file) is read and parsed whole; its items then go, in
 * feed order, into one PrecisFetchQueue (fetch-queue.h): an item whose own
 * content is the full article (>= FULL_TEXT_WORDS words of text), or any
 * item under --no-fetch, is digested from that content; the others from
 * their page, fetched --jobs at a time.  Results come back in feed order
 * and are printed at once, so memory stays flat however long the feed.
 * An item that fails prints its error and the others go on; the exit
 * status is the highest of every failure (cli.h).  A progress bar goes to
 * stderr when stderr is a terminal.
 */
#include "cli.h"
#include "fetch-queue.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* An item whose content has at least this many words is the article. */
#define FULL_TEXT_WORDS 150

typedef enum { ITEM_HEADER, ITEM_ENTRY } ItemKind;

typedef struct {
  ItemKind kind;
  char *feed;  /* the FEED argument */
  char *title; /* feed title for headers */
  guint index; /* 0-based, within its feed */
  char *link;
  char *date;
  const char *from; /* "page" or "content" (static) */
} Item;

typedef struct {
  gboolean json;
  gboolean progress;
  gint total; /* items added so far (atomic: set by the main thread) */
  guint done;
  int status;
} Output;

static void
item_free(gpointer data)
{
  Item *it = data;
  g_free(it->feed);
  g_free(it->title);
  g_free(it->link);
  g_free(it->date);
  g_free(it);
}

static void
progress_clear(Output *out)
{
  if (out->progress)
    fputs("\r\033[K", stderr);
}

static void
progress_draw(Output *out)
{
  guint total = (guint)g_atomic_int_get(&out->total);
  if (!out->progress || total == 0)
    return;
  const guint width = 30;
  guint filled = (guint)((guint64)MIN(out->done, total) * width / total);
  char bar[64];
  memset(bar, '#', filled);
  memset(bar + filled, '.', width - filled);
  bar[width] = '\0';
  fprintf(stderr, "\r[%s] %u/%u", bar, out->done, total);
  fflush(stderr);
}

static void
print_text(const Item *it, const PrecisResult *result, const GError *error)
{
  printf("%s\n", it->title ? it->title : "(untitled)");
  if (it->link != NULL)
    printf("  %s\n", it->link);
  if (it->date != NULL)
    printf("  %s\n", it->date);
  if (result != NULL) {
    const PrecisDigest *d = result->digest;
    for (guint i = 0; i < precis_digest_get_n_sentences(d); i++)
      printf("  * %s\n", precis_digest_get_sentence(d, i));
  } else {
    g_autofree char *msg = g_strdup(error->message);
    g_strdelimit(msg, "\r\n", ' ');
    printf("  ! error: %s\n", msg);
  }
  printf("\n");
}

static void
add_nullable(JsonBuilder *b, const char *key, const char *value)
{
  json_builder_set_member_name(b, key);
  if (value != NULL)
    json_builder_add_string_value(b, value);
  else
    json_builder_add_null_value(b);
}

static void
print_json(const Item *it, const PrecisResult *result, const GError *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  add_nullable(b, "feed", it->feed);
  json_builder_set_member_name(b, "index");
  json_builder_add_int_value(b, it->index);
  add_nullable(b, "title", it->title);
  add_nullable(b, "link", it->link);
  add_nullable(b, "date", it->date);
  add_nullable(b, "from", it->from);
  if (result != NULL) {
    g_autofree char *digest = precis_result_to_json(result, it->link);
    g_autoptr(JsonNode) node = json_from_string(digest, NULL);
    json_builder_set_member_name(b, "digest");
    json_builder_add_value(b, g_steal_pointer(&node));
  } else {
    add_nullable(b, "error", error->message);
    add_nullable(b, "code", precis_error_code_name(error));
  }
  json_builder_end_object(b);
  g_autoptr(JsonNode) root = json_builder_get_root(b);
  g_autofree char *line = json_to_string(root, FALSE);
  printf("%s\n", line);
}

/* The queue's done callback: items arrive in feed order, one at a time. */
static void
on_item(gpointer data, PrecisResult *result, const GError *error,
        gpointer user_data)
{
  Item *it = data;
  Output *out = user_data;

  progress_clear(out);
  if (it->kind == ITEM_HEADER) {
    if (!out->json)
      printf("== %s ==\n%s\n\n", it->title ? it->title : "(untitled feed)",
             it->feed);
  } else {
    if (out->json)
      print_json(it, result, error);
    else
      print_text(it, result, error);
    if (result == NULL) {
      /* Also on stderr, so a failure shows when stdout goes to a file. */
      fflush(stdout);
      int st = precis_cli_report(it->link ? it->link : it->feed, error);
      out->status = MAX(out->status, st);
    }
    out->done++;
  }
  fflush(stdout);
  progress_draw(out);
  precis_result_free(result);
}

/* Words of text in @html, skipping tags; stops counting at @enough. */
static guint
count_words(const char *html, guint enough)
{
  guint words = 0;
  gboolean in_tag = FALSE, in_word = FALSE;
  for (const char *p = html; *p != '\0' && words < enough; p++) {
    if (*p == '<') {
      in_tag = TRUE;
      in_word = FALSE;
    } else if (*p == '>') {
      in_tag = FALSE;
    } else if (!in_tag) {
      gboolean space = g_ascii_isspace(*p);
      if (!space && !in_word)
        words++;
      in_word = !space;
    }
  }
  return words;
}

/* The item's own content as a small HTML page the cleaner can read. */
static GBytes *
content_page(const PrecisFeedItem *fi, const char *content)
{
  g_autofree char *title =
      fi->title ? g_markup_escape_text(fi->title, -1) : g_strdup("");
  char *page = g_strdup_printf("<!DOCTYPE html><html><head><meta "
                               "charset=\"utf-8\"><title>%s</title></head>"
                               "<body><article>%s</article></body></html>",
                               title, content);
  return g_bytes_new_take(page, strlen(page));
}

typedef struct {
  gboolean no_fetch;
  guint n;
  guint limit;
  const PrecisFetchOptions *fetch;
} FeedRun;

/* Reads and parses one FEED; NULL with the status reported. */
static PrecisFeed *
load_feed(const char *arg, const FeedRun *run, int *status)
{
  g_autoptr(GError) error = NULL;
  PrecisFeed *feed = NULL;

  if (precis_cli_is_url(arg)) {
    g_autoptr(PrecisResponse) r = precis_fetch(arg, run->fetch, NULL, &error);
    if (r != NULL) {
      gsize len = 0;
      const char *data = g_bytes_get_data(r->body, &len);
      feed =
          precis_feed_parse(data ? data : "", len, r->charset, r->url, &error);
    }
  } else {
    g_autofree char *data = NULL;
    gsize len = 0;
    if (precis_cli_read_input(arg, &data, &len, &error))
      feed = precis_feed_parse(data, len, NULL, NULL, &error);
  }
  if (feed != NULL && (feed->version == NULL || *feed->version == '\0') &&
      feed->items->len == 0) {
    /* Parsed leniently, but nothing in it looks like a feed. */
    g_clear_pointer(&feed, precis_feed_free);
    g_set_error(&error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_NOT_FEED, "%s",
                precis_feed_strerror(PRECIS_FEED_ERROR_NOT_FEED));
  }
  if (feed == NULL) {
    int st = precis_cli_report(arg, error); /* once: MAX() evaluates twice */
    *status = MAX(*status, st);
  }
  return feed;
}

static void
queue_feed(PrecisFetchQueue *dg, Output *out, const char *arg,
           const PrecisFeed *feed, const FeedRun *run)
{
  PrecisPipelineOptions po;
  precis_pipeline_options_init(&po);
  po.n_sentences = run->n;

  guint n_items = feed->items->len;
  if (run->limit > 0 && n_items > run->limit)
    n_items = run->limit;
  g_atomic_int_add(&out->total, (gint)n_items);

  Item *head = g_new0(Item, 1);
  head->kind = ITEM_HEADER;
  head->feed = g_strdup(arg);
  head->title = g_strdup(feed->title);
  g_autoptr(GError) dummy =
      g_error_new_literal(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_FAILED, "");
  precis_fetch_queue_add_error(dg, dummy, head);

  for (guint i = 0; i < n_items; i++) {
    const PrecisFeedItem *fi = g_ptr_array_index(feed->items, i);
    Item *it = g_new0(Item, 1);
    it->kind = ITEM_ENTRY;
    it->feed = g_strdup(arg);
    it->index = i;
    it->title = g_strdup(fi->title);
    it->link = g_strdup(fi->link);
    it->date = g_strdup(fi->published ? fi->published : fi->updated);

    const char *content = fi->content ? fi->content : fi->summary;
    gboolean fetchable = fi->link != NULL && precis_cli_is_url(fi->link);
    gboolean full = content != NULL &&
                    count_words(content, FULL_TEXT_WORDS) >= FULL_TEXT_WORDS;
    if (content != NULL && (run->no_fetch || full || !fetchable)) {
      g_autoptr(GBytes) page = content_page(fi, content);
      PrecisPipelineOptions co = po;
      co.content_type = "text/html";
      co.charset = "utf-8";
      co.url = fi->link;
      it->from = "content";
      precis_fetch_queue_add_bytes(dg, page, &co, NULL, it);
    } else if (fetchable && !run->no_fetch) {
      it->from = "page";
      precis_fetch_queue_add_url(dg, fi->link, &po, NULL, it);
    } else {
      g_autoptr(GError) e = g_error_new_literal(
          PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY,
          run->no_fetch ? "the item has no content (and --no-fetch was given)"
                        : "the item has neither content nor an http(s) link");
      precis_fetch_queue_add_error(dg, e, it);
    }
  }
}

/* --dump-json FILE: one JSON object, exit 0 whenever the file was read. */
static int
dump_json(const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!precis_cli_read_input(path, &data, &len, &error))
    return precis_cli_report(path, error);
  g_autoptr(PrecisFeed) feed = precis_feed_parse(data, len, NULL, NULL, &error);
  if (feed == NULL) {
    /* Nothing feed-like: still the contract's object, flagged bozo. */
    feed = g_new0(PrecisFeed, 1);
    feed->version = g_strdup("");
    feed->bozo = TRUE;
    feed->bozo_reason = g_strdup(error ? error->message : "not a feed");
    feed->encoding = g_strdup("utf-8");
    feed->items = g_ptr_array_new();
  }
  g_autofree char *json = precis_feed_to_json(feed);
  printf("%s\n", json);
  return PRECIS_EXIT_OK;
}

int
precis_cmd_feed(int argc, char **argv)
{
  gboolean json = FALSE, no_fetch = FALSE, no_cache = FALSE;
  int n = PRECIS_SUMMARIZER_DEFAULT_N, jobs = PRECIS_FETCH_DEFAULT_JOBS;
  int limit = 0, threads = 0, per_host = PRECIS_FETCH_DEFAULT_PER_HOST;
  double timeout = PRECIS_FETCH_DEFAULT_TIMEOUT_MS / 1000.0;
  g_autofree char *dump = NULL;
  int status = PRECIS_EXIT_OK;
  const GOptionEntry entries[] = {
      {"json", 0, 0, G_OPTION_ARG_NONE, &json,
       "one JSON object per item (JSON lines)", NULL},
      {"sentences", 'n', 0, G_OPTION_ARG_INT, &n,
       "sentences per digest (default 3)", "N"},
      {"jobs", 0, 0, G_OPTION_ARG_INT, &jobs,
       "pages fetched at once (default 8)", "J"},
      {"per-host", 0, 0, G_OPTION_ARG_INT, &per_host,
       "connections to one host at once (default 4)", "H"},
      {"threads", 0, 0, G_OPTION_ARG_INT, &threads,
       "threads cleaning and summarizing (default: processors, at most 4)",
       "T"},
      {"limit", 0, 0, G_OPTION_ARG_INT, &limit,
       "only the first K items of each feed", "K"},
      {"no-fetch", 0, 0, G_OPTION_ARG_NONE, &no_fetch,
       "digest each item's own content; fetch no pages", NULL},
      {"timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
       "seconds allowed per transfer (default 30)", "S"},
      {"no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache,
       "neither use nor fill the HTTP cache", NULL},
      {"dump-json", 0, 0, G_OPTION_ARG_FILENAME, &dump,
       "print the parse of a local feed FILE as one JSON object", "FILE"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};

  if (!precis_cli_parse(
          "feed", "FEED...",
          "Digest every item of RSS, Atom or JSON feeds (URLs or files): "
          "title, link, date and a digest of the item's page, or of its own "
          "content when that is the whole article.",
          entries, &argc, &argv, &status))
    return status;
  if (dump != NULL) {
    if (argc > 1) {
      fprintf(stderr, "precis feed: --dump-json takes one FILE and no FEED "
                      "(see 'precis feed --help')\n");
      return PRECIS_EXIT_USAGE;
    }
    return dump_json(dump);
  }
  if (argc < 2) {
    fprintf(stderr, "precis feed: no FEED given (see 'precis feed --help')\n");
    return PRECIS_EXIT_USAGE;
  }
  if (n < 1 || n > 1000 || jobs < 1 || jobs > 256 || per_host < 1 ||
      per_host > 256 || limit < 0 || threads < 0 || threads > 64 ||
      !(timeout > 0 && timeout <= 86400)) {
    fprintf(stderr,
            "precis feed: -n must be 1..1000, --jobs and --per-host 1..256, "
            "--threads 0..64, --limit >= 0 and --timeout a positive "
            "number of seconds\n");
    return PRECIS_EXIT_USAGE;
  }

  precis_fetch_global_init();
  PrecisFetchQueueOptions dopts;
  precis_fetch_queue_options_init(&dopts);
  dopts.fetch.jobs = (guint)jobs;
  dopts.fetch.per_host = (guint)per_host;
  dopts.fetch.timeout_ms = (guint)(timeout * 1000.0);
  dopts.fetch.use_cache = !no_cache;
  dopts.threads = (guint)threads;

  Output out = {json, isatty(STDERR_FILENO) == 1, 0, 0, PRECIS_EXIT_OK};
  FeedRun run = {no_fetch, (guint)n, (guint)limit, &dopts.fetch};
  g_autoptr(PrecisFetchQueue) dg =
      precis_fetch_queue_new(&dopts, on_item, &out, item_free);
  for (int i = 1; i < argc; i++) {
    g_autoptr(PrecisFeed) feed = load_feed(argv[i], &run, &status);
    if (feed != NULL)
      queue_feed(dg, &out, argv[i], feed, &run);
  }
  precis_fetch_queue_finish(dg);
  progress_clear(&out);
  fflush(stdout);
  return MAX(status, out.status);
}
