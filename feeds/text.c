/* SPDX-License-Identifier: GPL-3.0-or-later
 * text.c: the article in plain text that is the residue of a web page (what
 * "select all, copy" gives, or what some readers store): menus, share bars,
 * captions, "Related news" and copyright lines around the article.
 *
 * Units are lines (in hard-wrapped text, wrapped prose lines are joined
 * back; a browser copy, with its paragraphs on long lines, is never
 * joined).  Each unit is GOOD (prose: enough words, sentence punctuation,
 * function words), BAD (boilerplate wording: copyright, photo credit,
 * "Read more", share and cookie lines; menu-like runs of one or two
 * capitalised words; digits) or SHORT (undecided: headings, one-line
 * answers).  In a residue, three or more headline + one-paragraph pairs
 * in a row are a teaser list (BAD), and the line after "Image caption" a
 * caption, as is the line above a bare credit ("(Image: Agency)",
 * "Name | Agency").  The article is the contiguous run of units with the
 * largest sum of
 *     GOOD: +chars    SHORT: -10    BAD: -(chars + 40), at least -150 for
 *     boilerplate wording;  comment headings and headers: a wall
 * (Kadane's maximum subarray), which stops at "Related news" and the
 * footer, and keeps short lines between paragraphs; when the best run
 * lies among readers' comments, the best one before them is the article.
 * Inside it BAD units and a closing author's tagline are dropped.  Before
 * it, the nearest headline-like line is the title and the first
 * date-bearing line the dateline.  Clean text (all prose) is one run and
 * passes through unchanged.
 *
 * Cost: O(n) in the text; memory O(lines).
 */
#include "page-private.h"

#include <stdio.h>
#include <string.h>

typedef enum { U_BAD, U_SHORT, U_GOOD } UnitClass;

typedef struct {
  gsize start, len; /* in the sanitized text */
  guint para;       /* blank-line separated block */
  guint chars;
  guint words;
  UnitClass cls;
  PrecisLineKind kind;
  gboolean ends_punct;
  gboolean glued;   /* reads as a headline glued to its teaser */
  gboolean caption; /* a picture's caption: dropped, but no barrier */
  gboolean keep;
} Unit;

/* Breadcrumb separators in @s: "Home » News » World", "Section › Page".
 * A '«' or '‹' on the line makes them quotation marks (French, Swiss and
 * Russian prose), and the count 0. */
static guint
breadcrumb_seps(const char *s, gsize len)
{
  guint seps = 0;
  for (const char *q = s; q + 1 < s + len; q++) {
    if ((guchar)q[0] == 0xC2 && (guchar)q[1] == 0xAB)
      return 0; /* « */
    if ((guchar)q[0] == 0xC2 && (guchar)q[1] == 0xBB)
      seps++;
    else if (q + 2 < s + len && (guchar)q[0] == 0xE2 && (guchar)q[1] == 0x80) {
      if ((guchar)q[2] == 0xB9)
        return 0; /* ‹ */
      if ((guchar)q[2] == 0xBA)
        seps++;
    }
  }
  return seps;
}

/* Menu-like: one to three words, no sentence punctuation, pipes or
 * breadcrumb arrows. */
static gboolean
menu_like(const char *s, gsize len, const PrecisTextStats *st)
{
  if (memchr(s, '|', len) != NULL && st->sentences == 0)
    return TRUE;
  if (st->sentences == 0 && breadcrumb_seps(s, len) >= 2)
    return TRUE;
  if (st->words <= 3 && !st->ends_punct && !st->cjk)
    return TRUE;
  if (st->digits * 2 >= st->chars && st->words <= 6)
    return TRUE;
  return FALSE;
}

/* A headline glued to its teaser, as a copy of a teaser list gives them:
 * "Tape Gaffe Ends Hamlin's Title RunDenny Hamlin's championship ...".
 * The glue is a lower-case letter or digit followed by a capital and a
 * lower-case letter inside one token, after at least three letters (so
 * "iPhone" and "McDonald" are not); what comes before it must read as a
 * title (three or more words, every longer word capitalized, no full
 * stop) and what follows it a sentence of six words or more.  Brand
 * names inside prose ("said YouTube will") fail the first test, in
 * headlines ("New MacBook Pro") the second. */
