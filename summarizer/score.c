/* SPDX-License-Identifier: GPL-3.0-or-later
 * score.c: term frequencies -> sentence scores.
 *
 * The Luhn / SumBasic family: a sentence is worth the frequencies of the
 * content words it holds (stopwords are gone and words stemmed before this
 * point; ids stand for stems or CJK bigrams).  As in Luhn (1958), a word
 * is significant by being repeated, so a term's count is discounted by
 * LUHN_ONCE (a word used once weighs a third of one used twice; with a
 * discount of 1, as in Luhn, it would weigh nothing, which leaves short
 * texts with almost no signal), scaled to the most frequent term, times
 * (1 + TITLE_BOOST) when the title holds it:
 *     w(t) = (count(t) - LUHN_ONCE) / max_count
 *            * (1 + TITLE_BOOST * [t in title])
 * A sentence's content score is the sum of w over its terms (repeats count)
 * divided by (number of terms)^ALPHA.  ALPHA = 1 would be the mean weight
 * (SumBasic's average probability) and ALPHA = 0 Luhn's sum; in between,
 * a longer sentence gains a little for the significant words it adds, but
 * not in proportion.  Beyond LONG_WORDS words a sentence is damped by
 * (LONG_WORDS / words)^2: such "sentences" are mostly run-ons (a picture
 * caption glued to the next sentence, a list flattened into one line) and
 * read badly in a three-sentence digest.
 *
 * News puts the most important facts first, so the content score (scaled to
 * 0..1 by the best sentence) is mixed with a smooth position prior over the
 * candidate sentences (0 = first, headings and boilerplate not counted):
 *     prior(i) = (1 + i / POS_SCALE)^-POS_EXP
 *     score(i) = prior(i) * (POS_BASE + content(i))
 * so a later sentence must be clearly more central to displace an early one.
 * (The position prior is what a digest of news needs: on CNN/DailyMail,
 * whose highlights restate the lead, no content score alone comes near the
 * first three sentences; the prior is the one setting that trades that
 * against corpora whose references are the most central sentences wherever
 * they are, such as the BBC extracts.  The values are the DEV sets' joint
 * choice among round values.)  Very short sentences (fewer than MIN_WORDS
 * words) are damped: they are usually quotes or fragments that read badly
 * alone.  Everything is a pure function of the input: deterministic,
 * O(total terms).
 */
#include "summarizer-private.h"

#include <math.h>
#include <stdlib.h>

/* One configuration for every language and corpus (see the design comment;
 * measured on the DEV sets, chosen among round values). */
#define TITLE_BOOST 1.0
#define LUHN_ONCE 0.5
#define ALPHA 0.75
#define LONG_WORDS 35.0
#define POS_SCALE 2.0
#define POS_EXP 0.8
#define POS_BASE 0.2
#define MIN_WORDS 6
#define SHORT_DAMP 0.5

/* pow() costs about a hundred instructions and is called twice a sentence
 * with small integer arguments (term counts, positions): the first
 * POW_TABLE values of each are computed once per process, by the same
 * calls, so the scores are the same bits. */
#define POW_TABLE 256

typedef struct {
  double terms[POW_TABLE]; /* pow(n, ALPHA) */
  double prior[POW_TABLE]; /* pow(1 + i / POS_SCALE, -POS_EXP) */
} PowTable;

static double
length_norm(const PowTable *t, guint n_terms)
{
  return n_terms < POW_TABLE ? t->terms[n_terms] : pow((double)n_terms, ALPHA);
}

static double
position_prior(const PowTable *t, guint position)
{
  return position < POW_TABLE
             ? t->prior[position]
             : pow(1.0 + (double)position / POS_SCALE, -POS_EXP);
}

static const PowTable *
pow_table(void)
{
  static PowTable *table;
  if (g_once_init_enter(&table)) {
    PowTable *t = g_new(PowTable, 1);
    for (guint i = 0; i < POW_TABLE; i++) {
      t->terms[i] = pow((double)i, ALPHA);
      t->prior[i] = pow(1.0 + (double)i / POS_SCALE, -POS_EXP);
    }
    g_once_init_leave(&table, t);
  }
  return table;
}

void
precis__score_sentences(PrecisSentenceStats *sents, guint n_sents,
                        const guint32 *terms, guint n_ids,
                        GHashTable *title_terms)
{
  g_autofree guint32 *count = g_new0(guint32, n_ids);
  g_autofree double *weight = g_new(double, n_ids);
  double best = 0.0;
  const PowTable *pt = pow_table();

  guint32 max_count = 1;
  for (guint i = 0; i < n_sents; i++)
    for (guint k = 0; k < sents[i].n_terms; k++) {
      guint32 c = ++count[terms[sents[i].first_term + k]];
      max_count = MAX(max_count, c);
    }
  for (guint t = 0; t < n_ids; t++) {
    /* Luhn: repetition makes a word significant. */
    weight[t] = count[t] ? ((double)count[t] - LUHN_ONCE) / max_count : 0.0;
    if (count[t] && title_terms &&
        g_hash_table_contains(title_terms, GUINT_TO_POINTER(t + 1)))
      weight[t] *= 1.0 + TITLE_BOOST;
  }

  for (guint i = 0; i < n_sents; i++) {
    PrecisSentenceStats *s = &sents[i];
    double sum = 0.0;
    for (guint k = 0; k < s->n_terms; k++)
      sum += weight[terms[s->first_term + k]];
    s->score = s->n_terms ? sum / length_norm(pt, s->n_terms) : 0.0;
    if ((double)s->n_words > LONG_WORDS) {
      double r = LONG_WORDS / (double)s->n_words;
      s->score *= r * r;
    }
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
    double prior = position_prior(pt, s->position);
    s->score = prior * (POS_BASE + content);
    if ((double)s->n_words < MIN_WORDS)
      s->score *= SHORT_DAMP;
  }
}
