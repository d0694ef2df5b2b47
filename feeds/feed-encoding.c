/* SPDX-License-Identifier: GPL-3.0-or-later
 * feed-encoding.c: feed bytes -> UTF-8, deciding the charset the way the
 * reference parser (feedparser, after RFC 3023 and XML 1.0 appendix F) does.
 *
 * Order: a BOM (UTF-32/16 BE/LE, UTF-8) or the "<?xm" pattern in UTF-16/32
 * or EBCDIC gives a first guess, used to read the encoding pseudo-attribute
 * of the XML declaration.  The candidates then tried, first that decodes
 * cleanly wins: the HTTP charset, else the declared encoding, else UTF-8;
 * the declared one; the BOM's; a statistical guess for undeclared legacy
 * text (CJK, Thai, Latin); UTF-8; windows-1252; iso-8859-2 (which decodes
 * every byte, so this never fails).  Using another candidate than the first
 * marks the document ill-formed (bozo), as feedparser does.  The output has
 * its XML declaration replaced by one that names utf-8, so that libxml2
 * reads the converted text as it is.
 *
 * Cost: one conversion per candidate tried (usually one), each O(n); the
 * guess decodes the text with up to six legacy charsets.
 */
#include "precis-feeds.h"
#include "feed-private.h"

#include <string.h>

/* UTF-8 validity that, like Python's decoder, accepts NUL bytes. */
static gboolean
utf8_valid_with_nul(const char *data, gsize len)
{
  const char *p = data, *end = data + len;

  while (p < end) {
    const char *nul = memchr(p, '\0', end - p);
    const char *stop = nul ? nul : end;
    if (!g_utf8_validate_len(p, stop - p, NULL))
      return FALSE;
    p = nul ? nul + 1 : end;
  }
  return TRUE;
}

static char *
iconv_decode(const char *data, gsize len, const char *from, gsize *out_len)
{
  g_autoptr(GError) error = NULL;
  gsize read = 0;
  char *out = g_convert(data, len, "UTF-8", from, &read, out_len, &error);

  if (out == NULL || read != len) {
    g_free(out);
    return NULL;
  }
  return out;
}

/* Lower-cased name without '-' and '_', for comparing codec names. */
static char *
squash(const char *name)
{
  GString *s = g_string_new(NULL);
  for (const char *c = name; *c; c++) {
    if (*c != '-' && *c != '_' && *c != ' ')
      g_string_append_c(s, g_ascii_tolower(*c));
  }
  return g_string_free(s, FALSE);
}

/* Decodes with one codec, Python-style; NULL when it fails. */
static char *
decode_as(const char *data, gsize len, const char *name, gsize *out_len)
{
  g_autofree char *sq = squash(name);

  if (strcmp(sq, "utf8") == 0 || strcmp(sq, "u8") == 0 ||
      strcmp(sq, "utf") == 0) {
    if (!utf8_valid_with_nul(data, len))
      return NULL;
    char *copy = g_malloc(len + 1);
    memcpy(copy, data, len);
    copy[len] = '\0';
    *out_len = len;
    return copy;
  }
  if (strcmp(sq, "utf16") == 0 || strcmp(sq, "u16") == 0) {
    if (len >= 2 && (guchar)data[0] == 0xFE && (guchar)data[1] == 0xFF)
      return iconv_decode(data + 2, len - 2, "UTF-16BE", out_len);
    if (len >= 2 && (guchar)data[0] == 0xFF && (guchar)data[1] == 0xFE)
      return iconv_decode(data + 2, len - 2, "UTF-16LE", out_len);
    return iconv_decode(data, len, "UTF-16LE", out_len);
  }
  if (strcmp(sq, "utf32") == 0 || strcmp(sq, "u32") == 0) {
    if (len >= 4 && memcmp(data, "\x00\x00\xFE\xFF", 4) == 0)
      return iconv_decode(data + 4, len - 4, "UTF-32BE", out_len);
    if (len >= 4 && memcmp(data, "\xFF\xFE\x00\x00", 4) == 0)
      return iconv_decode(data + 4, len - 4, "UTF-32LE", out_len);
    return iconv_decode(data, len, "UTF-32LE", out_len);
  }
  if (strcmp(sq, "utf7") == 0 || strcmp(sq, "utf8sig") == 0)
    return NULL;
  /* Python's "iso-10646-ucs-2"-style names and other exotica that iconv
   * would accept with another meaning are left to iconv. */
  return iconv_decode(data, len, name, out_len);
}

/* Finds encoding="..." in the XML declaration on the first line, as
 * feedparser's ^<\?.*encoding=['"](.*?)['"].*\?> does. */
