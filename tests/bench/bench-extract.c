/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-extract.c: the page cleaner on benchmark data, in one process.
 *
 *   bench-extract [--charset C] [--url U] [--title] FILE
 *       prints the cleaned body of one page (for extract_score.py --cmd)
 *   bench-extract --dataset DIR [--pred OUT.json] [--repeat N]
 *       cleans every page of DIR (ground.jsonl + NNNN.html[.gz]) with the
 *       charset and URL of ground.jsonl, writes {id: text} to OUT.json, and
 *       reports pages/s and the time of libxml2's parse alone over the same
 *       decoded bytes (median of N rounds), so that the cleaning cost can be
 *       stated as a multiple of the parse.
 *
 * Timings use the monotonic clock; file reading and gunzip are outside the
 * timed regions.
 */
#include "precis-feeds.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *id;
  char *charset;
  char *url;
  GBytes *bytes;
} Page;

static void
page_free(gpointer p)
{
  Page *pg = p;
  g_free(pg->id);
  g_free(pg->charset);
  g_free(pg->url);
  g_bytes_unref(pg->bytes);
  g_free(pg);
}

static GBytes *
read_page(const char *dir, const char *id, GError **error)
{
  g_autofree char *plain = g_strdup_printf("%s/%s.html", dir, id);
  g_autofree char *gz = g_strdup_printf("%s/%s.html.gz", dir, id);
  char *data = NULL;
  gsize len = 0;
  if (g_file_test(plain, G_FILE_TEST_EXISTS)) {
    if (!g_file_get_contents(plain, &data, &len, error))
      return NULL;
    return g_bytes_new_take(data, len);
  }
  if (!g_file_get_contents(gz, &data, &len, error))
    return NULL;
  g_autoptr(GInputStream) raw =
      g_memory_input_stream_new_from_data(data, len, g_free);
  g_autoptr(GZlibDecompressor) dec =
      g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) in =
      g_converter_input_stream_new(raw, G_CONVERTER(dec));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable();
  if (g_output_stream_splice(out, in,
                             G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                 G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                             NULL, error) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes(G_MEMORY_OUTPUT_STREAM(out));
}

static GPtrArray *
load_dataset(const char *dir, GError **error)
{
  g_autofree char *path = g_build_filename(dir, "ground.jsonl", NULL);
  g_autofree char *contents = NULL;
  if (!g_file_get_contents(path, &contents, NULL, error))
    return NULL;
  GPtrArray *pages = g_ptr_array_new_with_free_func(page_free);
  g_auto(GStrv) lines = g_strsplit(contents, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (*lines[i] == '\0')
      continue;
    g_autoptr(JsonParser) p = json_parser_new();
    if (!json_parser_load_from_data(p, lines[i], -1, error)) {
      g_ptr_array_unref(pages);
      return NULL;
    }
    JsonObject *o = json_node_get_object(json_parser_get_root(p));
    Page *pg = g_new0(Page, 1);
    pg->id = g_strdup(json_object_get_string_member(o, "id"));
    if (json_object_has_member(o, "charset") &&
        !json_object_get_null_member(o, "charset"))
      pg->charset = g_strdup(json_object_get_string_member(o, "charset"));
    if (json_object_has_member(o, "url") &&
        !json_object_get_null_member(o, "url"))
      pg->url = g_strdup(json_object_get_string_member(o, "url"));
    pg->bytes = read_page(dir, pg->id, error);
    if (pg->bytes == NULL) {
      page_free(pg);
      g_ptr_array_unref(pages);
      return NULL;
    }
    g_ptr_array_add(pages, pg);
  }
  return pages;
}

static int
compare_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static gboolean with_title = FALSE;

