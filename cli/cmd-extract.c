/* SPDX-License-Identifier: GPL-3.0-or-later
 * cmd-extract.c: "precis extract": the article of a web page, or of the
 * text residue of one.  Each input (file, "-" for stdin, or an http(s) URL)
 * is sniffed: HTML goes to the page cleaner, text to the residue cleaner.
 * Output: the headline, a blank line and the body; or with --json one JSON
 * object per input and line with every field.  No summarizing here.
 * Inputs are worked on --jobs at a time (precis_cli_map) and printed in
 * their order.
 * Cost: one read (or fetch) and one clean per input; at most 4 * jobs
 * inputs held at once.
 */
#include "cli.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

static gboolean opt_json = FALSE;
static gboolean opt_body = FALSE;
static char *opt_charset = NULL;
static char *opt_url = NULL;
static int opt_jobs = 0;

static const GOptionEntry entries[] = {
    {"json", 'j', 0, G_OPTION_ARG_NONE, &opt_json,
     "Print each article as one line of JSON (title, byline, date, language, "
     "site, url, description, text)",
     NULL},
    {"charset", 'c', 0, G_OPTION_ARG_STRING, &opt_charset,
     "Character encoding to assume, as an HTTP header would announce it",
     "CHARSET"},
    {"url", 'u', 0, G_OPTION_ARG_STRING, &opt_url,
     "The page's address (resolves relative links; a fallback for the "
     "canonical URL)",
     "URL"},
    {"body", 'b', 0, G_OPTION_ARG_NONE, &opt_body,
     "Print only the body, without the headline", NULL},
    {"jobs", 'J', 0, G_OPTION_ARG_INT, &opt_jobs,
     "Inputs worked on at once (default: the number of processors for "
     "URLs and web pages, else 1); the output keeps the order of the inputs",
     "J"},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

static void
add_member(JsonBuilder *b, const char *key, const char *value)
{
  json_builder_set_member_name(b, key);
  if (value != NULL)
    json_builder_add_string_value(b, value);
  else
    json_builder_add_null_value(b);
}

static void
print_article(const PrecisArticle *a, const char *source, gboolean first)
{
  if (opt_json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    add_member(b, "source", strcmp(source, "-") ? source : "stdin");
    add_member(b, "title", a->title);
    add_member(b, "byline", a->byline);
    add_member(b, "date", a->date);
    add_member(b, "language", a->language);
    add_member(b, "site", a->site_name);
    add_member(b, "url", a->url);
    add_member(b, "description", a->description);
    add_member(b, "text", a->text);
    json_builder_end_object(b);
    g_autoptr(JsonNode) root = json_builder_get_root(b);
    g_autofree char *line = json_to_string(root, FALSE);
    printf("%s\n", line);
    return;
  }
  if (!first)
    printf("\n");
  if (!opt_body && a->title != NULL)
    printf("%s\n\n", a->title);
  printf("%s\n", a->text);
}

/* Cleans @data as what it is. */
static PrecisArticle *
clean_bytes(const char *data, gsize len, const char *content_type,
            const char *charset, const char *url, GError **error)
{
  if (len == 0) {
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY,
                        "empty input");
    return NULL;
  }
  switch (precis_content_sniff(data, len, content_type)) {
  case PRECIS_CONTENT_BINARY:
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_BINARY,
                        precis_feed_strerror(PRECIS_FEED_ERROR_BINARY));
    return NULL;
  case PRECIS_CONTENT_FEED:
    g_set_error_literal(error, PRECIS_FEED_ERROR,
                        PRECIS_FEED_ERROR_CONTENT_TYPE,
                        "this is a feed, not an article (use 'precis feed')");
    return NULL;
  case PRECIS_CONTENT_HTML:
    return precis_page_extract(data, len, charset, url, error);
  case PRECIS_CONTENT_TEXT:
    break;
  }
  PrecisArticle *a = precis_text_extract(data, len, error);
  if (a != NULL && a->url == NULL && url != NULL)
    a->url = g_strdup(url);
  return a;
}

static PrecisArticle *
extract_one(const char *arg, GError **error)
{
  if (precis_cli_is_url(arg)) {
    PrecisFetchOptions fo;
    precis_fetch_options_init(&fo);
    g_autoptr(PrecisResponse) r = precis_fetch(arg, &fo, NULL, error);
    if (r == NULL)
      return NULL;
    gsize len = 0;
    const char *data = g_bytes_get_data(r->body, &len);
    return clean_bytes(data ? data : "", len, r->content_type,
                       opt_charset ? opt_charset : r->charset,
                       r->url ? r->url : arg, error);
  }
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!precis_cli_read_input(arg, &data, &len, error))
    return NULL;
  return clean_bytes(data, len, NULL, opt_charset, opt_url, error);
}

typedef struct {
  int worst;      /* highest exit status so far */
  gboolean first; /* nothing printed yet */
} ExtractRun;

static gpointer
extract_work(gpointer state, const char *input, gpointer user_data,
             GError **error)
{
  (void)state;
  (void)user_data;
  return extract_one(input, error);
}

static void
article_free(gpointer article)
{
  precis_article_free(article);
}

static void
extract_emit(const char *input, gpointer result, const GError *error,
             gpointer user_data)
{
  ExtractRun *run = user_data;
  if (result == NULL) {
    int s = precis_cli_report(input, error);
    run->worst = MAX(run->worst, s);
    return;
  }
  print_article(result, input, run->first);
  run->first = FALSE;
}

int
precis_cmd_extract(int argc, char **argv)
{
  int status;
  static char *stdin_only[] = {(char *)"-", NULL};

  if (!precis_cli_parse(
          "extract", "[FILE|URL|-]...",
          "Print the article of each web page (HTML) or page residue (plain "
          "text):\nheadline, blank line, body; or --json with every field. "
          "Without\narguments, reads standard input.",
          entries, &argc, &argv, &status))
    return status;

  if (opt_jobs < 0 || opt_jobs > (int)PRECIS_CLI_MAX_THREADS) {
    fprintf(stderr, "precis extract: --jobs must be 1..%u\n",
            PRECIS_CLI_MAX_THREADS);
    return PRECIS_EXIT_USAGE;
  }
  char **inputs = argc > 1 ? argv + 1 : stdin_only;
  guint n = argc > 1 ? (guint)(argc - 1) : 1u;

  static const PrecisCliMapFuncs funcs = {
      .work = extract_work,
      .result_free = article_free,
      .emit = extract_emit,
  };
  ExtractRun run = {.worst = PRECIS_EXIT_OK, .first = TRUE};
  precis_cli_map(inputs, n, (guint)opt_jobs, &funcs, &run);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "precis: cannot write the output\n");
    run.worst = MAX(run.worst, PRECIS_EXIT_FAILURE);
  }
  return run.worst;
}
