/* SPDX-License-Identifier: GPL-3.0-or-later
 * xml-init.h: libxml2's one-time global set-up, before any parse.
 */
#ifndef PRECIS_XML_INIT_H
#define PRECIS_XML_INIT_H

#include <glib.h>

/* Calls xmlInitParser() once per process (thread-safe).  Call it before
 * creating any libxml2 parser context. */
G_GNUC_INTERNAL void precis__xml_init(void);

#endif /* PRECIS_XML_INIT_H */
