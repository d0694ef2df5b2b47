/* SPDX-License-Identifier: GPL-3.0-or-later
 * ots-top3.c: the Open Text Summarizer (libots) as a peer for
 * bench-summ.sh: each input is parsed (ots_parse_stream), graded
 * (ots_grade_doc) and its N best lines highlighted (ots_highlight_doc_lines);
 * the highlighted lines are printed in document order, one per line, like
 * `precis summarize`, digests of several inputs separated by a blank line.
 * Many inputs in one process give the one-process CPU-time comparison.
 *   ots-top3 [-l LANG] [-n N] [--cpu] FILE...
 * LANG picks OTS's dictionary (default en); --cpu prints the CPU time spent
 * in libots (parse, grade, highlight) on stderr.
 */
#include <glib.h>
#include <stdio.h> /* before libots.h, which uses FILE */
#include <stdlib.h>
#include <string.h>
#include <libots-1/ots/libots.h>
#include <time.h>

static double
cpu_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Prints the selected lines of @doc, each on one line. */
static void
print_selected(const OtsArticle *doc)
{
  for (const GList *l = doc->lines; l != NULL; l = l->next) {
    const OtsSentence *line = l->data;
    if (!ots_is_line_selected(line))
      continue;
    size_t size = 0;
    unsigned char *text = ots_get_line_text(line, TRUE, &size);
    if (text == NULL)
      continue;
    /* One sentence per output line: fold OTS's line breaks. */
    g_autofree char *s = g_strndup((const char *)text, size);
    g_free(text);
    g_strdelimit(s, "\r\n\t", ' ');
    g_strstrip(s);
    if (*s != '\0')
      printf("%s\n", s);
  }
}

int
main(int argc, char **argv)
{
  const char *lang = "en";
  int n = 3;
  gboolean report_cpu = FALSE;
  gboolean first = TRUE;
  double cpu = 0.0;
  int status = 0;

  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-l") == 0 && i + 1 < argc) {
      lang = argv[++i];
      continue;
    }
    if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
      n = atoi(argv[++i]);
      continue;
    }
    if (strcmp(argv[i], "--cpu") == 0) {
      report_cpu = TRUE;
      continue;
    }
    g_autofree char *data = NULL;
    gsize len = 0;
    g_autoptr(GError) error = NULL;
    if (!g_file_get_contents(argv[i], &data, &len, &error)) {
      fprintf(stderr, "ots-top3: %s\n", error->message);
      status = 1;
      continue;
    }
    double t0 = cpu_seconds();
    OtsArticle *doc = ots_new_article();
    if (!ots_load_xml_dictionary(doc, (const unsigned char *)lang)) {
      fprintf(stderr, "ots-top3: no OTS dictionary for '%s'\n", lang);
      ots_free_article(doc);
      return 2;
    }
    ots_parse_stream((const unsigned char *)data, len, doc);
    ots_grade_doc(doc);
    ots_highlight_doc_lines(doc, n);
    cpu += cpu_seconds() - t0;
    if (!first)
      printf("\n");
    first = FALSE;
    print_selected(doc);
    ots_free_article(doc);
  }
  if (report_cpu)
    fprintf(stderr, "ots-top3: %.3f s CPU in libots\n", cpu);
  return status;
}
