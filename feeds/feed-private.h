/* SPDX-License-Identifier: GPL-3.0-or-later
 * feed-private.h: internals shared by feed.c, feed-encoding.c, feed-xml.c,
 * feed-json.c, feed-uri.c, feed-dump.c and date.c.  Not installed.
 */
#ifndef PRECIS_FEED_PRIVATE_H
#define PRECIS_FEED_PRIVATE_H

#include <glib.h>
#include "precis-feeds.h"

G_BEGIN_DECLS

/* Bytes -> UTF-8 as the reference parser decides it (BOM, XML declaration,
 * HTTP charset, then fallbacks).  Always succeeds: the last fallback
 * decodes every byte.  *encoding: the name used, lower-case as declared;
 * *bozo: the declared encoding was wrong or the charset unknown.
 * The returned text starts with an XML declaration naming utf-8. */
char *precis__feed_decode(const char *data, gsize len, const char *charset,
                          char **encoding, gboolean *bozo, gsize *out_len);

/* Parses UTF-8 XML (as returned by precis__feed_decode) into @feed. */
void precis__feed_parse_xml(PrecisFeed *feed, const char *utf8, gsize len,
                            const char *base_url);

/* Parses a JSON Feed; FALSE when the bytes are not a JSON object at all. */
gboolean precis__feed_parse_json(PrecisFeed *feed, const char *data, gsize len);

/* Python's urllib.parse.urljoin, with feedparser's "scheme:////x" fix.
 * Returns: (transfer full). */
char *precis__feed_urljoin(const char *base, const char *uri);

/* feedparser's make_safe_absolute_uri: "" when the scheme is unsafe.
 * Returns: (transfer full). */
char *precis__feed_safe_uri(const char *base, const char *rel);

/* Events of the tolerant tokenizer (feed-loose.c).  attrs: name, value,
 * name, value... (names lower-case, values with references converted). */
typedef struct {
  void (*start)(void *ud, const char *tag, GPtrArray *attrs);
  void (*end)(void *ud, const char *tag);
  void (*data)(void *ud, const char *text);
  void (*cdata)(void *ud, const char *text);
  void (*charref)(void *ud, const char *ref);
  void (*entityref)(void *ud, const char *ref);
} PrecisLooseSink;

/* Tokenizes ill-formed markup the way feedparser's loose parser does. */
void precis__feed_loose_parse(const char *text, gsize len,
                              const PrecisLooseSink *sink, void *ud);

PrecisFeedItem *precis__feed_item_new(void);
void precis__feed_item_free(PrecisFeedItem *item);
void precis__enclosure_free(PrecisEnclosure *enc);

G_END_DECLS

#endif /* PRECIS_FEED_PRIVATE_H */
