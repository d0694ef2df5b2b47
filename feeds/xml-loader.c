/* SPDX-License-Identifier: GPL-3.0-or-later
 * xml-loader.c: libxml2 is loaded the first time a page or an XML feed is
 * parsed, not at process start.  libxml2 brings ICU (libicuuc, its 30 MB
 * data library and libstdc++) and liblzma with it; mapping and relocating
 * them costs about 2.5 ms of CPU per process, as much as digesting 25 plain
 * text articles, and `precis summarize FILE.txt` never parses HTML.
 *
 * Built only with -DPRECIS_LAZY_XML=ON (the default; feeds/CMakeLists.txt
 * then does not link libxml2 and passes its SONAME as PRECIS_XML2_SONAME),
 * in the manner of curl-loader.c.  This file defines the libxml2 functions
 * precis calls, with libxml2's own prototypes; each forwards to the real
 * one, resolved once with dlopen/dlsym (thread-safe through g_once).  The
 * definitions are hidden (G_GNUC_INTERNAL), so they never interpose on a
 * libxml2 that the host process (the plugin's mail client) loads itself.
 *
 * xmlMalloc and xmlFree are not functions but variables holding libxml2's
 * allocator (2.9: globals.h, without thread-local allocators).  They are
 * defined here as variables too, holding forwarders that call through the
 * library's own variables, so memory from xmlMalloc goes back to libxml2's
 * xmlFree and the reverse, whatever allocator libxml2 was given.
 *
 * Invariants: a function not listed here fails to link, so a new xml*
 * or html* call in feeds/ must be added below.  When libxml2 cannot be
 * loaded (a broken installation: the package depends on it) the process
 * exits with status 127 and one line on stderr, as it would have failed to
 * start with libxml2 linked.
 * Cost: one dlopen at the first call (about 2.5 ms); then one indirect call
 * per call.
 */
#ifdef PRECIS_XML2_SONAME

#include "lazy-lib.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <glib.h>

/* Every forwarded function: name, return type, parameters, arguments. */
#define XML_FUNCTIONS(X)                                                       \
  X(htmlCtxtUseOptions, int, (htmlParserCtxtPtr ctxt, int options),            \
    (ctxt, options))                                                           \
  X(htmlEntityLookup, const htmlEntityDesc *, (const xmlChar *name), (name))   \
  X(htmlParseDocument, int, (htmlParserCtxtPtr ctxt), (ctxt))                  \
  X(inputPush, int, (xmlParserCtxtPtr ctxt, xmlParserInputPtr value),          \
    (ctxt, value))                                                             \
  X(htmlNewParserCtxt, htmlParserCtxtPtr, (void), ())                          \
  X(xmlBuildURI, xmlChar *, (const xmlChar *uri, const xmlChar *base),         \
    (uri, base))                                                               \
  X(xmlCreateMemoryParserCtxt, xmlParserCtxtPtr,                               \
    (const char *buffer, int size), (buffer, size))                            \
  X(xmlCtxtUseOptions, int, (xmlParserCtxtPtr ctxt, int options),              \
    (ctxt, options))                                                           \
  X(xmlDocGetRootElement, xmlNodePtr, (const xmlDoc *doc), (doc))              \
  X(xmlNewIOInputStream, xmlParserInputPtr,                                    \
    (xmlParserCtxtPtr ctxt, xmlParserInputBufferPtr input,                     \
     xmlCharEncoding enc),                                                     \
    (ctxt, input, enc))                                                        \
  X(xmlParserInputBufferCreateMem, xmlParserInputBufferPtr,                    \
    (const char *mem, int size, xmlCharEncoding enc), (mem, size, enc))        \
  X(xmlParseDocument, int, (xmlParserCtxtPtr ctxt), (ctxt))                    \
  X(xmlSwitchEncoding, int, (xmlParserCtxtPtr ctxt, xmlCharEncoding enc),      \
    (ctxt, enc))

/* The same for functions returning nothing. */
#define XML_VOID_FUNCTIONS(X)                                                  \
  X(htmlFreeParserCtxt, (htmlParserCtxtPtr ctxt), (ctxt))                      \
  X(xmlInitParser, (void), ())                                                 \
  X(xmlFreeDoc, (xmlDocPtr doc), (doc))                                        \
  X(xmlFreeParserCtxt, (xmlParserCtxtPtr ctxt), (ctxt))                        \
  X(xmlFreeParserInputBuffer, (xmlParserInputBufferPtr in), (in))

static struct {
  XML_FUNCTIONS(PRECIS_LAZY_DECLARE)
  XML_VOID_FUNCTIONS(PRECIS_LAZY_DECLARE_VOID)
  xmlMallocFunc *malloc_var; /* &xmlMalloc in libxml2 */
  xmlFreeFunc *free_var;     /* &xmlFree in libxml2 */
} real;

static gpointer
load_once(gpointer data)
{
  (void)data;
  const char *soname = PRECIS_XML2_SONAME;
  void *lib = precis__lazy_open(soname);
  XML_FUNCTIONS(PRECIS_LAZY_RESOLVE)
  XML_VOID_FUNCTIONS(PRECIS_LAZY_RESOLVE)
  real.malloc_var = precis__lazy_sym(lib, soname, "xmlMalloc");
  real.free_var = precis__lazy_sym(lib, soname, "xmlFree");
  return lib; /* stays loaded for the process */
}

/* Resolves every function on the first call. */
static inline void
load(void)
{
  static GOnce once = G_ONCE_INIT;
  g_once(&once, load_once, NULL);
}

XML_FUNCTIONS(PRECIS_LAZY_FORWARD)
XML_VOID_FUNCTIONS(PRECIS_LAZY_FORWARD_VOID)

static void *
forward_malloc(size_t size)
{
  load();
  return (*real.malloc_var)(size);
}

static void
forward_free(void *mem)
{
  load();
  (*real.free_var)(mem);
}

G_GNUC_INTERNAL xmlMallocFunc xmlMalloc = forward_malloc;
G_GNUC_INTERNAL xmlFreeFunc xmlFree = forward_free;

#else
/* libxml2 is linked normally (-DPRECIS_LAZY_XML=OFF). */
typedef int precis_xml_loader_unused;
#endif
