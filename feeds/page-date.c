/* SPDX-License-Identifier: GPL-3.0-or-later
 * page-date.c: finds the first date in a string as pages and their text
 * residues write it, and returns it as ISO 8601.
 *
 * Forms: ISO 8601 / W3C-DTF ("2021-07-29", "2021-07-29T09:07:13+08:00",
 * "2021/07/29 09:07"), month names in English ("July 29, 2021",
 * "Jul. 29 2021", "29 July 2021", "Thu, 29 Jul 2021 10:00:00 GMT"), and
 * numeric US or European dates ("07/29/2021", "29.07.2021").  Words around
 * the date are ignored.  A time is kept only with a known zone, converted
 * to UTC ("YYYY-MM-DDTHH:MM:SSZ"); otherwise the result is the local date
 * "YYYY-MM-DD", which is what a reader of the page saw.
 * Cost: one pass over the string per candidate position (short strings).
 */
#include "page-private.h"

#include <string.h>

typedef struct {
  int year, month, day;
  int hour, min, sec;
  gboolean has_time;
  gboolean has_zone;
  int offset_min; /* minutes east of UTC */
} DateParts;

static const char *const month_names[] = {
    "jan", "feb", "mar", "apr", "may", "jun",
    "jul", "aug", "sep", "oct", "nov", "dec",
};

static const char *const month_full[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december",
};

/* Month number (1..12) of the word at @p, and its length, or 0. */
static int
month_at(const char *p, const char *end, gsize *wlen)
{
  static const guint8 full_len[12] = {7, 8, 5, 5, 3, 4, 4, 6, 9, 7, 8, 8};
  gsize n = 0;
  while (p + n < end && g_ascii_isalpha(p[n]))
    n++;
  if (n < 3 || n > 9) /* no month name is shorter or longer */
    return 0;
  char low[9]; /* the word in lower case, for memcmp() */
  for (gsize k = 0; k < n; k++)
    low[k] = p[k] >= 'A' && p[k] <= 'Z' ? (char)(p[k] + 32) : p[k];
  for (int i = 0; i < 12; i++) {
    if (n == full_len[i] && memcmp(low, month_full[i], n) == 0) {
      *wlen = n;
      return i + 1;
    }
    if ((n == 3 || (n == 4 && i == 8 && low[3] == 't')) &&
        memcmp(low, month_names[i], 3) == 0) {
      *wlen = n;
      return i + 1;
    }
  }
  return 0;
}

static int
read_int(const char **pp, const char *end, int max_digits, int *ndigits)
{
  const char *p = *pp;
  int v = 0, n = 0;
  while (p < end && g_ascii_isdigit(*p) && n < max_digits) {
    v = v * 10 + (*p - '0');
    p++;
    n++;
  }
  if (p < end && g_ascii_isdigit(*p)) {
    *ndigits = 0; /* too many digits */
    return 0;
  }
  *ndigits = n;
  *pp = p;
  return v;
}

static gboolean
valid_date(const DateParts *d)
{
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return d->year >= 1970 && d->year <= 2100 && d->month >= 1 &&
         d->month <= 12 && d->day >= 1 && d->day <= mdays[d->month - 1];
}

/* Zone abbreviations that are unambiguous enough to use. */
static gboolean
zone_abbrev(const char *p, const char *end, int *offset, gsize *wlen)
{
  static const struct {
    const char *name;
    int offset;
  } zones[] = {
      {"UTC", 0},    {"GMT", 0},    {"Z", 0},      {"EST", -300}, {"EDT", -240},
      {"CST", -360}, {"CDT", -300}, {"MST", -420}, {"MDT", -360}, {"PST", -480},
      {"PDT", -420}, {"BST", 60},   {"CET", 60},   {"CEST", 120}, {"EET", 120},
      {"EEST", 180}, {"JST", 540},  {"KST", 540},  {"AEST", 600}, {"AEDT", 660},
  };
  gsize n = 0;
  while (p + n < end && g_ascii_isalpha(p[n]))
    n++;
  for (gsize i = 0; i < G_N_ELEMENTS(zones); i++) {
    if (n == strlen(zones[i].name) && strncmp(p, zones[i].name, n) == 0) {
      *offset = zones[i].offset;
      *wlen = n;
      return TRUE;
    }
  }
  return FALSE;
}

/* Optional time after a date: [T or spaces or ","/"at"] HH:MM[:SS][.fff]
 * [am|pm] [Z|+HH:MM|zone]. */
