/* SPDX-License-Identifier: GPL-3.0-or-later
 * precis-feed.h: feed parsing (part of precis-feeds.h; do not include alone).
 *
 * RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 -> PrecisFeed.
 * Secure by default: no network, no external entities or DTDs, bounded
 * entity expansion and depth.  Ill-formed input is recovered as far as
 * possible and flagged (bozo), never rejected while something is readable.
 * Reentrant.
 */
#ifndef PRECIS_FEED_H
#define PRECIS_FEED_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *url;    /* nullable */
  char *type;   /* nullable */
  char *length; /* nullable, as written */
} PrecisEnclosure;

/* Strings are UTF-8 and nullable.  Dates are "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
typedef struct {
  char *id;
  char *title;
  char *link; /* absolute when a base was known */
  char *author;
  char *published;
  char *updated;
  char *summary;         /* may hold HTML */
  char *content;         /* may hold HTML */
  GPtrArray *categories; /* of char*, never NULL */
  GPtrArray *enclosures; /* of PrecisEnclosure*, never NULL */
} PrecisFeedItem;

typedef struct {
  char *version;     /* feedparser's names: "rss20", "atom10", "json11", "" */
  gboolean bozo;     /* ill-formed, recovered */
  char *bozo_reason; /* nullable: first problem seen */
  char *encoding;    /* charset used to decode, e.g. "utf-8" */
  char *title;
  char *link;
  char *subtitle;
  char *language;
  char *updated;
  char *published;
  char *author;
  char *image_url;
  GPtrArray *items; /* of PrecisFeedItem*, document order, never NULL */
} PrecisFeed;

void precis_feed_free(PrecisFeed *feed); /* NULL-safe */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PrecisFeed, precis_feed_free)

/* Parses feed bytes.  @charset (nullable): HTTP charset parameter.
 * @base_url (nullable): the feed's URL, for relative links.
 * Never rejects input: ill-formed documents are recovered as far as possible
 * (bozo TRUE), and a document in which no feed is recognised gives a
 * PrecisFeed with version "" and no items (check precis_feed_is_feed()), so
 * that its parse can still be reported (precis feed --dump-json).
 * Returns: (transfer full); NULL only on misuse (data NULL with len > 0).
 * @error is kept for API stability and is not set today. */
PrecisFeed *precis_feed_parse(const char *data, gsize len, const char *charset,
                              const char *base_url, GError **error);

/* TRUE when @feed (nullable) is a recognised RSS/Atom/RDF/JSON feed
 * (version != ""); callers that need items report
 * PRECIS_FEED_ERROR_NOT_FEED otherwise. */
gboolean precis_feed_is_feed(const PrecisFeed *feed);

/* The "precis-feed-dump-json/1" contract object (shared/data/feeds/README.md).
 * Returns: (transfer full) one line of JSON, no trailing newline. */
char *precis_feed_to_json(const PrecisFeed *feed);

/* Parses a date as real feeds and pages write them (RFC 822 and its common
 * breakages, ISO 8601 / W3C-DTF, asctime, named zones).
 * Returns: (transfer full) (nullable) "YYYY-MM-DDTHH:MM:SSZ", or NULL. */
char *precis_date_parse(const char *text);

G_END_DECLS

#endif /* PRECIS_FEED_H */
