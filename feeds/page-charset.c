/* SPDX-License-Identifier: GPL-3.0-or-later
 * page-charset.c: page bytes -> valid UTF-8.
 *
 * Order of evidence, as browsers do (WHATWG "encoding sniffing"): a byte
 * order mark, the HTTP charset parameter, then what the page declares in its
 * first 4 KiB (<meta charset>, <meta http-equiv>, <?xml encoding?>), then
 * detection.  One correction browsers do not make: when a Western single-byte
 * charset is declared (ISO-8859-1, windows-1252, ASCII) but the bytes are
 * valid UTF-8 with multi-byte sequences, the declaration is wrong (pages
 * re-encoded by a proxy or an archive) and UTF-8 is used.  Detection is
 * "valid UTF-8 (allowing a few stray bytes), else windows-1252".  Last,
 * UTF-8 text that was once read as ISO-8859-1/windows-1252 and encoded
 * again ("\u00E2\u20AC\u2122" for an apostrophe; archives and proxies
 * do it) is decoded once more, when three such characters or more show it.
 *
 * Invariants: the result is valid UTF-8 without NUL bytes or a BOM; every
 * undecodable byte becomes U+FFFD.  Cost: one validation pass, plus one
 * iconv pass for other charsets; the output is at most 3x + 16 the input.
 */
#include "page-private.h"

#include <errno.h>
#include <string.h>

#define PRESCAN_BYTES 4096

static const char *
find_ci(const char *hay, const char *end, const char *needle)
{
  gsize n = strlen(needle);
  const char first = g_ascii_tolower(*needle);
  /* The first byte is compared inline (memchr for "<meta"): a call per
   * byte of a 4 KiB prescan was 7% of `precis summarize` on plain text. */
  if (!g_ascii_isalpha(first)) {
    for (const char *p = hay; p + n <= end; p++) {
      p = memchr(p, first, (gsize)(end - p) - n + 1);
      if (p == NULL)
        return NULL;
      if (g_ascii_strncasecmp(p, needle, n) == 0)
        return p;
    }
    return NULL;
  }
  for (const char *p = hay; p + n <= end; p++)
    if ((*p >= 'A' && *p <= 'Z' ? *p + 32 : *p) == first &&
        g_ascii_strncasecmp(p, needle, n) == 0)
      return p;
  return NULL;
}

/* Reads the charset value after "charset" at @p (within [p, end)). */
static char *
read_charset_value(const char *p, const char *end)
{
  p += 7; /* "charset" */
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  if (p >= end || *p != '=')
    return NULL;
  p++;
  while (p < end && (*p == ' ' || *p == '"' || *p == '\'' || *p == '\t'))
    p++;
  const char *s = p;
  while (p < end && (g_ascii_isalnum(*p) || *p == '-' || *p == '_' ||
                     *p == ':' || *p == '.'))
    p++;
  if (p == s || p - s > 40)
    return NULL;
  return g_ascii_strdown(s, p - s);
}

char *
precis__charset_prescan(const char *data, gsize len)
{
  const char *end = data + MIN(len, (gsize)PRESCAN_BYTES);
  const char *p = data;

  /* <?xml version="1.0" encoding="..."?> */
  if (end - p > 5 && strncmp(p, "<?xml", 5) == 0) {
    const char *close = memchr(p, '>', end - p);
    const char *enc = close ? find_ci(p, close, "encoding") : NULL;
    if (enc != NULL) {
      enc += 8;
      while (enc < close && (*enc == ' ' || *enc == '='))
        enc++;
      if (enc < close && (*enc == '"' || *enc == '\''))
        enc++;
      const char *s = enc;
      while (enc < close && (g_ascii_isalnum(*enc) || *enc == '-' ||
                             *enc == '_' || *enc == '.'))
        enc++;
      if (enc > s)
        return g_ascii_strdown(s, enc - s);
    }
  }
  while ((p = find_ci(p, end, "<meta")) != NULL) {
    const char *close = memchr(p, '>', end - p);
    if (close == NULL)
      break;
    const char *cs = find_ci(p, close, "charset");
    if (cs != NULL) {
      char *value = read_charset_value(cs, close);
      if (value != NULL)
        return value;
    }
    p = close;
  }
  return NULL;
}

/* Canonical iconv name for a charset label, NULL for UTF-8 (the default
 * path).  *western is set for labels that mean windows-1252. */
