/* SPDX-License-Identifier: GPL-3.0-or-later
 * fuzz-page.c: libFuzzer target for the page cleaner and the text-residue
 * cleaner.
 *
 * The first byte selects (cmark's way): bits 0-1 the entry point (0, 1:
 * precis_page_extract; 2: precis_text_extract; 3: precis_content_sniff then
 * whichever cleaner it picks), bits 2-4 an HTTP charset to announce (none,
 * UTF-8, ISO-8859-1, windows-1251, Shift_JIS, UTF-16, GB2312, a bogus name),
 * bit 5 a page URL.  The rest is the page.  Invariants checked with abort():
 * a result has valid UTF-8 in every field and a non-empty text; a failure
 * sets a PRECIS_FEED_ERROR.
 */
#include "precis-feeds.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const charsets[] = {
    NULL,        "utf-8",  "ISO-8859-1", "windows-1251",
    "Shift_JIS", "utf-16", "gb2312",     "x-no-such-charset",
};

static void
check_string(const char *s, gboolean required)
{
  if (s == NULL) {
    if (required)
      abort();
    return;
  }
  if (!g_utf8_validate(s, -1, NULL))
    abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  guint8 opts = data[0];
  const char *page = (const char *)data + 1;
  gsize len = size - 1;
  const char *charset = charsets[(opts >> 2) & 7];
  const char *url = (opts & 0x20) ? "https://example.org/a/b/page.html" : NULL;
  GError *error = NULL;
  PrecisArticle *a = NULL;

  switch (opts & 3) {
  case 0:
  case 1:
    a = precis_page_extract(page, len, charset, url, &error);
    break;
  case 2:
    a = precis_text_extract(page, len, &error);
    break;
  case 3:
    switch (precis_content_sniff(page, len, NULL)) {
    case PRECIS_CONTENT_HTML:
      a = precis_page_extract(page, len, charset, url, &error);
      break;
    case PRECIS_CONTENT_TEXT:
      a = precis_text_extract(page, len, &error);
      break;
    case PRECIS_CONTENT_FEED:
    case PRECIS_CONTENT_BINARY:
      return 0;
    }
    break;
  }
  if (a == NULL) {
    if (error == NULL || error->domain != PRECIS_FEED_ERROR)
      abort();
    g_error_free(error);
    return 0;
  }
  if (error != NULL)
    abort();
  check_string(a->text, TRUE);
  if (a->text[0] == '\0')
    abort();
  check_string(a->title, FALSE);
  check_string(a->byline, FALSE);
  check_string(a->date, FALSE);
  check_string(a->language, FALSE);
  check_string(a->site_name, FALSE);
  check_string(a->url, FALSE);
  check_string(a->description, FALSE);
  precis_article_free(a);
  return 0;
}
