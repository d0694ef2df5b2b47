/* SPDX-License-Identifier: GPL-3.0-or-later
 * feed-dump.c: precis-feed-dump FILE -- parses a feed file and prints
 * precis_feed_to_json(), exactly as `precis feed --dump-json FILE` does
 * (no charset, no base URL).  A development and test tool; exit 0 whenever
 * a JSON object was printed, 2 when the file cannot be read.
 */
#include <stdio.h>
#include "precis-feeds.h"

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (argc != 2) {
    fprintf(stderr, "usage: precis-feed-dump FILE\n");
    return 2;
  }
  if (!g_file_get_contents(argv[1], &data, &len, &error)) {
    fprintf(stderr, "precis-feed-dump: %s\n", error->message);
    return 2;
  }
  g_autoptr(PrecisFeed) feed = precis_feed_parse(data, len, NULL, NULL, &error);
  if (feed == NULL) {
    fprintf(stderr, "precis-feed-dump: %s\n",
            error ? error->message : "parse failed");
    return 1;
  }
  g_autofree char *json = precis_feed_to_json(feed);
  printf("%s\n", json);
  return 0;
}