static void
parse_time(const char *p, const char *end, DateParts *d)
{
  const char *q = p;
  if (q < end && (*q == 'T' || *q == 't'))
    q++;
  else {
    int skipped = 0;
    while (q < end && skipped < 6 &&
           (*q == ' ' || *q == ',' || *q == '|' || *q == '-' || *q == '@' ||
            (guchar)*q == 0xC2 || (guchar)*q == 0xA0)) {
      q++;
      skipped++;
    }
    if (end - q > 3 && g_ascii_strncasecmp(q, "at ", 3) == 0)
      q += 3;
  }
  int nd;
  int h = read_int(&q, end, 2, &nd);
  if (nd == 0 || q >= end || *q != ':')
    return;
  q++;
  int m = read_int(&q, end, 2, &nd);
  if (nd != 2)
    return;
  int s = 0;
  if (q < end && *q == ':') {
    q++;
    s = read_int(&q, end, 2, &nd);
    if (nd != 2)
      return;
    if (q < end && (*q == '.' || *q == ',')) {
      q++;
      while (q < end && g_ascii_isdigit(*q))
        q++;
    }
  }
  const char *r = q;
  while (r < end && *r == ' ')
    r++;
  if (end - r >= 2 && (g_ascii_strncasecmp(r, "pm", 2) == 0 ||
                       g_ascii_strncasecmp(r, "p.m", 3) == 0)) {
    if (h < 12)
      h += 12;
    r += 2;
  } else if (end - r >= 2 && (g_ascii_strncasecmp(r, "am", 2) == 0 ||
                              g_ascii_strncasecmp(r, "a.m", 3) == 0)) {
    if (h == 12)
      h = 0;
    r += 2;
  }
  if (h > 23 || m > 59 || s > 60)
    return;
  d->hour = h;
  d->min = m;
  d->sec = s > 59 ? 59 : s;
  d->has_time = TRUE;
  /* Zone. */
  while (q < end && *q == ' ')
    q++;
  if (r > q)
    q = r;
  while (q < end && (*q == ' ' || *q == '.'))
    q++;
  if (q < end && (*q == 'Z' || *q == 'z') &&
      (q + 1 == end || !g_ascii_isalpha(q[1]))) {
    d->has_zone = TRUE;
    d->offset_min = 0;
    return;
  }
  if (q < end && (*q == '+' || *q == '-')) {
    int sign = *q == '-' ? -1 : 1;
    q++;
    int oh = read_int(&q, end, 2, &nd);
    if (nd != 2)
      return;
    int om = 0;
    if (q < end && *q == ':')
      q++;
    if (q < end && g_ascii_isdigit(*q)) {
      om = read_int(&q, end, 2, &nd);
      if (nd != 2)
        return;
    }
    if (oh <= 14 && om < 60) {
      d->has_zone = TRUE;
      d->offset_min = sign * (oh * 60 + om);
    }
    return;
  }
  int off;
  gsize wl;
  if (q < end && g_ascii_isupper(*q) && zone_abbrev(q, end, &off, &wl)) {
    d->has_zone = TRUE;
    d->offset_min = off;
  }
}

/* ISO-like: YYYY[-/.]MM[-/.]DD. */
static gboolean
try_iso(const char *p, const char *end, DateParts *d, const char **after)
{
  int nd;
  const char *q = p;
  int y = read_int(&q, end, 4, &nd);
  if (nd != 4 || q >= end)
    return FALSE;
  char sep = *q;
  if (sep != '-' && sep != '/' && sep != '.')
    return FALSE;
  q++;
  int m = read_int(&q, end, 2, &nd);
  if (nd == 0 || q >= end || *q != sep)
    return FALSE;
  q++;
  int day = read_int(&q, end, 2, &nd);
  if (nd == 0)
    return FALSE;
  d->year = y;
  d->month = m;
  d->day = day;
  *after = q;
  return valid_date(d);
}

/* Skips an English ordinal suffix after a day number ("29th", "1st"). */
static const char *
skip_ordinal(const char *q, const char *end)
{
  if (end - q >= 2 && (g_ascii_strncasecmp(q, "st", 2) == 0 ||
                       g_ascii_strncasecmp(q, "nd", 2) == 0 ||
                       g_ascii_strncasecmp(q, "rd", 2) == 0 ||
                       g_ascii_strncasecmp(q, "th", 2) == 0))
    return q + 2;
  return q;
}

