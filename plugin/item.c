/* SPDX-License-Identifier: GPL-3.0-or-later
 * item.c: what the plugin reads out of an RSSyl item, without Claws.
 *
 * RSSyl stores each feed item as an MH message: headers (X-RSSyl-URL holds
 * the item's link), then an HTML body whose feed text sits between two
 * comment markers.  These helpers take the bytes and strings Claws hands the
 * UI and turn them into what the digest task needs.  Nothing here trusts its
 * input: every scan is bounded by the given length and is O(n).
 */
#include "precis-plugin.h"

#include <stdio.h>
#include <string.h>

#define FEED_TEXT_START "<!-- RSSyl text start -->"
#define FEED_TEXT_END "<!-- RSSyl text end -->"

/* Offset of the first byte of the body: after the first empty line. */
static gsize
body_offset(const char *data, gsize len)
{
  for (gsize i = 0; i + 1 < len; i++) {
    if (data[i] != '\n')
      continue;
    if (data[i + 1] == '\n')
      return i + 2;
    if (data[i + 1] == '\r' && i + 2 < len && data[i + 2] == '\n')
      return i + 3;
  }
  return len;
}

char *
precis_item_feed_text(const char *data, gsize len)
{
  if (data == NULL || len == 0)
    return NULL;
  gsize body = body_offset(data, len);
  const char *start =
      g_strstr_len(data + body, (gssize)(len - body), FEED_TEXT_START);
  if (start == NULL)
    return NULL;
  start += strlen(FEED_TEXT_START);
  gsize rest = len - (gsize)(start - data);
  const char *end = g_strstr_len(start, (gssize)rest, FEED_TEXT_END);
  if (end == NULL)
    return NULL;
  while (start < end && g_ascii_isspace(*start))
    start++;
  while (end > start && g_ascii_isspace(end[-1]))
    end--;
  if (end == start)
    return NULL;
  /* A NUL inside would cut the text short later: stop there. */
  gsize n = (gsize)(end - start);
  const char *nul = memchr(start, '\0', n);
  if (nul != NULL)
    n = (gsize)(nul - start);
  return n > 0 ? g_strndup(start, n) : NULL;
}

/* TRUE when @s is an absolute http(s) URL with a host and no white space or
 * control characters. */
static gboolean
is_web_url(const char *s)
{
  const char *rest;
  if (g_ascii_strncasecmp(s, "http://", 7) == 0)
    rest = s + 7;
  else if (g_ascii_strncasecmp(s, "https://", 8) == 0)
    rest = s + 8;
  else
    return FALSE;
  if (*rest == '\0' || *rest == '/' || *rest == '?' || *rest == '#')
    return FALSE;
  for (const char *p = s; *p; p++)
    if ((guchar)*p <= 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

/* @value trimmed, with an optional "Name:" prefix and <...> removed. */
static char *
header_value(const char *value, const char *name)
{
  gsize nlen = strlen(name);
  while (g_ascii_isspace(*value))
    value++;
  if (g_ascii_strncasecmp(value, name, nlen) == 0)
    value += nlen;
  char *v = g_strstrip(g_strdup(value));
  gsize vlen = strlen(v);
  if (vlen >= 2 && v[0] == '<' && v[vlen - 1] == '>') {
    memmove(v, v + 1, vlen - 2);
    v[vlen - 2] = '\0';
    g_strstrip(v);
  }
  return v;
}

char *
precis_item_choose_url(const char *rssyl_url, const char *msgid)
{
  if (rssyl_url != NULL) {
    g_autofree char *v = header_value(rssyl_url, "X-RSSyl-URL:");
    if (is_web_url(v))
      return g_steal_pointer(&v);
  }
  if (msgid != NULL) {
    g_autofree char *v = header_value(msgid, "Message-ID:");
    if (is_web_url(v))
      return g_steal_pointer(&v);
  }
  return NULL;
}

char *
precis_item_url_host(const char *url)
{
  if (url == NULL || !is_web_url(url))
    return NULL;
  const char *p = strstr(url, "://") + 3;
  gsize n = strcspn(p, "/?#");
  g_autofree char *host = g_ascii_strdown(p, (gssize)n);
  /* Drop user info and the port. */
  char *at = strrchr(host, '@');
  const char *h = at ? at + 1 : host;
  g_autofree char *copy = g_strdup(h);
  if (copy[0] == '[') {
    char *close = strchr(copy, ']');
    if (close)
      close[1] = '\0';
  } else {
    char *colon = strchr(copy, ':');
    if (colon)
      *colon = '\0';
  }
  if (g_str_has_prefix(copy, "www.") && copy[4] != '\0')
    return g_strdup(copy + 4);
  return copy[0] ? g_steal_pointer(&copy) : NULL;
}

char *
precis_item_format_date(const char *iso)
{
  if (iso == NULL || *iso == '\0')
    return NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601(iso, utc);
  if (dt == NULL && strlen(iso) == 10) {
    /* Date only: "YYYY-MM-DD". */
    int y, m, d;
    if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3)
      dt = g_date_time_new(utc, y, m, d, 0, 0, 0);
  }
  if (dt != NULL) {
    /* The user's locale names the month, as in the rest of Claws. */
    return g_date_time_format(dt, "%-d %b %Y");
  }
  gsize n = strlen(iso);
  if (n > 40 || !g_utf8_validate(iso, (gssize)n, NULL))
    return NULL;
  for (const char *p = iso; *p; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      return NULL;
  return g_strdup(iso);
}

guint
precis_item_count_words(const char *text)
{
  guint n = 0;
  gboolean in_word = FALSE;
  if (text == NULL)
    return 0;
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    gboolean space = g_unichar_isspace(c);
    if (!space && !in_word)
      n++;
    in_word = !space;
  }
  return n;
}