static gboolean
glued_headline(const char *s, gsize len)
{
  gsize lim = MIN(len, (gsize)240);
  for (gsize i = 4; i + 1 < lim; i++) {
    guchar a = (guchar)s[i - 1], b = (guchar)s[i], c = (guchar)s[i + 1];
    if (!g_ascii_isupper(b) || !g_ascii_islower(c) ||
        !(g_ascii_islower(a) || g_ascii_isdigit(a)))
      continue;
    gsize t = i, letters = 0;
    while (t > 0 && s[t - 1] != ' ') {
      t--;
      if (g_ascii_isalpha(s[t]))
        letters++;
    }
    if (letters < 3 && !g_ascii_isdigit(a))
      continue;
    /* The title before the glue: one phrase, every longer word
     * capitalized. */
    guint words = 0, long_words = 0, lower = 0;
    for (gsize k = 0; k < i;) {
      while (k < i && s[k] == ' ')
        k++;
      gsize w = k;
      while (k < i && s[k] != ' ')
        k++;
      if (k == w)
        break;
      if (s[k - 1] == '.' && k < i)
        return FALSE; /* a sentence ends before the glue */
      words++;
      if (k - w >= 4) {
        long_words++;
        if (g_ascii_islower(s[w]))
          lower++;
      }
    }
    if (words < 3 || long_words < 3 || lower > 0)
      return FALSE;
    /* The teaser after it: a sentence of six words or more. */
    guint after = 0;
    for (gsize k = i; k < len; k++)
      if (s[k] == ' ' && k + 1 < len && s[k + 1] != ' ')
        after++;
    return after >= 5;
  }
  return FALSE;
}

/* A line ending with a photo credit: "(Source: NASA)", "(AP Photo/Evan
 * Vucci)", "(Joshua Roberts/Reuters)", "...Credit...Doug Mills/The New York
 * Times", "... Photo: Jane Doe": the caption of a picture. */
static gboolean
ends_with_credit(const char *s, gsize len)
{
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '.'))
    len--;
  /* "... He didn't get it.Credit...Doug Mills/The New York Times",
   * "... on Monday. Photo: Jane Doe": a credit label near the end, glued
   * or not, followed by a name. */
  static const char *const labels[] = {
      "Credit", "Photo:", "Photograph:", "Image:", "Picture:"};
  gsize from = len > 90 ? len - 90 : 0;
  for (gsize i = 0; i < G_N_ELEMENTS(labels); i++) {
    gsize ll = strlen(labels[i]);
    for (const char *q = s + from; q + ll < s + len; q++) {
      q = memchr(q, labels[i][0], (gsize)(s + len - q));
      if (q == NULL || q + ll >= s + len)
        break;
      if (q == s || memcmp(q, labels[i], ll) != 0)
        continue;
      const char *r = q + ll;
      /* "Credit" needs its punctuation: "Credit...", "Credit: ", "Credit…" */
      if (i == 0) {
        if (*r == ':' || *r == '.')
          r++;
        else if (s + len - r >= 3 && (guchar)r[0] == 0xE2 &&
                 (guchar)r[1] == 0x80 && (guchar)r[2] == 0xA6)
          r += 3;
        else
          continue;
      }
      while (r < s + len && (*r == '.' || *r == ' '))
        r++;
      if (r < s + len && g_ascii_isupper(*r) &&
          (q[-1] == '.' || q[-1] == ' ' || q[-1] == ')'))
        return TRUE;
    }
  }
  if (len < 8 || s[len - 1] != ')')
    return FALSE;
  gsize open = len - 1;
  while (open > 0 && s[open] != '(' && len - open < 60)
    open--;
  if (s[open] != '(')
    return FALSE;
  const char *in = s + open + 1;
  gsize n = len - 1 - (open + 1);
  static const char *const heads[] = {
      "source:", "image:", "images:", "photo", "credit:", "picture:"};
  for (gsize i = 0; i < G_N_ELEMENTS(heads); i++) {
    gsize hl = strlen(heads[i]);
    if (n > hl && g_ascii_strncasecmp(in, heads[i], hl) == 0)
      return TRUE;
  }
  /* Name/Agency: capitals on both sides of a slash. */
  for (gsize i = 1; i + 1 < n; i++)
    if (in[i] == '/' && g_ascii_isalpha(in[i - 1]) &&
        g_ascii_isupper(in[i + 1])) {
      gsize w = i;
      while (w > 0 && in[w - 1] != ' ')
        w--;
      if (g_ascii_isupper(in[w]))
        return TRUE;
    }
  return FALSE;
}

