/* SPDX-License-Identifier: GPL-3.0-or-later
 * stem.c: Snowball stemming through libstemmer, or the identity.
 *
 * A PrecisStemmer wraps one sb_stemmer (UTF-8 encoding), plus the same
 * algorithm in ISO-8859-1 for ASCII words when libstemmer has it (same
 * stems, checked on 22k news words in 12 languages; a stem that would not
 * be ASCII is redone in UTF-8).  English words of [a-z0-9] go through
 * stem-english.c instead, the same algorithm in plain C (a tenth of the
 * cost; libstemmer stays the reference in the tests).  libstemmer keeps
 * per-handle state, so a handle serves one thread: the PrecisSummarizer owns
 * one per language, created lazily the first time that language is seen.
 * Creating a handle is cheap but not free, which is why it is kept rather
 * than made per text.  Stemming costs O(word length).
 */
#include "summarizer-private.h"

#include <libstemmer.h>
#include <string.h>

struct PrecisStemmer {
  struct sb_stemmer *sb;     /* NULL: identity */
  struct sb_stemmer *latin1; /* same algorithm on bytes, or NULL */
  gboolean english;          /* ASCII words through stem-english.c */
  char buf[PRECIS__MAX_WORD + 8];
};

PrecisStemmer *
precis__stemmer_new(const char *algorithm)
{
  PrecisStemmer *self = g_new0(PrecisStemmer, 1);
  if (algorithm != NULL) {
    self->sb = sb_stemmer_new(algorithm, "UTF_8");
    /* Snowball builds both encodings from one source: on ASCII words they
     * give the same stem, and the byte version skips UTF-8 decoding
     * (10-30% faster).  Not every algorithm has it. */
    if (self->sb != NULL)
      self->latin1 = sb_stemmer_new(algorithm, "ISO_8859_1");
    self->english = self->sb != NULL && strcmp(algorithm, "english") == 0;
  }
  return self;
}

void
precis__stemmer_free(PrecisStemmer *self)
{
  if (self == NULL)
    return;
  if (self->sb != NULL)
    sb_stemmer_delete(self->sb);
  if (self->latin1 != NULL)
    sb_stemmer_delete(self->latin1);
  g_free(self);
}

gboolean
precis__stemmer_is_identity(const PrecisStemmer *self)
{
  return self->sb == NULL;
}

const char *
precis__stemmer_stem(PrecisStemmer *self, const char *word, gsize len,
                     gsize *out_len)
{
  if (self->sb == NULL || len == 0) {
    *out_len = len;
    return word;
  }
  if (self->english && precis__stem_english(word, len, self->buf, out_len))
    return self->buf;
  if (self->latin1 != NULL) {
    gboolean ascii = TRUE;
    for (gsize i = 0; i < len && ascii; i++)
      ascii = (guchar)word[i] < 0x80;
    const sb_symbol *s =
        ascii ? sb_stemmer_stem(self->latin1, (const sb_symbol *)word, (int)len)
              : NULL;
    if (s != NULL) {
      gsize n = (gsize)sb_stemmer_length(self->latin1);
      gboolean ascii_stem = TRUE;
      for (gsize i = 0; i < n && ascii_stem; i++)
        ascii_stem = s[i] < 0x80;
      if (ascii_stem) { /* else the UTF-8 stemmer says it in UTF-8 */
        *out_len = n;
        return (const char *)s;
      }
    }
  }
  const sb_symbol *s =
      sb_stemmer_stem(self->sb, (const sb_symbol *)word, (int)len);
  if (s == NULL) { /* out of memory inside libstemmer: keep the word */
    *out_len = len;
    return word;
  }
  *out_len = (gsize)sb_stemmer_length(self->sb);
  return (const char *)s;
}