static const char *
canonical_charset(const char *label, gboolean *western, gboolean *utf8)
{
  static const struct {
    const char *label;
    const char *name;
  } aliases[] = {
      {"utf-8", "UTF-8"},
      {"utf8", "UTF-8"},
      {"unicode-1-1-utf-8", "UTF-8"},
      /* A page that says UTF-16 in <meta> is 8-bit by construction. */
      {"utf-16", "UTF-8"},
      {"utf-16le", "UTF-8"},
      {"utf-16be", "UTF-8"},
      {"unicode", "UTF-8"},
      {"iso-8859-1", "WINDOWS-1252"},
      {"iso8859-1", "WINDOWS-1252"},
      {"iso_8859-1", "WINDOWS-1252"},
      {"iso-8859-1:1987", "WINDOWS-1252"},
      {"latin1", "WINDOWS-1252"},
      {"latin-1", "WINDOWS-1252"},
      {"l1", "WINDOWS-1252"},
      {"us-ascii", "WINDOWS-1252"},
      {"ascii", "WINDOWS-1252"},
      {"ansi_x3.4-1968", "WINDOWS-1252"},
      {"windows-1252", "WINDOWS-1252"},
      {"cp1252", "WINDOWS-1252"},
      {"x-cp1252", "WINDOWS-1252"},
      {"iso-8859-15", "ISO-8859-15"},
      {"latin9", "ISO-8859-15"},
      {"gb2312", "GB18030"},
      {"gbk", "GB18030"},
      {"x-gbk", "GB18030"},
      {"gb18030", "GB18030"},
      {"euc_kr", "EUC-KR"},
      {"euc-kr", "CP949"},
      {"ks_c_5601-1987", "CP949"},
      {"shift_jis", "CP932"},
      {"shift-jis", "CP932"},
      {"sjis", "CP932"},
      {"x-sjis", "CP932"},
      {"windows-31j", "CP932"},
      {"euc-jp", "EUC-JP"},
      {"big5", "BIG5-HKSCS"},
      {"koi8-r", "KOI8-R"},
      {"tis-620", "CP874"},
      {"iso-8859-11", "CP874"},
      {"iso-8859-9", "WINDOWS-1254"},
  };
  *western = FALSE;
  *utf8 = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(aliases); i++) {
    if (g_ascii_strcasecmp(label, aliases[i].label) == 0) {
      if (strcmp(aliases[i].name, "UTF-8") == 0)
        *utf8 = TRUE;
      if (strcmp(aliases[i].name, "WINDOWS-1252") == 0)
        *western = TRUE;
      return aliases[i].name;
    }
  }
  return NULL; /* use the label as it is */
}

/* The end of the run of ASCII bytes other than NUL at @p: words of eight
 * bytes at a time (a byte >= 0x80 or a zero byte stops it).  Most article text
 * is such runs, which then need no per-byte UTF-8 decoding. */
static const char *
ascii_run(const char *p, const char *end)
{
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT(0x8080808080808080);
  /* Thirty-two bytes at a time while the run lasts (one test for four
   * words), then eight. */
  while (end - p >= 32) {
    guint64 v[4];
    memcpy(v, p, 32);
    guint64 t = 0;
    for (int k = 0; k < 4; k++)
      t |= v[k] | ((v[k] - ones) & ~v[k]);
    if (t & highs)
      break;
    p += 32;
  }
  while (end - p >= 8) {
    guint64 v;
    memcpy(&v, p, 8);
    if ((v | ((v - ones) & ~v)) & highs)
      break;
    p += 8;
  }
  while (p < end && (guchar)*p - 1u < 0x7Fu)
    p++;
  return p;
}

/* Counts valid multi-byte sequences and invalid bytes of @data. */
static void
utf8_census(const char *data, gsize len, gsize *multibyte, gsize *invalid)
{
  const guchar *p = (const guchar *)data, *end = p + len;
  *multibyte = 0;
  *invalid = 0;
  while (p < end) {
    if (*p < 0x80) {
      p = (const guchar *)ascii_run((const char *)p + 1, (const char *)end);
      continue;
    }
    const char *next = NULL;
    gunichar c = g_utf8_get_char_validated((const char *)p, end - p);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
      (*invalid)++;
      p++;
      continue;
    }
    next = g_utf8_next_char((const char *)p);
    (*multibyte)++;
    p = (const guchar *)next;
  }
}

/* Copies valid UTF-8, invalid bytes -> U+FFFD, NUL -> space, no BOM. */
static char *
utf8_repair(const char *data, gsize len, gsize *out_len)
{
  GString *s = g_string_sized_new(len + 16);
  const char *p = data, *end = data + len;

  if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end) {
    /* Where g_utf8_validate(p, end - p) would stop: ASCII runs are skipped
     * whole and each other character validated alone. */
    const char *valid_end = ascii_run(p, end);
    while (valid_end < end && *valid_end != '\0') {
      gsize n = (gsize)g_utf8_skip[(guchar)*valid_end];
      if (n > (gsize)(end - valid_end) ||
          !g_utf8_validate(valid_end, (gssize)n, NULL))
        break;
      valid_end = ascii_run(valid_end + n, end);
    }
    if (valid_end == end) {
      g_string_append_len(s, p, end - p);
      break;
    }
    g_string_append_len(s, p, valid_end - p);
    p = valid_end;
    if (*p == '\0')
      g_string_append_c(s, ' ');
    else
      g_string_append(s, "\xEF\xBF\xBD");
    p++;
  }
  /* Validation stops at NUL bytes too: they became spaces above. */
  *out_len = s->len;
  return g_string_free(s, FALSE);
}

