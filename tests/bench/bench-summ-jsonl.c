/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-summ-jsonl.c: runs the summarizer library in one process over
 * JSON-lines records ({"id", "text"[, "title", "lang"]}) and writes
 * {"id", "output", "seconds"} lines, the format rouge.py --outputs scores.
 * It measures the library alone (no process start, no page cleaning); the
 * CLI figures come from bench-summ.sh.  Usage:
 *   bench-summ-jsonl [-n N] [--title] [--lang-from-record] FILE.jsonl...
 * Prints the total CPU time and MB/s on stderr.
 */
#include "precis-summarizer.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double
cpu_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
  guint n = PRECIS_SUMMARIZER_DEFAULT_N;
  gboolean use_title = FALSE;
  double total = 0.0;
  gsize bytes = 0;
  guint records = 0;
  int status = 0;

  g_autoptr(PrecisSummarizer) summarizer = precis_summarizer_new(NULL, NULL);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
      n = (guint)g_ascii_strtoull(argv[++i], NULL, 10);
      continue;
    }
    if (strcmp(argv[i], "--title") == 0) {
      use_title = TRUE;
      continue;
    }
    g_autoptr(GError) error = NULL;
    g_autofree char *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(argv[i], &data, &len, &error)) {
      fprintf(stderr, "bench-summ-jsonl: %s\n", error->message);
      return 1;
    }
    g_auto(GStrv) lines = g_strsplit(data, "\n", -1);
    for (char **line = lines; *line != NULL; line++) {
      if (**line == '\0')
        continue;
      g_autoptr(JsonParser) parser = json_parser_new();
      if (!json_parser_load_from_data(parser, *line, -1, &error)) {
        fprintf(stderr, "bench-summ-jsonl: %s\n", error->message);
        return 1;
      }
      JsonObject *rec = json_node_get_object(json_parser_get_root(parser));
      const char *id = json_object_get_string_member(rec, "id");
      const char *text = json_object_get_string_member(rec, "text");
      const char *title = use_title && json_object_has_member(rec, "title")
                              ? json_object_get_string_member(rec, "title")
                              : NULL;
      g_autoptr(GError) err = NULL;
      double t0 = cpu_seconds();
      g_autoptr(PrecisDigest) digest =
          precis_summarizer_run(summarizer, text, strlen(text), title, n, &err);
      double dt = cpu_seconds() - t0;
      total += dt;
      bytes += strlen(text);
      records++;
      g_autoptr(GString) out = g_string_new(NULL);
      if (digest == NULL) {
        fprintf(stderr, "bench-summ-jsonl: %s: %s\n", id, err->message);
        status = 1;
      } else {
        for (guint k = 0; k < precis_digest_get_n_sentences(digest); k++)
          g_string_append_printf(out, "%s\n",
                                 precis_digest_get_sentence(digest, k));
      }
      g_autoptr(JsonBuilder) b = json_builder_new();
      json_builder_begin_object(b);
      json_builder_set_member_name(b, "id");
      json_builder_add_string_value(b, id);
      json_builder_set_member_name(b, "output");
      json_builder_add_string_value(b, out->str);
      json_builder_set_member_name(b, "seconds");
      json_builder_add_double_value(b, dt);
      json_builder_end_object(b);
      g_autoptr(JsonNode) root = json_builder_get_root(b);
      g_autofree char *js = json_to_string(root, FALSE);
      printf("%s\n", js);
    }
  }
  fprintf(stderr,
          "bench-summ-jsonl: %u records, %.1f KB, %.3f ms CPU (%.1f us per "
          "record, %.1f MB/s)\n",
          records, (double)bytes / 1e3, total * 1e3,
          records ? total * 1e6 / records : 0.0,
          total > 0 ? (double)bytes / 1e6 / total : 0.0);
  return status;
}
