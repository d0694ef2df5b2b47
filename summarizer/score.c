/* SPDX-License-Identifier: GPL-3.0-or-later
 * score.c: term frequencies -> sentence scores.
 *
 * The Luhn / SumBasic family: a sentence is worth the frequencies of the
 * content words it holds (stopwords are gone and words stemmed before this
 * point; ids stand for stems or CJK bigrams).  A term weighs its count over
 * the count of the most frequent term, as in SumBasic's probabilities scaled
 * to the top term, times (1 + TITLE_BOOST) when the title holds it:
 *     w(t) = count(t) / max_count * (1 + TITLE_BOOST * [t in title])
 * A sentence's content score is the sum of w over its terms (repeats count)
 * divided by (number of terms)^ALPHA.  With ALPHA = 1 it is the mean weight
 * of the sentence's content words (SumBasic's average probability): long
 * sentences gain nothing by length alone, which keeps a three-sentence
 * digest short.
 *
 * News puts the most important facts first, so the content score (scaled to
 * 0..1 by the best sentence) is mixed with a smooth position prior over the
 * candidate sentences (0 = first, headings and boilerplate not counted):
 *     prior(i) = 1 / (1 + i / POS_SCALE)
 *     score(i) = prior(i) * (POS_BASE + content(i))
 * so a later sentence must be clearly more central to displace an early one.
 * Very short sentences (fewer than MIN_WORDS words) are damped: they are
 * usually quotes or fragments that read badly alone.  Everything is a pure
 * function of the input: deterministic, O(total terms).
 */
#include "summarizer-private.h"

#include <math.h>
#include <stdlib.h>

/* One configuration for every language and corpus (see the design comment;
 * measured on the DEV sets, chosen among round values). */
#define TITLE_BOOST 1.0
#define ALPHA 1.0
#define POS_SCALE 1.0
#define POS_BASE 0.3
#define MIN_WORDS 6
#define SHORT_DAMP 0.5

void
precis__score_sentences(PrecisSentenceStats *sents, guint n_sents,
                        const guint32 *terms, guint n_ids,
                        GHashTable *title_terms)
{
  g_autofree guint32 *count = g_new0(guint32, n_ids);
  g_autofree guint32 *seen = g_new0(guint32, n_ids); /* sentence stamp + 1 */
  g_autofree double *weight = g_new(double, n_ids);
  double best = 0.0;

  for (guint i = 0; i < n_sents; i++)
    for (guint k = 0; k < sents[i].n_terms; k++)
      count[terms[sents[i].first_term + k]]++;
  guint32 max_count = 1;
  for (guint t = 0; t < n_ids; t++)
    max_count = MAX(max_count, count[t]);
  for (guint t = 0; t < n_ids; t++) {
    weight[t] = (double)count[t] / max_count;
    if (count[t] && title_terms &&
        g_hash_table_contains(title_terms, GUINT_TO_POINTER(t + 1)))
      weight[t] *= 1.0 + TITLE_BOOST;
  }

  for (guint i = 0; i < n_sents; i++) {
    PrecisSentenceStats *s = &sents[i];
    double sum = 0.0;
    guint distinct = 0;
    for (guint k = 0; k < s->n_terms; k++) {
      guint32 t = terms[s->first_term + k];
      sum += weight[t];
      if (seen[t] != i + 1)
        distinct++;
      seen[t] = i + 1;
    }
    s->score = distinct ? sum / pow((double)s->n_terms, ALPHA) : 0.0;
    if (s->candidate && s->score > best)
      best = s->score;
  }

  for (guint i = 0; i < n_sents; i++) {
    PrecisSentenceStats *s = &sents[i];
    if (!s->candidate) {
      s->score = 0.0;
      continue;
    }
    double content = best > 0.0 ? s->score / best : 0.0;
    double prior = 1.0 / (1.0 + (double)s->position / POS_SCALE);
    s->score = prior * (POS_BASE + content);
    if ((double)s->n_words < MIN_WORDS)
      s->score *= SHORT_DAMP;
  }
}
