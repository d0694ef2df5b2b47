/* SPDX-License-Identifier: GPL-3.0-or-later
 * cli.h: what the precis subcommands share: exit statuses, input reading,
 * one-line error reports and option parsing.  Each subcommand lives in
 * cmd-<name>.c and is listed in main.c.
 */
#ifndef PRECIS_CLI_H
#define PRECIS_CLI_H

#include "precis-feeds.h"

/* Exit statuses, documented in `precis --help` and precis.1.  When several
 * inputs fail differently, the highest status wins. */
enum {
  PRECIS_EXIT_OK = 0,
  PRECIS_EXIT_FAILURE = 1, /* internal or unexpected failure */
  PRECIS_EXIT_USAGE = 2,   /* bad option, argument or command */
  PRECIS_EXIT_INPUT = 3,   /* input missing or unreadable */
  PRECIS_EXIT_DATA = 4,    /* input empty, binary, or nothing to digest */
  PRECIS_EXIT_NETWORK = 5, /* fetching a URL failed */
};

/* Largest input read from a file or stdin. */
#define PRECIS_CLI_MAX_INPUT (256u * 1024u * 1024u)

/* A subcommand: argv[0] is the subcommand name. */
typedef int (*PrecisCommandFunc)(int argc, char **argv);

int precis_cmd_sentences(int argc, char **argv);
int precis_cmd_summarize(int argc, char **argv);
int precis_cmd_extract(int argc, char **argv);
int precis_cmd_feed(int argc, char **argv);
int precis_cmd_batch(int argc, char **argv);

/* The exit-status paragraph shared by every --help. */
extern const char precis_cli_exit_help[];

/* Reads @path ("-" = stdin) whole, up to PRECIS_CLI_MAX_INPUT bytes.
 * The buffer is NUL-terminated beyond *len.  Errors: G_FILE_ERROR_*, or
 * PRECIS_FEED_ERROR_TOO_LARGE. */
gboolean precis_cli_read_input(const char *path, char **data, gsize *len,
                               GError **error);

/* TRUE when @arg is an http:// or https:// URL (case-insensitive scheme). */
gboolean precis_cli_is_url(const char *arg);

/* Prints "precis: <source>: <message>" on one line of stderr (source
 * nullable) and returns the exit status for @error. */
int precis_cli_report(const char *source, const GError *error);

/* Exit status for @error (any domain). */
int precis_cli_exit_status(const GError *error);

/* Parses options for subcommand @name with @entries, summary line
 * @parameter (e.g. "[FILE|-]...") and @description.  On --help prints and
 * returns FALSE with *status = 0; on bad usage prints one line and returns
 * FALSE with *status = PRECIS_EXIT_USAGE. */
gboolean precis_cli_parse(const char *name, const char *parameter,
                          const char *description, const GOptionEntry *entries,
                          int *argc, char ***argv, int *status);

/* Inputs worked on at once by `precis extract` and `precis summarize`. */
#define PRECIS_CLI_MAX_THREADS 64u

/* precis_cli_map(): @work runs in worker threads, each with its own state
 * from @state_new (nullable); @emit runs in the calling thread, once per
 * input, in input order, with the result (nullable, then freed with
 * @result_free) or the error (then freed). */
typedef struct {
  gpointer (*state_new)(gpointer user_data);
  void (*state_free)(gpointer state);
  gpointer (*work)(gpointer state, const char *input, gpointer user_data,
                   GError **error);
  void (*result_free)(gpointer result);
  void (*emit)(const char *input, gpointer result, const GError *error,
               gpointer user_data);
} PrecisCliMapFuncs;

/* Works on @inputs[0..n) with @threads threads (1: all in the caller; 0:
 * the number of processors when there are URLs or the files are large
 * enough to pay for threads (web pages), else 1), holding at most
 * 4 * threads results at once; sets up fetching first when an input is a
 * URL.  See map.c. */
void precis_cli_map(char **inputs, guint n, guint threads,
                    const PrecisCliMapFuncs *funcs, gpointer user_data);

#endif /* PRECIS_CLI_H */
