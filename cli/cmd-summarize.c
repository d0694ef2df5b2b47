/* SPDX-License-Identifier: GPL-3.0-or-later
 * cmd-summarize.c: `precis summarize [-n N] [--lang L] [--json] [--no-clean]
 * [--charset C] [--url U] [--timeout S] [FILE|URL|-]...`.
 *
 * Each input (a file, "-" for stdin, or an http(s) URL) goes through the one
 * pipeline (precis_pipeline_run_bytes / _run_url): sniffed, cleaned unless
 * --no-clean, summarized with one PrecisSummarizer per thread (its stemmers
 * and word caches are made once, which is what makes a batch of files
 * cheap).  Output: the digest's sentences one per line, digests of
 * several inputs separated by a blank line; with --json one object per input
 * and line.  A bad input gets one line on stderr and the others are still
 * processed; the exit status is the highest of the inputs' (cli.h).
 * Inputs are worked on --jobs at a time, one summarizer per thread
 * (precis_cli_map), and printed in their order.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  int n;
  char *lang;
  gboolean json;
  gboolean no_clean;
  char *charset;
  char *url;
  int timeout;
  int jobs;         /* 0 = processors */
  gboolean printed; /* a digest is already on stdout */
} Options;

static void
print_result(Options *o, const PrecisResult *result, const char *source)
{
  if (o->json) {
    g_autofree char *line =
        precis_result_to_json(result, strcmp(source, "-") ? source : "stdin");
    printf("%s\n", line);
  } else {
    if (o->printed)
      putchar('\n');
    const PrecisDigest *d = result->digest;
    for (guint i = 0; i < precis_digest_get_n_sentences(d); i++)
      printf("%s\n", precis_digest_get_sentence(d, i));
  }
  o->printed = TRUE;
  fflush(stdout);
}

static PrecisResult *
summarize_one(const Options *o, PrecisSummarizer *summarizer, const char *input,
              GError **error)
{
  PrecisPipelineOptions popts;

  precis_pipeline_options_init(&popts);
  popts.n_sentences = (guint)o->n;
  popts.no_clean = o->no_clean;
  popts.charset = o->charset;
  popts.url = o->url;

  if (precis_cli_is_url(input)) {
    PrecisFetchOptions fopts;
    precis_fetch_options_init(&fopts);
    if (o->timeout > 0)
      fopts.timeout_ms = (guint)MIN(o->timeout, G_MAXINT / 1000) * 1000u;
    popts.url = NULL; /* the fetched URL is the page's own */
    return precis_pipeline_run_url(summarizer, input, &fopts, &popts, NULL,
                                   error);
  }
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!precis_cli_read_input(input, &data, &len, error))
    return NULL;
  if (len == 0) {
    g_set_error_literal(error, PRECIS_SUMMARIZER_ERROR,
                        PRECIS_SUMMARIZER_ERROR_EMPTY, "empty input");
    return NULL;
  }
  return precis_pipeline_run_bytes(summarizer, data, len, &popts, error);
}

/* precis_cli_map() callbacks: one summarizer per thread. */
typedef struct {
  Options *o;
  PrecisSummarizer *spare; /* the caller's, for the first thread to take */
  int status;              /* highest exit status so far */
} Run;

static gpointer
state_new(gpointer user_data)
{
  Run *run = user_data;
  PrecisSummarizer *s = g_atomic_pointer_exchange(&run->spare, NULL);
  /* The language was checked when the spare was made. */
  return s != NULL ? s : precis_summarizer_new(run->o->lang, NULL);
}

static void
state_free(gpointer state)
{
  precis_summarizer_free(state);
}

static gpointer
work(gpointer state, const char *input, gpointer user_data, GError **error)
{
  Run *run = user_data;
  return summarize_one(run->o, state, input, error);
}

static void
result_free(gpointer result)
{
  precis_result_free(result);
}

static void
emit(const char *input, gpointer result, const GError *error,
     gpointer user_data)
{
  Run *run = user_data;
  int st = PRECIS_EXIT_OK;
  if (result == NULL)
    st = precis_cli_report(input, error);
  else
    print_result(run->o, result, input);
  run->status = MAX(run->status, st);
}

