/* SPDX-License-Identifier: GPL-3.0-or-later
 * date.c: feed dates -> "YYYY-MM-DDTHH:MM:SSZ" (UTC).
 *
 * Real feeds write dates in every shape.  The parsers are tried in the
 * order that the reference parser (feedparser) uses, because the result on
 * ambiguous strings depends on that order: W3C-DTF (and MSSQL's space
 * separated form), RFC 822 (two-digit years, swapped day and month, missing
 * time or zone, named US zones, "GMT+hh:mm", "Etc/"), ISO 8601 templates
 * (basic and ordinal forms), asctime, Perforce's "yyyy/mm/dd", Hungarian,
 * Greek and Korean month names.  Forms that need today's date to be read
 * (a year-less ISO 8601 date) are rejected: the result must not depend on
 * the clock.  Unknown zone names count as UTC, as in feedparser.
 *
 * Arithmetic is done on 64-bit seconds from the proleptic Gregorian epoch,
 * so there is no libc time-zone or locale dependency; years outside
 * 1..9999 are rejected.  Cost: O(length of the string); the few regular
 * expressions are compiled once per process.  Reentrant.
 */
#include "precis-feeds.h"
#include "feed-private.h"

#include <string.h>

typedef struct {
  gint64 year, month, day, hour, minute, second;
} DateParts;

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; any month 1..12). */
static gint64
days_from_civil(gint64 y, gint64 m, gint64 d)
{
  y -= m <= 2;
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days(gint64 z, gint64 *y, gint64 *m, gint64 *d)
{
  z += 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

static gboolean
is_leap(gint64 y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static gint64
days_in_month(gint64 y, gint64 m)
{
  static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Formats a UTC instant in seconds; NULL when outside years 1..9999. */
static char *
format_seconds(gint64 secs)
{
  gint64 days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  gint64 rem = secs - days * 86400;
  gint64 y, m, d;

  civil_from_days(days, &y, &m, &d);
  if (y < 1 || y > 9999)
    return NULL;
  /* "%04d-%02d-%02dT%02d:%02d:%02dZ", written by hand: every field is
   * in range here, and this runs for every date of a feed. */
  const int f[6] = {
      (int)y,         (int)m, (int)d, (int)(rem / 3600), (int)(rem / 60 % 60),
      (int)(rem % 60)};
  char buf[21];
  buf[0] = (char)('0' + f[0] / 1000);
  buf[1] = (char)('0' + f[0] / 100 % 10);
  buf[2] = (char)('0' + f[0] / 10 % 10);
  buf[3] = (char)('0' + f[0] % 10);
  for (int i = 1; i < 6; i++) {
    buf[3 * i + 1] = "--T::"[i - 1];
    buf[3 * i + 2] = (char)('0' + f[i] / 10);
    buf[3 * i + 3] = (char)('0' + f[i] % 10);
  }
  buf[19] = 'Z';
  buf[20] = '\0';
  return g_strdup(buf);
}

/* Like Python's datetime(...) - timedelta(offset): validates the fields
 * strictly, then shifts by the zone offset (seconds east of UTC). */
static char *
finish_strict(const DateParts *p, gint64 offset)
{
  if (p->year < 1 || p->year > 9999 || p->month < 1 || p->month > 12)
    return NULL;
  if (p->day < 1 || p->day > days_in_month(p->year, p->month))
    return NULL;
  if (p->hour < 0 || p->hour > 23 || p->minute < 0 || p->minute > 59 ||
      p->second < 0 || p->second > 59)
    return NULL;
  gint64 secs = days_from_civil(p->year, p->month, p->day) * 86400 +
                p->hour * 3600 + p->minute * 60 + p->second;
  return format_seconds(secs - offset);
}

static gboolean
is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

/* Python's int(str): surrounding blanks, a sign, ASCII digits with single
 * underscores between them. */
static gboolean
py_int(const char *s, gsize len, gint64 *out)
{
  gsize i = 0, end = len;
  gboolean neg = FALSE;
  gint64 v = 0;
  int digits = 0;

  while (i < end && is_space(s[i]))
    i++;
  while (end > i && is_space(s[end - 1]))
    end--;
  if (i < end && (s[i] == '+' || s[i] == '-'))
    neg = s[i++] == '-';
  if (i >= end)
    return FALSE;
  for (; i < end; i++) {
    if (s[i] == '_' && digits > 0 && i + 1 < end && g_ascii_isdigit(s[i + 1]))
      continue;
    if (!g_ascii_isdigit(s[i]))
      return FALSE;
    if (v > G_GINT64_CONSTANT(100000000000000))
      return FALSE; /* far beyond any date field */
    v = v * 10 + (s[i] - '0');
    digits++;
  }
  *out = neg ? -v : v;
  return TRUE;
}

static gboolean
py_int_str(const char *s, gint64 *out)
{
  return py_int(s, strlen(s), out);
}

/* Python's int(float(str)). */
static gboolean
py_float_int(const char *s, gint64 *out)
{
  /* Plain digits (the usual "05"): the value itself, no copy. */
  const char *b = s, *e = s + strlen(s);
  while (b < e && g_ascii_isspace(*b))
    b++;
  while (e > b && g_ascii_isspace(e[-1]))
    e--;
  if (e > b && e - b <= 15) {
    gint64 v = 0;
    const char *c = b;
    for (; c < e && g_ascii_isdigit(*c); c++)
      v = v * 10 + (*c - '0');
    if (c == e) {
      *out = v;
      return TRUE;
    }
  }
  g_autofree char *t = g_strstrip(g_strdup(s));
  char *end = NULL;

  if (*t == '\0' || strpbrk(t, "xXpP_") != NULL)
    return FALSE;
  for (const char *c = t; *c; c++) {
    if (!g_ascii_isdigit(*c) && *c != '.' && *c != '+' && *c != '-' &&
        *c != 'e' && *c != 'E')
      return FALSE;
  }
  double v = g_ascii_strtod(t, &end);
  if (end == t || *end != '\0' || v != v || v > 1e15 || v < -1e15)
    return FALSE;
  *out = (gint64)v;
  return TRUE;
}

/* Splits on runs of ASCII whitespace, like Python's str.split(). */
static GPtrArray *
split_ws(const char *s)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
  const char *p = s;

  while (*p) {
    while (*p && is_space(*p))
      p++;
    if (!*p)
      break;
    const char *b = p;
    while (*p && !is_space(*p))
      p++;
    g_ptr_array_add(parts, g_strndup(b, p - b));
  }
  return parts;
}

/* Splits on @sep at most @max times (max < 0: no limit), like str.split. */
static GPtrArray *
split_sep(const char *s, char sep, int max)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
  const char *p = s;
  int n = 0;

  for (;;) {
    const char *q = strchr(p, sep);
    if (q == NULL || (max >= 0 && n >= max)) {
      g_ptr_array_add(parts, g_strdup(p));
      break;
    }
    g_ptr_array_add(parts, g_strndup(p, q - p));
    p = q + 1;
    n++;
  }
  return parts;
}

typedef struct {
  const char *name;
  int hours;
} ZoneName;

static const ZoneName zone_names[] = {
    {"ut", 0},   {"gmt", 0},  {"z", 0},   {"adt", -3}, {"ast", -4}, {"at", -4},
    {"edt", -4}, {"est", -5}, {"et", -5}, {"cdt", -5}, {"cst", -6}, {"ct", -6},
    {"mdt", -6}, {"mst", -7}, {"mt", -7}, {"pdt", -7}, {"pst", -8}, {"pt", -8},
    {"a", -1},   {"n", 1},    {"m", -12}, {"y", 12},   {"met", 1},  {"mest", 2},
};

/* Named zone -> hours; unknown names are UTC.  @rfc822 adds MET/MEST. */
static int
zone_hours(const char *name, gboolean rfc822)
{
  for (gsize i = 0; i < G_N_ELEMENTS(zone_names); i++) {
    if (!rfc822 && g_str_has_prefix(zone_names[i].name, "me"))
      continue;
    if (strcmp(zone_names[i].name, name) == 0)
      return zone_names[i].hours;
  }
  return 0;
}

static const char *const month_abbr[] = {"jan", "feb", "mar", "apr",
                                         "may", "jun", "jul", "aug",
                                         "sep", "oct", "nov", "dec"};

static int
month_from_abbr(const char *s)
{
  for (int i = 0; i < 12; i++) {
    if (strncmp(s, month_abbr[i], 3) == 0)
      return i + 1;
  }
  return 0;
}

static char *
parse_w3dtf(const char *text)
{
  g_autofree char *stripped = g_strstrip(g_strdup(text));
  if (*stripped == '\0')
    return NULL;
  g_autofree char *lower = g_ascii_strdown(text, -1);
  g_autoptr(GPtrArray) parts = split_sep(lower, 't', -1);

  if (parts->len == 1) {
    g_autoptr(GPtrArray) ws = split_ws(parts->pdata[0]);
    g_ptr_array_set_size(parts, 0);
    for (guint i = 0; i < ws->len; i++)
      g_ptr_array_add(parts, g_strdup(ws->pdata[i]));
    if (parts->len == 1)
      g_ptr_array_add(parts, g_strdup("00:00:00z"));
  } else if (parts->len > 2) {
    return NULL;
  }
  if (parts->len < 2)
    return NULL;
  g_autoptr(GPtrArray) date = split_sep(parts->pdata[0], '-', 2);
  if (strlen(date->pdata[0]) != 4)
    return NULL;
  while (date->len < 3)
    g_ptr_array_add(date, g_strdup("1"));
  DateParts p = {0};
  if (!py_int_str(date->pdata[0], &p.year) ||
      !py_int_str(date->pdata[1], &p.month) ||
      !py_int_str(date->pdata[2], &p.day))
    return NULL;

  char *t = parts->pdata[1];
  gsize tl = strlen(t);
  if (tl > 0 && t[tl - 1] == 'z') {
    t[tl - 1] = '\0';
    g_ptr_array_add(parts, g_strdup("z"));
  }
  t = parts->pdata[1];
  const char *minus = strchr(t, '-'), *plus = strchr(t, '+');
  gsize loc = minus ? (gsize)(minus - t) : plus ? (gsize)(plus - t) : strlen(t);
  g_ptr_array_add(parts, g_strdup(t + loc));
  t[loc] = '\0';
  g_autoptr(GPtrArray) tm = split_sep(t, ':', 2);
  while (tm->len < 3)
    g_ptr_array_add(tm, g_strdup("0"));

  const char *tz = parts->pdata[2];
  gint64 tzh = 0, tzm = 0;
  if (tz[0] == '-' || tz[0] == '+') {
    gsize l = strlen(tz);
    if (!py_int(tz + 1, MIN(l - 1, 2), &tzh) ||
        !py_int(tz + MIN(l, 4), l - MIN(l, 4), &tzm))
      return NULL;
    if (tz[0] == '-') {
      tzh = -tzh;
      tzm = -tzm;
    }
  } else {
    tzh = zone_hours(tz, FALSE);
  }
  if (!py_float_int(tm->pdata[0], &p.hour) ||
      !py_float_int(tm->pdata[1], &p.minute) ||
      !py_float_int(tm->pdata[2], &p.second))
    return NULL;
  return finish_strict(&p, tzh * 3600 + tzm * 60);
}

static char *
parse_rfc822(const char *text)
{
  g_autofree char *lower = g_ascii_strdown(text, -1);
  g_autoptr(GPtrArray) parts = split_ws(lower);
  guint first = 0;

  if (parts->len < 5) {
    g_ptr_array_add(parts, g_strdup("00:00:00"));
    g_ptr_array_add(parts, g_strdup("0000"));
  }
  static const char *const days[] = {"mon", "tue", "wed", "thu",
                                     "fri", "sat", "sun"};
  for (int i = 0; i < 7; i++) {
    if (strncmp(parts->pdata[0], days[i], 3) == 0 &&
        strlen(parts->pdata[0]) >= 3) {
      first = 1;
      break;
    }
  }
  if (parts->len - first < 5)
    return NULL;
  char **v = (char **)parts->pdata + first;

  DateParts p = {0};
  p.month = month_from_abbr(v[1]);
  if (!py_int_str(v[0], &p.day)) {
    int swapped = month_from_abbr(v[0]);
    if (!swapped || !py_int_str(v[1], &p.day))
      return NULL;
    p.month = swapped;
  }
  if (!p.month)
    return NULL;
  if (!py_int_str(v[2], &p.year))
    return NULL;
  if (strlen(v[2]) <= 2)
    p.year += p.year < 90 ? 2000 : 1900;

  g_autoptr(GPtrArray) tp = split_sep(v[3], ':', -1);
  while (tp->len < 3)
    g_ptr_array_add(tp, g_strdup("0"));
  if (tp->len != 3 || !py_int_str(tp->pdata[0], &p.hour) ||
      !py_int_str(tp->pdata[1], &p.minute) ||
      !py_int_str(tp->pdata[2], &p.second))
    return NULL;

  g_autofree char *zone = g_strdup(v[4]);
  if (g_str_has_prefix(zone, "etc/"))
    memmove(zone, zone + 4, strlen(zone + 4) + 1);
  if (g_str_has_prefix(zone, "gmt")) {
    GString *z = g_string_new(NULL);
    for (const char *c = zone + 3; *c; c++) {
      if (*c != ':')
        g_string_append_c(z, *c);
    }
    if (z->len == 0)
      g_string_assign(z, "gmt");
    g_free(zone);
    zone = g_string_free(z, FALSE);
  }
  gint64 tzh = 0, tzm = 0;
  if (zone[0] == '-' || zone[0] == '+') {
    gsize l = strlen(zone);
    gsize mstart = strchr(zone, ':') ? 4 : 3;
    if (!py_int(zone + 1, MIN(l - 1, 2), &tzh) ||
        !py_int(zone + MIN(l, mstart), l - MIN(l, mstart), &tzm))
      return NULL;
    if (zone[0] == '-') {
      tzh = -tzh;
      tzm = -tzm;
    }
  } else {
    tzh = zone_hours(zone, TRUE);
  }
  return finish_strict(&p, tzh * 3600 + tzm * 60);
}

/* ISO 8601 templates, in feedparser's (greedy) order.  Only those that
 * carry a year: the others would need the current date. */
static const char *const iso_templates[] = {
    "(?P<year>\\d{4})-?(?P<month>[01]\\d)-?(?P<day>[0123]\\d)",
    "(?P<year>\\d{4})-0(?P<month>[01]\\d)?-?(?P<day>[0123]\\d)",
    "(?P<year>\\d{4})-(?P<month>[01]\\d)",
    "(?P<year>\\d{4})-?(?P<ordinal>[0123]\\d\\d)",
    "(?P<year>\\d\\d)-?(?P<month>[01]\\d)-?(?P<day>[0123]\\d)",
    "(?P<year>\\d\\d)-?(?P<ordinal>[0123]\\d\\d)",
    "(?P<year>\\d{4})",
    "-(?P<year>\\d\\d)-?(?P<month>[01]\\d)",
    "-(?P<ordinal>[0123]\\d\\d)",
    "-(?P<year>\\d\\d)",
    "--(?P<month>[01]\\d)-?(?P<day>[0123]\\d)",
    "--(?P<month>[01]\\d)",
    "---(?P<day>[0123]\\d)",
    "(?P<century>\\d\\d$)",
    "",
};

#define ISO_TIME                                                               \
  "(T?(?P<hour>\\d{2}):(?P<minute>\\d{2})(:(?P<second>\\d{2}))?"               \
  "(\\.(?P<fracsecond>\\d+))?"                                                 \
  "(?P<tz>[+-](?P<tzhour>\\d{2})(:(?P<tzmin>\\d{2}))?|Z)?)?"

static GRegex **
iso_regexes(void)
{
  static gsize once = 0;
  static GRegex *res[G_N_ELEMENTS(iso_templates)];

  if (g_once_init_enter(&once)) {
    for (gsize i = 0; i < G_N_ELEMENTS(iso_templates); i++) {
      g_autofree char *pat = g_strconcat(iso_templates[i], ISO_TIME, NULL);
      res[i] = g_regex_new(pat, G_REGEX_ANCHORED | G_REGEX_DUPNAMES, 0, NULL);
    }
    g_once_init_leave(&once, 1);
  }
  return res;
}

static char *
named(GMatchInfo *mi, const char *name)
{
  char *s = g_match_info_fetch_named(mi, name);
  if (s != NULL && *s == '\0')
    g_clear_pointer(&s, g_free);
  return s;
}

static char *
parse_iso8601(const char *text)
{
  GRegex **res = iso_regexes();
  g_autoptr(GMatchInfo) mi = NULL;
  gsize which = 0;

  for (which = 0; which < G_N_ELEMENTS(iso_templates); which++) {
    if (res[which] == NULL)
      continue;
    g_clear_pointer(&mi, g_match_info_unref);
    if (g_regex_match(res[which], text, 0, &mi))
      break;
  }
  if (which == G_N_ELEMENTS(iso_templates))
    return NULL;
  int start = 0, end = 0;
  g_match_info_fetch_pos(mi, 0, &start, &end);
  if (start == 0 && end == 0)
    return NULL;
  g_autofree char *year_s = named(mi, "year");
  g_autofree char *month_s = named(mi, "month");
  g_autofree char *day_s = named(mi, "day");
  g_autofree char *ord_s = named(mi, "ordinal");
  g_autofree char *hour_s = named(mi, "hour");
  g_autofree char *min_s = named(mi, "minute");
  g_autofree char *sec_s = named(mi, "second");
  g_autofree char *tz_s = named(mi, "tz");
  g_autofree char *tzh_s = named(mi, "tzhour");
  g_autofree char *tzm_s = named(mi, "tzmin");
  gint64 year, month, day, ordinal = 0, v;

  /* Year-less and century forms depend on the current date. */
  if (year_s == NULL || which == 13)
    return NULL;
  if (ord_s != NULL && py_int_str(ord_s, &v))
    ordinal = v;
  py_int_str(year_s, &year);
  if (strlen(year_s) == 2)
    year += 2000;
  if (month_s != NULL) {
    py_int_str(month_s, &month);
  } else if (ordinal) {
    month = 1;
  } else {
    return NULL; /* would be the current month */
  }
  if (day_s != NULL && (py_int_str(day_s, &day), day != 0)) {
    /* day as written */
  } else if (ordinal) {
    day = ordinal;
  } else {
    day = 1;
  }
  gint64 hour = 0, minute = 0, second = 0;
  if (hour_s)
    py_int_str(hour_s, &hour);
  if (min_s)
    py_int_str(min_s, &minute);
  if (sec_s)
    py_int_str(sec_s, &second);
  if (tz_s != NULL && strcmp(tz_s, "Z") != 0) {
    gint64 th = 0, tmn = 0;
    if (tzh_s)
      py_int_str(tzh_s, &th);
    if (tzm_s)
      py_int_str(tzm_s, &tmn);
    if (tz_s[0] == '-') {
      hour += th;
      minute += tmn;
    } else {
      hour -= th;
      minute -= tmn;
    }
  }
  /* mktime() normalizes every field; month 0 or 13+ roll the year. */
  gint64 m0 = month - 1;
  gint64 yadj = m0 >= 0 ? m0 / 12 : -((-m0 + 11) / 12);
  year += yadj;
  m0 -= yadj * 12;
  if (year < 1 || year > 9999)
    return NULL;
  gint64 secs = (days_from_civil(year, m0 + 1, 1) + day - 1) * 86400 +
                hour * 3600 + minute * 60 + second;
  return format_seconds(secs);
}

static char *
parse_asctime(const char *text)
{
  g_autoptr(GPtrArray) parts = split_ws(text);

  if (parts->len == 5)
    g_ptr_array_insert(parts, 4, g_strdup("+0000"));
  if (parts->len != 6)
    return NULL;
  char **v = (char **)parts->pdata;
  g_autofree char *r = g_strjoin(" ", v[0], v[2], v[1], v[5], v[3], v[4], NULL);
  return parse_rfc822(r);
}

static GRegex *
compile_once(gsize *once, GRegex **slot, const char *pattern,
             GRegexCompileFlags flags)
{
  if (g_once_init_enter(once)) {
    *slot = g_regex_new(pattern, flags, 0, NULL);
    g_once_init_leave(once, 1);
  }
  return *slot;
}

static char *
parse_perforce(const char *text)
{
  static gsize once;
  static GRegex *re;
  GRegex *r = compile_once(&once, &re,
                           "(\\w{0,3}), (\\d{0,4})/(\\d{0,2})/(\\d{2}) "
                           "(\\d{0,2}):(\\d{2}):(\\d{2}) (\\w{0,3})",
                           0);
  g_autoptr(GMatchInfo) mi = NULL;

  if (r == NULL || !g_regex_match(r, text, 0, &mi))
    return NULL;
  g_autofree char *ys = g_match_info_fetch(mi, 2);
  g_autofree char *ms = g_match_info_fetch(mi, 3);
  g_autofree char *ds = g_match_info_fetch(mi, 4);
  g_autofree char *hs = g_match_info_fetch(mi, 5);
  g_autofree char *mins = g_match_info_fetch(mi, 6);
  g_autofree char *ss = g_match_info_fetch(mi, 7);
  g_autofree char *tz = g_match_info_fetch(mi, 8);
  DateParts p = {0};
  if (!py_int_str(ys, &p.year) || !py_int_str(ms, &p.month) ||
      !py_int_str(ds, &p.day) || !py_int_str(hs, &p.hour) ||
      !py_int_str(mins, &p.minute) || !py_int_str(ss, &p.second))
    return NULL;
  if (p.year < 100)
    p.year += p.year > 68 ? 1900 : 2000;
  static const struct {
    const char *n;
    int h;
  } tzs[] = {{"UT", 0},   {"UTC", 0},  {"GMT", 0},  {"Z", 0},    {"AST", -4},
             {"ADT", -3}, {"EST", -5}, {"EDT", -4}, {"CST", -6}, {"CDT", -5},
             {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
  int h = 0;
  g_autofree char *up = g_ascii_strup(tz, -1);
  for (gsize i = 0; i < G_N_ELEMENTS(tzs); i++) {
    if (strcmp(up, tzs[i].n) == 0)
      h = tzs[i].h;
  }
  return finish_strict(&p, (gint64)h * 3600);
}

static const char *const hu_months[] = {
    "janu\xc3\xa1r", "febru\xc3\xa1ri", "m\xc3\xa1rcius", "\xc3\xa1prilis",
    "m\xc3\xa1ujus", "j\xc3\xbanius",   "j\xc3\xbalius",  "augusztus",
    "szeptember",    "okt\xc3\xb3ver",  "november",       "december"};

static char *
parse_hungarian(const char *text)
{
  static gsize once;
  static GRegex *re;
  GRegex *r = compile_once(
      &once, &re,
      "(\\d{4})-([^-]+)-(\\d{0,2})T(\\d{0,2}):(\\d{2})([+-](\\d{0,2}:\\d{2}))",
      G_REGEX_ANCHORED);
  g_autoptr(GMatchInfo) mi = NULL;

  if (r == NULL || !g_utf8_validate(text, -1, NULL) ||
      !g_regex_match(r, text, 0, &mi))
    return NULL;
  g_autofree char *mon = g_match_info_fetch(mi, 2);
  int month = 0;
  for (int i = 0; i < 12; i++) {
    if (strcmp(mon, hu_months[i]) == 0)
      month = i + 1;
  }
  if (!month)
    return NULL;
  g_autofree char *y = g_match_info_fetch(mi, 1);
  g_autofree char *d = g_match_info_fetch(mi, 3);
  g_autofree char *h = g_match_info_fetch(mi, 4);
  g_autofree char *mi5 = g_match_info_fetch(mi, 5);
  g_autofree char *z = g_match_info_fetch(mi, 6);
  g_autofree char *w = g_strdup_printf("%s-%02d-%s%sT%s%s:%s%s", y, month,
                                       strlen(d) == 1 ? "0" : "", d,
                                       strlen(h) == 1 ? "0" : "", h, mi5, z);
  return parse_w3dtf(w);
}

static const struct {
  const char *greek, *latin;
} greek_months[] = {
    {"\xce\x99\xce\xb1\xce\xbd", "Jan"},
    {"\xce\xa6\xce\xb5\xce\xb2", "Feb"},
    {"\xce\x9c\xce\xac\xcf\x8e", "Mar"},
    {"\xce\x9c\xce\xb1\xcf\x8e", "Mar"},
    {"\xce\x91\xcf\x80\xcf\x81", "Apr"},
    {"\xce\x9c\xce\xac\xce\xb9", "May"},
    {"\xce\x9c\xce\xb1\xcf\x8a", "May"},
    {"\xce\x9c\xce\xb1\xce\xb9", "May"},
    {"\xce\x99\xce\xbf\xcf\x8d\xce\xbd", "Jun"},
    {"\xce\x99\xce\xbf\xce\xbd", "Jun"},
    {"\xce\x99\xce\xbf\xcf\x8d\xce\xbb", "Jul"},
    {"\xce\x99\xce\xbf\xce\xbb", "Jul"},
    {"\xce\x91\xcf\x8d\xce\xb3", "Aug"},
    {"\xce\x91\xcf\x85\xce\xb3", "Aug"},
    {"\xce\xa3\xce\xb5\xcf\x80", "Sep"},
    {"\xce\x9f\xce\xba\xcf\x84", "Oct"},
    {"\xce\x9d\xce\xbf\xce\xad", "Nov"},
    {"\xce\x9d\xce\xbf\xce\xb5", "Nov"},
    {"\xce\x94\xce\xb5\xce\xba", "Dec"},
};

static const struct {
  const char *greek, *latin;
} greek_days[] = {
    {"\xce\x9a\xcf\x85\xcf\x81", "Sun"}, {"\xce\x94\xce\xb5\xcf\x85", "Mon"},
    {"\xce\xa4\xcf\x81\xce\xb9", "Tue"}, {"\xce\xa4\xce\xb5\xcf\x84", "Wed"},
    {"\xce\xa0\xce\xb5\xce\xbc", "Thu"}, {"\xce\xa0\xce\xb1\xcf\x81", "Fri"},
    {"\xce\xa3\xce\xb1\xce\xb2", "Sat"},
};

static char *
parse_greek(const char *text)
{
  static gsize once;
  static GRegex *re;
  GRegex *r = compile_once(&once, &re,
                           "([^,]+),\\s+(\\d{2})\\s+([^\\s]+)\\s+(\\d{4})\\s+"
                           "(\\d{2}):(\\d{2}):(\\d{2})\\s+([^\\s]+)",
                           G_REGEX_ANCHORED);
  g_autoptr(GMatchInfo) mi = NULL;

  if (r == NULL || !g_utf8_validate(text, -1, NULL) ||
      !g_regex_match(r, text, 0, &mi))
    return NULL;
  g_autofree char *wd = g_match_info_fetch(mi, 1);
  g_autofree char *mon = g_match_info_fetch(mi, 3);
  const char *lw = NULL, *lm = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS(greek_days); i++) {
    if (strcmp(wd, greek_days[i].greek) == 0)
      lw = greek_days[i].latin;
  }
  for (gsize i = 0; i < G_N_ELEMENTS(greek_months); i++) {
    if (strcmp(mon, greek_months[i].greek) == 0)
      lm = greek_months[i].latin;
  }
  if (lw == NULL || lm == NULL)
    return NULL;
  g_autofree char *d = g_match_info_fetch(mi, 2);
  g_autofree char *y = g_match_info_fetch(mi, 4);
  g_autofree char *h = g_match_info_fetch(mi, 5);
  g_autofree char *mn = g_match_info_fetch(mi, 6);
  g_autofree char *s = g_match_info_fetch(mi, 7);
  g_autofree char *z = g_match_info_fetch(mi, 8);
  g_autofree char *rfc =
      g_strdup_printf("%s, %s %s %s %s:%s:%s %s", lw, d, lm, y, h, mn, s, z);
  return parse_rfc822(rfc);
}

static char *
parse_korean(const char *text)
{
  static gsize once1, once2;
  static GRegex *re1, *re2;
  /* OnBlog: YYYY<year> MM<month> DD<day> hh:mm:ss, Korea time. */
  GRegex *onblog = compile_once(
      &once1, &re1,
      "(\\d{4})\xeb\x85\x84\\s+(\\d{2})\xec\x9b\x94\\s+(\\d{2})\xec\x9d\xbc"
      "\\s+(\\d{2}):(\\d{2}):(\\d{2})",
      G_REGEX_ANCHORED);
  /* Nate: YYYY-MM-DD <am|pm> h:m:s, Korea time. */
  GRegex *nate = compile_once(&once2, &re2,
                              "(\\d{4})-(\\d{2})-(\\d{2})\\s+(\xec\x98\xa4"
                              "\xec\xa0\x84|\xec\x98\xa4\xed\x9b\x84)\\s+"
                              "(\\d{0,2}):(\\d{0,2}):(\\d{0,2})",
                              G_REGEX_ANCHORED);
  g_autoptr(GMatchInfo) mi = NULL;

  if (!g_utf8_validate(text, -1, NULL))
    return NULL;
  if (nate != NULL && g_regex_match(nate, text, 0, &mi)) {
    g_auto(GStrv) g = g_match_info_fetch_all(mi);
    gint64 hour;
    if (!py_int_str(g[5], &hour))
      return NULL;
    if (strcmp(g[4], "\xec\x98\xa4\xed\x9b\x84") == 0)
      hour += 12;
    g_autofree char *w = g_strdup_printf("%s-%s-%sT%02d:%s:%s+09:00", g[1],
                                         g[2], g[3], (int)hour, g[6], g[7]);
    return parse_w3dtf(w);
  }
  g_clear_pointer(&mi, g_match_info_unref);
  if (onblog != NULL && g_regex_match(onblog, text, 0, &mi)) {
    g_auto(GStrv) g = g_match_info_fetch_all(mi);
    g_autofree char *w = g_strdup_printf("%s-%s-%sT%s:%s:%s+09:00", g[1], g[2],
                                         g[3], g[4], g[5], g[6]);
    return parse_w3dtf(w);
  }
  return NULL;
}

char *
precis_date_parse(const char *text)
{
  char *r;

  if (text == NULL || *text == '\0')
    return NULL;
  /* Dates longer than this are not dates; it also bounds regex work. */
  if (strlen(text) > 256)
    return NULL;
  if ((r = parse_w3dtf(text)) || (r = parse_rfc822(text)) ||
      (r = parse_iso8601(text)) || (r = parse_asctime(text)) ||
      (r = parse_perforce(text)) || (r = parse_hungarian(text)) ||
      (r = parse_greek(text)) || (r = parse_korean(text)))
    return r;
  return NULL;
}
