/* SPDX-License-Identifier: GPL-3.0-or-later
 * precis-feeds.h: the feeds library's public header (include only this one).
 *
 * The web side of precis: fetch (libcurl), feed parsing (libxml2, json-glib),
 * page cleaning (libxml2's HTML parser), the on-disk cache, and the single
 * fetch -> clean -> summarize pipeline that the CLI and the plugin share.
 * It depends on the summarizer library; nothing here touches a GUI.
 *
 * The declarations are grouped by module in the headers included below; they
 * are part of this header and are not installed or included on their own.
 * Errors of every module are in the one PRECIS_FEED_ERROR domain.
 */
#ifndef PRECIS_FEEDS_H
#define PRECIS_FEEDS_H

#include <gio/gio.h>
#include "precis-summarizer.h"

G_BEGIN_DECLS

#define PRECIS_FEED_ERROR (precis_feed_error_quark())
GQuark precis_feed_error_quark(void);

/* Append-only: values are stable (the CLI maps them to exit statuses).
 * Cancellation is reported as G_IO_ERROR_CANCELLED, not here. */
typedef enum {
  PRECIS_FEED_ERROR_FAILED,       /* catch-all */
  PRECIS_FEED_ERROR_PARSE,        /* bytes could not be parsed at all */
  PRECIS_FEED_ERROR_NOT_FEED,     /* parsed, but not RSS/Atom/RDF/JSON Feed */
  PRECIS_FEED_ERROR_EMPTY,        /* no article text / nothing to read */
  PRECIS_FEED_ERROR_ENCODING,     /* unknown or unusable charset */
  PRECIS_FEED_ERROR_BINARY,       /* content is not text */
  PRECIS_FEED_ERROR_BAD_URL,      /* malformed URL */
  PRECIS_FEED_ERROR_PROTOCOL,     /* scheme other than http/https */
  PRECIS_FEED_ERROR_RESOLVE,      /* host name lookup failed */
  PRECIS_FEED_ERROR_CONNECT,      /* connection refused/failed */
  PRECIS_FEED_ERROR_TLS,          /* certificate or handshake failure */
  PRECIS_FEED_ERROR_TIMEOUT,      /* connect or total timeout */
  PRECIS_FEED_ERROR_TOO_LARGE,    /* body over the size cap */
  PRECIS_FEED_ERROR_REDIRECTS,    /* too many redirects or a loop */
  PRECIS_FEED_ERROR_HTTP,         /* HTTP status >= 400 */
  PRECIS_FEED_ERROR_DECODE,       /* content-encoding (gzip...) error */
  PRECIS_FEED_ERROR_CONTENT_TYPE, /* content type precis cannot read */
  PRECIS_FEED_ERROR_CACHE,        /* cache I/O failed */
  PRECIS_FEED_ERROR_TRANSFER,     /* other transfer failure */
} PrecisFeedError;

const char *precis_feed_strerror(PrecisFeedError code);

G_END_DECLS

#include "precis-page.h"
#include "precis-feed.h"
#include "precis-fetch.h"
#include "precis-pipeline.h"

#endif /* PRECIS_FEEDS_H */