static void
options_clear(Options *o)
{
  g_clear_pointer(&o->lang, g_free);
  g_clear_pointer(&o->charset, g_free);
  g_clear_pointer(&o->url, g_free);
}

/* Everything after option parsing; @o stays owned by the caller. */
static int
summarize_all(Options *o, int argc, char **argv)
{
  int status = PRECIS_EXIT_OK;

  if (o->n < 1) {
    fprintf(stderr, "precis summarize: -n must be at least 1 (see 'precis "
                    "summarize --help')\n");
    return PRECIS_EXIT_USAGE;
  }
  if (o->jobs < 0 || o->jobs > (int)PRECIS_CLI_MAX_THREADS) {
    fprintf(stderr, "precis summarize: --jobs must be 1..%u\n",
            PRECIS_CLI_MAX_THREADS);
    return PRECIS_EXIT_USAGE;
  }
  if (o->timeout < 0) {
    fprintf(stderr, "precis summarize: --timeout must not be negative\n");
    return PRECIS_EXIT_USAGE;
  }
  g_autoptr(GError) error = NULL;
  g_autoptr(PrecisSummarizer) summarizer =
      precis_summarizer_new(o->lang, &error);
  if (summarizer == NULL) {
    fprintf(stderr, "precis summarize: %s\n", error->message);
    return PRECIS_EXIT_USAGE;
  }

  static char *stdin_only[] = {(char *)"-", NULL};
  char **inputs = argc > 1 ? argv + 1 : stdin_only;
  guint n = argc > 1 ? (guint)(argc - 1) : 1u;

  static const PrecisCliMapFuncs funcs = {
      .state_new = state_new,
      .state_free = state_free,
      .work = work,
      .result_free = result_free,
      .emit = emit,
  };
  Run run = {
      .o = o, .spare = g_steal_pointer(&summarizer), .status = PRECIS_EXIT_OK};
  precis_cli_map(inputs, n, (guint)o->jobs, &funcs, &run);
  precis_summarizer_free(run.spare); /* unused when no thread took it */
  status = run.status;
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "precis: cannot write the output\n");
    return MAX(status, PRECIS_EXIT_FAILURE);
  }
  return status;
}

int
precis_cmd_summarize(int argc, char **argv)
{
  Options o = {.n = PRECIS_SUMMARIZER_DEFAULT_N};
  int status;
  const GOptionEntry entries[] = {
      {"sentences", 'n', 0, G_OPTION_ARG_INT, &o.n,
       "Number of sentences in each digest (default 3)", "N"},
      {"lang", 'l', 0, G_OPTION_ARG_STRING, &o.lang,
       "Language of the inputs (ISO 639-1 code such as en, fr, zh); default: "
       "detect per input",
       "L"},
      {"json", 'j', 0, G_OPTION_ARG_NONE, &o.json,
       "Print one JSON object per input and line (source, language, title, "
       "sentences with offsets and scores)",
       NULL},
      {"no-clean", 0, 0, G_OPTION_ARG_NONE, &o.no_clean,
       "Summarize the input as plain text, without page cleaning", NULL},
      {"charset", 'c', 0, G_OPTION_ARG_STRING, &o.charset,
       "Character encoding to assume for the inputs", "C"},
      {"url", 'u', 0, G_OPTION_ARG_STRING, &o.url,
       "Address the input came from (for links and the JSON output)", "U"},
      {"timeout", 't', 0, G_OPTION_ARG_INT, &o.timeout,
       "Give up fetching a URL after this many seconds (default 30)",
       "SECONDS"},
      {"jobs", 'J', 0, G_OPTION_ARG_INT, &o.jobs,
       "Inputs worked on at once (default: the number of processors for "
       "URLs and web pages, else 1); the output keeps the order of the inputs",
       "J"},
      G_OPTION_ENTRY_NULL};

  if (!precis_cli_parse("summarize", "[FILE|URL|-]...",
                        "Print a digest of each article: its N most "
                        "informative sentences, in order.",
                        entries, &argc, &argv, &status)) {
    options_clear(&o);
    return status;
  }
  status = summarize_all(&o, argc, argv);
  options_clear(&o);
  return status;
}