/* Converts with iconv, undecodable bytes -> U+FFFD.  NULL when the charset
 * is unknown to iconv. */
static char *
convert_lossy(const char *data, gsize len, const char *from, gsize *out_len)
{
  GIConv cd = g_iconv_open("UTF-8", from);
  if (cd == (GIConv)-1)
    return NULL;
  gsize cap = len * 3 + 16;
  char *out = g_malloc(cap);
  char *in = (char *)data;
  gsize in_left = len;
  char *op = out;
  gsize out_left = cap - 1;

  while (in_left > 0) {
    gsize r = g_iconv(cd, &in, &in_left, &op, &out_left);
    if (r != (gsize)-1)
      break;
    if (errno == E2BIG) {
      gsize used = op - out;
      cap *= 2;
      out = g_realloc(out, cap);
      op = out + used;
      out_left = cap - used - 1;
      continue;
    }
    /* EILSEQ or EINVAL: replace one byte and go on. */
    if (out_left < 4) {
      gsize used = op - out;
      cap *= 2;
      out = g_realloc(out, cap);
      op = out + used;
      out_left = cap - used - 1;
    }
    memcpy(op, "\xEF\xBF\xBD", 3);
    op += 3;
    out_left -= 3;
    in++;
    in_left--;
    g_iconv(cd, NULL, NULL, NULL, NULL);
  }
  g_iconv_close(cd);
  *op = '\0';
  /* iconv output is valid, but may hold NUL: repair makes it clean. */
  char *clean = utf8_repair(out, op - out, out_len);
  g_free(out);
  return clean;
}

/* The byte a character of ISO-8859-1 or windows-1252 stands for in the
 * range 0x80-0xBF (a UTF-8 continuation byte), or -1. */
static int
continuation_byte(gunichar c)
{
  static const struct {
    guint16 cp;
    guint8 byte;
  } w1252[] = {
      {0x0152, 0x8C}, {0x0153, 0x9C}, {0x0160, 0x8A}, {0x0161, 0x9A},
      {0x0178, 0x9F}, {0x017D, 0x8E}, {0x017E, 0x9E}, {0x0192, 0x83},
      {0x02C6, 0x88}, {0x02DC, 0x98}, {0x2013, 0x96}, {0x2014, 0x97},
      {0x2018, 0x91}, {0x2019, 0x92}, {0x201A, 0x82}, {0x201C, 0x93},
      {0x201D, 0x94}, {0x201E, 0x84}, {0x2020, 0x86}, {0x2021, 0x87},
      {0x2022, 0x95}, {0x2026, 0x85}, {0x2030, 0x89}, {0x2039, 0x8B},
      {0x203A, 0x9B}, {0x20AC, 0x80}, {0x2122, 0x99},
  };
  if (c >= 0x80 && c <= 0xBF)
    return (int)c;
  for (gsize i = 0; i < G_N_ELEMENTS(w1252); i++)
    if (w1252[i].cp == c)
      return w1252[i].byte;
  return -1;
}

/* At @p (inside [p, end)), a UTF-8 character written as its bytes read in
 * ISO-8859-1 or windows-1252 ("\u00E2\u20AC\u2122" for U+2019): stores
 * the original bytes in @out (4 bytes) and returns their count, and the
 * length of the garbled text in *@used; 0 when there is none. */
static gsize
mojibake_at(const char *p, const char *end, char *out, gsize *used)
{
  gunichar lead = g_utf8_get_char_validated(p, end - p);
  gsize n;
  if (lead >= 0xC2 && lead <= 0xDF)
    n = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    n = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    n = 4;
  else
    return 0;
  out[0] = (char)lead;
  const char *q = g_utf8_next_char(p);
  for (gsize i = 1; i < n; i++) {
    if (q >= end)
      return 0;
    int b = continuation_byte(g_utf8_get_char_validated(q, end - q));
    if (b < 0)
      return 0;
    out[i] = (char)b;
    q = g_utf8_next_char(q);
  }
  /* Rejects overlong forms and surrogates, as a decoder would. */
  if (!g_utf8_validate(out, (gssize)n, NULL))
    return 0;
  *used = (gsize)(q - p);
  return n;
}

