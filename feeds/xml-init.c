/* SPDX-License-Identifier: GPL-3.0-or-later
 * xml-init.c: libxml2's global state (the dictionary mutex and random seed,
 * the encoding handlers) is set up by xmlInitParser(), which libxml2 2.9
 * requires before parsers run in several threads: left to the first
 * parsers, two threads creating their first dictionaries at once could
 * both initialize the dictionary mutex, and then wait on it forever (seen
 * with two digest workers starting together in `precis batch`).
 * Invariant: precis__xml_init() runs before every parser context is made
 * (page.c, feed-xml.c).  Cost: one g_once check per parse.
 */
#include "xml-init.h"

#include <libxml/parser.h>

void
precis__xml_init(void)
{
  static gsize done;
  if (g_once_init_enter(&done)) {
    xmlInitParser();
    g_once_init_leave(&done, 1);
  }
}