static char *
declared_encoding(const char *text, gsize len)
{
  const char *nl = memchr(text, '\n', len);
  gsize line = nl ? (gsize)(nl - text) : len;

  if (line < 2 || text[0] != '<' || text[1] != '?')
    return NULL;
  g_autofree char *l = g_strndup(text, line);
  /* Greedy ".*": try the last "encoding=" first. */
  for (char *p = g_strrstr(l, "encoding="); p != NULL;
       p = p > l ? g_strrstr_len(l, p - l, "encoding=") : NULL) {
    char *q = p + 9;
    if (*q != '"' && *q != '\'')
      continue;
    for (char *e = q + 1; *e; e++) {
      if ((*e == '"' || *e == '\'') && strstr(e + 1, "?>") != NULL) {
        char *val = g_ascii_strdown(q + 1, e - q - 1);
        if (!g_utf8_validate(val, -1, NULL)) {
          g_free(val);
          return NULL;
        }
        return val;
      }
    }
  }
  return NULL;
}

/* ---- statistical guess for undeclared legacy encodings ---------------- */

typedef struct {
  const char *codec; /* iconv name */
  const char *name;  /* reported name (chardet's spelling) */
} Guess;

static const Guess cjk_guesses[] = {
    {"EUC-JP", "EUC-JP"}, {"SHIFT_JIS", "SHIFT_JIS"}, {"EUC-KR", "EUC-KR"},
    {"GB2312", "GB2312"}, {"BIG5", "Big5"},           {"TIS-620", "TIS-620"},
};

/* The most frequent Chinese characters, simplified and traditional. */
static const char common_hanzi[] =
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而"
    "子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没"
    "动面起看定天分还进好小部其些主样理心她本前开但因只从想实日新文网"
    "這個們來為國說時會對於過發後裡經麼學現當沒動還進樣開從實網與點"
    "工业专系列民问题闻报道市场公司政府济社技术络信息电话手机全最高长期重示美元"
    "工業專係問題聞報導場政濟術絡資訊電話機長議";

/* The most frequent Hangul syllables. */
static const char common_hangul[] =
    "이다는의에가을고하서로지기한리사도자대어일수인시정나들를제아있해게으전부"
    "구스보상주만라년요국적우것성여원생와면과동장화소안비문신경되실었모위까방공"
    "미오중내그진조선분세히당발드마간민회용금연학계통저무개관업점식은데야물러터"
    "레니거했습께및또더된할함";

static GHashTable *
char_set(const char *chars)
{
  GHashTable *h = g_hash_table_new(NULL, NULL);
  for (const char *p = chars; *p; p = g_utf8_next_char(p))
    g_hash_table_add(h, GUINT_TO_POINTER(g_utf8_get_char(p)));
  return h;
}

static gboolean
is_common_hanzi(gunichar c)
{
  static GHashTable *set;
  static gsize once;

  if (g_once_init_enter(&once)) {
    set = char_set(common_hanzi);
    g_once_init_leave(&once, 1);
  }
  return g_hash_table_contains(set, GUINT_TO_POINTER(c));
}

static gboolean
is_common_hangul(gunichar c)
{
  static GHashTable *set;
  static gsize once;

  if (g_once_init_enter(&once)) {
    set = char_set(common_hangul);
    g_once_init_leave(&once, 1);
  }
  return g_hash_table_contains(set, GUINT_TO_POINTER(c));
}

/* Scores a decoding: the share of non-ASCII characters that are typical
 * of the guessed script and stand in a run of such characters (words of
 * these scripts are runs; an accented letter of a Western text decodes to
 * an isolated character).  *isolated: non-ASCII characters not in a run. */
static double
score_text(const char *text, gsize len, const char *codec, gsize *isolated)
{
  double good = 0, nonascii = 0;
  gboolean thai = strcmp(codec, "TIS-620") == 0;
  gsize min_run = thai ? 3 : 2;
  const char *p = text, *end = text + len;

  *isolated = 0;
  while (p < end) {
    gunichar c = g_utf8_get_char(p);
    if (c < 0x80) {
      p = g_utf8_next_char(p);
      continue;
    }
    /* A run of non-ASCII characters. */
    const char *run = p;
    gsize n = 0;
    while (p < end && g_utf8_get_char(p) >= 0x80) {
      p = g_utf8_next_char(p);
      n++;
    }
    nonascii += n;
    if (n < min_run) {
      *isolated += n;
      continue;
    }
    for (const char *q = run; q < p; q = g_utf8_next_char(q)) {
      gunichar u = g_utf8_get_char(q);
      if (strcmp(codec, "EUC-JP") == 0 || strcmp(codec, "SHIFT_JIS") == 0) {
        if (u >= 0x3040 && u <= 0x30FF)
          good += 1;
        else if (u >= 0x4E00 && u <= 0x9FFF)
          good += 0.3;
      } else if (strcmp(codec, "EUC-KR") == 0) {
        if (is_common_hangul(u))
          good += 1;
      } else if (thai) {
        if (u >= 0x0E01 && u <= 0x0E5B)
          good += 1;
      } else if (u >= 0x4E00 && u <= 0x9FFF && is_common_hanzi(u)) {
        good += 1;
      } else if (u >= 0x3000 && u <= 0x303F) {
        good += 0.2;
      }
    }
  }
  return nonascii > 0 ? good / nonascii : 0;
}

