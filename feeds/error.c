/* SPDX-License-Identifier: GPL-3.0-or-later
 * error.c: the PRECIS_FEED_ERROR domain and its stable messages.
 * Codes are append-only; the CLI maps them to exit statuses.
 */
#include "precis-feeds.h"

GQuark
precis_feed_error_quark(void)
{
  return g_quark_from_static_string("precis-feed-error-quark");
}

const char *
precis_feed_strerror(PrecisFeedError code)
{
  switch (code) {
  case PRECIS_FEED_ERROR_FAILED:
    return "operation failed";
  case PRECIS_FEED_ERROR_PARSE:
    return "could not be parsed";
  case PRECIS_FEED_ERROR_NOT_FEED:
    return "not an RSS, Atom or JSON feed";
  case PRECIS_FEED_ERROR_EMPTY:
    return "no article text found";
  case PRECIS_FEED_ERROR_ENCODING:
    return "unusable character encoding";
  case PRECIS_FEED_ERROR_BINARY:
    return "binary data, not text";
  case PRECIS_FEED_ERROR_BAD_URL:
    return "malformed URL";
  case PRECIS_FEED_ERROR_PROTOCOL:
    return "unsupported protocol (only http and https)";
  case PRECIS_FEED_ERROR_RESOLVE:
    return "could not resolve host";
  case PRECIS_FEED_ERROR_CONNECT:
    return "could not connect";
  case PRECIS_FEED_ERROR_TLS:
    return "TLS failure";
  case PRECIS_FEED_ERROR_TIMEOUT:
    return "timed out";
  case PRECIS_FEED_ERROR_TOO_LARGE:
    return "response too large";
  case PRECIS_FEED_ERROR_REDIRECTS:
    return "too many redirects";
  case PRECIS_FEED_ERROR_HTTP:
    return "HTTP error";
  case PRECIS_FEED_ERROR_DECODE:
    return "could not decode the compressed response";
  case PRECIS_FEED_ERROR_CONTENT_TYPE:
    return "unsupported content type";
  case PRECIS_FEED_ERROR_CACHE:
    return "cache error";
  case PRECIS_FEED_ERROR_TRANSFER:
    return "transfer failed";
  }
  return "unknown error";
}
