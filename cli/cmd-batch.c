/* SPDX-License-Identifier: GPL-3.0-or-later
 * cmd-batch.c: `precis batch` - JSON lines in, JSON lines out, streaming.
 *
 * The shape distributed engines run programs in (Hadoop Streaming, Spark's
 * RDD.pipe): each input line is one object {"id": any, "url"|"html"|"text":
 * string, "n": int?, "lang": string?}; each output line is the digest
 * (precis_result_to_json() fields plus "id") or {"id", "error", "code"}.
 * Exactly one output line per input line, in input order, also for blank
 * lines, malformed JSON and lines over MAX_LINE bytes (which are skipped to
 * their newline, never held whole).  Lines go through one PrecisFetchQueue,
 * so URLs are fetched --jobs at a time while earlier lines are summarized;
 * memory is bounded by the queue's window and byte budget (a few lines
 * in flight, at most MAX_IN_FLIGHT bytes of them unless one line alone is
 * larger) plus the line being read.
 * Exit status: 0 when stdin was read to its end (per-line failures are in
 * the output), 3 when it could not be read, 2 on bad options.
 */
#include "cli.h"
#include "fetch-queue.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

/* Longest input line accepted. */
#define MAX_LINE (64u * 1024u * 1024u)
#define MAX_SENTENCES 1000
/* Bytes of html/text lines handed on and not yet digested. */
#define MAX_IN_FLIGHT (128u * 1024u * 1024u)

typedef struct {
  JsonNode *id; /* nullable = JSON null */
  char *source; /* nullable: the URL of a "url" line */
} Line;

static void
line_free(gpointer data)
{
  Line *l = data;
  if (l->id != NULL)
    json_node_unref(l->id);
  g_free(l->source);
  g_free(l);
}

static void
on_line(gpointer data, PrecisResult *result, const GError *error,
        gpointer user_data)
{
  Line *l = data;
  g_autoptr(JsonBuilder) b = json_builder_new();
  (void)user_data;

  json_builder_begin_object(b);
  json_builder_set_member_name(b, "id");
  if (l->id != NULL)
    json_builder_add_value(b, json_node_copy(l->id));
  else
    json_builder_add_null_value(b);
  if (result != NULL) {
    g_autofree char *digest = precis_result_to_json(result, l->source);
    g_autoptr(JsonNode) node = json_from_string(digest, NULL);
    JsonObject *o = node ? json_node_get_object(node) : NULL;
    if (o != NULL) {
      g_autoptr(GList) members = json_object_get_members(o);
      for (GList *m = members; m != NULL; m = m->next) {
        if (strcmp(m->data, "id") == 0)
          continue;
        json_builder_set_member_name(b, m->data);
        json_builder_add_value(
            b, json_node_copy(json_object_get_member(o, m->data)));
      }
    }
  } else {
    json_builder_set_member_name(b, "error");
    json_builder_add_string_value(b, error->message);
    json_builder_set_member_name(b, "code");
    json_builder_add_string_value(b, precis_error_code_name(error));
  }
  json_builder_end_object(b);
  g_autoptr(JsonNode) root = json_builder_get_root(b);
  g_autofree char *text = json_to_string(root, FALSE);
  fputs(text, stdout);
  fputc('\n', stdout);
  fflush(stdout);
  precis_result_free(result);
}

/* Reads one line (without its newline) into @line.  Returns FALSE at the
 * end of input (nothing read).  A line over MAX_LINE is consumed to its
 * end but not kept: *too_long is set. */
static gboolean
read_line(FILE *in, GString *line, gboolean *too_long, gboolean *failed)
{
  int c;
  gboolean any = FALSE;

  g_string_truncate(line, 0);
  *too_long = FALSE;
  *failed = FALSE;
  while ((c = getc_unlocked(in)) != EOF) {
    any = TRUE;
    if (c == '\n')
      return TRUE;
    if (*too_long)
      continue;
    if (line->len >= MAX_LINE) {
      *too_long = TRUE;
      g_string_truncate(line, 0);
      continue;
    }
    g_string_append_c(line, (char)c);
  }
  if (ferror(in))
    *failed = TRUE;
  return any;
}

/* json-glib parses recursively: a line nested deeper than this would
 * overflow the stack, so it is refused before parsing. */