/* "July 29, 2021" / "Jul. 29th 2021". */
static gboolean
try_month_first(const char *p, const char *end, DateParts *d,
                const char **after)
{
  gsize wl;
  int m = month_at(p, end, &wl);
  if (m == 0)
    return FALSE;
  const char *q = p + wl;
  if (q < end && *q == '.')
    q++;
  while (q < end && *q == ' ')
    q++;
  int nd;
  int day = read_int(&q, end, 2, &nd);
  if (nd == 0)
    return FALSE;
  q = skip_ordinal(q, end);
  while (q < end && (*q == ',' || *q == ' '))
    q++;
  int y = read_int(&q, end, 4, &nd);
  if (nd != 4)
    return FALSE;
  d->year = y;
  d->month = m;
  d->day = day;
  *after = q;
  return valid_date(d);
}

/* "29 July 2021" / "29. Jul 2021" / "29-Jul-2021". */
static gboolean
try_day_first(const char *p, const char *end, DateParts *d, const char **after)
{
  int nd;
  const char *q = p;
  int day = read_int(&q, end, 2, &nd);
  if (nd == 0)
    return FALSE;
  q = skip_ordinal(q, end);
  while (q < end && (*q == ' ' || *q == '.' || *q == '-'))
    q++;
  if (end - q > 3 && g_ascii_strncasecmp(q, "of ", 3) == 0)
    q += 3;
  gsize wl;
  int m = month_at(q, end, &wl);
  if (m == 0)
    return FALSE;
  q += wl;
  while (q < end && (*q == ' ' || *q == '.' || *q == ',' || *q == '-'))
    q++;
  int y = read_int(&q, end, 4, &nd);
  if (nd != 4)
    return FALSE;
  d->year = y;
  d->month = m;
  d->day = day;
  *after = q;
  return valid_date(d);
}

/* "07/29/2021" (US) or "29.07.2021" / "29/07/2021" when the day is > 12. */
static gboolean
try_numeric(const char *p, const char *end, DateParts *d, const char **after)
{
  int nd;
  const char *q = p;
  int a = read_int(&q, end, 2, &nd);
  if (nd == 0 || q >= end)
    return FALSE;
  char sep = *q;
  if (sep != '/' && sep != '.' && sep != '-')
    return FALSE;
  q++;
  int b = read_int(&q, end, 2, &nd);
  if (nd == 0 || q >= end || *q != sep)
    return FALSE;
  q++;
  int y = read_int(&q, end, 4, &nd);
  if (nd != 4)
    return FALSE;
  d->year = y;
  if (sep == '.' || a > 12) {
    d->day = a;
    d->month = b;
  } else {
    d->month = a;
    d->day = b;
  }
  *after = q;
  return valid_date(d);
}

static char *
format_date(DateParts *d)
{
  if (d->has_time && d->has_zone) {
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
    g_autoptr(GDateTime) local = g_date_time_new(
        utc, d->year, d->month, d->day, d->hour, d->min, (gdouble)d->sec);
    if (local != NULL) {
      g_autoptr(GDateTime) t =
          g_date_time_add_minutes(local, -(gint64)d->offset_min);
      if (t != NULL) /* g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ") */
        return g_strdup_printf(
            "%04d-%02d-%02dT%02d:%02d:%02dZ", g_date_time_get_year(t),
            g_date_time_get_month(t), g_date_time_get_day_of_month(t),
            g_date_time_get_hour(t), g_date_time_get_minute(t),
            g_date_time_get_second(t));
    }
  }
  return g_strdup_printf("%04d-%02d-%02d", d->year, d->month, d->day);
}

char *
precis__date_find(const char *text, gsize len)
{
  const char *end = text + len;

  if (len > 4096)
    end = text + 4096;
  for (const char *p = text; p < end; p++) {
    /* Candidates start at a word boundary. */
    if (p > text && (g_ascii_isalnum(p[-1])))
      continue;
    DateParts d = {0};
    const char *after = NULL;
    gboolean ok = FALSE;
    if (g_ascii_isdigit(*p)) {
      ok = try_iso(p, end, &d, &after);
      if (!ok) {
        memset(&d, 0, sizeof d);
        ok = try_day_first(p, end, &d, &after);
      }
      if (!ok) {
        memset(&d, 0, sizeof d);
        ok = try_numeric(p, end, &d, &after);
      }
    } else if (g_ascii_isalpha(*p)) {
      ok = try_month_first(p, end, &d, &after);
    }
    if (ok) {
      parse_time(after, end, &d);
      return format_date(&d);
    }
  }
  return NULL;
}