/* chardet's answer, approximately: a CJK or Thai codec when the text reads
 * as that script, else ISO-8859-1, or Windows-1252 when C1 bytes occur. */
static const char *
guess_legacy(const char *data, gsize len)
{
  const char *best = NULL;
  double best_score = 0.25;
  gsize high = 0, c1 = 0;

  for (gsize i = 0; i < len; i++) {
    guchar b = (guchar)data[i];
    high += b >= 0x80;
    c1 += b >= 0x80 && b <= 0x9F;
  }
  if (high == 0)
    return NULL; /* nothing to guess: the next candidates decide */
  if (utf8_valid_with_nul(data, len))
    return "utf-8"; /* multi-byte sequences that all decode */
  for (gsize i = 0; i < G_N_ELEMENTS(cjk_guesses); i++) {
    gsize olen = 0;
    g_autofree char *t = iconv_decode(data, len, cjk_guesses[i].codec, &olen);
    if (t == NULL)
      continue;
    gsize isolated = 0;
    double s = score_text(t, olen, cjk_guesses[i].codec, &isolated);
    if (s > best_score) {
      best_score = s;
      best = cjk_guesses[i].name;
    }
  }
  if (best != NULL)
    return best;
  /* Double-byte codecs whose both bytes are high rarely decode Western
   * text cleanly: a clean decoding with several characters is evidence. */
  static const Guess dbcs[] = {{"GB2312", "GB2312"},
                               {"BIG5", "Big5"},
                               {"EUC-KR", "EUC-KR"},
                               {"EUC-JP", "EUC-JP"}};
  double fallback_score = -1;
  for (gsize i = 0; high >= 8 && c1 == 0 && i < G_N_ELEMENTS(dbcs); i++) {
    gsize olen = 0;
    g_autofree char *t = iconv_decode(data, len, dbcs[i].codec, &olen);
    if (t == NULL)
      continue;
    gsize isolated = 0;
    double s = score_text(t, olen, dbcs[i].codec, &isolated);
    if (isolated == 0 && s > fallback_score) {
      fallback_score = s;
      best = dbcs[i].name;
    }
  }
  if (best != NULL)
    return best;
  return c1 > 0 ? "Windows-1252" : "ISO-8859-1";
}

/* ---- feedparser's convert_to_utf8 -------------------------------------- */

static char *
replace_declaration(const char *text, gsize len, gsize *out_len)
{
  static const char decl[] = "<?xml version='1.0' encoding='utf-8'?>";
  GString *s = g_string_sized_new(len + sizeof decl + 1);

  g_string_append(s, decl);
  if (len >= 5 && memcmp(text, "<?xml", 5) == 0) {
    const char *gt = memchr(text, '>', len);
    if (gt != NULL) {
      g_string_append_len(s, gt + 1, text + len - (gt + 1));
      *out_len = s->len;
      return g_string_free(s, FALSE);
    }
  }
  g_string_append_c(s, '\n');
  g_string_append_len(s, text, len);
  *out_len = s->len;
  return g_string_free(s, FALSE);
}