#define MAX_DEPTH 256

/* The deepest nesting of arrays and objects in @text (strings skipped). */
static guint
json_depth(const char *text, gsize len)
{
  guint depth = 0, max = 0;
  gboolean in_string = FALSE;
  for (gsize i = 0; i < len; i++) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_string = FALSE;
    } else if (c == '"') {
      in_string = TRUE;
    } else if (c == '[' || c == '{') {
      if (++depth > max)
        max = depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      depth--;
    }
  }
  return max;
}

static GError *
line_error(int code, const char *message)
{
  return g_error_new_literal(PRECIS_FEED_ERROR, code, message);
}

/* Queues one parsed line. */
static void
queue_line(PrecisFetchQueue *dg, const char *text, gsize len, guint default_n)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable();
  g_autoptr(GError) error = NULL;
  Line *l = g_new0(Line, 1);

  if (len == 0 || strspn(text, " \t\r") == len) {
    g_autoptr(GError) e = line_error(PRECIS_FEED_ERROR_PARSE, "empty line");
    precis_fetch_queue_add_error(dg, e, l);
    return;
  }
  if (json_depth(text, len) > MAX_DEPTH) {
    g_autoptr(GError) e =
        g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_PARSE,
                    "JSON nested deeper than %d levels", MAX_DEPTH);
    precis_fetch_queue_add_error(dg, e, l);
    return;
  }
  if (!json_parser_load_from_data(parser, text, (gssize)len, &error)) {
    g_autoptr(GError) e =
        g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_PARSE, "not JSON: %s",
                    error->message);
    precis_fetch_queue_add_error(dg, e, l);
    return;
  }
  JsonNode *root = json_parser_get_root(parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
    g_autoptr(GError) e =
        line_error(PRECIS_FEED_ERROR_PARSE, "a line must be a JSON object");
    precis_fetch_queue_add_error(dg, e, l);
    return;
  }
  JsonObject *o = json_node_get_object(root);
  if (json_object_has_member(o, "id"))
    l->id = json_node_copy(json_object_get_member(o, "id"));

  const char *fields[] = {"url", "html", "text"};
  const char *value = NULL;
  int which = -1, count = 0;
  for (int i = 0; i < 3; i++) {
    JsonNode *m = json_object_get_member(o, fields[i]);
    if (m == NULL || JSON_NODE_HOLDS_NULL(m))
      continue;
    count++;
    if (json_node_get_value_type(m) == G_TYPE_STRING) {
      which = i;
      value = json_node_get_string(m);
    }
  }
  if (count != 1 || value == NULL) {
    g_autoptr(GError) e = g_error_new_literal(
        PRECIS_SUMMARIZER_ERROR, PRECIS_SUMMARIZER_ERROR_INVALID,
        "a line needs exactly one of \"url\", \"html\" or \"text\" (a string)");
    precis_fetch_queue_add_error(dg, e, l);
    return;
  }

  PrecisPipelineOptions po;
  precis_pipeline_options_init(&po);
  po.n_sentences = default_n;
  JsonNode *nn = json_object_get_member(o, "n");
  if (nn != NULL && !JSON_NODE_HOLDS_NULL(nn)) {
    gint64 v = json_node_get_value_type(nn) == G_TYPE_INT64
                   ? json_node_get_int(nn)
                   : -1;
    if (v < 1 || v > MAX_SENTENCES) {
      g_autoptr(GError) e =
          g_error_new(PRECIS_SUMMARIZER_ERROR, PRECIS_SUMMARIZER_ERROR_INVALID,
                      "\"n\" must be an integer from 1 to %d", MAX_SENTENCES);
      precis_fetch_queue_add_error(dg, e, l);
      return;
    }
    po.n_sentences = (guint)v;
  }
  const char *lang = NULL;
  JsonNode *ln = json_object_get_member(o, "lang");
  if (ln != NULL && json_node_get_value_type(ln) == G_TYPE_STRING)
    lang = json_node_get_string(ln);

  if (which == 0) {
    l->source = g_strdup(value);
    precis_fetch_queue_add_url(dg, value, &po, lang, l);
    return;
  }
  g_autoptr(GBytes) bytes = g_bytes_new(value, strlen(value));
  if (which == 1) {
    po.content_type = "text/html";
    po.charset = "utf-8";
  } else {
    po.content_type = "text/plain";
  }
  precis_fetch_queue_add_bytes(dg, bytes, &po, lang, l);
}