static void
classify(const char *text, Unit *u)
{
  const char *s = text + u->start;
  PrecisTextStats st;
  /* The stopword share decides only a prose-like unit of 8 to 19 words:
   * counted (a second pass over the unit) for those alone. */
  precis__text_stats_no_stopwords(s, u->len, &st);
  u->chars = st.chars;
  u->words = st.words;
  u->ends_punct = st.ends_punct;
  u->kind = PRECIS_LINE_NONE;
  if (st.sentences <= 2 && u->len < 400)
    u->kind = precis__line_kind(s, u->len);
  if (u->kind == PRECIS_LINE_NONE && !st.cjk && st.words >= 8 &&
      st.words < 20 && (st.sentences > 0 || st.commas > 0))
    precis__text_stats(s, u->len, &st);
  double sw = st.words ? (double)st.stopwords / st.words : 0;

  if (u->kind != PRECIS_LINE_NONE)
    u->cls = U_BAD;
  else if (st.cjk)
    u->cls = (st.chars >= 20 && st.sentences > 0) ? U_GOOD
             : st.chars <= 4                      ? U_BAD
                                                  : U_SHORT;
  else if (st.words >= 8 && (st.sentences > 0 || st.commas > 0) &&
           (sw >= 0.12 || st.words >= 20))
    u->cls = U_GOOD;
  else if (st.words >= 25)
    u->cls = U_GOOD;
  else if (menu_like(s, u->len, &st))
    u->cls = U_BAD;
  else
    u->cls = U_SHORT;

  if (u->cls == U_BAD || st.cjk)
    return;
  /* Captions, teasers and tag lists read like prose to the tests above. */
  if (st.sentences <= 2 && u->len < 400 && ends_with_credit(s, u->len)) {
    u->cls = U_BAD;
    u->kind = PRECIS_LINE_CREDIT;
  } else if (st.sentences <= 1 && u->len < 200 &&
             breadcrumb_seps(s, u->len) >= 2) {
    /* A breadcrumb whose last step is a title with its own punctuation:
     * "Messages » Self-esteem » Only those who love themselves…". */
    u->cls = U_BAD;
  } else if (st.sentences <= 3 && u->len < 350 && glued_headline(s, u->len)) {
    u->glued = TRUE; /* decided with its neighbours */
  } else if (st.commas >= 4 && st.sentences == 0 && !st.ends_punct) {
    /* "stock car brasil, stock car cascavel, ...": a list of keywords
     * has hardly any function words. */
    if (st.stopwords == 0)
      precis__text_stats(s, u->len, &st);
    if (st.stopwords * 10 < st.words)
      u->cls = U_BAD;
  }
}

static double
weight(const Unit *u)
{
  switch (u->cls) {
  case U_GOOD:
    return u->chars;
  case U_SHORT:
    return -10;
  case U_BAD: {
    if (u->caption)
      return -10;
    /* A comment header ends the article: what follows is readers'. */
    if (u->kind == PRECIS_LINE_COMMENT || u->kind == PRECIS_LINE_REPLY)
      return -1e6;
    /* Photo credits and captions sit inside articles; menu-like lines
     * cost their length (a menu is many of them); boilerplate wording
     * ("Related news", "Share", a copyright line) is a barrier. */
    double w = u->chars + 40.0;
    if (u->kind == PRECIS_LINE_CREDIT)
      return -w;
    if (u->kind == PRECIS_LINE_NONE)
      return -w;
    return -(w > 150 ? w : 150);
  }
  }
  return 0;
}

/* The run of units[0..n) with the largest sum of weights (Kadane);
 * returns the sum. */
static double
best_run(GArray *units, guint n, guint *best_s, guint *best_e)
{
  double best = -1e300, cur = 0;
  guint cur_s = 0;
  *best_s = *best_e = 0;
  for (guint i = 0; i < n; i++) {
    if (cur <= 0) {
      cur = 0;
      cur_s = i;
    }
    cur += weight(&g_array_index(units, Unit, i));
    if (cur > best) {
      best = cur;
      *best_s = cur_s;
      *best_e = i;
    }
  }
  return best;
}

/* Lines -> units; a long line without final punctuation followed by a
 * line in the same block continues a wrapped paragraph. */
