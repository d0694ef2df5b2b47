/* SPDX-License-Identifier: GPL-3.0-or-later
 * fuzz-date.c: libFuzzer target for precis_date_parse().  Checks: no crash
 * or UB on any bytes, and every non-NULL result has the exact shape
 * "YYYY-MM-DDTHH:MM:SSZ" with fields in range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "precis-feeds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
two(const char *s)
{
  return (s[0] - '0') * 10 + (s[1] - '0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = g_strndup((const char *)data, size);
  char *date = precis_date_parse(text);

  if (date != NULL) {
    if (strlen(date) != 20 || date[4] != '-' || date[7] != '-' ||
        date[10] != 'T' || date[13] != ':' || date[16] != ':' ||
        date[19] != 'Z')
      abort();
    for (int i = 0; i < 19; i++) {
      if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 &&
          !g_ascii_isdigit(date[i]))
        abort();
    }
    int month = two(date + 5), day = two(date + 8);
    if (month < 1 || month > 12 || day < 1 || day > 31 || two(date + 11) > 23 ||
        two(date + 14) > 59 || two(date + 17) > 59)
      abort();
  }
  g_free(date);
  g_free(text);
  return 0;
}
