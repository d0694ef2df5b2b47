/* SPDX-License-Identifier: GPL-3.0-or-later
 * error.c: the PRECIS_SUMMARIZER_ERROR domain and its stable messages.
 * Codes are append-only (the CLI maps them to exit statuses); a message
 * here is the text of an error raised without more context.
 */
#include "precis-summarizer.h"

GQuark
precis_summarizer_error_quark(void)
{
  return g_quark_from_static_string("precis-summarizer-error-quark");
}

const char *
precis_summarizer_strerror(PrecisSummarizerError code)
{
  switch (code) {
  case PRECIS_SUMMARIZER_ERROR_FAILED:
    return "summarizing failed";
  case PRECIS_SUMMARIZER_ERROR_EMPTY:
    return "no sentence to digest (empty input)";
  case PRECIS_SUMMARIZER_ERROR_BINARY:
    return "input looks like binary data, not text";
  case PRECIS_SUMMARIZER_ERROR_LANGUAGE:
    return "unknown language";
  case PRECIS_SUMMARIZER_ERROR_INVALID:
    return "invalid argument";
  }
  return "unknown error";
}
