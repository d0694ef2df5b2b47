/* SPDX-License-Identifier: GPL-3.0-or-later
 * page-private.h: internals shared by the page cleaner (page*.c) and the
 * text-residue cleaner (text*.c).  Not installed; precis__ names only.
 *
 * The cleaner runs in stages, one file each:
 *   page-charset.c  bytes -> valid UTF-8 (HTTP, BOM, <meta>, detection)
 *   page.c          sniffing, parse, orchestration, the PrecisArticle
 *   page-meta.c     metadata: og:, twitter:, citation_, DC, JSON-LD, <time>
 *   page-content.c  DOM -> text blocks -> main content -> body text
 *   page-date.c     dates as pages write them -> ISO 8601
 *   text-features.c line/block features: stopwords, boilerplate patterns
 *   text.c          plain-text residue -> article
 */
#ifndef PRECIS_PAGE_PRIVATE_H
#define PRECIS_PAGE_PRIVATE_H

#include "precis-feeds.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

#define PRECIS__PAGE_PARSE_FLAGS                                               \
  (HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |                \
   HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT)

/* ---- page-charset.c ------------------------------------------------------ */

/* Decodes page bytes into valid UTF-8 without NUL bytes or a BOM.
 * @http_charset nullable.  *@used (nullable out) gets the charset chosen
 * (static string or interned).  Never fails: unknown charsets fall back to
 * detection, undecodable bytes become U+FFFD.  Returns (transfer full). */
char *precis__charset_to_utf8(const char *data, gsize len,
                              const char *http_charset, const char **used,
                              gsize *out_len);

/* The charset a page declares in its first bytes (<meta charset>,
 * <meta http-equiv=Content-Type>, <?xml encoding?>), or NULL.
 * Returns (transfer full). */
char *precis__charset_prescan(const char *data, gsize len);
/* precis_text_extract() without its binary sniff, for bytes already sniffed
 * as not binary (feeds/pipeline.c). */
PrecisArticle *precis__text_extract_sniffed(const char *data, gsize len,
                                            GError **error);

/* ---- page-date.c --------------------------------------------------------- */

/* Parses a date as pages and residues write it ("2021-07-29T09:07:13+08:00",
 * "July 29, 2021", "29 Jul 2021 10:00 GMT", "2021/07/29", "Thu, 29 Jul ...").
 * @text may hold other words around the date.  Returns (transfer full)
 * "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SSZ" when a time with a zone is
 * known, or NULL. */
char *precis__date_find(const char *text, gsize len);

/* ---- text-features.c ----------------------------------------------------- */

/* TRUE when the lower-case ASCII/UTF-8 @word (len bytes) is a stopword of one
 * of the common Western languages. */
gboolean precis__is_stopword(const char *word, gsize len);

typedef struct {
  guint chars;         /* Unicode characters, white space excluded */
  guint words;         /* words (a CJK character counts as half a word) */
  guint stopwords;     /* words that are stopwords */
  guint sentences;     /* sentence-ending punctuation followed by space/end */
  guint commas;        /* commas (Latin and CJK) */
  guint capitals;      /* words starting with an upper-case letter */
  guint digits;        /* digit characters */
  gboolean ends_punct; /* last non-space char ends a sentence */
  gboolean cjk;        /* mostly CJK characters */
} PrecisTextStats;

void precis__text_stats(const char *text, gsize len, PrecisTextStats *st);
/* The same without the stopword lookups (st->stopwords is 0): a third of
 * the cost, for callers that need the stopword share only sometimes. */
void precis__text_stats_no_stopwords(const char *text, gsize len,
                                     PrecisTextStats *st);

/* Kinds of boilerplate lines recognized by their wording. */
typedef enum {
  PRECIS_LINE_NONE = 0,
  PRECIS_LINE_COPYRIGHT, /* "(c) 2021 X. All rights reserved." */
  PRECIS_LINE_CREDIT,    /* photo credit or caption "(Photo/Xinhua)" */
  PRECIS_LINE_NAV,       /* "Read more", "Related news", "Back to top" */
  PRECIS_LINE_SHARE,     /* "Share on Facebook", "Print", "Email" */
  PRECIS_LINE_NOTICE,    /* cookie, subscription, newsletter, ads */
  PRECIS_LINE_BYLINE,    /* "By Jane Doe" */
  PRECIS_LINE_DATELINE,  /* "Updated: 29 July 2021 10:00" */
  PRECIS_LINE_COMMENT,   /* "16 comments", "Leave a reply" */
  PRECIS_LINE_REPLY,     /* "Jane on July 29, 2021 at 4:47 pm said:" */
} PrecisLineKind;

/* Classifies one short line (a block of text) by its wording.  Long prose
 * (more than ~2 sentences) is always NONE. */
PrecisLineKind precis__line_kind(const char *text, gsize len);

/* TRUE for a site's legal notice longer than a line: a paragraph that
 * says "all rights reserved", "trademarks", "(c)" three times or more
 * (the fine print under a page).  Up to 4000 bytes are read. */
gboolean precis__is_legal_notice(const char *text, gsize len);

/* TRUE for an author's tagline: "Jane Doe is The Post's mobile editor.",
 * "Sam is a staff writer covering Apple" (a name, "is", a role within the
 * next words; under 250 bytes). */
gboolean precis__is_tagline(const char *text, gsize len);

/* Removes "By " and trailing separators from a byline.  (transfer full) */
char *precis__byline_clean(const char *text, gsize len);

/* Collapses runs of white space (incl. U+00A0) to one space and trims.
 * Returns (transfer full). */
char *precis__collapse_space(const char *text, gsize len);

/* ---- page-meta.c --------------------------------------------------------- */

/* Fills the metadata fields of @article from @doc (head and body).  When a
 * JSON-LD object carries an articleBody, *@ld_body gets it (transfer full). */
void precis__page_meta(xmlDoc *doc, const char *url, PrecisArticle *article,
                       char **ld_body);

/* ---- page-content.c ------------------------------------------------------ */

/* The main content of @doc as text: paragraphs separated by one blank
 * line.  Fills byline/date into @article when found in the body and still
 * unset.  Returns (transfer full), possibly "". */
char *precis__page_content(xmlDoc *doc, PrecisArticle *article);

G_END_DECLS

#endif /* PRECIS_PAGE_PRIVATE_H */