char *
precis__feed_decode(const char *data, gsize len, const char *charset,
                    char **encoding, gboolean *bozo, gsize *out_len)
{
  const char *bom = NULL;
  const guchar *u = (const guchar *)data;
  gsize skip = 0;

  if (len >= 4 && memcmp(u, "\x00\x00\xFE\xFF", 4) == 0) {
    bom = "utf-32be", skip = 4;
  } else if (len >= 4 && memcmp(u, "\xFF\xFE\x00\x00", 4) == 0) {
    bom = "utf-32le", skip = 4;
  } else if (len >= 4 && memcmp(u, "\xFE\xFF", 2) == 0 &&
             memcmp(u + 2, "\x00\x00", 2) != 0) {
    bom = "utf-16be", skip = 2;
  } else if (len >= 4 && memcmp(u, "\xFF\xFE", 2) == 0 &&
             memcmp(u + 2, "\x00\x00", 2) != 0) {
    bom = "utf-16le", skip = 2;
  } else if (len >= 3 && memcmp(u, "\xEF\xBB\xBF", 3) == 0) {
    bom = "utf-8", skip = 3;
  } else if (len >= 4 && memcmp(u, "\x4C\x6F\xA7\x94", 4) == 0) {
    bom = "cp037";
  } else if (len >= 4 && memcmp(u, "\x00\x3C\x00\x3F", 4) == 0) {
    bom = "utf-16be";
  } else if (len >= 4 && memcmp(u, "\x3C\x00\x3F\x00", 4) == 0) {
    bom = "utf-16le";
  } else if (len >= 4 && memcmp(u, "\x00\x00\x00\x3C", 4) == 0) {
    bom = "utf-32be";
  } else if (len >= 4 && memcmp(u, "\x3C\x00\x00\x00", 4) == 0) {
    bom = "utf-32le";
  }
  data += skip;
  len -= skip;

  g_autofree char *xml_enc = NULL;
  if (bom != NULL) {
    gsize tl = 0;
    /* Only the start is needed to find the declaration. */
    gsize head = MIN(len, (gsize)1024) & ~(gsize)3;
    g_autofree char *t = decode_as(data, head, bom, &tl);
    if (t != NULL)
      xml_enc = declared_encoding(t, tl);
  } else {
    xml_enc = declared_encoding(data, len);
  }
  if (xml_enc != NULL && bom != NULL) {
    static const char *const unicode[] = {"u16",
                                          "utf-16",
                                          "utf16",
                                          "utf_16",
                                          "u32",
                                          "utf-32",
                                          "utf32",
                                          "utf_32",
                                          "iso-10646-ucs-2",
                                          "iso-10646-ucs-4",
                                          "csucs4",
                                          "csunicode",
                                          "ucs-2",
                                          "ucs-4"};
    for (gsize i = 0; i < G_N_ELEMENTS(unicode); i++) {
      if (strcmp(xml_enc, unicode[i]) == 0) {
        g_free(xml_enc);
        xml_enc = g_strdup(bom);
        break;
      }
    }
  }
  g_autofree char *http_enc = NULL;
  if (charset != NULL && *charset) {
    http_enc = g_ascii_strdown(charset, -1);
    g_strdelimit(http_enc, "'\"", ' ');
    g_strstrip(http_enc);
  }
  g_autofree char *rfc3023 = g_strdup(http_enc && *http_enc ? http_enc
                                      : xml_enc             ? xml_enc
                                                            : "utf-8");
  if (g_ascii_strcasecmp(rfc3023, "gb2312") == 0) {
    g_free(rfc3023);
    rfc3023 = g_strdup("gb18030");
  }
  if (xml_enc != NULL && g_ascii_strcasecmp(xml_enc, "gb2312") == 0) {
    g_free(xml_enc);
    xml_enc = g_strdup("gb18030");
  }

  const char *candidates[8];
  int n = 0;
  candidates[n++] = rfc3023;
  candidates[n++] = xml_enc;
  candidates[n++] = bom;
  candidates[n++] = "*guess*";
  candidates[n++] = "utf-8";
  candidates[n++] = "windows-1252";
  candidates[n++] = "iso-8859-2";
  GPtrArray *tried = g_ptr_array_new();
  char *text = NULL;
  gsize tlen = 0;
  const char *used = NULL;

  for (int i = 0; i < n && text == NULL; i++) {
    const char *c = candidates[i];
    if (c == NULL || *c == '\0')
      continue;
    if (strcmp(c, "*guess*") == 0)
      c = guess_legacy(data, len);
    if (c == NULL)
      continue;
    gboolean seen = FALSE;
    for (guint j = 0; j < tried->len; j++)
      seen |= strcmp(tried->pdata[j], c) == 0;
    if (seen)
      continue;
    g_ptr_array_add(tried, (gpointer)c);
    text = decode_as(data, len, c, &tlen);
    if (text != NULL)
      used = c;
  }
  g_ptr_array_free(tried, TRUE);
  if (text == NULL) {
    /* Unreachable: iso-8859-2 maps every byte.  Keep a safe fallback. */
    text = g_utf8_make_valid(data, len);
    tlen = strlen(text);
    used = "iso-8859-2";
  }
  *bozo = strcmp(used, rfc3023) != 0;
  *encoding = g_strdup(used);
  char *out = replace_declaration(text, tlen, out_len);
  g_free(text);
  return out;
}