static GArray *
split_units(const char *text, gsize len)
{
  GArray *units = g_array_new(FALSE, FALSE, sizeof(Unit));
  const char *p = text, *end = text + len;
  guint para = 0;
  /* Hard-wrapped text has no line much longer than its wrap width.  A
   * page copied from a browser has its paragraphs on long lines, and its
   * lines of 60-100 characters are headlines and teasers: never joined. */
  guint mid = 0, longer = 0;
  for (const char *q = text; q < end;) {
    const char *nl = memchr(q, '\n', end - q);
    gsize ll = (gsize)((nl ? nl : end) - q);
    if (ll >= 60)
      mid++;
    if (ll > 120)
      longer++;
    q = nl ? nl + 1 : end;
  }
  gboolean wrapped = longer < 3 || longer * 10 < mid;
  gboolean blank_before = FALSE;
  gboolean joinable = FALSE;

  while (p < end) {
    const char *nl = memchr(p, '\n', end - p);
    const char *le = nl ? nl : end;
    const char *s = p, *e = le;
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
      s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
      e--;
    if (s == e) {
      blank_before = TRUE;
      joinable = FALSE;
    } else {
      if (blank_before && units->len > 0)
        para++;
      blank_before = FALSE;
      if (joinable && units->len > 0) {
        Unit *u = &g_array_index(units, Unit, units->len - 1);
        u->len = (gsize)(e - text) - u->start;
      } else {
        Unit u = {0};
        u.start = (gsize)(s - text);
        u.len = (gsize)(e - s);
        u.para = para;
        g_array_append_val(units, u);
      }
      /* A wrapped line: long, ending inside a sentence. */
      gsize ll = (gsize)(e - s);
      char last = e[-1];
      joinable = wrapped && ll >= 60 && ll <= 100 && last != '.' &&
                 last != '!' && last != '?' && last != ':' && last != '"';
    }
    p = nl ? nl + 1 : end;
  }
  return units;
}

static gboolean
headline_like(const char *text, const Unit *u)
{
  if (u->kind != PRECIS_LINE_NONE || u->words < 3 || u->words > 30)
    return FALSE;
  if (u->chars < 12 || u->len > 300)
    return FALSE;
  const char *s = text + u->start;
  /* A sentence that ends with a period is not a headline; ? and ! may be. */
  if (s[u->len - 1] == '.' || s[u->len - 1] == ',' || s[u->len - 1] == ':')
    return FALSE;
  if (memchr(s, '|', u->len) != NULL || breadcrumb_seps(s, u->len) >= 2)
    return FALSE;
  return TRUE;
}

PrecisArticle *
precis_text_extract(const char *data, gsize len, GError **error)
{
  g_return_val_if_fail(data != NULL || len == 0, NULL);
  if (len > 0 &&
      precis_content_sniff(data, len, NULL) == PRECIS_CONTENT_BINARY) {
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_BINARY,
                        precis_feed_strerror(PRECIS_FEED_ERROR_BINARY));
    return NULL;
  }
  return precis__text_extract_sniffed(data, len, error);
}

/* precis_text_extract() for bytes the caller has already sniffed as not
 * binary (the pipeline sniffs every input once, with the same first test). */
