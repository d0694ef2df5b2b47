/* SPDX-License-Identifier: GPL-3.0-or-later
 * lazy-lib.h: what the four *-loader.c files share (libcurl, libxml2,
 * json-glib, GIO loaded on first use instead of at process start).
 *
 * A loader lists its functions in an X-macro table (name, return type,
 * parameters, arguments), declares `real` (a struct of pointers, with
 * PRECIS_LAZY_DECLARE), resolves it in a g_once (precis__lazy_open() and
 * PRECIS_LAZY_RESOLVE, which expect `lib` and `soname` in scope) behind a
 * `load()` function, and defines the forwarders with PRECIS_LAZY_FORWARD.
 * Invariant: a library or symbol that cannot be loaded ends the process
 * with status 127 and one line on stderr, as a missing DT_NEEDED library
 * would have; a half-working library would fail later and less clearly.
 */
#ifndef PRECIS_LAZY_LIB_H
#define PRECIS_LAZY_LIB_H

#include <glib.h>

/* dlopen(@soname); on failure one line on stderr and exit(127). */
G_GNUC_INTERNAL void *precis__lazy_open(const char *soname);
/* dlsym(@lib, @name); on failure one line on stderr and exit(127). */
G_GNUC_INTERNAL void *precis__lazy_sym(void *lib, const char *soname,
                                       const char *name);

#define PRECIS_LAZY_DECLARE(name, ret, params, ...) ret(*name) params;
#define PRECIS_LAZY_DECLARE_VOID(name, params, ...) void(*name) params;
#define PRECIS_LAZY_RESOLVE(name, ...)                                         \
  *(void **)(&real.name) = precis__lazy_sym(lib, soname, #name);
/* Hidden definitions: they never interpose on a host process's own. */
#define PRECIS_LAZY_FORWARD(name, ret, params, args)                           \
  G_GNUC_INTERNAL ret name params                                              \
  {                                                                            \
    load();                                                                    \
    return real.name args;                                                     \
  }
#define PRECIS_LAZY_FORWARD_VOID(name, params, args)                           \
  G_GNUC_INTERNAL void name params                                             \
  {                                                                            \
    load();                                                                    \
    real.name args;                                                            \
  }

#endif /* PRECIS_LAZY_LIB_H */
