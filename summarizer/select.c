/* SPDX-License-Identifier: GPL-3.0-or-later
 * select.c: the n best sentences, without repeating one another, in
 * document order.
 *
 * Greedy selection with redundancy control (in the manner of MMR and of
 * SumBasic's weight update): once a sentence is chosen its terms are
 * "covered", and every other sentence's score is multiplied by
 *     1 - REDUNDANCY * (share of its distinct terms already covered)
 * so that a sentence saying the same thing again loses to one that adds
 * something.  Scores only go down as sentences are chosen, so the greedy
 * choice can be made lazily with a max-heap (re-score only the top): about
 * O(S log S) for S sentences rather than O(n * S).  Ties go to the earlier
 * sentence, which keeps the result deterministic.
 */
#include "summarizer-private.h"

#include <stdlib.h>

#define REDUNDANCY 0.85

typedef struct {
  double value;
  guint index;
  guint round; /* number of sentences chosen when value was computed */
} Entry;

static inline gboolean
entry_before(const Entry *a, const Entry *b)
{
  if (a->value != b->value)
    return a->value > b->value;
  return a->index < b->index;
}

/* The heap is a plain array: it never holds more entries than there are
 * candidates (an entry is pushed back only after one was popped), so it is
 * sized once and grows never. */
typedef struct {
  Entry *h;
  guint len;
} Heap;

static void
heap_push(Heap *heap, Entry e)
{
  Entry *h = heap->h;
  guint i = heap->len++;
  while (i > 0) {
    guint parent = (i - 1) / 2;
    if (!entry_before(&e, &h[parent]))
      break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = e;
}

static Entry
heap_pop(Heap *heap)
{
  Entry *h = heap->h;
  Entry top = h[0];
  Entry last = h[--heap->len];
  guint n = heap->len, i = 0;
  for (;;) {
    guint l = 2 * i + 1, r = l + 1, m = l;
    if (l >= n)
      break;
    if (r < n && entry_before(&h[r], &h[l]))
      m = r;
    if (!entry_before(&h[m], &last))
      break;
    h[i] = h[m];
    i = m;
  }
  if (n > 0)
    h[i] = last;
  return top;
}

static double
redundancy_factor(const PrecisSentenceStats *s, const guint32 *terms,
                  const guint8 *covered, guint32 *seen, guint32 stamp)
{
  guint distinct = 0, old = 0;
  for (guint k = 0; k < s->n_terms; k++) {
    guint32 t = terms[s->first_term + k];
    if (seen[t] == stamp)
      continue;
    seen[t] = stamp;
    distinct++;
    old += covered[t];
  }
  if (distinct == 0)
    return 1.0;
  return 1.0 - REDUNDANCY * (double)old / (double)distinct;
}

static gint
compare_guint(gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;
  return x < y ? -1 : x > y;
}

GArray *
precis__select(const PrecisSentenceStats *sents, guint n_sents,
               const guint32 *terms, guint n_ids, guint n)
{
  GArray *chosen = g_array_new(FALSE, FALSE, sizeof(guint));
  g_autofree Entry *entries = g_new(Entry, n_sents ? n_sents : 1);
  Heap heap = {entries, 0};
  g_autofree guint8 *covered = g_new0(guint8, n_ids ? n_ids : 1);
  g_autofree guint32 *seen = g_new0(guint32, n_ids ? n_ids : 1);
  guint32 stamp = 0;

  for (guint i = 0; i < n_sents; i++) {
    if (!sents[i].candidate)
      continue;
    Entry e = {sents[i].score, i, 0};
    heap_push(&heap, e);
  }
  while (chosen->len < n && heap.len > 0) {
    Entry e = heap_pop(&heap);
    if (e.round != chosen->len) {
      e.value =
          sents[e.index].score *
          redundancy_factor(&sents[e.index], terms, covered, seen, ++stamp);
      e.round = chosen->len;
      heap_push(&heap, e);
      continue;
    }
    g_array_append_val(chosen, e.index);
    const PrecisSentenceStats *s = &sents[e.index];
    for (guint k = 0; k < s->n_terms; k++)
      covered[terms[s->first_term + k]] = 1;
  }
  g_array_sort(chosen, compare_guint);
  return chosen;
}