/* Undoes double encoding in valid UTF-8 @s (@len bytes, NUL-terminated):
 * a UTF-8 page that was once read as ISO-8859-1 or windows-1252 and
 * written out again as UTF-8 (an archive's or a proxy's conversion) shows
 * "\u00E2\u20AC\u2122" for an apostrophe.  Done when three such
 * characters or more are found, so that a stray "\u00C3\u00A9" in real
 * Latin-1 text is left alone.  In place (the repaired text is shorter);
 * returns the new length. */
static gsize
undo_mojibake(char *s, gsize len)
{
  /* Every garbled character starts with U+00C2..U+00F4, "\xC3\x82" to
   * "\xC3\xB4" in UTF-8. */
  const char *end = s + len;
  guint found = 0;
  for (const char *p = memchr(s, 0xC3, len); p != NULL && found < 3;
       p = memchr(p, 0xC3, (gsize)(end - p))) {
    char buf[4];
    gsize used = 0;
    if (mojibake_at(p, end, buf, &used) > 0) {
      found++;
      p += used;
    } else {
      p++;
    }
  }
  if (found < 3)
    return len;
  char *w = s;
  const char *p = s;
  while (p < end) {
    char buf[4];
    gsize used = 0, n = 0;
    if ((guchar)*p == 0xC3 && (n = mojibake_at(p, end, buf, &used)) > 0) {
      memcpy(w, buf, n);
      w += n;
      p += used;
    } else {
      *w++ = *p++;
    }
  }
  *w = '\0';
  return (gsize)(w - s);
}

static char *
charset_decode(const char *data, gsize len, const char *http_charset,
               const char **used, gsize *out_len)
{
  g_autofree char *declared = NULL;
  const char *label = NULL;
  const char *name = NULL;
  gboolean western = FALSE, utf8 = FALSE;
  gsize dummy_len;
  const char *dummy_used;

  if (out_len == NULL)
    out_len = &dummy_len;
  if (used == NULL)
    used = &dummy_used;

  /* A byte order mark wins over everything. */
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    *used = "UTF-8";
    return utf8_repair(data, len, out_len);
  }
  if (len >= 2 && ((guchar)data[0] == 0xFF && (guchar)data[1] == 0xFE)) {
    char *s = convert_lossy(data + 2, len - 2, "UTF-16LE", out_len);
    if (s != NULL) {
      *used = "UTF-16LE";
      return s;
    }
  }
  if (len >= 2 && ((guchar)data[0] == 0xFE && (guchar)data[1] == 0xFF)) {
    char *s = convert_lossy(data + 2, len - 2, "UTF-16BE", out_len);
    if (s != NULL) {
      *used = "UTF-16BE";
      return s;
    }
  }

  if (http_charset != NULL && *http_charset != '\0') {
    label = http_charset;
  } else {
    declared = precis__charset_prescan(data, len);
    label = declared;
  }
  if (label != NULL) {
    name = canonical_charset(label, &western, &utf8);
    if (name == NULL)
      name = label;
  }

  if (name == NULL || utf8 || western) {
    gsize multibyte, invalid;
    utf8_census(data, len, &multibyte, &invalid);
    /* UTF-8 when the bytes say so: all valid, or nearly so with real
     * multi-byte text (a few stray bytes in a UTF-8 page). */
    if ((invalid == 0 && (multibyte > 0 || !western)) ||
        (multibyte >= 8 * invalid && multibyte > 0 && !western) ||
        (multibyte >= 50 * invalid && multibyte > 0)) {
      *used = "UTF-8";
      return utf8_repair(data, len, out_len);
    }
    if (invalid == 0) { /* pure ASCII, declared Western */
      *used = "WINDOWS-1252";
      return utf8_repair(data, len, out_len);
    }
    name = "WINDOWS-1252";
  }
  char *s = convert_lossy(data, len, name, out_len);
  if (s != NULL) {
    *used = g_intern_string(name);
    return s;
  }
  /* Unknown to iconv: detect. */
  gsize multibyte, invalid;
  utf8_census(data, len, &multibyte, &invalid);
  if (invalid == 0 || multibyte >= 8 * invalid) {
    *used = "UTF-8";
    return utf8_repair(data, len, out_len);
  }
  *used = "WINDOWS-1252";
  s = convert_lossy(data, len, "WINDOWS-1252", out_len);
  if (s == NULL) /* iconv without windows-1252: keep what is valid */
    s = utf8_repair(data, len, out_len);
  return s;
}

char *
precis__charset_to_utf8(const char *data, gsize len, const char *http_charset,
                        const char **used, gsize *out_len)
{
  gsize dummy_len;
  if (out_len == NULL)
    out_len = &dummy_len;
  char *s = charset_decode(data, len, http_charset, used, out_len);
  *out_len = undo_mojibake(s, *out_len);
  return s;
}
