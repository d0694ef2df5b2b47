/* SPDX-License-Identifier: GPL-3.0-or-later
 * cmd-sentences.c: `precis sentences [--lang L] [--mark] [FILE|-]`.
 *
 * Prints the sentences of a text one per line (white space inside a sentence
 * collapsed to one space), in order, exactly as the summarizer splits them:
 * for people checking why a digest looks as it does, and for pipelines that
 * need segmentation.  The text is sanitized as the summarizer sanitizes it
 * (invalid UTF-8 replaced, NULs made spaces) but not cleaned as a web page.
 * With --mark each line starts with "S<TAB>" for a sentence the summarizer
 * may pick, or "H<TAB>" for a heading, list item, byline or other line it
 * never picks.  O(n) in the input.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static void
print_collapsed(const char *s, gsize len)
{
  gboolean space = FALSE, any = FALSE;
  for (gsize i = 0; i < len; i++) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v') {
      space = TRUE;
      continue;
    }
    if (space && any)
      putchar(' ');
    space = FALSE;
    any = TRUE;
    putchar(c);
  }
  putchar('\n');
}

int
precis_cmd_sentences(int argc, char **argv)
{
  g_autofree char *lang = NULL;
  gboolean mark = FALSE;
  int status;
  const GOptionEntry entries[] = {
      {"lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
       "Language of the text (ISO 639-1 code such as en, fr, zh); default: "
       "detect",
       "L"},
      {"mark", 'm', 0, G_OPTION_ARG_NONE, &mark,
       "Start each line with S<TAB> (a sentence) or H<TAB> (a heading or "
       "other line never picked)",
       NULL},
      G_OPTION_ENTRY_NULL};

  if (!precis_cli_parse("sentences", "[FILE|-]",
                        "Print the sentences of a text, one per line, as the "
                        "summarizer sees them.",
                        entries, &argc, &argv, &status))
    return status;
  if (argc > 2) {
    fprintf(stderr, "precis sentences: one input at most (see 'precis "
                    "sentences --help')\n");
    return PRECIS_EXIT_USAGE;
  }
  if (lang != NULL && !precis_language_is_known(lang)) {
    fprintf(stderr,
            "precis sentences: unknown language '%s' (use an ISO 639-1 code "
            "such as en, fr, de, zh)\n",
            lang);
    return PRECIS_EXIT_USAGE;
  }

  const char *path = argc == 2 ? argv[1] : "-";
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!precis_cli_read_input(path, &data, &len, &error))
    return precis_cli_report(path, error);
  g_autofree char *text = precis_text_sanitize(data, len, &error);
  if (text == NULL)
    return precis_cli_report(path, error);

  gsize text_len = strlen(text);
  g_autoptr(GArray) spans = precis_sentences_split(text, text_len, lang);
  if (spans->len == 0) {
    g_set_error_literal(&error, PRECIS_SUMMARIZER_ERROR,
                        PRECIS_SUMMARIZER_ERROR_EMPTY,
                        len == 0 ? "empty input" : "no sentence in the input");
    return precis_cli_report(path, error);
  }
  for (guint i = 0; i < spans->len; i++) {
    const PrecisSpan *span = &g_array_index(spans, PrecisSpan, i);
    if (mark)
      fputs(span->heading ? "H\t" : "S\t", stdout);
    print_collapsed(text + span->start, span->end - span->start);
  }
  if (fflush(stdout) != 0) {
    fprintf(stderr, "precis: cannot write the output\n");
    return PRECIS_EXIT_FAILURE;
  }
  return PRECIS_EXIT_OK;
}
