/* SPDX-License-Identifier: GPL-3.0-or-later
 * stem.c: Snowball stemming through libstemmer, or the identity.
 *
 * A PrecisStemmer wraps one sb_stemmer (UTF-8 encoding).  libstemmer keeps
 * per-handle state, so a handle serves one thread: the PrecisSummarizer owns
 * one per language, created lazily the first time that language is seen.
 * Creating a handle is cheap but not free, which is why it is kept rather
 * than made per text.  Stemming costs O(word length).
 */
#include "summarizer-private.h"

#include <libstemmer.h>

struct PrecisStemmer {
  struct sb_stemmer *sb; /* NULL: identity */
};

PrecisStemmer *
precis__stemmer_new(const char *algorithm)
{
  PrecisStemmer *self = g_new0(PrecisStemmer, 1);
  if (algorithm != NULL)
    self->sb = sb_stemmer_new(algorithm, "UTF_8");
  return self;
}

void
precis__stemmer_free(PrecisStemmer *self)
{
  if (self == NULL)
    return;
  if (self->sb != NULL)
    sb_stemmer_delete(self->sb);
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
  const sb_symbol *s =
      sb_stemmer_stem(self->sb, (const sb_symbol *)word, (int)len);
  if (s == NULL) { /* out of memory inside libstemmer: keep the word */
    *out_len = len;
    return word;
  }
  *out_len = (gsize)sb_stemmer_length(self->sb);
  return (const char *)s;
}