static int
run_dataset(const char *dir, const char *pred, guint repeat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = load_dataset(dir, &error);
  if (pages == NULL) {
    fprintf(stderr, "bench-extract: %s: %s\n", dir, error->message);
    return 1;
  }
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  double *t_clean = g_new0(double, repeat);
  double *t_parse = g_new0(double, repeat);
  guint failures = 0;
  gsize total_bytes = 0;

  for (guint r = 0; r < repeat; r++) {
    gint64 t0 = g_get_monotonic_time();
    for (guint i = 0; i < pages->len; i++) {
      Page *pg = pages->pdata[i];
      gsize len;
      const char *data = g_bytes_get_data(pg->bytes, &len);
      g_autoptr(GError) err = NULL;
      g_autoptr(PrecisArticle) a =
          precis_page_extract(data, len, pg->charset, pg->url, &err);
      if (r == 0) {
        total_bytes += len;
        json_builder_set_member_name(b, pg->id);
        if (a != NULL && with_title && a->title != NULL) {
          g_autofree char *t = g_strdup_printf("%s\n\n%s", a->title, a->text);
          json_builder_add_string_value(b, t);
        } else {
          json_builder_add_string_value(b, a ? a->text : "");
        }
        if (a == NULL)
          failures++;
      }
    }
    t_clean[r] = (g_get_monotonic_time() - t0) / 1e6;

    /* libxml2 alone, same bytes, same options, told the same charset. */
    t0 = g_get_monotonic_time();
    for (guint i = 0; i < pages->len; i++) {
      Page *pg = pages->pdata[i];
      gsize len;
      const char *data = g_bytes_get_data(pg->bytes, &len);
      htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
      xmlDoc *doc = htmlCtxtReadMemory(
          ctxt, data, (int)len, pg->url, pg->charset,
          HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
              HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT);
      htmlFreeParserCtxt(ctxt);
      if (doc)
        xmlFreeDoc(doc);
    }
    t_parse[r] = (g_get_monotonic_time() - t0) / 1e6;
  }
  json_builder_end_object(b);
  qsort(t_clean, repeat, sizeof *t_clean, compare_double);
  qsort(t_parse, repeat, sizeof *t_parse, compare_double);
  double tc = t_clean[repeat / 2], tp = t_parse[repeat / 2];
  printf("{\"dataset\": \"%s\", \"pages\": %u, \"bytes\": %" G_GSIZE_FORMAT
         ", \"failures\": %u, \"clean_s\": %.4f, \"parse_s\": %.4f, "
         "\"pages_per_s\": %.1f, \"clean_over_parse\": %.3f}\n",
         dir, pages->len, total_bytes, failures, tc, tp,
         tc > 0 ? pages->len / tc : 0.0, tp > 0 ? tc / tp : 0.0);
  g_free(t_clean);
  g_free(t_parse);
  if (pred != NULL) {
    g_autoptr(JsonNode) root = json_builder_get_root(b);
    g_autofree char *json = json_to_string(root, FALSE);
    if (!g_file_set_contents(pred, json, -1, &error)) {
      fprintf(stderr, "bench-extract: %s\n", error->message);
      return 1;
    }
  }
  return 0;
}

int
main(int argc, char **argv)
{
  g_autofree char *charset = NULL, *url = NULL, *dataset = NULL, *pred = NULL;
  int repeat = 1;
  gboolean title = FALSE, residue = FALSE, json = FALSE;
  GOptionEntry entries[] = {
      {"charset", 0, 0, G_OPTION_ARG_STRING, &charset, "HTTP charset", "C"},
      {"url", 0, 0, G_OPTION_ARG_STRING, &url, "page URL", "U"},
      {"title", 0, 0, G_OPTION_ARG_NONE, &title, "print the title first", NULL},
      {"text", 0, 0, G_OPTION_ARG_NONE, &residue,
       "FILE is plain text (page residue), not HTML", NULL},
      {"json", 0, 0, G_OPTION_ARG_NONE, &json, "print the article as JSON",
       NULL},
      {"dataset", 0, 0, G_OPTION_ARG_STRING, &dataset, "dataset directory",
       "DIR"},
      {"pred", 0, 0, G_OPTION_ARG_STRING, &pred, "write predictions", "FILE"},
      {"repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "timing rounds", "N"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("[FILE]");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries(ctx, entries, NULL);
  if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
    fprintf(stderr, "bench-extract: %s\n", error->message);
    return 2;
  }
  with_title = title;
  if (dataset != NULL)
    return run_dataset(dataset, pred, repeat > 0 ? (guint)repeat : 1);
  if (argc != 2) {
    fprintf(stderr, "usage: bench-extract [--charset C] [--url U] FILE\n");
    return 2;
  }
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents(argv[1], &data, &len, &error)) {
    fprintf(stderr, "bench-extract: %s\n", error->message);
    return 3;
  }
  g_autoptr(PrecisArticle) a =
      residue ? precis_text_extract(data, len, &error)
              : precis_page_extract(data, len, charset,
                                    url != NULL && *url ? url : NULL, &error);
  if (a == NULL) {
    fprintf(stderr, "bench-extract: %s\n", error->message);
    return 4;
  }
  if (json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    const char *keys[] = {"title", "byline", "date",        "language",
                          "site",  "url",    "description", "text"};
    const char *vals[] = {a->title,     a->byline, a->date,        a->language,
                          a->site_name, a->url,    a->description, a->text};
    json_builder_begin_object(b);
    for (gsize i = 0; i < G_N_ELEMENTS(keys); i++) {
      json_builder_set_member_name(b, keys[i]);
      if (vals[i])
        json_builder_add_string_value(b, vals[i]);
      else
        json_builder_add_null_value(b);
    }
    json_builder_end_object(b);
    g_autoptr(JsonNode) root = json_builder_get_root(b);
    g_autofree char *s = json_to_string(root, FALSE);
    printf("%s\n", s);
    return 0;
  }
  if (title && a->title)
    printf("%s\n\n", a->title);
  printf("%s\n", a->text);
  return 0;
}