int
precis_cmd_batch(int argc, char **argv)
{
  int n = PRECIS_SUMMARIZER_DEFAULT_N, jobs = PRECIS_FETCH_DEFAULT_JOBS;
  int threads = 0, per_host = PRECIS_FETCH_DEFAULT_PER_HOST;
  double timeout = PRECIS_FETCH_DEFAULT_TIMEOUT_MS / 1000.0;
  gboolean no_cache = FALSE;
  g_autofree char *lang = NULL;
  int status = PRECIS_EXIT_OK;
  const GOptionEntry entries[] = {
      {"sentences", 'n', 0, G_OPTION_ARG_INT, &n,
       "sentences per digest unless a line says \"n\" (default 3)", "N"},
      {"jobs", 0, 0, G_OPTION_ARG_INT, &jobs,
       "URLs fetched at once (default 8)", "J"},
      {"per-host", 0, 0, G_OPTION_ARG_INT, &per_host,
       "connections to one host at once (default 4)", "H"},
      {"threads", 0, 0, G_OPTION_ARG_INT, &threads,
       "threads cleaning and summarizing (default: processors, at most 4)",
       "T"},
      {"timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
       "seconds allowed per transfer (default 30)", "S"},
      {"lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
       "language unless a line says \"lang\" (default: detect)", "LANG"},
      {"no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache,
       "neither use nor fill the HTTP cache", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};

  if (!precis_cli_parse(
          "batch", "",
          "Read JSON lines on stdin ({\"id\":..., \"url\"|\"html\"|\"text\":"
          "...}, optional \"n\" and \"lang\") and write one JSON line per "
          "input line on stdout: the digest with its \"id\", or {\"id\", "
          "\"error\", \"code\"}.  Streams with bounded memory, for Hadoop "
          "Streaming, Spark's RDD.pipe and shell pipelines.",
          entries, &argc, &argv, &status))
    return status;
  if (argc > 1) {
    fprintf(stderr,
            "precis batch: reads stdin only; unexpected '%s' (see "
            "'precis batch --help')\n",
            argv[1]);
    return PRECIS_EXIT_USAGE;
  }
  if (n < 1 || n > MAX_SENTENCES || jobs < 1 || jobs > 256 || per_host < 1 ||
      per_host > 256 || threads < 0 || threads > 64 ||
      !(timeout > 0 && timeout <= 86400)) {
    fprintf(stderr,
            "precis batch: -n must be 1..%d, --jobs and --per-host 1..256, "
            "--threads 0..64 and --timeout a positive number of "
            "seconds\n",
            MAX_SENTENCES);
    return PRECIS_EXIT_USAGE;
  }
  if (lang != NULL && !precis_language_is_known(lang)) {
    fprintf(stderr, "precis batch: unknown language '%s'\n", lang);
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
  dopts.lang = lang;
  /* Lines may be large: keep fewer of them in flight. */
  dopts.window = MAX(16u, 2u * (guint)jobs);
  dopts.max_bytes = MAX_IN_FLIGHT;

  g_autoptr(PrecisFetchQueue) dg =
      precis_fetch_queue_new(&dopts, on_line, NULL, line_free);
  g_autoptr(GString) line = g_string_new(NULL);
  gboolean too_long = FALSE, failed = FALSE;
  while (read_line(stdin, line, &too_long, &failed)) {
    if (too_long) {
      g_autoptr(GError) e =
          g_error_new(PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TOO_LARGE,
                      "line longer than %u MiB, skipped", MAX_LINE >> 20);
      precis_fetch_queue_add_error(dg, e, g_new0(Line, 1));
      continue;
    }
    queue_line(dg, line->str, line->len, (guint)n);
    /* Do not keep a huge buffer around for the next, short lines. */
    if (line->allocated_len > 1024 * 1024) {
      g_string_free(line, TRUE);
      line = g_string_new(NULL);
    }
  }
  precis_fetch_queue_finish(dg);
  if (failed) {
    fprintf(stderr, "precis batch: stdin: read error\n");
    return PRECIS_EXIT_INPUT;
  }
  return PRECIS_EXIT_OK;
}
