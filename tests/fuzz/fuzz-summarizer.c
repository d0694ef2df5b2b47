/* SPDX-License-Identifier: GPL-3.0-or-later
 * fuzz-summarizer.c: libFuzzer target for the summarizer library.
 *
 * Options come from the first byte (cmark's way): bits 0-2 give n (1..8),
 * bits 3-7 pick a forced language (0 = detect).  The rest is the text.  Each
 * input goes through sanitize, language detection, sentence splitting and a
 * full run, and the span invariants (ordered, disjoint, in bounds, on UTF-8
 * boundaries, trimmed) are checked with abort() so that libFuzzer reports a
 * broken invariant as a crash.  One summarizer is kept across inputs, as a
 * long-lived process (the plugin) would.  Every run of [a-z0-9] in the text
 * is also stemmed by stem-english.c and by libstemmer, which must agree.
 */
#include "precis-summarizer.h"
#include "summarizer-private.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const langs[] = {
    NULL, "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no",
    "fi", "hu", "ro", "tr", "ru", "sr", "el", "ar", "hy", "eu", "ca",
    "ga", "id", "lt", "hi", "ne", "ta", "yi", "vi", "zh", "ja"};

static void
check_spans(const char *text, gsize len, GArray *spans)
{
  gsize prev_end = 0;
  for (guint i = 0; i < spans->len; i++) {
    const PrecisSpan *s = &g_array_index(spans, PrecisSpan, i);
    if (s->start >= s->end || s->end > len || s->start < prev_end)
      abort();
    if (!g_utf8_validate(text + s->start, (gssize)(s->end - s->start), NULL))
      abort();
    if (g_ascii_isspace(text[s->start]) || g_ascii_isspace(text[s->end - 1]))
      abort();
    prev_end = s->end;
  }
}

/* stem-english.c against libstemmer on each [a-z0-9] run of @text. */
static void
check_english_stems(const char *text, gsize len)
{
  static struct sb_stemmer *reference;
  if (reference == NULL)
    reference = sb_stemmer_new("english", "UTF_8");
  char out[PRECIS__MAX_WORD + 8];
  gsize i = 0;
  while (i < len) {
    gsize j = i;
    while (j < len && ((text[j] >= 'a' && text[j] <= 'z') ||
                       (text[j] >= '0' && text[j] <= '9')))
      j++;
    gsize n = 0;
    if (j > i && j - i <= PRECIS__MAX_WORD) {
      if (!precis__stem_english(text + i, j - i, out, &n))
        abort();
      const sb_symbol *want =
          sb_stemmer_stem(reference, (const sb_symbol *)text + i, (int)(j - i));
      if (want == NULL || (gsize)sb_stemmer_length(reference) != n ||
          memcmp(want, out, n) != 0)
        abort();
    }
    i = j + 1;
  }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static PrecisSummarizer *detect;

  if (size < 1)
    return 0;
  guint n = (data[0] & 7) + 1;
  const char *lang = langs[(data[0] >> 3) % G_N_ELEMENTS(langs)];
  const char *text = (const char *)data + 1;
  gsize len = size - 1;

  check_english_stems(text, len);
  if (detect == NULL)
    detect = precis_summarizer_new(NULL, NULL);

  g_autoptr(GError) error = NULL;
  g_autofree char *clean = precis_text_sanitize(text, len, &error);
  if (clean == NULL) {
    if (!g_error_matches(error, PRECIS_SUMMARIZER_ERROR,
                         PRECIS_SUMMARIZER_ERROR_BINARY))
      abort();
    return 0;
  }
  gsize clean_len = strlen(clean);
  if (!g_utf8_validate(clean, (gssize)clean_len, NULL))
    abort();
  (void)precis_language_detect(text, (gssize)len);
  g_autoptr(GArray) spans = precis_sentences_split(clean, clean_len, lang);
  check_spans(clean, clean_len, spans);

  g_autoptr(PrecisSummarizer) forced = NULL;
  PrecisSummarizer *s = detect;
  if (lang != NULL) {
    forced = precis_summarizer_new(lang, NULL);
    if (forced == NULL)
      abort();
    s = forced;
  }
  g_clear_error(&error);
  g_autoptr(PrecisDigest) digest = precis_summarizer_run(
      s, text, len, len % 3 ? "A title" : NULL, n, &error);
  if (digest == NULL) {
    if (error == NULL || error->domain != PRECIS_SUMMARIZER_ERROR)
      abort();
    return 0;
  }
  guint k = precis_digest_get_n_sentences(digest);
  if (k == 0 || k > n || k > precis_digest_get_n_total(digest))
    abort();
  const char *dtext = precis_digest_get_text(digest);
  gsize dlen = strlen(dtext);
  guint prev = 0;
  for (guint i = 0; i < k; i++) {
    const PrecisSpan *span = precis_digest_get_span(digest, i);
    if (span->end > dlen || span->start >= span->end || span->heading)
      abort();
    if (i > 0 && precis_digest_get_index(digest, i) <= prev)
      abort();
    prev = precis_digest_get_index(digest, i);
    const char *sentence = precis_digest_get_sentence(digest, i);
    if (!g_utf8_validate(sentence, -1, NULL) || *sentence == '\0')
      abort();
  }
  return 0;
}
