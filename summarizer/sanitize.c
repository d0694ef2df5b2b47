/* SPDX-License-Identifier: GPL-3.0-or-later
 * sanitize.c: arbitrary bytes -> valid UTF-8 text, or a BINARY error.
 *
 * One pass: invalid UTF-8 sequences become U+FFFD, NUL bytes become spaces,
 * CRLF and lone CR become LF; a UTF-16 byte-order mark converts the whole
 * input first.  Binary data is recognised by well-known magic numbers and by
 * the share of control bytes and invalid sequences in the first 64 KiB (text
 * with a few stray NULs or bad bytes passes; images and archives do not).
 * Output is at most 3x the input (U+FFFD is 3 bytes); O(n).
 */
#include "precis-summarizer.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define SNIFF_BYTES 65536

static gboolean
has_magic(const guchar *d, gsize len)
{
  static const struct {
    const char *magic;
    gsize len;
  } magics[] = {
      {"\x89PNG", 4},
      {"GIF8", 4},
      {"\xff\xd8\xff", 3},
      {"PK\x03\x04", 4},
      {"\x1f\x8b", 2},
      {"%PDF-", 5},
      {"\x7f"
       "ELF",
       4},
      {"BZh", 3},
      {"\xfd"
       "7zXZ",
       5},
      {"Rar!", 4},
      {"RIFF", 4},
      {"OggS", 4},
      {"\x00\x00\x01\x00", 4},
      {"wOFF", 4},
      {"\x28\xb5\x2f\xfd", 4},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(magics); i++)
    if (len >= magics[i].len && memcmp(d, magics[i].magic, magics[i].len) == 0)
      return TRUE;
  return FALSE;
}

/* Bytes that never occur in text: C0 controls except white space and ESC. */
static inline gboolean
is_binary_byte(guchar c)
{
  return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
         c != '\v' && c != 0x1b;
}

static gboolean
looks_binary(const char *data, gsize len)
{
  const guchar *d = (const guchar *)data;
  gsize n = MIN(len, (gsize)SNIFF_BYTES);
  gsize ctrl = 0, nul = 0, invalid = 0;

  if (has_magic(d, len))
    return TRUE;
  for (gsize i = 0; i < n;) {
    if (d[i] < 0x80) {
      if (d[i] == 0)
        nul++;
      else if (is_binary_byte(d[i]))
        ctrl++;
      i++;
      continue;
    }
    gunichar c =
        g_utf8_get_char_validated((const char *)d + i, (gssize)(n - i));
    if (c == (gunichar)-2 && n < len)
      break; /* a sequence cut by the sniff window */
    if (c != (gunichar)-1 && c != (gunichar)-2) {
      i += (gsize)g_utf8_skip[d[i]];
      continue;
    }
    invalid++;
    i++;
  }
  /* A few NULs or control bytes (a padded file, a stray byte) are handled,
   * and a legacy 8-bit charset has many invalid sequences but no controls;
   * binary formats have all three in quantity. */
  if (n < 64) /* too little for ratios: only mostly-control bytes */
    return (ctrl + nul) * 2 > n;
  return ctrl * 20 > n || nul * 10 > n || (ctrl + nul + invalid) * 3 > n;
}

/* TRUE when @data is valid UTF-8 without NUL or CR (so it can be used as it
 * is); *ctrl gets the number of control bytes that never occur in text.
 * Sixteen (SSE2) or eight (SWAR) ASCII bytes at a time: a block with no
 * high bit and no byte below 0x20 needs no further look. */
static gboolean
is_clean_utf8(const char *data, gsize len, gsize *ctrl)
{
  const guchar *p = (const guchar *)data;
  const guchar *end = p + len;
  gsize n = 0;

  while (p < end) {
#ifdef __SSE2__
    /* Sixteen bytes at a time: one signed compare flags both the bytes
     * below 0x20 and the bytes >= 0x80 (negative). */
    while (end - p >= 16) {
      __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
      unsigned mask =
          (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)));
      if (mask != 0) {
        p += __builtin_ctz(mask);
        break;
      }
      p += 16;
    }
    if (p >= end)
      break;
