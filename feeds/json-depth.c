/* SPDX-License-Identifier: GPL-3.0-or-later
 * json-depth.c: refuses JSON nested deeper than json-glib can parse without
 * overflowing the stack (JSON Feed, JSON-LD in pages).  One byte-wise pass
 * that tracks string state; no allocation.
 */
#include "json-depth.h"

gboolean
precis__json_too_deep(const char *text, gsize len)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_string = FALSE;
    } else if (c == '"') {
      in_string = TRUE;
    } else if (c == '[' || c == '{') {
      if (++depth > PRECIS_JSON_MAX_DEPTH)
        return TRUE;
    } else if ((c == ']' || c == '}') && depth > 0) {
      depth--;
    }
  }
  return FALSE;
}
