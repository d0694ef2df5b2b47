/* SPDX-License-Identifier: GPL-3.0-or-later
 * main.c: the precis program's entry point.  Finds the subcommand (git and
 * curl style: "precis <command> [options]"), handles --help, --version and
 * "precis help <command>", and hands over to cmd-<name>.c.  No work of its
 * own: every subcommand is a thin face over the feeds pipeline.
 */
#include "cli.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  const char *name;
  PrecisCommandFunc func;
  const char *summary;
} Command;

static const Command commands[] = {
    {"summarize", precis_cmd_summarize,
     "print a digest of each article (file, stdin or URL)"},
    {"sentences", precis_cmd_sentences,
     "print the sentences of a text, one per line"},
    {"extract", precis_cmd_extract,
     "print the article of a web page (title, byline, date, body)"},
    {"feed", precis_cmd_feed, "digest every item of an RSS, Atom or JSON feed"},
    {"batch", precis_cmd_batch,
     "JSON lines in, JSON lines with digests out (streaming)"},
};

static void
print_usage(FILE *out)
{
  fprintf(out, "Usage: precis <command> [options] [arguments]\n\n"
               "Three-sentence digests of news articles.\n\n"
               "Commands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(out,
          "\nOptions:\n"
          "  -h, --help     show this help, or a command's with "
          "'precis <command> --help'\n"
          "  -V, --version  show the version and exit\n\n%s\n"
          "See precis(1) for the whole manual.\n",
          precis_cli_exit_help);
}

static const Command *
find_command(const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
    if (strcmp(commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

int
main(int argc, char **argv)
{
  setlocale(LC_ALL, "");

  if (argc < 2) {
    print_usage(stderr);
    return PRECIS_EXIT_USAGE;
  }
  const char *arg = argv[1];
  if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
    print_usage(stdout);
    return PRECIS_EXIT_OK;
  }
  if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
    printf("precis %s\n", PRECIS_VERSION);
    printf("Copyright (C) 2026 the precis authors.\n"
           "License GPLv3+: GNU GPL version 3 or later "
           "<https://gnu.org/licenses/gpl.html>.\n"
           "This is free software: you are free to change and redistribute "
           "it.\nThere is NO WARRANTY, to the extent permitted by law.\n");
    return PRECIS_EXIT_OK;
  }
  if (strcmp(arg, "help") == 0) {
    if (argc < 3) {
      print_usage(stdout);
      return PRECIS_EXIT_OK;
    }
    const Command *cmd = find_command(argv[2]);
    if (cmd == NULL) {
      fprintf(stderr,
              "precis: '%s' is not a precis command (see 'precis "
              "--help')\n",
              argv[2]);
      return PRECIS_EXIT_USAGE;
    }
    char *help_argv[] = {argv[2], (char *)"--help", NULL};
    return cmd->func(2, help_argv);
  }
  const Command *cmd = find_command(arg);
  if (cmd == NULL) {
    if (arg[0] == '-')
      fprintf(stderr, "precis: unknown option '%s' (see 'precis --help')\n",
              arg);
    else
      fprintf(stderr,
              "precis: '%s' is not a precis command (see 'precis --help')\n",
              arg);
    return PRECIS_EXIT_USAGE;
  }
  return cmd->func(argc - 1, argv + 1);
}