#endif
    if (end - p >= 8) {
      guint64 v;
      memcpy(&v, p, sizeof v);
      guint64 high = v & G_GUINT64_CONSTANT(0x8080808080808080);
      guint64 low = (v - G_GUINT64_CONSTANT(0x2020202020202020)) & ~v &
                    G_GUINT64_CONSTANT(0x8080808080808080);
      if ((high | low) == 0) {
        p += 8;
        continue;
      }
    }
    guchar b = *p;
    if (b < 0x80) {
      if (b == 0 || b == '\r')
        return FALSE;
      n += is_binary_byte(b);
      p++;
      continue;
    }
    gunichar c = g_utf8_get_char_validated((const char *)p, end - p);
    if (c == (gunichar)-1 || c == (gunichar)-2)
      return FALSE;
    p += g_utf8_skip[b];
  }
  *ctrl = n;
  return TRUE;
}

/* Converts UTF-16 with a BOM; NULL when it is not that or does not convert. */
static char *
from_utf16(const char *data, gsize len)
{
  const guchar *d = (const guchar *)data;
  const char *charset;

  if (len >= 2 && d[0] == 0xff && d[1] == 0xfe)
    charset = "UTF-16LE";
  else if (len >= 2 && d[0] == 0xfe && d[1] == 0xff)
    charset = "UTF-16BE";
  else
    return NULL;
  if (len >= 4 && d[2] == 0 && d[3] == 0)
    return NULL; /* UTF-32LE */
  return g_convert(data + 2, (gssize)((len - 2) & ~(gsize)1), "UTF-8", charset,
                   NULL, NULL, NULL);
}

char *
precis_text_sanitize(const char *data, gsize len, GError **error)
{
  g_autofree char *converted = NULL;

  g_return_val_if_fail(data != NULL || len == 0, NULL);
  if (len == 0)
    return g_strdup("");
  /* The common case: valid UTF-8 without NUL or CR, and not binary (in
   * such text only control bytes could say so). */
  gsize ctrl = 0;
  if (is_clean_utf8(data, len, &ctrl) &&
      !has_magic((const guchar *)data, len) &&
      (len < 64 ? ctrl * 2 <= len : ctrl * 20 <= len))
    return g_strndup(data, len);

  converted = from_utf16(data, len);
  if (converted != NULL) {
    data = converted;
    len = strlen(converted);
  } else if (looks_binary(data, len)) {
    g_set_error_literal(
        error, PRECIS_SUMMARIZER_ERROR, PRECIS_SUMMARIZER_ERROR_BINARY,
        precis_summarizer_strerror(PRECIS_SUMMARIZER_ERROR_BINARY));
    return NULL;
  }

  GString *out = g_string_sized_new(len + 1);
  const char *p = data;
  const char *end = data + len;
  while (p < end) {
    /* Copy the longest valid run in one go. */
    const char *stop = NULL;
    g_utf8_validate(p, end - p, &stop);
    /* g_utf8_validate stops at NUL too; handle both below. */
    const char *run = p;
    for (const char *q = run; q < stop; q++) {
      if (*q == '\r') {
        g_string_append_len(out, run, q - run);
        g_string_append_c(out, '\n');
        if (q + 1 < stop && q[1] == '\n')
          q++;
        run = q + 1;
      }
    }
    g_string_append_len(out, run, stop - run);
    p = stop;
    if (p >= end)
      break;
    if (*p == '\0') {
      g_string_append_c(out, ' ');
      p++;
    } else {
      /* An invalid byte: replace it (one U+FFFD per bad byte). */
      g_string_append(out, "\xef\xbf\xbd");
      p++;
    }
  }
  return g_string_free(out, FALSE);
}
