/* SPDX-License-Identifier: GPL-3.0-or-later
 * precis-page.h: page cleaning (part of precis-feeds.h; do not include alone).
 *
 * HTML page bytes, or the plain-text residue of a page, -> the article:
 * title, byline, date, language, site name, canonical URL and body text.
 * Reentrant; no network access ever (the HTML parser runs with NONET).
 */
#ifndef PRECIS_PAGE_H
#define PRECIS_PAGE_H

#include <glib.h>

G_BEGIN_DECLS

/* A cleaned article.  Every string is UTF-8 and nullable (NULL = unknown),
 * except text, which is never NULL.  Owned by the struct. */
typedef struct {
  char *title;       /* headline */
  char *byline;      /* author(s) as shown */
  char *date;        /* publication date, ISO 8601 (YYYY-MM-DD[THH:MM:SSZ]) */
  char *language;    /* BCP 47 / ISO 639-1 as declared or detected */
  char *site_name;   /* e.g. "BBC News" */
  char *url;         /* canonical URL */
  char *description; /* meta description / standfirst */
  char *text;        /* body: paragraphs separated by one blank line */
} PrecisArticle;

void precis_article_free(PrecisArticle *article); /* NULL-safe */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PrecisArticle, precis_article_free)

/* What a buffer holds, decided from its first bytes and the Content-Type
 * (nullable).  Cheap: looks at most at the first 4 KiB. */
typedef enum {
  PRECIS_CONTENT_TEXT,
  PRECIS_CONTENT_HTML,
  PRECIS_CONTENT_FEED, /* RSS, Atom, RDF or JSON Feed */
  PRECIS_CONTENT_BINARY,
} PrecisContentKind;

PrecisContentKind precis_content_sniff(const char *data, gsize len,
                                       const char *content_type);

/* Cleans an HTML page.  @charset (nullable) is the HTTP charset parameter;
 * @url (nullable) the page URL, for resolving relative links.
 * Returns: (transfer full) (nullable); NULL with PRECIS_FEED_ERROR_EMPTY when
 * no article text is found, ..._BINARY for non-text bytes. */
PrecisArticle *precis_page_extract(const char *data, gsize len,
                                   const char *charset, const char *url,
                                   GError **error);

/* Cleans plain text that is the residue of a web page (or clean text, which
 * passes through nearly unchanged).
 * Returns: (transfer full) (nullable); errors as precis_page_extract(). */
PrecisArticle *precis_text_extract(const char *data, gsize len, GError **error);

G_END_DECLS

#endif /* PRECIS_PAGE_H */
