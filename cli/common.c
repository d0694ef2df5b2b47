/* SPDX-License-Identifier: GPL-3.0-or-later
 * common.c: input reading, error reporting and option parsing shared by the
 * subcommands.  Inputs are read whole, with a hard cap, so a pipe that never
 * ends cannot exhaust memory.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char precis_cli_exit_help[] =
    "Exit status:\n"
    "  0  success\n"
    "  1  internal failure\n"
    "  2  usage error (unknown option or command, bad argument)\n"
    "  3  an input could not be read (missing or unreadable file)\n"
    "  4  an input is unusable (empty, binary, no sentence, not a feed)\n"
    "  5  fetching a URL failed (network, HTTP status, timeout, size cap)\n"
    "When several inputs fail, the highest status is returned.\n";

/* Reads @fd to its end into a buffer of its own, NUL-terminated; @hint is
 * the expected size (a regular file's), so that a file is read straight
 * into one allocation of the right size, with no copy. */
static gboolean
read_stream(int fd, gsize hint, char **data, gsize *len, GError **error)
{
  gsize cap = MIN(MAX(hint, (gsize)65536 - 1), (gsize)PRECIS_CLI_MAX_INPUT) + 1;
  gsize n = 0;
  g_autofree char *buf = g_malloc(cap);

  for (;;) {
    if (n + 1 == cap) { /* full: grow, keeping room for the NUL */
      if (cap >= (gsize)PRECIS_CLI_MAX_INPUT + 2) {
        g_set_error(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TOO_LARGE,
                    "input larger than %u MiB", PRECIS_CLI_MAX_INPUT >> 20);
        return FALSE;
      }
      cap = MIN(cap * 2, (gsize)PRECIS_CLI_MAX_INPUT + 2);
      buf = g_realloc(buf, cap);
    }
    ssize_t r = read(fd, buf + n, cap - 1 - n);
    if (r == 0)
      break;
    if (r < 0) {
      if (errno == EINTR)
        continue;
      int saved = errno;
      g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "%s",
                  g_strerror(saved));
      return FALSE;
    }
    n += (gsize)r;
  }
  if (n > PRECIS_CLI_MAX_INPUT) {
    g_set_error(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TOO_LARGE,
                "input larger than %u MiB", PRECIS_CLI_MAX_INPUT >> 20);
    return FALSE;
  }
  buf[n] = '\0';
  *len = n;
  *data = g_steal_pointer(&buf);
  return TRUE;
}

gboolean
precis_cli_read_input(const char *path, char **data, gsize *len, GError **error)
{
  int fd;

  if (strcmp(path, "-") == 0) {
    fd = STDIN_FILENO;
  } else {
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
      g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                          "is a directory");
      return FALSE;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      int saved = errno;
      g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "%s",
                  g_strerror(saved));
      return FALSE;
    }
  }
  struct stat st;
  gsize hint = 0;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
    hint = (gsize)MIN((guint64)st.st_size, (guint64)PRECIS_CLI_MAX_INPUT + 1);
  gboolean ok = read_stream(fd, hint, data, len, error);
  if (fd != STDIN_FILENO)
    close(fd);
  return ok;
}

gboolean
precis_cli_is_url(const char *arg)
{
  return g_ascii_strncasecmp(arg, "http://", 7) == 0 ||
         g_ascii_strncasecmp(arg, "https://", 8) == 0;
}

int
precis_cli_exit_status(const GError *error)
{
  if (error == NULL)
    return PRECIS_EXIT_OK;
  if (error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR)
    return PRECIS_EXIT_INPUT;
  if (error->domain == G_OPTION_ERROR)
    return PRECIS_EXIT_USAGE;
  if (error->domain == PRECIS_SUMMARIZER_ERROR) {
    switch ((PrecisSummarizerError)error->code) {
    case PRECIS_SUMMARIZER_ERROR_LANGUAGE:
    case PRECIS_SUMMARIZER_ERROR_INVALID:
      return PRECIS_EXIT_USAGE;
    case PRECIS_SUMMARIZER_ERROR_EMPTY:
    case PRECIS_SUMMARIZER_ERROR_BINARY:
      return PRECIS_EXIT_DATA;
    case PRECIS_SUMMARIZER_ERROR_FAILED:
      return PRECIS_EXIT_FAILURE;
    }
    return PRECIS_EXIT_FAILURE;
  }
  if (error->domain == PRECIS_FEED_ERROR) {
    switch ((PrecisFeedError)error->code) {
    case PRECIS_FEED_ERROR_FAILED:
    case PRECIS_FEED_ERROR_CACHE:
      return PRECIS_EXIT_FAILURE;
    case PRECIS_FEED_ERROR_PARSE:
    case PRECIS_FEED_ERROR_NOT_FEED:
    case PRECIS_FEED_ERROR_EMPTY:
    case PRECIS_FEED_ERROR_ENCODING:
    case PRECIS_FEED_ERROR_BINARY:
    case PRECIS_FEED_ERROR_CONTENT_TYPE:
      return PRECIS_EXIT_DATA;
    case PRECIS_FEED_ERROR_TOO_LARGE:
    case PRECIS_FEED_ERROR_BAD_URL:
    case PRECIS_FEED_ERROR_PROTOCOL:
    case PRECIS_FEED_ERROR_RESOLVE:
    case PRECIS_FEED_ERROR_CONNECT:
    case PRECIS_FEED_ERROR_TLS:
    case PRECIS_FEED_ERROR_TIMEOUT:
    case PRECIS_FEED_ERROR_REDIRECTS:
    case PRECIS_FEED_ERROR_HTTP:
    case PRECIS_FEED_ERROR_DECODE:
    case PRECIS_FEED_ERROR_TRANSFER:
      return PRECIS_EXIT_NETWORK;
    }
  }
  return PRECIS_EXIT_FAILURE;
}

int
precis_cli_report(const char *source, const GError *error)
{
  /* One line, whatever the message holds. */
  g_autofree char *msg = g_strdup(error->message);
  g_strdelimit(msg, "\r\n", ' ');
  if (source != NULL)
    fprintf(stderr, "precis: %s: %s\n", strcmp(source, "-") ? source : "stdin",
            msg);
  else
    fprintf(stderr, "precis: %s\n", msg);
  return precis_cli_exit_status(error);
}

gboolean
precis_cli_parse(const char *name, const char *parameter,
                 const char *description, const GOptionEntry *entries,
                 int *argc, char ***argv, int *status)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new(parameter);
  g_autoptr(GError) error = NULL;
  g_autofree char *prog = g_strdup_printf("precis %s", name);

  g_set_prgname(prog);
  g_option_context_set_summary(ctx, description);
  g_option_context_set_description(ctx, precis_cli_exit_help);
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_set_strict_posix(ctx, FALSE);
  if (!g_option_context_parse(ctx, argc, argv, &error)) {
    fprintf(stderr, "precis %s: %s (see 'precis %s --help')\n", name,
            error->message, name);
    *status = PRECIS_EXIT_USAGE;
    return FALSE;
  }
  *status = PRECIS_EXIT_OK;
  return TRUE;
}
