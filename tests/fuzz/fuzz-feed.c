/* SPDX-License-Identifier: GPL-3.0-or-later
 * fuzz-feed.c: libFuzzer target for the feed parser (XML, loose and JSON
 * paths) and its JSON dump.  The first byte chooses the options, as in
 * cmark's fuzzers: bits 0-1 the HTTP charset (none, utf-8, iso-8859-1,
 * utf-16), bit 2 a base URL.  Checks: no crash, no leak, no UB; the dump
 * is valid UTF-8 and every item array is present.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "precis-feeds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const charsets[] = {NULL, "utf-8", "iso-8859-1", "utf-16"};
  if (size < 1)
    return 0;
  const char *charset = charsets[data[0] & 3];
  const char *base = (data[0] & 4) ? "http://example.org/dir/feed.xml" : NULL;
  data++;
  size--;

  PrecisFeed *feed =
      precis_feed_parse((const char *)data, size, charset, base, NULL);
  if (feed == NULL || feed->items == NULL || feed->version == NULL)
    abort();
  char *json = precis_feed_to_json(feed);
  if (json == NULL || !g_utf8_validate(json, -1, NULL))
    abort();
  for (guint i = 0; i < feed->items->len; i++) {
    PrecisFeedItem *it = feed->items->pdata[i];
    if (it->categories == NULL || it->enclosures == NULL)
      abort();
  }
  g_free(json);
  precis_feed_free(feed);
  return 0;
}
