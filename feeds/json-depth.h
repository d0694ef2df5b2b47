/* SPDX-License-Identifier: GPL-3.0-or-later
 * json-depth.h: the guard every JSON parse in feeds/ runs first (private).
 */
#ifndef PRECIS_JSON_DEPTH_H
#define PRECIS_JSON_DEPTH_H

#include <glib.h>

/* json-glib parses recursively, so input nested deeper than this would
 * overflow the stack: it is refused before parsing. */
#define PRECIS_JSON_MAX_DEPTH 256

/* TRUE when arrays and objects in @text nest deeper than
 * PRECIS_JSON_MAX_DEPTH.  Strings are skipped.  One pass, O(len). */
gboolean precis__json_too_deep(const char *text, gsize len);

#endif /* PRECIS_JSON_DEPTH_H */