PrecisArticle *
precis__text_extract_sniffed(const char *data, gsize len, GError **error)
{
  g_return_val_if_fail(data != NULL || len == 0, NULL);
  if (len == 0) {
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY,
                        precis_feed_strerror(PRECIS_FEED_ERROR_EMPTY));
    return NULL;
  }
  gsize tlen = 0;
  g_autofree char *text = precis__charset_to_utf8(data, len, NULL, NULL, &tlen);
  GArray *units = split_units(text, tlen);
  if (units->len == 0) {
    g_array_free(units, TRUE);
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY,
                        precis_feed_strerror(PRECIS_FEED_ERROR_EMPTY));
    return NULL;
  }
  gboolean residue = FALSE;
  for (guint i = 0; i < units->len; i++) {
    Unit *u = &g_array_index(units, Unit, i);
    classify(text, u);
    if (u->kind == PRECIS_LINE_NAV || u->kind == PRECIS_LINE_SHARE ||
        u->kind == PRECIS_LINE_NOTICE || u->kind == PRECIS_LINE_COPYRIGHT)
      residue = TRUE;
  }
  /* Without any boilerplate wording this is clean text: short lines are
   * its own lists and headings (a team sheet, a fixture list), not menus. */
  if (!residue) {
    for (guint i = 0; i < units->len; i++) {
      Unit *u = &g_array_index(units, Unit, i);
      if (u->cls == U_BAD && (u->kind == PRECIS_LINE_NONE ||
                              (i >= 3 && (u->kind == PRECIS_LINE_DATELINE ||
                                          u->kind == PRECIS_LINE_BYLINE))))
        u->cls = U_SHORT;
    }
  }

  /* Teasers copied from a list come in runs: a glued headline with
   * another one at most two units away is a teaser; alone, it may be a
   * dateline or a brand name running into the article. */
  for (guint i = 0; i < units->len; i++) {
    Unit *u = &g_array_index(units, Unit, i);
    if (!u->glued)
      continue;
    for (guint j = i >= 2 ? i - 2 : 0; j <= i + 2 && j < units->len; j++)
      if (j != i && g_array_index(units, Unit, j).glued) {
        u->cls = U_BAD;
        break;
      }
  }

  /* Captions: the line after "Image caption" or "Media caption", when it
   * does not end a sentence as a paragraph does.  (A
   * short line before a photo credit is as often the paragraph above a
   * picture without a caption.) */
  if (residue) {
    for (guint i = 0; i + 1 < units->len; i++) {
      Unit *u = &g_array_index(units, Unit, i);
      Unit *n = &g_array_index(units, Unit, i + 1);
      const char *us = text + u->start;
      if (u->kind == PRECIS_LINE_CREDIT && u->len < 20 &&
          (g_ascii_strncasecmp(us, "image caption", 13) == 0 ||
           g_ascii_strncasecmp(us, "media caption", 13) == 0) &&
          n->kind == PRECIS_LINE_NONE && n->len < 300 && !n->ends_punct) {
        n->cls = U_BAD;
        n->kind = PRECIS_LINE_CREDIT;
      }
    }
  }

  /* Captions above a bare credit: "(Image: Agency)", "Jane Doe | Agency |
   * Getty Images" on a line of its own is a picture's credit, and the
   * line just above it the picture's caption.  A credit with words of its
   * own ("Image: NASA", "WASHINGTON (AFP)") is as often under the paragraph
   * above a picture without a caption, and is left to decide nothing.  The
   * caption is dropped without being a barrier: the article goes on under
   * the picture. */
  if (residue) {
    for (guint i = 1; i < units->len; i++) {
      Unit *c = &g_array_index(units, Unit, i);
      Unit *u = &g_array_index(units, Unit, i - 1);
      const char *cs = text + c->start;
      gboolean label = g_ascii_strncasecmp(cs, "(image", 6) == 0 ||
                       g_ascii_strncasecmp(cs, "(photo", 6) == 0 ||
                       g_ascii_strncasecmp(cs, "(picture", 8) == 0;
      gboolean bare =
          label || (c->kind == PRECIS_LINE_CREDIT &&
                    g_strstr_len(cs, (gssize)c->len, " | ") != NULL);
      if ((c->kind == PRECIS_LINE_CREDIT || c->kind == PRECIS_LINE_COPYRIGHT) &&
          bare && c->len < 80 && u->kind == PRECIS_LINE_NONE && u->len < 350) {
        u->cls = U_BAD;
        u->caption = TRUE;
      }
    }
  }

  /* Teaser lists ("Related", "More news"): three or more headline-like
   * lines in a row each followed by one paragraph, its summary.  The
   * summaries are not article prose. */
  if (residue) {
    guint i = 0;
    while (i + 1 < units->len) {
      guint j = i, pairs = 0;
      while (j + 1 < units->len) {
        Unit *h = &g_array_index(units, Unit, j);
        Unit *g = &g_array_index(units, Unit, j + 1);
        /* A headline with a comma may count as prose: length decides. */
        if (!headline_like(text, h) || h->chars > 120 || g->cls != U_GOOD ||
            h->chars >= g->chars)
          break;
        if (j + 2 < units->len) {
          Unit *n = &g_array_index(units, Unit, j + 2);
          if (n->cls == U_GOOD && !(headline_like(text, n) && n->chars <= 120))
            break;
        }
        pairs++;
        j += 2;
      }
      if (pairs >= 3) {
        for (guint k = i; k < j; k++)
          g_array_index(units, Unit, k).cls = U_BAD;
        i = j;
      } else {
        i++;
      }
    }
  }

  if (g_getenv("PRECIS_PAGE_DEBUG") != NULL)
    for (guint i = 0; i < units->len; i++) {
      Unit *u = &g_array_index(units, Unit, i);
      fprintf(stderr, "%c k%d c=%u w=%u | %.*s\n", "BsG"[u->cls], u -> kind,
              u -> chars, u -> words, (int)MIN(u->len, (gsize)90),
              text + u -> start);
    }

  /* Maximum-sum run. */
  gboolean any_good = FALSE;
  guint first_comment = units->len, good_chars = 0;
  for (guint i = 0; i < units->len; i++) {
    Unit *u = &g_array_index(units, Unit, i);
    /* A bare "Comments" line may be a counter in a share bar: only a
     * comment's header ("Jane says:") or a count ("16 comments") opens
     * the comments here. */
    const char *s = text + u->start;
    if (first_comment == units->len && good_chars >= 200 &&
        (u->kind == PRECIS_LINE_REPLY ||
         (u->kind == PRECIS_LINE_COMMENT && g_ascii_isdigit(s[0]))))
      first_comment = i;
    if (u->cls == U_GOOD) {
      any_good = TRUE;
      good_chars += u->chars;
    }
  }
  guint best_s = 0, best_e = 0;
  best_run(units, units->len, &best_s, &best_e);
  /* Readers' comments follow the article: when the best run lies after
   * the first comment header or heading that follows some prose, the best
   * run before it is the article if it is worth a paragraph (a long
   * discussion under a short post). */
  if (first_comment < units->len && best_s > first_comment) {
    guint s2 = 0, e2 = 0;
    double b2 = best_run(units, first_comment, &s2, &e2);
    if (b2 >= 150) {
      best_s = s2;
      best_e = e2;
    }
  }

  g_autoptr(PrecisArticle) article = g_new0(PrecisArticle, 1);
  if (!residue) {
    /* Clean text ends where it ends, and starts at its start or after a
     * short headline and its dateline/byline. */
    best_e = units->len - 1;
    guint s0 = 0;
    while (s0 < units->len && s0 < 3) {
      Unit *u = &g_array_index(units, Unit, s0);
      if (u->kind == PRECIS_LINE_DATELINE || u->kind == PRECIS_LINE_BYLINE ||
          (s0 == 0 && headline_like(text, u) && u->words <= 12))
        s0++;
      else
        break;
    }
    if (s0 < units->len && g_array_index(units, Unit, s0).cls == U_GOOD)
      best_s = s0;
    else
      best_s = 0;
  }
  /* The author's tagline that closes many articles is not article. */
  while (residue && best_e > best_s &&
         precis__is_tagline(text + g_array_index(units, Unit, best_e).start,
                            g_array_index(units, Unit, best_e).len))
    best_e--;
  if (!any_good) {
    /* No prose: keep every line that is not boilerplate. */
    best_s = 0;
    best_e = units->len - 1;
  }
  /* Title and dateline from the lines before the run (at most 12). */
  guint look = best_s > 12 ? best_s - 12 : 0;
  for (guint i = best_s; any_good && i-- > look;) {
    Unit *u = &g_array_index(units, Unit, i);
    const char *s = text + u->start;
    if (u->kind == PRECIS_LINE_CREDIT || u->kind == PRECIS_LINE_COPYRIGHT)
      continue;
    if (u->chars < 200 && u->cls != U_GOOD) {
      char *d = precis__date_find(s, u->len);
      if (d != NULL) {
        /* The dateline nearest the article; never a headline. */
        if (article->date == NULL)
          article->date = d;
        else
          g_free(d);
        continue;
      }
    }
    if (u->kind == PRECIS_LINE_BYLINE && article->byline == NULL) {
      article->byline = precis__byline_clean(s, u->len);
      continue;
    }
    if (article->title == NULL && headline_like(text, u))
      article->title = precis__collapse_space(s, u->len);
  }

  GString *out = g_string_new(NULL);
  guint last_para = G_MAXUINT;
  for (guint i = best_s; i <= best_e; i++) {
    Unit *u = &g_array_index(units, Unit, i);
    const char *s = text + u->start;
    if (u->kind == PRECIS_LINE_BYLINE && article->byline == NULL &&
        i < best_s + 3)
      article->byline = precis__byline_clean(s, u->len);
    if (u->kind == PRECIS_LINE_DATELINE && article->date == NULL &&
        i < best_s + 3)
      article->date = precis__date_find(s, u->len);
    if (u->cls == U_BAD)
      continue;
    if (!any_good && u->cls == U_SHORT && u->words < 2)
      continue;
    if (out->len > 0)
      g_string_append(out, u->para == last_para ? "\n" : "\n\n");
    g_string_append_len(out, s, u->len);
    last_para = u->para;
  }
  g_array_free(units, TRUE);
  if (out->len == 0) {
    g_string_free(out, TRUE);
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY,
                        precis_feed_strerror(PRECIS_FEED_ERROR_EMPTY));
    return NULL;
  }
  article->text = g_string_free(out, FALSE);
  return g_steal_pointer(&article);
}
